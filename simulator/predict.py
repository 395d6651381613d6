"""What a trained network says about new points: `predict(params, X, config)`.

Decision boundaries and fitted curves need the network's output on points it was
not trained on (a grid over the plane, a line along x). This is the same forward
pass as training with dropout off, written plainly on (n, d) arrays in float64:

    h_0 = X,   h_l = f(h_{l-1} W_l + b_l),   z = h_{L-1} W_L + b_L
    classification: p(class 1) = sigma(z);   regression: the value z

`config` says which activation f the layers use and whether the output is a
probability or a value; the parameters alone cannot say it. Inputs are in the
standardised units `make_dataset` returns, as the network saw them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.activations import forward_ops, run_ops
from simulator.blas import single_threaded_blas
from simulator.config import TrainConfig

__all__ = ["predict", "logits"]

DTYPE = np.float32  # the training loop's precision (simulator.training.DTYPE)
Params = Sequence[tuple[np.ndarray, np.ndarray]]


def logits(params: Params, X: np.ndarray, config: TrainConfig) -> np.ndarray:
    """(n,) the network's raw outputs z on X (n, d), computed in float32 as trained.

    In place, layer by layer, through the training loop's own activation calls:
    on an 80 x 80 grid this is 0.25 ms, where float64 with fresh temporaries took
    ten times that and more on a loaded machine.
    """
    h = np.asarray(X, dtype=DTYPE)
    if h.ndim == 1:
        h = h[:, None]
    # a blown-up run's parameters overflow: NaN/inf out, no warning; one BLAS thread, as
    # in training: OpenBLAS's threads on these small products cost 40 ms on a busy machine
    with np.errstate(all="ignore"), single_threaded_blas():
        for W, b in params[:-1]:
            z = h @ np.asarray(W, DTYPE)
            z += np.asarray(b, DTYPE)
            run_ops(forward_ops(config.activation, z, np.empty_like(z)))
            h = z
        W, b = params[-1]
        return (h @ np.asarray(W, DTYPE) + np.asarray(b, DTYPE))[:, 0].astype(float)


def predict(params: Params, X: np.ndarray, config: TrainConfig) -> np.ndarray:
    """(n,) p(class 1) for a classification config, the predicted value for regression.

    params: [(W (in, out), b (out,)), ...] as in `Run.final_params` or `Run.params_at`.
    """
    z = logits(params, X, config)
    if config.is_regression:
        return z
    with np.errstate(all="ignore"):
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # sigma(z) without overflow

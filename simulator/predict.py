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

from simulator.activations import apply
from simulator.config import TrainConfig

__all__ = ["predict", "logits"]

Params = Sequence[tuple[np.ndarray, np.ndarray]]


def logits(params: Params, X: np.ndarray, config: TrainConfig) -> np.ndarray:
    """(n,) the network's raw outputs z on X (n, d)."""
    h = np.asarray(X, dtype=float)
    if h.ndim == 1:
        h = h[:, None]
    with np.errstate(all="ignore"):  # a blown-up run's parameters overflow: NaN/inf out, no warning
        for W, b in params[:-1]:
            h = apply(config.activation, h @ W + b)
        W, b = params[-1]
        return (h @ W + b)[:, 0]


def predict(params: Params, X: np.ndarray, config: TrainConfig) -> np.ndarray:
    """(n,) p(class 1) for a classification config, the predicted value for regression.

    params: [(W (in, out), b (out,)), ...] as in `Run.final_params` or `Run.params_at`.
    """
    z = logits(params, X, config)
    if config.is_regression:
        return z
    with np.errstate(all="ignore"):
        return 0.5 * (1.0 + np.tanh(0.5 * z))  # sigma(z) without overflow

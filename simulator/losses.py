"""The data losses and metrics: binary cross-entropy from logits, mean squared error.

Classification labels are exactly 0 or 1, so with the sign s = 1 - 2y

    BCE(z, y) = softplus(s z),  softplus(u) = max(u, 0) + log1p(exp(-|u|))  (never overflows)
    dBCE/dz   = sigma(z) - y = (tanh(z / 2) + s) / 2

The network's output z is a logit (no sigmoid layer), which keeps the loss finite for
any z. Regression uses MSE = mean((z - y)^2), dMSE/dz = 2 (z - y) / n.
The training loop computes the minibatch gradient up to the factor `gradient_scale(n)`
(the optimiser multiplies it in), so the output gradient costs one to three NumPy calls.
"""

from __future__ import annotations

import numpy as np

from simulator.activations import Op

__all__ = ["elementwise_loss", "mean_loss", "output_gradient_ops", "gradient_scale", "label_target", "accuracy", "r2"]


def label_target(regression: bool, y: np.ndarray) -> np.ndarray:
    """What the loss functions take instead of y: the sign s = 1 - 2y, or y for regression."""
    return np.array(y, copy=True) if regression else 1.0 - 2.0 * np.asarray(y)


def elementwise_loss(regression: bool, z: np.ndarray, target: np.ndarray, out: np.ndarray, tmp: np.ndarray,
                     zero: np.ndarray | float = 0.0) -> np.ndarray:
    """Per-sample loss into `out` (same shape as z); target from `label_target`.

    `zero`: an array of zeros like z, for the loop that measures every epoch: NumPy's
    maximum against an array runs its SIMD loop, against a scalar 0 it is three to five
    times slower (13-24 µs against 4 on 32 configs' epoch of logits). Same values.
    """
    if regression:
        np.subtract(z, target, out=out)
        np.multiply(out, out, out=out)
        return out
    np.multiply(z, target, out=out)  # u = s z
    np.abs(out, out=tmp)
    np.negative(tmp, out=tmp)
    np.exp(tmp, out=tmp)
    np.log1p(tmp, out=tmp)  # log1p(exp(-|u|))
    np.maximum(out, zero, out=out)
    np.add(out, tmp, out=out)
    return out


def mean_loss(regression: bool, z: np.ndarray, y: np.ndarray) -> float:
    """The data loss of logits z against labels y (any matching shapes)."""
    z = np.asarray(z, dtype=float)
    out, tmp = np.empty_like(z), np.empty_like(z)
    with np.errstate(all="ignore"):
        return float(np.mean(elementwise_loss(regression, z, label_target(regression, y), out, tmp)))


def gradient_scale(regression: bool, batch: int) -> float:
    """k such that dL/dz = k * (what output_gradient_ops computes) for a minibatch mean."""
    return 2.0 / batch if regression else 0.5 / batch


def output_gradient_ops(regression: bool, z: np.ndarray, target: np.ndarray, out: np.ndarray) -> list[Op]:
    """Calls writing dL/dz / k into `out`: tanh(z / 2) + s (BCE) or z - y (MSE)."""
    if regression:
        return [(np.subtract, (z, target, out))]
    return [(np.multiply, (z, 0.5, out)), (np.tanh, (out, out)), (np.add, (out, target, out))]


def accuracy(z: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Share of samples whose logit has the label's side (z > 0 means class 1)."""
    return np.mean((z > 0) == (y > 0.5), axis=axis)


def r2(z: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Coefficient of determination 1 - SS_res / SS_tot (1 is perfect, 0 = predicting the mean)."""
    residual = np.sum((y - z) ** 2, axis=axis)
    total = np.sum((y - np.mean(y, axis=axis, keepdims=True)) ** 2, axis=axis)
    return 1.0 - residual / np.where(total > 0, total, 1.0)

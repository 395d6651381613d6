"""The backward pass the training loop replays matches finite differences of the loss."""

import numpy as np
import pytest

from simulator.activations import ACTIVATION_NAMES
from simulator.network import Layout, init_params, loss_and_gradient

TOLERANCE = 1e-6  # relative error of the analytic vs central-difference gradient (float64)
STEP = 1e-6


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b)) / max(1e-8, np.max(np.abs(a)) + np.max(np.abs(b))))


def numerical_gradient(f, flat: np.ndarray) -> np.ndarray:
    grad = np.zeros_like(flat)
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += STEP
        down[i] -= STEP
        grad[i] = (f(up) - f(down)) / (2 * STEP)
    return grad


def problem(regression: bool, d: int = 2, n: int = 12, hidden=(5, 4), seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.standard_normal(n) if regression else (rng.random(n) > 0.5).astype(float)
    layout = Layout((d, *hidden, 1))
    flat = init_params(layout, "xavier", rng) + 0.1 * rng.standard_normal(layout.n_params)
    return layout, flat, X, y


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("regression", [False, True], ids=["bce", "mse"])
def test_backward_matches_finite_differences(activation, regression):
    layout, flat, X, y = problem(regression)
    if activation in ("relu", "leaky_relu"):
        flat = flat + 0.05  # keep pre-activations away from the kink, where the derivative jumps
    _, grad = loss_and_gradient(layout, activation, regression, flat, X, y)
    numeric = numerical_gradient(lambda p: loss_and_gradient(layout, activation, regression, p, X, y)[0], flat)
    assert relative_error(grad, numeric) < TOLERANCE


@pytest.mark.parametrize("regression", [False, True], ids=["bce", "mse"])
def test_weight_decay_gradient_matches_finite_differences(regression):
    layout, flat, X, y = problem(regression)
    _, grad = loss_and_gradient(layout, "tanh", regression, flat, X, y, weight_decay=0.3)
    numeric = numerical_gradient(lambda p: loss_and_gradient(layout, "tanh", regression, p, X, y, weight_decay=0.3)[0], flat)
    assert relative_error(grad, numeric) < TOLERANCE


def test_weight_decay_leaves_biases_alone():
    layout, flat, X, y = problem(False)
    _, plain = loss_and_gradient(layout, "tanh", False, flat, X, y)
    _, decayed = loss_and_gradient(layout, "tanh", False, flat, X, y, weight_decay=0.3)
    bias = layout.weight_mask() == 0
    assert np.array_equal(plain[bias], decayed[bias])
    assert not np.allclose(plain[~bias], decayed[~bias])


def test_dropout_mask_gradient_matches_finite_differences():
    layout, flat, X, y = problem(False)
    rng = np.random.default_rng(1)
    masks = [(rng.random((w, len(y))) >= 0.3) / 0.7 for w in (5, 4)]
    _, grad = loss_and_gradient(layout, "tanh", False, flat, X, y, masks=masks)
    numeric = numerical_gradient(lambda p: loss_and_gradient(layout, "tanh", False, p, X, y, masks=masks)[0], flat)
    assert relative_error(grad, numeric) < TOLERANCE


def test_dropout_gradient_is_computed_without_warnings_whatever_memory_held_before():
    """Regression: rows that dropout leaves unwritten held leftover memory, and an
    overflow in them made this file's dropout check fail now and then."""
    layout, flat, X, y = problem(False)
    rng = np.random.default_rng(1)
    masks = [(rng.random((w, len(y))) >= 0.3) / 0.7 for w in (5, 4)]
    first = loss_and_gradient(layout, "tanh", False, flat, X, y, masks=masks)[1]
    for size in range(1, 400, 3):
        leftover = np.full(size, 1e300)  # freed at once: huge values where the next buffers may land
        del leftover
        _, grad = loss_and_gradient(layout, "tanh", False, flat, X, y, masks=masks)  # warnings are errors here
        np.testing.assert_array_equal(grad, first)


def test_no_hidden_layer_is_logistic_regression():
    layout, flat, X, y = problem(False, hidden=())
    _, grad = loss_and_gradient(layout, "tanh", False, flat, X, y)
    w, b = flat[:2], flat[2]
    p = 1 / (1 + np.exp(-(X @ w + b)))
    expected = np.r_[X.T @ (p - y), np.sum(p - y)] / len(y)
    np.testing.assert_allclose(grad, expected, rtol=1e-12)

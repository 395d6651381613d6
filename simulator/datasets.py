"""The toy datasets: five 2-D binary classification problems and one 1-D regression.

`make_dataset(config)` draws `config.n_samples` points with Gaussian `noise`, shuffles
them and splits off `val_fraction` for validation, all from `config.seed`, so the same
config always gives the same data. Inputs are standardised with the training split's
mean and standard deviation (fitted on training data only, as a practitioner would).
`noise` is the standard deviation of the Gaussian noise in units of each dataset's
natural scale (the shapes span about [-1, 1]): 0.2 overlaps the classes a little,
1.0 buries the shape.

`dataset = "csv"` reads the points of `config.data` instead (see `simulator.csv_data`):
they are shuffled and split by the same seeded stream and standardised the same way.
A regression target from a file is standardised too (training split's mean and
deviation): a target in the thousands would otherwise make every learning rate
diverge, which is a lesson about units, not about learning rates. Losses are then in
units of the target's spread; R² is unchanged by the scaling.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from simulator.config import TrainConfig, split_sizes

__all__ = ["make_dataset", "dataset_streams"]


def dataset_streams(seed: int) -> tuple[np.random.SeedSequence, ...]:
    """Independent random streams of one run: (data, init, shuffle, dropout).

    Kept per seed (a stack of 32 configs asked for them 64 times, at 15 µs a spawn):
    a generator made from one reads it and never changes it."""
    return _streams(int(seed))


@lru_cache(maxsize=4096)
def _streams(seed: int) -> tuple[np.random.SeedSequence, ...]:
    return tuple(np.random.SeedSequence(seed).spawn(4))


def make_dataset(config: TrainConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X_train (n_train, d), y_train (n_train,), X_val (n_val, d), y_val (n_val,)), float64.

    d = 2 for the classification sets (y in {0, 1}), d = 1 for `sine` (y real).
    """
    rng = np.random.default_rng(dataset_streams(config.seed)[0])
    table = config.table()
    if table is None:
        X, y = _GENERATORS[config.dataset](config.n_samples, config.noise, rng)
    else:
        X, y = table.X, table.y
    order = rng.permutation(len(y))
    X, y = X[order], y[order]
    n_train, _ = split_sizes(len(y), config.val_fraction)
    X = _standardise(X, X[:n_train])
    if table is not None and table.regression:
        y = _standardise(y, y[:n_train])
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def _standardise(values: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """(values - mean) / std with the mean and deviation of `fit` (a constant column stays unscaled)."""
    std = fit.std(axis=0)
    return (values - fit.mean(axis=0)) / np.where(std > 1e-12, std, 1.0)


def _halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


def _moons(n: int, noise: float, rng: np.random.Generator):
    """Two interleaving half-circles (as scikit-learn's make_moons)."""
    X = _moon_points(n) + noise * rng.standard_normal((n, 2))
    n0, n1 = _halves(n)
    return X, np.r_[np.zeros(n0), np.ones(n1)]


@lru_cache(maxsize=64)
def _moon_points(n: int) -> np.ndarray:
    """The noiseless moons, the same for every seed: read-only, and made once per size."""
    n0, n1 = _halves(n)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    points = np.vstack([outer, inner])
    points.flags.writeable = False
    return points


def _circles(n: int, noise: float, rng: np.random.Generator):
    """A disc inside a ring (radius 0.5 and 1): no straight line separates them."""
    n0, n1 = _halves(n)
    t0, t1 = rng.uniform(0, 2 * np.pi, n0), rng.uniform(0, 2 * np.pi, n1)
    ring = np.column_stack([np.cos(t0), np.sin(t0)])
    disc = 0.5 * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([ring, disc]) + 0.5 * noise * rng.standard_normal((n, 2))
    return X, np.r_[np.zeros(n0), np.ones(n1)]


def _spiral(n: int, noise: float, rng: np.random.Generator):
    """Two arms winding 1.5 turns around each other: needs a deep or wide network."""
    n0, n1 = _halves(n)
    arms = []
    for k, m in ((0, n0), (1, n1)):
        theta = np.sqrt(rng.uniform(0.02, 1.0, m)) * 3 * np.pi
        r = theta / (3 * np.pi)
        arms.append(np.column_stack([r * np.cos(theta + k * np.pi), r * np.sin(theta + k * np.pi)]))
    X = np.vstack(arms) + 0.25 * noise * rng.standard_normal((n, 2))
    return X, np.r_[np.zeros(n0), np.ones(n1)]


def _xor(n: int, noise: float, rng: np.random.Generator):
    """Four quadrants, label 1 where x and y have the same sign: one straight line cannot do it."""
    P = rng.uniform(-1, 1, (n, 2))
    y = (P[:, 0] * P[:, 1] > 0).astype(float)
    return P + 0.5 * noise * rng.standard_normal((n, 2)), y


def _blobs(n: int, noise: float, rng: np.random.Generator):
    """Two round clouds around (-1, -1) and (1, 1): a straight line separates them."""
    n0, n1 = _halves(n)
    centres = np.vstack([np.tile([-1.0, -1.0], (n0, 1)), np.tile([1.0, 1.0], (n1, 1))])
    X = centres + (0.3 + noise) * rng.standard_normal((n, 2))
    return X, np.r_[np.zeros(n0), np.ones(n1)]


def _sine(n: int, noise: float, rng: np.random.Generator):
    """y = sin(x) on [-pi, pi] plus noise: a curve to fit (regression)."""
    x = rng.uniform(-np.pi, np.pi, n)
    return x[:, None], np.sin(x) + noise * rng.standard_normal(n)


_GENERATORS = {
    "moons": _moons,
    "circles": _circles,
    "spiral": _spiral,
    "xor": _xor,
    "blobs": _blobs,
    "sine": _sine,
}

"""Hidden-layer activations, forward and backward side by side, as in-place NumPy calls.

Each function returns the list of calls ("ops": `(ufunc, args)` with the output as last
argument) that the training loop replays every step on preallocated buffers; `apply`
runs them once for readers and tests. Every derivative is computed from the
activation's *output* a = f(z), so one array per layer is kept.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from simulator.tanh_choice import exp_form_ops, tanh_form

__all__ = ["ACTIVATION_NAMES", "LEAKY_SLOPE", "forward_ops", "derivative_ops", "apply", "run_ops", "lean_ops", "Op"]

LEAKY_SLOPE = 0.01  # leaky_relu's slope for negative inputs: small, but never a dead unit
# From this many values per configuration, tanh may go through exp (see `_tanh_ops`).
EXP_TANH_MIN_SIZE = 2048
ACTIVATION_NAMES = ("relu", "tanh", "sigmoid", "leaky_relu", "linear")

Op = tuple[Any, tuple]


def run_ops(ops: list[Op]) -> None:
    for f, args in ops:
        f(*args)


def lean_ops(ops: list[Op], dtype) -> list[Op]:
    """The same calls with Python floats turned into `dtype` scalars, which NumPy would
    otherwise convert on every call: same results, less overhead."""
    return [(f, tuple(dtype(a) if type(a) is float else a for a in args)) for f, args in ops]


def _tanh_ops(z: np.ndarray) -> list[Op]:
    """tanh(z) in place: `np.tanh`, or 1 - 2 / (exp(2z) + 1) on large arrays where that is
    the faster on this machine (`simulator.tanh_choice`).

    The exp form's five calls cost more than they save on a small array, hence the
    threshold. Both choices are made per configuration (z's size without the leading
    config axis) and per process, so a configuration trained alone or in a stack gets the
    same ops and bits.
    """
    if z.ndim == 0 or z.size // z.shape[0] < EXP_TANH_MIN_SIZE or tanh_form(z.dtype) == "tanh":
        return [(np.tanh, (z, z))]
    return exp_form_ops(z)


def forward_ops(name: str, z: np.ndarray, tmp: np.ndarray) -> list[Op]:
    """Calls that overwrite the pre-activations z (C, width, batch) with a = f(z).

    tmp, z's shape and not z itself, is theirs from now on: scratch, or (relu) zeros.
    """
    if name == "tanh":
        return _tanh_ops(z)
    if name == "relu":
        # against an array of zeros, not the scalar 0: NumPy's SIMD loop for maximum takes
        # two arrays, and with a scalar it is 3.6x slower (87 µs against 24 on 5 configs'
        # 64 x 720 evaluation); the same values
        tmp[...] = 0.0
        return [(partial(np.maximum, out=z), (z, tmp))]  # out= by keyword: NumPy deprecates a third positional
    if name == "sigmoid":
        # sigma(z) = (1 + tanh(z / 2)) / 2: stable for any z, no overflow in exp
        return [(np.multiply, (z, 0.5, z)), *_tanh_ops(z), (np.multiply, (z, 0.5, z)), (np.add, (z, 0.5, z))]
    if name == "leaky_relu":
        # max(z, slope z) is z for z > 0 and slope z below
        return [(np.multiply, (z, LEAKY_SLOPE, tmp)), (partial(np.maximum, out=z), (z, tmp))]
    if name == "linear":
        return []
    raise ValueError(f"unknown activation {name!r}")


def derivative_ops(name: str, a: np.ndarray, out: np.ndarray) -> list[Op]:
    """Calls writing f'(z) into `out`, given a = f(z) (any shape; all layers at once)."""
    if name == "tanh":
        # tanh'(z) = 1 - a^2
        return [(np.square, (a, out)), (np.subtract, (1.0, out, out))]
    if name == "relu":
        # relu'(z) = 1 where a > 0, else 0
        return [(np.greater, (a, 0.0, out))]
    if name == "sigmoid":
        # sigma'(z) = a (1 - a)
        return [(np.subtract, (1.0, a, out)), (np.multiply, (out, a, out))]
    if name == "leaky_relu":
        # leaky'(z) = 1 where a > 0, else LEAKY_SLOPE
        return [(np.greater, (a, 0.0, out)), (np.multiply, (out, 1.0 - LEAKY_SLOPE, out)), (np.add, (out, LEAKY_SLOPE, out))]
    if name == "linear":
        return [(np.copyto, (out, 1.0))]
    raise ValueError(f"unknown activation {name!r}")


def apply(name: str, z: np.ndarray) -> np.ndarray:
    """f(z) as a new float64 array (for readers and tests; training replays the ops in place)."""
    a = np.array(z, dtype=float, copy=True)
    run_ops(forward_ops(name, a, np.empty_like(a)))
    return a

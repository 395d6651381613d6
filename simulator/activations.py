"""Hidden-layer activations, forward and backward side by side, as in-place NumPy calls.

Each function returns the list of calls ("ops": `(ufunc, args)` with the output as last
argument) that the training loop replays every step on preallocated buffers; `apply`
runs them once for readers and tests. Every derivative is computed from the
activation's *output* a = f(z), so one array per layer is kept.
"""

from __future__ import annotations

import math
import os
import time
from functools import partial
from typing import Any

import numpy as np

__all__ = ["ACTIVATION_NAMES", "LEAKY_SLOPE", "tanh_form", "tanh_forms", "adopt_tanh_forms", "forced_tanh_form", "TANH_ENV", "forward_ops", "derivative_ops", "apply", "run_ops", "lean_ops", "Op"]

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


TANH_ENV = "HPQUIZ_TANH"  # "tanh" or "exp" forces the form; spawned workers are handed their parent's
TANH_FORMS = ("tanh", "exp")
# The exp form is taken only when it is at least this much faster: a machine where the two
# are close keeps np.tanh, whatever the noise of one measurement.
EXP_TANH_MARGIN = 0.9
_chosen: dict[str, str] = {}


def tanh_form(dtype=np.float32) -> str:
    """How this process computes tanh of `dtype` on large arrays: "tanh" (`np.tanh`) or
    "exp" (1 - 2 / (exp(2z) + 1), see `_tanh_ops`).

    Measured once per process, not read off NumPy's dispatch: NumPy 2.4 runs float32
    tanh on its X86_V3 (AVX2) loop on an AMD EPYC of the Zen 3 kind, and there that loop
    took 2.6 ns a value against 1.3 for exp and 1.9 for the whole exp form; on an
    AVX-512 EPYC np.tanh took 0.43 ns against 1.0. Which one is faster is a fact of the
    CPU, not of the targets NumPy lists. `HPQUIZ_TANH` forces a form (tests, and CI's
    second pass, which checks the shipped decks under the form this machine did not
    pick); `hpquiz.parallel` hands a parent's forms to its workers, so the runs of one
    command agree bit for bit wherever they were trained. The form is part of the result
    cache's key.
    """
    code = np.dtype(dtype).name
    form = _chosen.get(code)
    if form is None:
        form = _chosen[code] = forced_tanh_form() or _faster_form(np.dtype(dtype))
    return form


def forced_tanh_form() -> str | None:
    """The form `HPQUIZ_TANH` forces, None when it is unset or empty; ValueError naming
    the allowed values for anything else (the command line checks it before any work)."""
    forced = os.environ.get(TANH_ENV, "").strip().lower()
    if forced and forced not in TANH_FORMS:
        raise ValueError(f"{TANH_ENV}={os.environ[TANH_ENV]!r}: allowed values are {', '.join(TANH_FORMS)}")
    return forced or None


def tanh_forms() -> dict[str, str]:
    """The forms this process uses, by dtype name, to hand to another process (`adopt_tanh_forms`)."""
    return {code: tanh_form(code) for code in ("float32", "float64")}


def adopt_tanh_forms(forms: dict[str, str]) -> None:
    """Use these forms (another process's `tanh_forms`) from now on."""
    for code, form in forms.items():
        if form not in TANH_FORMS:
            raise ValueError(f"tanh form {form!r} for {code}: allowed values are {', '.join(TANH_FORMS)}")
        _chosen[np.dtype(code).name] = form


def _faster_form(dtype: np.dtype) -> str:
    """"exp" where the exp form beats `np.tanh` by the margin on a stacked minibatch's
    worth of values (16384, in cache), else "tanh". Seven interleaved rounds, the best of
    each: about a millisecond."""
    z = np.random.default_rng(0).standard_normal(16384).astype(dtype)
    out = np.empty_like(z)
    direct, through_exp = [(np.tanh, (z, out))], [(np.copyto, (out, z)), *_exp_form(out)]
    best = {"tanh": math.inf, "exp": math.inf}
    for _ in range(7):
        for form, ops in (("tanh", direct), ("exp", through_exp)):
            start = time.perf_counter()
            run_ops(ops)
            best[form] = min(best[form], time.perf_counter() - start)
    return "exp" if best["exp"] < EXP_TANH_MARGIN * best["tanh"] else "tanh"


def _exp_form(z: np.ndarray) -> list[Op]:
    one, two = z.dtype.type(1.0), z.dtype.type(2.0)
    return [
        (np.multiply, (z, two, z)),
        (np.exp, (z, z)),
        (np.add, (z, one, z)),
        (np.divide, (-two, z, z)),
        (np.add, (z, one, z)),
    ]


def _tanh_ops(z: np.ndarray) -> list[Op]:
    """tanh(z) in place: `np.tanh`, or 1 - 2 / (exp(2z) + 1) on large arrays where that is
    the faster here (`tanh_form`).

    The exp form is within 2e-7 of the true value and exact at the limits (exp overflows
    to inf: 1 - 0 = 1). Its five calls cost more than they save on a small array, hence
    the threshold. Both choices are made per configuration (z's size without the leading
    config axis) and per process, so a configuration trained alone or in a stack gets the
    same ops and bits.
    """
    if z.ndim == 0 or z.size // z.shape[0] < EXP_TANH_MIN_SIZE or tanh_form(z.dtype) == "tanh":
        return [(np.tanh, (z, z))]
    return _exp_form(z)


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

"""Which of two forms the training loop computes tanh in on this machine: `np.tanh`, or
1 - 2 / (exp(2z) + 1) in five calls (`exp_form_ops`).

Which is faster is a fact of the CPU, not of the SIMD targets NumPy lists. NumPy 2.4
runs float32 tanh on its X86_V3 (AVX2) loop on an AMD EPYC of the Zen 3 kind, and
there that loop took 2.6 ns a value against 1.9 for the whole exp form; on an AVX-512
EPYC np.tanh took 0.43 ns against 1.0. So the choice is measured, and since the two
forms give other last bits, it must not change from one command to the next:

- the answer is kept in `tanh-form.json` beside the result cache's runs, for this CPU
  model and NumPy build, and every later process on the machine reads it;
- a clear measurement (one form at least `MARGIN` faster: the median of many
  interleaved rounds) settles at once; an unclear one is measured again with more
  rounds (`RETRIES` times), and one that stays unclear settles on np.tanh, which is
  then kept too. There the forms are within the margin of each other, so the choice
  costs little, and changing it later would cost much more: every run cached under
  the old form would miss (on a Zen 3 EPYC whose forms measured 0.89 apart, an
  unclear answer left unkept and then a clear "exp" made the next "warm" deck check
  train everything again: 46 s, not 2). A machine too busy to tell may keep the
  slower form so; deleting the file has the next command measure again;
- `HPQUIZ_TANH=tanh|exp` forces a form (CI checks the shipped decks under both);
- `hpquiz.parallel` hands a parent's forms to its workers (`forms`, `adopt`), so the
  runs of one command agree bit for bit wherever they were trained.

The form is part of the result cache's key.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np

from simulator.machine import cache_folder, numpy_simd

__all__ = ["ENV", "FORMS", "MARGIN", "tanh_form", "forms", "adopt", "forced", "exp_form_ops", "machine"]

ENV = "HPQUIZ_TANH"
FORMS = ("tanh", "exp")
MARGIN = 0.9  # the faster form must take at most this share of the other's time to count as clear
ROUNDS = 21  # interleaved rounds of one call each: about 2 ms here
RETRIES = 4  # more batches of ROUNDS while the answer is unclear, before settling on np.tanh
FILE = "tanh-form.json"
_chosen: dict[str, str] = {}


def tanh_form(dtype=np.float32) -> str:
    """"tanh" or "exp": the form this process computes `dtype` tanh in on large arrays."""
    code = np.dtype(dtype).name
    form = _chosen.get(code)
    if form is None:
        form = _chosen[code] = forced() or _kept(code) or _measured(code)
    return form


def forms() -> dict[str, str]:
    """This process's forms by dtype name, to hand to another process (`adopt`): the
    training dtype's, and any other this process has settled (a worker settles the rest
    as its parent would, from the kept file or by measuring)."""
    tanh_form(np.float32)  # the training loop's precision (simulator.training.DTYPE)
    return dict(_chosen)


def adopt(chosen: dict[str, str]) -> None:
    """Use these forms (another process's `forms`) from now on."""
    for code, form in chosen.items():
        if form not in FORMS:
            raise ValueError(f"tanh form {form!r} for {code}: allowed values are {', '.join(FORMS)}")
        _chosen[np.dtype(code).name] = form


def forced() -> str | None:
    """The form `HPQUIZ_TANH` forces, None when it is unset or empty; ValueError naming
    the allowed values for anything else (the command line checks it before any work)."""
    value = os.environ.get(ENV, "").strip().lower()
    if value and value not in FORMS:
        raise ValueError(f"{ENV}={os.environ[ENV]!r}: allowed values are {', '.join(FORMS)}")
    return value or None


def exp_form_ops(z: np.ndarray) -> list[tuple]:
    """The five in-place calls writing 1 - 2 / (exp(2z) + 1) into z: within 2e-7 of
    tanh, and exact at the limits (exp overflows to inf: 1 - 0 = 1)."""
    one, two = z.dtype.type(1.0), z.dtype.type(2.0)
    return [
        (np.multiply, (z, two, z)),
        (np.exp, (z, z)),
        (np.add, (z, one, z)),
        (np.divide, (-two, z, z)),
        (np.add, (z, one, z)),
    ]


@cache
def machine() -> dict:
    """What a kept measurement holds for: the CPU model, NumPy's version and SIMD targets."""
    cpu = {"model name": platform.processor()}
    try:  # Linux: the first processor's identity (a virtual machine may name only "AMD EPYC")
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if not line.strip():
                    break
                key, _, value = line.partition(":")
                if key.strip() in ("vendor_id", "cpu family", "model", "model name", "stepping"):
                    cpu[key.strip()] = value.strip()
    except OSError:
        pass
    return {"arch": platform.machine(), "cpu": cpu, "numpy": np.__version__, "simd": numpy_simd()}


def _file() -> Path:
    return cache_folder() / FILE


def _kept(code: str) -> str | None:
    """The form kept for this machine and dtype, None when there is none (or it is unreadable)."""
    try:
        kept = json.loads(_file().read_text(encoding="utf-8"))
        if kept.get("machine") == machine() and kept.get("forms", {}).get(code) in FORMS:
            return kept["forms"][code]
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _measured(code: str, clock: Callable[[], float] = time.perf_counter) -> str:
    """Measure the two forms, again while unclear, and keep the answer (see the module
    docstring). `clock` is the timer (a test's fake makes the forms equally fast)."""
    ratios: list[float] = []
    for _ in range(1 + RETRIES):
        ratios += _exp_over_tanh(np.dtype(code), clock)
        ratio = statistics.median(ratios)
        if not MARGIN < ratio < 1 / MARGIN:
            break
    form = "exp" if ratio <= MARGIN else "tanh"
    _keep(code, form)
    return form


def _exp_over_tanh(dtype: np.dtype, clock: Callable[[], float]) -> list[float]:
    """The exp form's time over np.tanh's on a stacked minibatch's worth of values (16384,
    in cache), in `ROUNDS` rounds that each time one call of each."""
    z = np.random.default_rng(0).standard_normal(16384).astype(dtype)
    out = np.empty_like(z)
    direct, through_exp = [(np.tanh, (z, out))], [(np.copyto, (out, z)), *exp_form_ops(out)]

    def seconds(ops) -> float:
        start = clock()
        for f, args in ops:
            f(*args)
        return clock() - start

    seconds(direct), seconds(through_exp)  # first calls: NumPy's dispatch, the pages
    return [seconds(through_exp) / seconds(direct) for _ in range(ROUNDS)]


def _keep(code: str, form: str) -> None:
    """Add `form` to the kept file, atomically; where the folder cannot be written, nothing."""
    path = _file()
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("machine") != machine():
            raise ValueError("another machine")
    except (OSError, ValueError, AttributeError):
        kept = {"machine": machine(), "forms": {}}
    kept.setdefault("forms", {})[code] = form
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{FILE}.{uuid.uuid4().hex}")
        tmp.write_text(json.dumps(kept, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass

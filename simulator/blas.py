"""Run BLAS single-threaded while the simulator trains.

The simulator's matrices are tiny (16 x 32): splitting one product over threads
costs far more than it saves, and on a busy machine OpenBLAS's threads wait for
each other: a 128 x 129 by 129 x 45 product measured 16 ms with its threads and
30 µs without. NumPy has no API for this, so we find OpenBLAS's own switch with
ctypes (the thread-local one when the library has it). Best effort: where the
library is not OpenBLAS, this does nothing.

Why not threadpoolctl: for OpenBLAS's pthreads build (NumPy's wheels) it lets only
the first thread that set a limit change it again, and silently ignores the others;
the TUI trains in worker threads, which would then run with every BLAS thread.
"""

from __future__ import annotations

import ctypes
import glob
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import numpy as np

__all__ = ["single_threaded_blas"]


@cache
def _switch():
    """(get, set, local) for the OpenBLAS that NumPy loaded, or None."""
    folders = [os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs"), os.path.dirname(np.__file__)]
    for folder in folders:
        for path in sorted(glob.glob(os.path.join(folder, "*openblas*"))):
            try:
                lib = ctypes.CDLL(path)
            except OSError:
                continue
            if hasattr(lib, "openblas_set_num_threads_local"):
                local = lib.openblas_set_num_threads_local
                local.argtypes, local.restype = [ctypes.c_int], ctypes.c_int
                return local
            for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_", "openblas_set_num_threads"):
                setter = getattr(lib, name, None)
                getter = getattr(lib, name.replace("set_", "get_"), None)
                if setter is not None and getter is not None:
                    setter.argtypes, getter.restype = [ctypes.c_int], ctypes.c_int

                    def swap(n: int, setter=setter, getter=getter) -> int:
                        previous = getter()
                        setter(n)
                        return previous

                    return swap
    return None


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Within the block, BLAS calls from this thread run on one thread."""
    swap = _switch()
    if swap is None:
        yield
        return
    previous = swap(1)
    try:
        yield
    finally:
        swap(previous)

"""Facts of this machine that a run's bits depend on, and where its cached facts live.

Apart from `simulator.cache` so that `simulator.tanh_choice`, which the training loop
asks, can use them without importing the cache (which imports the training loop).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["numpy_simd", "cache_folder"]


def numpy_simd() -> list[str]:
    """NumPy's dispatch targets enabled here (e.g. X86_V3, X86_V4), [] where NumPy cannot say."""
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # NumPy 1.x
        try:
            from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__
        except ImportError:
            return []
    return [target for target in __cpu_dispatch__ if __cpu_features__.get(target)]


def cache_folder() -> Path:
    """`HPQUIZ_CACHE`, else `runs` in the user cache folder (platformdirs)."""
    folder = os.environ.get("HPQUIZ_CACHE")
    if not folder:
        import platformdirs

        folder = os.path.join(platformdirs.user_cache_dir("hpquiz", appauthor=False), "runs")
    return Path(folder)

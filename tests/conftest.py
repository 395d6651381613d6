"""Suite-wide setup: a result cache of the suite's own, and the longest tests first.

Every test session gets an empty `HPQUIZ_CACHE` folder (subprocesses inherit it),
so runs cached by another session, possibly under another BLAS kernel
(`OPENBLAS_CORETYPE`), are never reused, and the user's own cache is never touched.

Tests marked `long` (the shipped decks' deck check, the palette on every screen:
tens of seconds each) run first. pytest-xdist hands tests out in collection order,
so a long test collected late can leave one core working alone at the end.
"""

import os
import tempfile

os.environ["HPQUIZ_CACHE"] = tempfile.mkdtemp(prefix="hpquiz-test-cache-")


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: the rest keep their order

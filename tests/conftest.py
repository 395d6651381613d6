"""Suite-wide setup: a result cache of the suite's own.

Every test session gets an empty `HPQUIZ_CACHE` folder (subprocesses inherit it),
so runs cached by another session, possibly under another BLAS kernel
(`OPENBLAS_CORETYPE`), are never reused, and the user's own cache is never touched.
"""

import os
import tempfile

os.environ["HPQUIZ_CACHE"] = tempfile.mkdtemp(prefix="hpquiz-test-cache-")

"""tanh takes the faster of its two forms by what NumPy dispatches to on this CPU, the same in every process."""

import json
import os
import subprocess
import sys

import pytest

from simulator.cache import numpy_simd

PROBE = """
import json
import numpy as np
from simulator.activations import forward_ops
z = np.random.default_rng(0).standard_normal((2, 16, 400)).astype(np.float32) * 4
a = z.copy()
ops = forward_ops("tanh", a, np.empty_like(a))
for f, args in ops:
    f(*args)
print(json.dumps([[f.__name__ for f, _ in ops], float(np.abs(a - np.tanh(z)).max())]))
"""


def tanh_form(env_extra: dict) -> tuple[list[str], float]:
    env = {**os.environ, **env_extra}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return tuple(json.loads(out.stdout))


def test_a_whole_split_goes_through_exp_only_where_numpys_tanh_has_no_simd_loop():
    pytest.importorskip("numpy.lib.introspect")
    if not numpy_simd():
        pytest.skip("NumPy dispatches to no SIMD target here")
    calls, error = tanh_form({})
    assert calls == ["tanh"] and error == 0.0
    calls, error = tanh_form({"NPY_DISABLE_CPU_FEATURES": " ".join(numpy_simd())})
    assert calls == ["multiply", "exp", "add", "divide", "add"] and error < 3e-7

"""The rules of the house that keep the core usable headless (CLI, tests, exports)."""

import subprocess
import sys

CORE = (
    "simulator",
    "hpquiz.deck.model",
    "hpquiz.knobs",
    "hpquiz.deck",
    "hpquiz.drill",
    "hpquiz.scheduler",
    "hpquiz.store",
    "hpquiz.stats",
    "hpquiz.session",
    "hpquiz.export.formats",
    "hpquiz.charts",
    "hpquiz.charts.boundary",
    "hpquiz.charts.halfblock",
    "hpquiz.charts.norms",
    "hpquiz.charts.sweeps",
)


def _modules_after_import(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_core_modules_never_load_textual_or_heavy_exporters():
    imports = "; ".join(f"import {name}" for name in CORE)
    loaded = _modules_after_import(
        f"import sys; {imports}; print(*[m for m in ('textual', 'matplotlib', 'genanki') if m in sys.modules])"
    )
    assert loaded == set()


def test_simulator_does_not_depend_on_the_app():
    loaded = _modules_after_import("import sys, simulator; print(*[m for m in sys.modules if m.startswith('hpquiz')])")
    assert loaded == set()

"""Write the example CSV datasets shipped in decks/data/ (run from the repository root).

The files are generated, not collected, so anyone can see how the points were made
and regenerate them byte for byte: `python scripts/make_example_data.py`.

- study-hours.csv: classification. Hours studied and hours slept before an exam,
  label 1 = passed. Passing needs both (a curved boundary: all-nighters fail), and
  about one label in twelve is flipped, as real records are noisy (one in eight
  put a model that does not memorise at 87.5 % training accuracy, on the edge of
  the simulator's 85 % underfitting line). 160 rows: few enough that a wide
  network memorises the noise.
- plant-growth.csv: regression. Daily mean temperature (°C) against growth (mm per
  week): growth rises to an optimum near 24 °C and collapses in the heat, in units
  far from 1, so the standardising of features and target matters.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "decks" / "data"


def study_hours(rng: np.random.Generator, n: int = 160) -> list[str]:
    studied = rng.uniform(0, 12, n)
    slept = rng.uniform(2, 10, n)
    readiness = 0.55 * studied + 1.2 * slept - 0.09 * slept**2 - 5.2
    passed = readiness > 0
    flip = rng.random(n) < 1 / 12
    label = (passed ^ flip).astype(int)
    rows = ["hours_studied,hours_slept,passed"]
    rows += [f"{a:.1f},{b:.1f},{c}" for a, b, c in zip(studied, slept, label)]
    return rows


def plant_growth(rng: np.random.Generator, n: int = 120) -> list[str]:
    temperature = rng.uniform(5, 38, n)
    growth = 42 * np.exp(-(((temperature - 24) / 7.5) ** 2)) + rng.normal(0, 3.5, n)
    rows = ["temperature_c,growth_mm_per_week"]
    rows += [f"{t:.1f},{max(g, 0):.1f}" for t, g in zip(temperature, growth)]
    return rows


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make, seed in (("study-hours.csv", study_hours, 16), ("plant-growth.csv", plant_growth, 17)):
        path = OUT / name
        path.write_text("\n".join(make(np.random.default_rng(seed))) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

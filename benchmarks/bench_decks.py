"""Loading every shipped deck: how long, against the 100 ms budget, and what validation costs.

Rows: reading + `tomllib` parsing alone (the floor), the full `load_decks()`
(parsing, validating every field, building every TrainConfig), and a cold start
in a fresh interpreter (importing `hpquiz.deck` with the simulator and NumPy,
then loading; most of it is importing NumPy, so the 100 ms budget is for the
loading itself). Ratios are against parsing alone.

    .venv/bin/python benchmarks/bench_decks.py [--repeat N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hpquiz.deck import load_decks, shipped_deck_paths  # noqa: E402

BUDGET = 0.100


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def cold_start() -> float:
    code = ("import time; t = time.perf_counter(); from hpquiz.deck import load_decks; load_decks(); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="repetitions; the best time is kept")
    args = parser.parse_args()
    paths = shipped_deck_paths()
    decks = load_decks()
    cards = sum(len(d.cards) for d in decks)
    print(f"{len(decks)} decks, {cards} cards, {sum(p.stat().st_size for p in paths) / 1024:.0f} KiB of TOML")
    parse = best_of(args.repeat, lambda: [tomllib.loads(p.read_text(encoding="utf-8")) for p in paths])
    full = best_of(args.repeat, load_decks)
    cold = min(cold_start() for _ in range(max(1, args.repeat // 10)))
    print(f"{'step':<38}{'ms':>9}{'ratio':>8}{'budget':>9}")
    for name, seconds in (("read + tomllib parse only", parse), ("load_decks() (parse + validate)", full),
                          ("cold: import hpquiz.deck + load", cold)):
        ratio = seconds / parse if parse else float("nan")
        budget = f"{'(numpy)':>9}" if name.startswith("cold") else f"{seconds / BUDGET:>8.0%}"
        print(f"{name:<38}{seconds * 1000:>9.2f}{ratio:>8.2f}{budget:>9}")
    if cards:
        print(f"{'  load_decks() per card':<38}{full / cards * 1e6:>8.1f}µs")


if __name__ == "__main__":
    main()

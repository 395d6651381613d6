"""Speed of the lab's tuning workbench, side by side with its targets.

Run: `.venv/bin/python benchmarks/bench_lab.py [--repeats 5]`

1. a 4 x 3 two-knob map (learning rate 1e-3..1 x batch size 8, 32, 128) on the
   drill-size setup, one seed a cell                         target <= 1 s
   and the same map on the seed consensus (5 seeds a cell, what `hpquiz sweep2`
   and the lab show by default), for the ratio
2. one challenge trial (the level-1 challenge's setup on its 5 seeds, as a trial
   is judged)                                                 target <= 0.3 s
3. loading a 100,000-row CSV (two features and a label)        target <= 0.5 s
   (parse and check only: a fresh file each repeat, so the table cache is missed)

No result cache: every figure is a cold computation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from simulator import TrainConfig  # noqa: E402

LRS = (1e-3, 1e-2, 0.1, 1.0)
BATCHES = (8, 32, 128)


def median_seconds(fn, repeats: int) -> float:
    fn()  # warm-up: imports, first-touch allocations
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def big_csv(folder: Path, index: int) -> Path:
    rng = np.random.default_rng(index)
    X = rng.normal(size=(100_000, 2))
    path = folder / f"big-{index}.csv"
    rows = "\n".join(f"{a:.6f},{b:.6f},{int(a * b > 0)}" for a, b in X)
    path.write_text("x1,x2,label\n" + rows + "\n")
    return path


def main() -> None:
    from hpquiz.challenge import run_trials
    from hpquiz.deck import load_decks
    from hpquiz.knob_map import knob_map
    from simulator.csv_data import load_csv

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    drill = TrainConfig()
    rows = []

    one_seed = median_seconds(lambda: knob_map(drill, "learning_rate", LRS, "batch_size", BATCHES, seeds=1), args.repeats)
    rows.append(("4x3 map, 1 seed a cell (12 runs)", one_seed, f"{one_seed:.2f}x the target", "<= 1 s"))
    five = median_seconds(lambda: knob_map(drill, "learning_rate", LRS, "batch_size", BATCHES, seeds=5), max(1, args.repeats // 2))
    rows.append(("4x3 map, 5 seeds a cell (60 runs)", five, f"{five / one_seed:.2f}x the 1-seed map", "(consensus: for the ratio)"))

    challenge = next(c for d in load_decks() for c in d.challenges if c.level == 1)
    trial = median_seconds(lambda: run_trials(challenge, [{"learning_rate": 0.1}]), args.repeats)
    rows.append((f"challenge trial, 5 seeds ({challenge.id})", trial, f"{trial / 0.3:.2f}x the target", "<= 0.3 s"))

    with tempfile.TemporaryDirectory() as folder:
        paths = [big_csv(Path(folder), i) for i in range(args.repeats + 1)]
        loads = iter(paths)
        load = median_seconds(lambda: load_csv(next(loads)), args.repeats)
    rows.append(("load a 100,000-row CSV", load, f"{load / 0.5:.2f}x the target", "<= 0.5 s"))

    print(f"lab workbench; drill-size setup: moons 400, 2-16-16-1 tanh, SGD, 200 epochs; median of {args.repeats}")
    width = max(len(r[0]) for r in rows)
    print(f"{'what'.ljust(width)}  {'median':>10}  {'ratio':<24}  target")
    for name, seconds, ratio, target in rows:
        print(f"{name.ljust(width)}  {seconds * 1000:8.1f} ms  {ratio:<24}  {target}")


if __name__ == "__main__":
    main()

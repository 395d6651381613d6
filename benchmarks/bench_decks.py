"""Loading every shipped deck: how long, against the 100 ms budget, and what validation costs.

Rows: reading + `tomllib` parsing alone (the floor), the full `load_decks()`
(parsing, validating every field, building every TrainConfig), and a cold start
in a fresh interpreter (importing `hpquiz.deck` with the simulator and NumPy,
then loading; most of it is importing NumPy, so the 100 ms budget is for the
loading itself). Ratios are against parsing alone.

Then `hpquiz deck check` of every shipped deck on 5 seeds, as a user runs it (a
fresh process, every core): cold, with an empty result cache (`HPQUIZ_CACHE` in a
temporary folder), target <= 20 s on a 2-core machine; and warm, the same again
with the cache the cold run filled, target <= 2 s; with the cold/warm ratio, and a
reading of the machine's speed before and after (`speed_reading`).

    .venv/bin/python benchmarks/bench_decks.py [--repeat N] [--no-check]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

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


def deck_check(cache: str) -> tuple[float, int]:
    """(seconds, exit code) of `hpquiz deck check` in a fresh process using `cache`."""
    env = {**os.environ, "HPQUIZ_CACHE": cache}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "hpquiz.cli", "deck", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def speed_reading() -> float:
    """Milliseconds this machine takes for a fixed piece of NumPy work that no change of
    ours touches: the tanh values of bench_simulator's 32 drill-size runs, best of 3.

    This virtual machine's speed drifts with its host's load, by up to 2x within
    minutes and unseen from inside; a reading before and after the check says which
    kind of minute the figures come from."""
    from bench_simulator import DRILL, tanh_floor

    from simulator import TrainConfig

    config = TrainConfig(**DRILL)
    once = tanh_floor(config, 32, config.n_train)
    return 1000 * min(once() for _ in range(3))


def check_rows() -> None:
    before = speed_reading()
    with tempfile.TemporaryDirectory() as cache:
        cold, code = deck_check(cache)
        warm, _ = deck_check(cache)
    after = speed_reading()
    print(f"speed reading (NumPy tanh of 32 drill-size runs): {before:.0f} ms before, {after:.0f} ms after")
    print(f"{'deck check, 5 seeds':<38}{'s':>9}{'target':>8}{'ratio':>9}")
    print(f"{'  cold (empty result cache)':<38}{cold:>9.2f}{20:>8}{cold / 20:>9.2f}")
    print(f"{'  warm (cache filled by the cold run)':<38}{warm:>9.2f}{2:>8}{warm / 2:>9.2f}")
    print(f"{'  cold / warm':<38}{cold / warm:>8.1f}x" + ("" if code == 0 else f"   (exit {code}: cards fail)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="repetitions; the best time is kept")
    parser.add_argument("--no-check", action="store_true", help="skip the deck check rows (they take a while)")
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
    if not args.no_check:
        check_rows()


if __name__ == "__main__":
    main()

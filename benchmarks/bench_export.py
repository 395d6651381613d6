"""Exporting every shipped deck, with images: how long, and where the time goes.

Scenario cards are trained on 5 seeds each (through the result cache) and plotted.
Rows, all on every core as `hpquiz export` runs:

1. simulate + plot every scenario card with an empty result cache (cold);
2. plot only: the same with the result cache that run filled (warm);
3. each format written from the rendered images (the writers alone);
4. `hpquiz export --all --format apkg` as a user runs it, in a fresh process: first
   with the runs cached but no pictures yet (they are drawn and kept beside the
   cache), then again with both warm: target <= 5 s.

Ratios are against the cold simulation.

    .venv/bin/python benchmarks/bench_export.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hpquiz.deck import load_decks  # noqa: E402
from hpquiz.deck.model import CardType  # noqa: E402
from hpquiz.export.formats import FORMATS, export  # noqa: E402
from hpquiz.export.job import ExportRefused  # noqa: E402
from hpquiz.export.media import MediaCache  # noqa: E402
from hpquiz.parallel import default_jobs  # noqa: E402
from simulator.cache import ResultCache  # noqa: E402

NOW = datetime(2025, 1, 1, tzinfo=UTC)
APKG_TARGET = 5.0


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cli_export(out: Path, cache: Path) -> tuple[float, int]:
    env = {**os.environ, "HPQUIZ_CACHE": str(cache)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "hpquiz.cli", "export", "--all", "--format", "apkg", "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="repeat the warm exports, keep the best")
    args = parser.parse_args()
    decks = load_decks()
    cards = sum(len(d.cards) for d in decks)
    scenarios = [c for d in decks for c in d.cards if c.type is CardType.SCENARIO]
    jobs = default_jobs()
    print(f"{len(decks)} decks, {cards} cards, {len(scenarios)} scenario cards, 5 seeds each, {jobs} processes")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        runs = ResultCache(tmp / "runs")
        cold = timed(lambda: MediaCache(tmp / "media-cold", runs).prepare(scenarios, jobs))
        media = tmp / "media"
        warm = timed(lambda: MediaCache(media, runs).prepare(scenarios, jobs))
        print(f"{'step':<44}{'seconds':>9}{'ratio':>8}")
        print(f"{'simulate + plot all scenarios (cold)':<44}{cold:>9.2f}{1.0:>8.2f}")
        print(f"{'  plot only (result cache warm)':<44}{warm:>9.2f}{warm / cold:>8.2f}")
        for name in FORMATS:
            try:
                best = min(
                    timed(lambda n=name, i=i: export(decks, n, f"{tmp / f'{n}-{i}'}/", now=NOW, media_folder=media,
                                                     cache=runs))
                    for i in range(args.repeat)
                )
            except ExportRefused as refused:
                print(f"write {name}: refused, {refused}")
                continue
            print(f"{'write ' + name + ' (images rendered)':<44}{best:>9.2f}{best / cold:>8.2f}")
        seconds, code = cli_export(tmp / "cli-first.apkg", tmp / "runs")
        note = "" if code == 0 else f"   (exit {code})"
        print(f"{'hpquiz export --all --format apkg (runs warm)':<44}{seconds:>9.2f}{seconds / cold:>8.2f}"
              f"   drawing and keeping the pictures{note}")
        seconds, code = min(cli_export(tmp / f"cli-{i}.apkg", tmp / "runs") for i in range(args.repeat))
        note = "" if code == 0 else f"   (exit {code})"
        print(f"{'  again, pictures kept too (warm)':<44}{seconds:>9.2f}{seconds / cold:>8.2f}"
              f"   target {APKG_TARGET:.0f} s, ratio {seconds / APKG_TARGET:.2f}{note}")


if __name__ == "__main__":
    main()

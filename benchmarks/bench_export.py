"""Exporting every shipped deck, with images: how long, and where the time goes.

The first export (cold) trains and plots every scenario card, once in this one
process and once spread over every core (what `hpquiz export` does); the five
formats then run on the warm image cache, so the table separates simulation +
plotting from writing. Ratios are against the cold run in one process.

    .venv/bin/python benchmarks/bench_export.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hpquiz.deck.model import CardType  # noqa: E402
from hpquiz.deck import load_decks  # noqa: E402
from hpquiz.export.formats import FORMATS, export  # noqa: E402
from hpquiz.export.media import MediaCache  # noqa: E402
from hpquiz.parallel import default_jobs  # noqa: E402

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="repeat the warm exports, keep the best")
    args = parser.parse_args()
    decks = load_decks()
    cards = sum(len(d.cards) for d in decks)
    scenarios = [c for d in decks for c in d.cards if c.type is CardType.SCENARIO]
    print(f"{len(decks)} decks, {cards} cards, {len(scenarios)} scenario cards")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        media = tmp / "media"
        cache = MediaCache(media)
        cold = timed(lambda: [cache.get(c) for c in scenarios])
        jobs = default_jobs()
        spread = timed(lambda: MediaCache(tmp / "media-spread").prepare(scenarios, jobs))
        print(f"{'step':<34}{'seconds':>9}{'ratio':>8}")
        print(f"{'simulate + plot all scenarios':<34}{cold:>9.2f}{1.0:>8.2f}")
        if scenarios:
            print(f"{'  per scenario card':<34}{cold / len(scenarios):>9.3f}")
            print(f"{f'  the same on {jobs} processes':<34}{spread:>9.2f}{spread / cold:>8.2f}")
        for name in FORMATS:
            best = min(
                timed(lambda n=name, i=i: export(decks, n, tmp / f"{n}-{i}", now=NOW, media_folder=media))
                for i in range(args.repeat)
            )
            ratio = f"{best / cold:>8.2f}" if scenarios else f"{'-':>8}"  # nothing simulated: no baseline
            print(f"{'write ' + name + ' (images cached)':<34}{best:>9.2f}{ratio}")


if __name__ == "__main__":
    main()

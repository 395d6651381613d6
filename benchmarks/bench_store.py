"""Store speed with a year of heavy study: 100,000 reviews over 1,000 cards.

Budgets (issue 4): computing `hpquiz stats` < 200 ms; recording one review
< 5 ms median. Also reports the file size per review. The history is built
with the real scheduler (every state is a real FSRS state) and bulk-inserted
through sqlite-utils' table API, which takes seconds instead of the minutes
that 100,000 separate committed answers would.

Run: .venv/bin/python benchmarks/bench_store.py [--reviews N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from hpquiz.deck.model import Card, CardType, Deck  # noqa: E402
from hpquiz.scheduler import Rating, Scheduler  # noqa: E402
from hpquiz.stats import compute_stats  # noqa: E402
from hpquiz.store import Store  # noqa: E402

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
TOPICS = ("learning-rate", "batch-size", "momentum", "dropout", "depth", "width", "weight-decay", "early-stopping")


def decks(n_cards: int) -> list[Deck]:
    per_deck = 100
    out = []
    for d in range(n_cards // per_deck):
        cards = tuple(
            Card(id=f"d{d}-c{i}", deck_id=f"deck-{d}", type=CardType.BASIC, topic=TOPICS[(d + i) % len(TOPICS)],
                 front=f"Question {d}-{i}?", back=f"Answer {d}-{i}.", position=i)
            for i in range(per_deck)
        )
        out.append(Deck(id=f"deck-{d}", title=f"Deck {d}", language="en", cards=cards))
    return out


def fill(store: Store, n_reviews: int, n_cards: int, seed: int = 0) -> None:
    """A year of reviews, evenly spread, each card's states chained by the real scheduler."""
    rng = np.random.default_rng(seed)
    scheduler = Scheduler()
    per_card = n_reviews // n_cards
    span = timedelta(days=365)
    reviews, states = [], []
    for card_id in store.card_ids():
        state = scheduler.new_state(NOW - span)
        offsets = np.sort(rng.uniform(0, 1, per_card))
        ratings = rng.choice(4, size=per_card, p=(0.1, 0.1, 0.7, 0.1)) + 1
        for offset, rating in zip(offsets, ratings):
            at = NOW - span + span * float(offset)
            after, _ = scheduler.review(state, Rating(int(rating)), at)
            reviews.append({
                "card_id": card_id, "rating": int(rating), "reviewed_at": at.isoformat(timespec="microseconds"),
                "seconds": float(rng.uniform(2, 30)), "status_before": state.status.value,
                "interval_before": state.interval_days,
                "state_before": json.dumps(state.to_dict(), separators=(",", ":")),
                "state_after": json.dumps(after.to_dict(), separators=(",", ":")),
            })
            state = after
        row = state.to_dict()
        row["card_id"] = card_id
        states.append(row)
    with store.db.atomic():
        store.db["reviews"].insert_all(reviews, batch_size=5000)
        store.db["card_state"].upsert_all(states, pk="card_id")


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.sqlite3"
        with Store.open(path) as store:
            store.sync_cards(decks(args.cards), NOW - timedelta(days=366))
            start = time.perf_counter()
            fill(store, args.reviews, args.cards)
            fill_s = time.perf_counter() - start
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            n = len(store.review_ids())
            size = path.stat().st_size
        print(f"history: {n:,} reviews over {args.cards:,} cards (built in {fill_s:.1f} s)")

        start = time.perf_counter()
        store = Store.open(path)
        open_ms = (time.perf_counter() - start) * 1000
        stats_ms = median_ms(lambda: compute_stats(store, NOW), 7)
        ids = iter(store.queue(NOW, new_limit=0, review_limit=10_000) * 2)
        clock = iter(NOW + timedelta(seconds=i) for i in range(10_000))
        review_ms = median_ms(lambda: store.record_review(next(ids), Rating.GOOD, next(clock), 4.0), 200)
        queue_ms = median_ms(lambda: store.queue(NOW), 7)
        store.close()

    rows = [
        ("compute_stats (hpquiz stats)", stats_ms, 200.0),
        ("record_review (median)", review_ms, 5.0),
        ("queue(now)", queue_ms, None),
        ("Store.open (with quick_check)", open_ms, None),
    ]
    print(f"{'operation':32} {'measured':>10} {'budget':>9} {'ratio':>7}")
    for name, ms, budget in rows:
        ratio = f"{ms / budget:6.2f}x" if budget else "      -"
        budget_text = f"{budget:.0f} ms" if budget else "-"
        print(f"{name:32} {ms:8.2f} ms {budget_text:>9} {ratio}")
    print(f"file size: {size / 1e6:.1f} MB = {size / n:.0f} bytes per review")


if __name__ == "__main__":
    main()

"""Ninety days of a simulated learner on a real store: the schedule's promises hold throughout."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import numpy as np

from hpquiz.scheduler import Rating, Status
from hpquiz.store import Store
from tests.hpquiz.store_decks import T0, deck

TOPICS = ("learning-rate", "batch-size", "momentum", "dropout")
# A learner who mostly remembers: Again 12 %, Hard 10 %, Good 68 %, Easy 10 %.
RATING_ODDS = (0.12, 0.10, 0.68, 0.10)


def test_ninety_days_of_study_keep_every_scheduling_invariant(tmp_path):
    rng = np.random.default_rng(2025)
    decks = [
        deck(f"deck-{d}", *((f"c{d}-{i}", TOPICS[(d + i // 3) % len(TOPICS)]) for i in range(12)))
        for d in range(3)
    ]
    all_ids = {card.id for d in decks for card in d.cards}
    done = Counter()
    good_growths = again_shrinks = 0

    with Store.open(tmp_path / "progress.sqlite3") as store:
        store.sync_cards(decks, T0)
        for day in range(90):
            now = T0 + timedelta(days=day)
            while True:
                queue = store.queue(now, new_limit=5, learn_ahead=timedelta(hours=2))
                assert len(queue) == len(set(queue)), "a card is queued twice"
                if not queue:
                    break
                card_id = queue[0]
                before = store.state(card_id)
                now = max(now, before.due) if before.status != Status.NEW else now
                rating = Rating(int(rng.choice(4, p=RATING_ODDS)) + 1)
                store.record_review(card_id, rating, now, float(rng.uniform(2, 20)))
                done[card_id] += 1
                after = store.state(card_id)

                assert after.due > now, "a card was scheduled into the past"
                assert after.last_review == now
                if before.status == Status.REVIEW and rating == Rating.GOOD:
                    assert after.interval >= before.interval
                    good_growths += after.interval > before.interval
                if before.status == Status.REVIEW and rating == Rating.AGAIN:
                    assert after.interval < before.interval
                    assert after.status == Status.RELEARNING
                    again_shrinks += 1
                now += timedelta(seconds=30)

        # No card lost or duplicated, and every review accounted for.
        assert set(store.card_ids()) == all_ids
        assert len(store.card_ids()) == len(all_ids)
        history = store.history()
        assert Counter(r.card_id for r in history) == done
        for card_id in all_ids:
            assert store.state(card_id).reps == done[card_id]
        assert store.integrity_check() == "ok"
        # Every card was introduced (5 a day for 90 days is plenty) and the
        # learner ends with most cards in long-interval review.
        assert set(done) == all_ids
        end = T0 + timedelta(days=90)
        long_reviews = [
            cid for cid in all_ids
            if store.state(cid).status == Status.REVIEW and store.state(cid).interval >= timedelta(days=21)
        ]
        assert len(long_reviews) > len(all_ids) // 2
        assert not [cid for cid in all_ids if store.state(cid).due < end - timedelta(days=1)]

    assert good_growths > 50
    assert again_shrinks > 5


def test_a_good_streak_makes_every_interval_longer_than_the_last(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as store:
        store.sync_cards([deck("d", ("only", "depth"))], T0)
        now = T0
        intervals = []
        for _ in range(8):
            store.record_review("only", Rating.GOOD, now)
            state = store.state("only")
            intervals.append(state.interval)
            now = state.due
        assert intervals == sorted(intervals) and len(set(intervals)) == len(intervals)
        assert intervals[-1] > timedelta(days=365)

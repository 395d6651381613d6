"""What the learner's progress looks like: numbers for `hpquiz stats` and the TUI stats screen.

`compute_stats(store, now)` reads the store and returns a frozen `Stats`
value; rendering lives in `hpquiz.stats_view` so the numbers can be tested and
serialised (`to_dict`, for `--json`) without any terminal code.

Days are calendar days in the `tz` given (UTC by default), the same rule as
`Store.today`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from hpquiz.scheduler import MATURE_DAYS, Rating, Status, utc
from hpquiz.store import Store, day_start

HISTORY_DAYS = 30
FORECAST_DAYS = 14


@dataclass(frozen=True)
class TopicMastery:
    """How far one topic has come: its active cards, studied ones, mature ones, predicted recall."""

    topic: str
    cards: int
    studied: int
    mature: int
    recall: float | None  # mean predicted probability of recall now over studied cards; last rated Again: 0

    @property
    def mastery(self) -> float:
        """Share of the topic's cards that are mature (interval of 21 days or more)."""
        return self.mature / self.cards if self.cards else 0.0


@dataclass(frozen=True)
class Calibration:
    """For one kind of prediction (a verdict, or 'option'): how often the simulation agreed."""

    prediction: str
    times: int
    matched: int

    @property
    def rate(self) -> float:
        return self.matched / self.times if self.times else 0.0


@dataclass(frozen=True)
class Stats:
    """A snapshot of the learner's progress at `now`."""

    now: datetime
    reviews_per_day: tuple[tuple[date, int], ...]  # flashcard reviews, the last 30 days, oldest first, today last
    reviews_today: int  # flashcard reviews (drills are counted apart)
    streak_days: int  # days in a row with a review or a drill
    mature_reviews: int  # flashcard reviews of cards whose interval was >= 21 days
    retention: float | None  # share of those not rated Again (None: no mature review yet)
    due_forecast: tuple[tuple[date, int], ...]  # today (with overdue cards) and the next 13 days
    cards_by_state: tuple[tuple[Status, int], ...]
    mastery: tuple[TopicMastery, ...]
    drills: int
    drill_accuracy: float | None
    calibration: tuple[Calibration, ...]
    drills_today: int = 0

    @property
    def recalled_mature(self) -> int:
        """Mature flashcard reviews not rated Again."""
        return round((self.retention or 0) * self.mature_reviews)

    @property
    def total_cards(self) -> int:
        return sum(count for _, count in self.cards_by_state)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO strings, enums as their values."""
        return {
            "now": self.now.isoformat(),
            "reviews_per_day": [{"day": d.isoformat(), "reviews": n} for d, n in self.reviews_per_day],
            "reviews_today": self.reviews_today,
            "streak_days": self.streak_days,
            "mature_reviews": self.mature_reviews,
            "retention": self.retention,
            "due_forecast": [{"day": d.isoformat(), "due": n} for d, n in self.due_forecast],
            "cards_by_state": {status.value: n for status, n in self.cards_by_state},
            "mastery": [
                {
                    "topic": m.topic,
                    "cards": m.cards,
                    "studied": m.studied,
                    "mature": m.mature,
                    "mastery": m.mastery,
                    "recall": m.recall,
                }
                for m in self.mastery
            ],
            "drills": self.drills,
            "drills_today": self.drills_today,
            "drill_accuracy": self.drill_accuracy,
            "calibration": [
                {"prediction": c.prediction, "times": c.times, "matched": c.matched, "rate": c.rate}
                for c in self.calibration
            ],
        }


def _local_day(moment: datetime, tz: tzinfo) -> date:
    return moment.astimezone(tz).date()


def compute_stats(store: Store, now: datetime, tz: tzinfo = timezone.utc) -> Stats:
    """Every figure of the stats screen, computed from the store at `now`."""
    now = utc(now)
    today = _local_day(now, tz)
    days = [today - timedelta(days=back) for back in range(HISTORY_DAYS - 1, -1, -1)]
    since = day_start(datetime.combine(days[0], datetime.min.time(), tz), tz)
    per_day = Counter(_local_day(moment, tz) for moment in store.review_times(since, flashcards_only=True))
    _, streak = store.today(now, tz)
    drills_today = sum(_local_day(moment, tz) == today for moment in store.drill_times(day_start(now, tz)))

    mature_reviews, again = store.mature_review_counts(MATURE_DAYS, flashcards_only=True)
    retention = (mature_reviews - again) / mature_reviews if mature_reviews else None

    states = store.active_states()
    by_status = Counter(state.status for _, _, _, state in states)
    forecast_days = [today + timedelta(days=ahead) for ahead in range(FORECAST_DAYS)]
    forecast = Counter()
    for _, _, _, state in states:
        if state.status == Status.NEW:
            continue
        day = max(_local_day(state.due, tz), today)
        if day <= forecast_days[-1]:
            forecast[day] += 1

    topics: dict[str, list] = {}
    for _, _, topic, state in states:
        topics.setdefault(topic, []).append(state)
    forgotten = {card_id for card_id, rating in store.last_ratings().items() if rating == Rating.AGAIN}
    recall_of = {card_id: 0.0 if card_id in forgotten else store.scheduler.retrievability(state, now)
                 for card_id, _, _, state in states if state.status != Status.NEW}
    mastery = []
    topic_cards: dict[str, list[str]] = {}
    for card_id, _, topic, _ in states:
        topic_cards.setdefault(topic, []).append(card_id)
    for topic, topic_states in topics.items():
        studied = [s for s in topic_states if s.status != Status.NEW]
        recalls = [recall_of[c] for c in topic_cards[topic] if c in recall_of]
        recall = sum(recalls) / len(recalls) if recalls else None
        mastery.append(
            TopicMastery(
                topic=topic,
                cards=len(topic_states),
                studied=len(studied),
                mature=sum(s.mature for s in topic_states),
                recall=recall,
            )
        )

    outcomes = store.drill_outcomes()
    kinds: dict[str, list[bool]] = {}
    for prediction, correct in outcomes:
        kind = "option" if prediction.strip().isdigit() else prediction
        kinds.setdefault(kind, []).append(correct)
    calibration = tuple(
        Calibration(kind, len(results), sum(results)) for kind, results in sorted(kinds.items())
    )

    return Stats(
        now=now,
        reviews_per_day=tuple((day, per_day.get(day, 0)) for day in days),
        reviews_today=per_day.get(today, 0),
        streak_days=streak,
        mature_reviews=mature_reviews,
        retention=retention,
        due_forecast=tuple((day, forecast.get(day, 0)) for day in forecast_days),
        cards_by_state=tuple((status, by_status.get(status, 0)) for status in Status),
        mastery=tuple(sorted(mastery, key=lambda m: (-m.mastery, m.topic))),
        drills=len(outcomes),
        drill_accuracy=sum(c for _, c in outcomes) / len(outcomes) if outcomes else None,
        calibration=calibration,
        drills_today=drills_today,
    )

"""When each card comes back: the `fsrs` package (FSRS-6) behind a tiny interface.

Values in, values out: `Scheduler.review(state, rating, now)` returns a new
`CardState` and never touches the database or the clock. Fuzzing is off because
fsrs fuzzes with the global `random` module; without it the same answers at the
same times always give the same schedule, which is what the tests rely on.

All datetimes are timezone-aware; they are converted to UTC on the way in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import IntEnum, StrEnum
from typing import Any

import fsrs

# Reviews whose scheduled interval was at least this long count as reviews of a
# mature card (Anki's convention), for true retention and mastery.
MATURE_DAYS = 21.0

# A right drill answered within this many seconds is rated Easy: the learner
# did not have to reason the scenario out, so the card can wait longer.
FAST_DRILL_SECONDS = 20.0


class Rating(IntEnum):
    """How well the learner recalled a card; the values are fsrs.Rating's."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Status(StrEnum):
    """Where a card is in its life: never studied, in (re)learning steps, or in review."""

    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    RELEARNING = "relearning"


_STATUS_OF_FSRS = {
    fsrs.State.Learning: Status.LEARNING,
    fsrs.State.Review: Status.REVIEW,
    fsrs.State.Relearning: Status.RELEARNING,
}
_FSRS_OF_STATUS = {
    Status.NEW: fsrs.State.Learning,
    Status.LEARNING: fsrs.State.Learning,
    Status.REVIEW: fsrs.State.Review,
    Status.RELEARNING: fsrs.State.Relearning,
}


def utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is refused because its meaning is a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got naive {moment!r}")
    return moment.astimezone(timezone.utc)


def _iso(moment: datetime | None) -> str | None:
    # Fixed width (always microseconds) so the strings sort like the times.
    return None if moment is None else utc(moment).isoformat(timespec="microseconds")


def _parse(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@dataclass(frozen=True)
class CardState:
    """The scheduling state of one card: fsrs.Card's fields plus review counts.

    `status` is NEW until the first review (fsrs itself calls a new card
    Learning step 0). `to_dict`/`from_dict` round-trip exactly, which is what
    lets undo put a card back precisely as it was.
    """

    status: Status
    due: datetime
    stability: float | None = None
    difficulty: float | None = None
    step: int | None = 0
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "due", utc(self.due))
        if self.last_review is not None:
            object.__setattr__(self, "last_review", utc(self.last_review))

    @property
    def interval(self) -> timedelta | None:
        """The gap the scheduler chose at the last review (None for a new card)."""
        if self.last_review is None:
            return None
        return self.due - self.last_review

    @property
    def interval_days(self) -> float | None:
        gap = self.interval
        return None if gap is None else gap / timedelta(days=1)

    @property
    def mature(self) -> bool:
        days = self.interval_days
        return self.status == Status.REVIEW and days is not None and days >= MATURE_DAYS

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "due": _iso(self.due),
            "stability": self.stability,
            "difficulty": self.difficulty,
            "step": self.step,
            "last_review": _iso(self.last_review),
            "reps": self.reps,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CardState:
        return cls(
            status=Status(data["status"]),
            due=_parse(data["due"]),
            stability=data["stability"],
            difficulty=data["difficulty"],
            step=data["step"],
            last_review=_parse(data["last_review"]),
            reps=int(data["reps"]),
            lapses=int(data["lapses"]),
        )

    def to_fsrs(self) -> fsrs.Card:
        return fsrs.Card(
            card_id=0,
            state=_FSRS_OF_STATUS[self.status],
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )


@dataclass(frozen=True)
class ReviewLog:
    """What one review did: the rating, when, and the state before and after."""

    rating: Rating
    reviewed_at: datetime
    before: CardState
    after: CardState


class Scheduler:
    """FSRS-6 with a configurable desired retention and no fuzz.

    `desired_retention` is the probability of recall the schedule aims for at
    each review: higher means shorter intervals and more reviews.
    """

    def __init__(self, desired_retention: float = 0.9) -> None:
        if not (isinstance(desired_retention, (int, float)) and 0.7 <= desired_retention <= 0.99):
            raise ValueError(
                f"desired_retention must be between 0.7 and 0.99, got {desired_retention!r}"
            )
        self.desired_retention = float(desired_retention)
        self._fsrs = fsrs.Scheduler(desired_retention=self.desired_retention, enable_fuzzing=False)

    def __repr__(self) -> str:
        return f"Scheduler(desired_retention={self.desired_retention})"

    def new_state(self, now: datetime) -> CardState:
        """A never-studied card, due at once."""
        return CardState(status=Status.NEW, due=utc(now))

    def review(self, state: CardState, rating: Rating, now: datetime) -> tuple[CardState, ReviewLog]:
        """The state after rating the card at `now`, and the log of that review."""
        rating = Rating(rating)
        now = utc(now)
        card, _ = self._fsrs.review_card(state.to_fsrs(), fsrs.Rating(int(rating)), now)
        lapsed = state.status == Status.REVIEW and rating == Rating.AGAIN
        after = CardState(
            status=_STATUS_OF_FSRS[card.state],
            due=card.due,
            stability=_finite(card.stability),
            difficulty=_finite(card.difficulty),
            step=card.step,
            last_review=card.last_review,
            reps=state.reps + 1,
            lapses=state.lapses + (1 if lapsed else 0),
        )
        return after, ReviewLog(rating=rating, reviewed_at=now, before=state, after=after)

    def preview(self, state: CardState, now: datetime) -> dict[Rating, timedelta]:
        """How long until the card comes back for each rating (for the answer buttons)."""
        now = utc(now)
        return {rating: self.review(state, rating, now)[0].due - now for rating in Rating}

    def retrievability(self, state: CardState, now: datetime) -> float:
        """The predicted probability of recalling the card at `now` (0 for a new card)."""
        if state.status == Status.NEW:
            return 0.0
        return float(self._fsrs.get_card_retrievability(state.to_fsrs(), utc(now)))


def _finite(value: float | None) -> float | None:
    return None if value is None else float(value) if math.isfinite(value) else None


def drill_rating(correct: bool, seconds: float, fast_seconds: float = FAST_DRILL_SECONDS) -> Rating:
    """The rating a drill result feeds the scheduler.

    Rule: a wrong prediction is AGAIN (the intuition is missing, see it soon);
    a right one is GOOD; a right one given within `fast_seconds` (default 20 s)
    is EASY (the learner knew it without working it out).
    """
    if not correct:
        return Rating.AGAIN
    if seconds <= fast_seconds:
        return Rating.EASY
    return Rating.GOOD


def format_interval(gap: timedelta) -> str:
    """A short human label for an interval: '1m', '10m', '3h', '4d', '2.1mo', '1.3y'.

    The unit is chosen after rounding: a day less the minutes since a review is '1d',
    as the rating bar said, not '24h' (nor '60m', '30d' or '12.2mo').
    """
    seconds = max(0.0, gap.total_seconds())
    if (minutes := max(1, round(seconds / 60))) < 60:
        return f"{minutes}m"
    if (hours := round(seconds / 3600)) < 24:
        return f"{hours}h"
    days = seconds / 86400
    if round(days) < 30:
        return f"{round(days)}d"
    if (months := round(days / 30, 1)) < 12:
        return f"{months:.1f}mo"
    return f"{days / 365:.1f}y"


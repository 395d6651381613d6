"""How the store's rows look in Python: values, row conversions, calendar days, new-card order.

Times are stored as fixed-width UTC ISO strings (always with microseconds), so
comparing the strings in SQL compares the times.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

from hpquiz.scheduler import CardState, Rating, Status, utc


@dataclass(frozen=True)
class SyncReport:
    """Card ids touched by `sync_cards`, each tuple in deck order."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckCounts:
    """Cards of one deck: never studied, in (re)learning steps, due now, and all active ones."""

    new: int
    learning: int
    due: int
    total: int


@dataclass(frozen=True)
class ReviewRecord:
    """One stored review."""

    id: int
    card_id: str
    rating: Rating
    reviewed_at: datetime
    seconds: float | None
    before: CardState
    after: CardState


def day_start(now: datetime, tz: tzinfo = timezone.utc) -> datetime:
    """The UTC instant at which the calendar day containing `now` began in `tz`."""
    local = utc(now).astimezone(tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)



def next_day(start: datetime, tz: tzinfo) -> datetime:
    # Add a day on the local calendar, then normalise (DST days are 23 or 25 hours).
    local = start.astimezone(tz)
    return day_start((local + timedelta(days=1, hours=12)).astimezone(timezone.utc), tz)


def previous_day(start: datetime, tz: tzinfo) -> datetime:
    local = start.astimezone(tz)
    return day_start((local - timedelta(hours=12)).astimezone(timezone.utc), tz)



def iso(moment: datetime) -> str:
    return utc(moment).isoformat(timespec="microseconds")


def state_json(state: CardState) -> str:
    return json.dumps(state.to_dict(), separators=(",", ":"))



def state_columns(state: CardState) -> tuple[Any, ...]:
    return (
        state.status.value,
        iso(state.due),
        state.stability,
        state.difficulty,
        state.step,
        None if state.last_review is None else iso(state.last_review),
        state.reps,
        state.lapses,
    )


STATE_FIELDS = ("status", "due", "stability", "difficulty", "step", "last_review", "reps", "lapses")


def state_from_row(row: Sequence[Any], card_id: str = "?") -> CardState:
    """A card_state row as a CardState; a value hpquiz never wrote raises `DamagedRow` naming it."""
    try:
        return _state_from_row(row)
    except (ValueError, TypeError) as exc:
        from hpquiz.store.check import explain

        raise explain("card_state", card_id, dict(zip(STATE_FIELDS, row)), exc) from exc


def _state_from_row(row: Sequence[Any]) -> CardState:
    status, due, stability, difficulty, step, last_review, reps, lapses = row
    return CardState(
        status=Status(status),
        due=datetime.fromisoformat(due),
        stability=stability,
        difficulty=difficulty,
        step=step,
        last_review=None if last_review is None else datetime.fromisoformat(last_review),
        reps=reps,
        lapses=lapses,
    )



def interleave_topics(rows: Sequence[tuple[str, str]]) -> list[str]:
    """Ids of (id, topic) rows taken round-robin over topics, each topic in the given order.

    Topics take turns in the order they first appear, so a session mixes subjects
    while each topic still follows its deck's order.
    """
    by_topic: dict[str, list[str]] = {}
    for card_id, topic in rows:
        by_topic.setdefault(topic, []).append(card_id)
    lanes = list(by_topic.values())
    out: list[str] = []
    for index in range(max((len(lane) for lane in lanes), default=0)):
        out.extend(lane[index] for lane in lanes if index < len(lane))
    return out

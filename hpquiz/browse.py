"""Finding cards again: search by text, deck, topic, tag, type and state, with each card's history.

The card browser screen and `hpquiz cards` both call `search`; it reads every active
card's state and controls in two queries and filters in Python over lower-cased text
prepared once (`Index`), so typing a search over 20,000 cards stays well under a
frame. States are the learner's words: new, learning, due, review (not due yet),
suspended, buried.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from hpquiz.deck.model import Card
from hpquiz.scheduler import CardState, Status
from hpquiz.store.rows import iso

STATES = ("new", "learning", "due", "review", "suspended", "buried")


@dataclass(frozen=True)
class Row:
    """One card as the browser lists it."""

    card: Card
    state: CardState
    suspended: bool
    buried: bool
    flag: int
    label: str  # one of STATES

    def to_json(self) -> dict:
        return {
            "id": self.card.id,
            "deck": self.card.deck_id,
            "topic": self.card.topic,
            "type": self.card.type.value,
            "tags": list(self.card.tags),
            "front": self.card.front,
            "state": self.label,
            "status": self.state.status.value,
            "due": iso(self.state.due),
            "stability": self.state.stability,
            "reps": self.state.reps,
            "lapses": self.state.lapses,
            "suspended": self.suspended,
            "buried": self.buried,
            "flag": self.flag,
        }


@dataclass(frozen=True)
class Query:
    text: str = ""
    deck: str | None = None
    topic: str | None = None
    tag: str | None = None
    type: str | None = None
    state: str | None = None

    def __post_init__(self) -> None:
        if self.state is not None and self.state not in STATES:
            from hpquiz.errors import HpquizError

            raise HpquizError(f"state must be one of {', '.join(STATES)}, got {self.state!r}")


class Index:
    """The searchable text of every card, lower-cased once."""

    def __init__(self, cards: Mapping[str, Card]) -> None:
        self.cards = cards
        self.text = {
            cid: " ".join((c.id, c.front, c.back, c.explanation, *c.options, *c.tags)).lower()
            for cid, c in cards.items()
        }


def label(state: CardState, suspended: bool, buried: bool, now: datetime) -> str:
    if suspended:
        return "suspended"
    if buried:
        return "buried"
    if state.status == Status.NEW:
        return "new"
    if state.status in (Status.LEARNING, Status.RELEARNING):
        return "learning"
    return "due" if state.due <= now else "review"


def rows(store, index: Index, now: datetime) -> list[Row]:
    """Every active card the index knows, in deck order."""
    controls = store.controls()
    out = []
    now_text = iso(now)
    for card_id, _deck, _topic, state in store.active_states():
        card = index.cards.get(card_id)
        if card is None:
            continue
        suspended, buried_until, flag = controls.get(card_id, (False, None, 0))
        buried = buried_until is not None and buried_until > now_text
        out.append(Row(card, state, suspended, buried, flag, label(state, suspended, buried, now)))
    return out


def search(all_rows: Sequence[Row], index: Index, query: Query) -> list[Row]:
    """The rows matching every part of `query` (text: every word somewhere in the card)."""
    words = query.text.lower().split()
    out = []
    for row in all_rows:
        card = row.card
        if query.deck and card.deck_id != query.deck:
            continue
        if query.topic and card.topic != query.topic:
            continue
        if query.tag and query.tag not in card.tags:
            continue
        if query.type and card.type.value != query.type:
            continue
        if query.state and row.label != query.state:
            continue
        if words:
            haystack = index.text[card.id]
            if not all(word in haystack for word in words):
                continue
        out.append(row)
    return out

"""Finding cards again: search by text, deck, topic, tag, type and state, with each card's history.

The card browser screen and `hpquiz cards` both call `search`; it reads every active
card's state and controls in two queries and filters in Python over lower-cased text
prepared once (`Index`), so typing a search over 20,000 cards stays well under a
frame. States are the learner's words: new, learning, due, review (not due yet),
suspended, buried.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hpquiz.deck.model import Card
from hpquiz.scheduler import CardState, Status
from hpquiz.store.rows import iso

STATES = ("new", "learning", "due", "review", "suspended", "buried")
TYPES = ("basic", "reverse", "cloze", "choice", "scenario")
FILTERS = ("deck", "topic", "tag", "type", "state", "failed")
FLAGS = ("none", "red", "orange", "green", "blue")  # as Anki's flags 0-4


@dataclass(eq=False, slots=True)
class Row:
    """One card as the browser lists it. Its full `state` is read from the store only when
    asked for (a page of the table, the highlighted card): a search over 20,000 cards needs
    only the label."""

    card: Card
    suspended: bool
    buried: bool
    flag: int
    label: str  # one of STATES
    failed_today: bool = False  # rated Again since the start of today
    store: Any = field(default=None, repr=False)
    _state: CardState | None = field(default=None, repr=False)

    @property
    def state(self) -> CardState:
        if self._state is None:
            self._state = self.store.state(self.card.id)
        return self._state

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
    failed: bool = False  # only cards rated Again today

    def __post_init__(self) -> None:
        from hpquiz.errors import HpquizError

        if self.state is not None and self.state not in STATES:
            raise HpquizError(f"state must be one of {', '.join(STATES)}, got {self.state!r}")
        if self.type is not None and self.type not in TYPES:
            raise HpquizError(f"type must be one of {', '.join(TYPES)}, got {self.type!r}")

    @property
    def empty(self) -> bool:
        return self == Query()


def parse_query(text: str) -> Query:
    """Anki-style search text: words, and `deck:ID topic:T tag:X type:T state:S failed:today`.

    Raises HpquizError naming the bad filter and what is allowed.
    """
    from hpquiz.errors import HpquizError

    words, fields = [], {}
    for token in text.split():
        key, colon, value = token.partition(":")
        if not colon:
            words.append(token)
            continue
        key = key.lower()
        if key not in FILTERS:
            raise HpquizError(f"unknown filter {key + ':'!r}; use {', '.join(f + ':' for f in FILTERS)}")
        if not value:
            raise HpquizError(f"{key}: needs a value, e.g. {key}:{_EXAMPLES[key]}")
        if key == "failed":
            if value.lower() != "today":
                raise HpquizError(f"failed: takes 'today' (cards rated Again today), got {value!r}")
            fields["failed"] = True
        else:
            fields[key] = value.lower() if key in ("type", "state") else value
    return Query(" ".join(words), **fields)


_EXAMPLES = {"deck": "optimisation", "topic": "learning-rate", "tag": "noise", "type": "cloze",
             "state": "due", "failed": "today"}


class Index:
    """The searchable text of every card, lower-cased once."""

    def __init__(self, cards: Mapping[str, Card]) -> None:
        self.cards = cards
        self.text = {
            cid: " ".join((c.id, c.front, c.back, c.explanation, *c.options, *c.tags)).lower()
            for cid, c in cards.items()
        }


def label(status: str, due: str, suspended: bool, buried: bool, now_text: str) -> str:
    """The learner's word for a card's state, from its stored status and due time (ISO text)."""
    if suspended:
        return "suspended"
    if buried:
        return "buried"
    if status == Status.NEW:
        return "new"
    if status in (Status.LEARNING, Status.RELEARNING):
        return "learning"
    return "due" if due <= now_text else "review"


def rows(store, index: Index, now: datetime) -> list[Row]:
    """Every active card the index knows, in the decks' order (one query, plus today's failures)."""
    failed = store.failed_today(now)
    out = []
    now_text = iso(now)
    stored = {row[0]: row for row in store.browse_rows()}
    for card_id, card in index.cards.items():
        if card_id not in stored:
            continue
        _, status, due, suspended, buried_until, flag = stored[card_id]
        buried = buried_until is not None and buried_until > now_text
        out.append(Row(card, bool(suspended), buried, flag, label(status, due, suspended, buried, now_text),
                       card_id in failed, store))
    return out


def search(all_rows: Sequence[Row], index: Index, query: Query) -> list[Row]:
    """The rows matching every part of `query` (text: every word somewhere in the card)."""
    words = query.text.lower().split()
    text = index.text
    if not any((query.deck, query.topic, query.tag, query.type, query.state, query.failed)):
        # typing words only, the common case: one pass of substring tests
        out = list(all_rows)
        for word in words:  # each word narrows the last word's matches
            out = [row for row in out if word in text[row.card.id]]
        return out
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
        if query.failed and not row.failed_today:
            continue
        if words:
            haystack = index.text[card.id]
            if not all(word in haystack for word in words):
                continue
        out.append(row)
    return out

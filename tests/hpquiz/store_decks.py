"""Small real decks and fixed clocks for the store, scheduler and stats tests."""

from __future__ import annotations

from datetime import datetime, timezone

from hpquiz.deck.model import Card, CardType, Deck

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


def basic(card_id: str, deck_id: str, topic: str, position: int = 0, front: str | None = None) -> Card:
    return Card(
        id=card_id,
        deck_id=deck_id,
        type=CardType.BASIC,
        topic=topic,
        front=front or f"Question {card_id}?",
        back=f"Answer {card_id}.",
        position=position,
    )


def deck(deck_id: str, *cards: tuple[str, str]) -> Deck:
    """A deck of basic cards given as (card id, topic) pairs, in order."""
    return Deck(
        id=deck_id,
        title=deck_id.replace("-", " ").title(),
        language="en",
        cards=tuple(basic(cid, deck_id, topic, i) for i, (cid, topic) in enumerate(cards)),
    )


def two_decks() -> list[Deck]:
    return [
        deck("lr", ("lr-1", "learning-rate"), ("lr-2", "learning-rate"), ("mom-1", "momentum")),
        deck("bs", ("bs-1", "batch-size"), ("bs-2", "batch-size")),
    ]

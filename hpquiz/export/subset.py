"""Export subsets: `--topic`, `--tag` and `--card` narrow the chosen decks to some cards.

Filters combine as a learner would read them: a card goes out when it is of one
of the topics (if any are given) and carries one of the tags (if any) or is
named with `--card`. Naming a card or a topic no chosen deck has is an error,
not an empty export, so a typo never produces a quiz with nothing in it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from hpquiz.deck import Deck
from hpquiz.export.errors import ExportError


def narrow(decks: Sequence[Deck], topics: Sequence[str] = (), tags: Sequence[str] = (),
           card_ids: Sequence[str] = ()) -> list[Deck]:
    """The decks keeping only the chosen cards (decks left empty are dropped)."""
    if not (topics or tags or card_ids):
        return list(decks)
    cards = [card for deck in decks for card in deck.cards]
    for wanted, have, what in (
        (topics, {c.topic for c in cards}, "topic"),
        (tags, {t for c in cards for t in c.tags}, "tag"),
        (card_ids, {c.id for c in cards}, "card"),
    ):
        unknown = [w for w in dict.fromkeys(wanted) if w not in have]
        if unknown:
            known = ", ".join(sorted(have)[:12]) + (" …" if len(have) > 12 else "")
            raise ExportError(
                f"no {what} {', '.join(map(repr, unknown))} in the chosen decks (they have: {known or 'none'})"
            )

    def chosen(card) -> bool:
        if card.id in card_ids:
            return True
        if not (topics or tags):
            return False
        return (not topics or card.topic in topics) and (not tags or any(t in tags for t in card.tags))

    narrowed = [dataclasses.replace(d, cards=tuple(c for c in d.cards if chosen(c))) for d in decks]
    narrowed = [d for d in narrowed if d.cards]
    if not narrowed:
        raise ExportError("no card is of those topics and tags together")
    return narrowed

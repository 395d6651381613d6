"""The order a card's options are shown in: shuffled at every showing, reproducibly.

Why: in the shipped decks the right option was first in most choice cards, so
"press 1" scored well without recall. Each showing draws its own order, so the
answer cannot be read off the layout.

Why deterministic: the order comes from a seed made of the card id and the
showing (the study session and the drill use the card's review count, which undo
restores; exports use `--seed`). The same showing always looks the same, so undo,
tests and snapshots see what the learner saw. The draw is a Fisher–Yates shuffle
fed by SHA-256, not a library RNG, so it is the same on every machine and version.

Grading never sees positions: screens translate a label (1…n) to the option's
index in the card with `order[label - 1]`, and everything stored refers to that index.
Predict cards list the verdicts in their fixed order (not a leak: every card has the same list).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence

from hpquiz.deck.model import Card, CardType, Deck


def seeded_order(key: str, seed: int | str, n: int) -> tuple[int, ...]:
    """A permutation of range(n) drawn from (`key`, `seed`): order[position] = option index."""
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        digest = hashlib.sha256(f"{key}\x00{seed}\x00{i}".encode()).digest()
        j = int.from_bytes(digest[:8], "big") % (i + 1)
        order[i], order[j] = order[j], order[i]
    return tuple(order)


def has_shuffled_options(card: Card) -> bool:
    """Choice cards and which-knob scenarios; predict and compare cards keep their fixed order."""
    if card.type is CardType.CHOICE:
        return True
    scenario = card.scenario
    return (card.type is CardType.SCENARIO and scenario is not None and bool(card.options)
            and not scenario.predict and not scenario.compare)


def option_order(card: Card, showing: int | str) -> tuple[int, ...]:
    """The order of `card`'s options at `showing` (identity for cards without shuffled options)."""
    n = len(card.options)
    return seeded_order(card.id, showing, n) if has_shuffled_options(card) else tuple(range(n))


def positions(order: Sequence[int]) -> dict[int, int]:
    """option index -> 0-based position on screen."""
    return {index: position for position, index in enumerate(order)}


def shuffled_card(card: Card, seed: int | str) -> Card:
    """`card` with its options (and a scenario's option changes, and the answer) put in the
    seeded order, for exports: a file cannot reshuffle at each showing, so each card is written
    in its own drawn order, and Moodle's shuffle setting can do the rest."""
    if not has_shuffled_options(card):
        return card
    order = option_order(card, f"export:{seed}")
    where = positions(order)
    scenario = card.scenario
    if scenario is not None and scenario.changes:
        scenario = dataclasses.replace(scenario, changes=tuple(scenario.changes[i] for i in order))
    return dataclasses.replace(
        card,
        options=tuple(card.options[i] for i in order),
        answer=tuple(sorted(where[i] for i in card.answer)),
        scenario=scenario,
    )


def shuffled_deck(deck: Deck, seed: int | str) -> Deck:
    """`deck` with every card's options in its seeded export order (`shuffled_card`)."""
    return dataclasses.replace(deck, cards=tuple(shuffled_card(card, seed) for card in deck.cards))

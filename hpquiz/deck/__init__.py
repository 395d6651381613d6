"""Decks: the card model and the reading and validating of deck files (TOML, one deck a file).

The package is split by what each module holds: `model` (Card, Scenario, Deck, CardType),
`fields` (reading typed fields with problems named for the author), `cards` (one card of
each type), `setups` (a scenario's training setup and its options' changes), `problems`
(DeckProblem, DeckError) and `loader` (files, cross-deck checks, `load_decks`). Callers
outside the package import from `hpquiz.deck` only.
"""

from hpquiz.deck.loader import LANGUAGES, deck_files, decks_in_play, load_deck, load_decks, shipped_deck_paths
from hpquiz.deck.model import Card, CardType, Deck, Scenario
from hpquiz.deck.problems import DeckError, DeckProblem

__all__ = [
    "Card", "CardType", "Deck", "DeckError", "DeckProblem", "Scenario",
    "LANGUAGES", "load_deck", "load_decks", "shipped_deck_paths", "deck_files", "decks_in_play",
]

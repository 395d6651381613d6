"""Fixtures for the export tests (the decks themselves are in `export_decks`)."""

from __future__ import annotations

import pytest
from export_decks import make_scenario_deck, make_tricky_deck

from hpquiz.deck.model import Deck


@pytest.fixture
def tricky_deck() -> Deck:
    return make_tricky_deck()


@pytest.fixture
def scenario_deck() -> Deck:
    return make_scenario_deck()


@pytest.fixture(scope="session")
def media_folder(tmp_path_factory):
    """One image cache for the session: each scenario card is simulated once."""
    return tmp_path_factory.mktemp("export-media")

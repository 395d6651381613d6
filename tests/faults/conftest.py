"""Real apps and real database files for the fault-injection tests."""

from __future__ import annotations

import pytest

from hpquiz.tui.app import HpquizApp
from hpquiz.tui.context import AppContext
from tests.tui.tui_helpers import Clock, study_deck, turkish_deck


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "progress.sqlite3"


@pytest.fixture
def make_app(db_path):
    """`make_app(start="study", db=...)`: an app on a database file (the temp one by default) at T0."""
    opened: list[AppContext] = []

    def make(start: str = "home", decks=None, deck_id=None, clock=None, db=None) -> HpquizApp:
        ctx = AppContext.open(db or db_path, decks=decks or [study_deck(), turkish_deck()], now_fn=clock or Clock())
        opened.append(ctx)
        return HpquizApp(ctx, start=start, deck_id=deck_id)

    yield make
    for ctx in opened:
        ctx.close()


@pytest.fixture
def locker(db_path):
    """Another program's connection to the test's database: `locker.execute("BEGIN IMMEDIATE")` holds its lock."""
    import sqlite3

    connection = sqlite3.connect(db_path, isolation_level=None)
    yield connection
    connection.close()

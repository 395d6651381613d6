"""`hpquiz cards`: find cards, act on them, read them as JSON."""

from __future__ import annotations

import json

from hpquiz.cli import main
from hpquiz.settings import Settings  # noqa: F401 - the store's settings exist on a fresh file
from hpquiz.store import Store


def test_a_suspended_card_is_listed_as_suspended_and_leaves_the_queue(tmp_path, capsys):
    db = str(tmp_path / "p.sqlite3")
    assert main(["cards", "--card", "opt-lr-most-important", "--suspend", "--db", db]) == 0
    assert "suspend: 1 card\n" in capsys.readouterr().out
    assert main(["cards", "--state", "suspended", "--json", "--db", db]) == 0
    [card] = json.loads(capsys.readouterr().out)
    assert (card["id"], card["state"], card["suspended"], card["history"]) == ("opt-lr-most-important", "suspended", True, [])
    from datetime import UTC, datetime

    with Store.open(db) as store:
        assert "opt-lr-most-important" not in store.queue(datetime.now(UTC), new_limit=9999)


def test_search_words_and_filters_combine(tmp_path, capsys):
    db = str(tmp_path / "p.sqlite3")
    assert main(["cards", "learning", "rate", "--type", "choice", "--deck", "optimisation", "--json", "--db", db]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and all(c["type"] == "choice" and c["deck"] == "optimisation" for c in found)
    assert main(["cards", "--card", "no-such-card", "--db", db]) == 2

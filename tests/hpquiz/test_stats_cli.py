"""`hpquiz stats` end to end: the shipped decks, a real database file, text and JSON output."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from hpquiz.cli import main
from hpquiz.deck import load_decks
from hpquiz.scheduler import Rating
from hpquiz.store import Store


def test_stats_json_counts_the_shipped_cards_and_todays_review(tmp_path, capsys):
    path = tmp_path / "progress.sqlite3"
    now = datetime.now(timezone.utc)
    with Store.open(path) as store:
        store.sync_cards(load_decks(), now)
        first = store.card_ids()[0]
        store.record_review(first, Rating.GOOD, now, 3.0)
        total = len(store.card_ids())

    assert main(["stats", "--json", "--db", str(path), "--tz", "UTC"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(data["cards_by_state"].values()) == total
    assert data["reviews_today"] == 1 and data["streak_days"] == 1
    assert sum(day["reviews"] for day in data["reviews_per_day"]) == 1


def test_stats_on_a_fresh_database_prints_tables_and_charts(tmp_path, capsys):
    Store.open(tmp_path / "new.sqlite3").close()
    assert main(["--db", str(tmp_path / "new.sqlite3"), "stats"]) == 0
    out = capsys.readouterr().out
    assert "Cards by state" in out and "Reviews per day" in out and "Cards due" in out


def test_hpquiz_db_environment_variable_picks_the_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "env.sqlite3"
    monkeypatch.setenv("HPQUIZ_DB", str(path))
    assert main(["stats", "--json"]) == 1  # stats only reads: it never creates the file
    assert "there is no progress database here" in capsys.readouterr().err and not path.exists()
    Store.open(path).close()
    assert main(["stats", "--json"]) == 0


def test_stats_on_a_file_that_is_not_a_database_is_one_clear_line(tmp_path, capsys):
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n" * 50)
    assert main(["stats", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not an hpquiz progress database" in err
    assert path.read_text() == "my notes\n" * 50


def test_an_unknown_time_zone_is_a_usage_error(tmp_path, capsys):
    assert main(["stats", "--db", str(tmp_path / "p.sqlite3"), "--tz", "Mars/Olympus"]) == 2
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err

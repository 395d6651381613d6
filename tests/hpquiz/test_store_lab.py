"""The lab's records on a real SQLite file: named setups, challenge attempts trial by trial."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from hpquiz.store import Store, StoreError

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def test_a_named_setup_is_kept_and_replaced_by_name(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        store.save_setup("fast moons", "[setup]\nlearning_rate = 0.5\n", T0)
        store.save_setup("slow", "[setup]\nlearning_rate = 0.001\n", T0 + timedelta(minutes=1))
        store.save_setup("fast moons", "[setup]\nlearning_rate = 0.3\n", T0 + timedelta(minutes=2))
    with Store.open(path) as store:
        assert store.setup_text("fast moons") == "[setup]\nlearning_rate = 0.3\n"
        assert store.setup_names() == ["fast moons", "slow"]
        assert store.setup_text("missing") is None


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, "tab\there"])
def test_a_setup_name_must_be_short_printable_text(tmp_path, name):
    with Store.open(tmp_path / "p.sqlite3") as store:
        with pytest.raises(StoreError, match="a setup name is 1 to 60 printable characters"):
            store.save_setup(name, "[setup]\n", T0)


def test_a_challenge_attempt_is_written_trial_by_trial_and_survives_quitting(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        attempt = store.start_attempt("rescue-lr", target=0.35, budget=2, now=T0)
        assert store.record_trial(attempt, "{ learning_rate = 0.1 }", 0.4, "good", T0) == 1
    with Store.open(path) as store:
        (unfinished,) = store.attempts("rescue-lr")
        assert unfinished.finished_at is None and unfinished.won is None
        assert [t.number for t in unfinished.trials] == [1]
        assert store.record_trial(attempt, "{ learning_rate = 0.05 }", float("nan"), "diverged", T0) == 2
        with pytest.raises(StoreError, match="no trials left \\(2 of 2 used\\)"):
            store.record_trial(attempt, "{}", 0.1, "good", T0)
        store.finish_attempt(attempt, best=0.4, won=False, grid_best=0.3, random_best=0.31, now=T0)
        (done,) = store.attempts()
        assert done.won is False and done.best == 0.4 and done.grid_best == 0.3
        assert done.trials[1].val_loss is None and done.trials[1].verdict == "diverged"
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT COUNT(*) FROM challenge_trials").fetchone()[0] == 2

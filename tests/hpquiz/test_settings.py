"""Deck options and settings: typed, range-checked, per deck over a default, kept in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hpquiz.cli import main
from hpquiz.scheduler import Rating
from hpquiz.settings import SPECS, Settings, SettingError, set_setting, unset_setting
from hpquiz.store import Store
from tests.hpquiz.store_decks import T0, two_decks


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "progress.sqlite3") as opened:
        opened.sync_cards(two_decks(), T0)
        yield opened


@given(st.text(max_size=12))
def test_any_text_is_either_a_value_in_range_or_a_refusal_naming_the_range(text):
    spec = SPECS["desired-retention"]
    try:
        value = spec.parse(text)
    except SettingError as error:
        assert "desired-retention must be a number from 0.70 to 0.99" in str(error)
    else:
        assert 0.7 <= value <= 0.99


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("new-per-day", "-1", "new-per-day must be a whole number from 0 to 9999, got '-1'"),
        ("new-per-day", "ten", "new-per-day must be a whole number from 0 to 9999"),
        ("desired-retention", "0.5", "desired-retention must be a number from 0.70 to 0.99, got '0.5'"),
        ("bury-siblings", "maybe", "bury-siblings must be on or off"),
        ("language", "de", "language must be one of deck, en, tr"),
        ("nonsense", "1", "no setting 'nonsense'"),
    ],
)
def test_nonsensical_values_are_refused_naming_the_allowed_range(store, key, value, message):
    with pytest.raises(SettingError, match=message.replace("(", r"\(")):
        set_setting(store, key, value)
    assert store.settings() == {}


def test_a_deck_takes_its_own_value_over_the_default_for_all(store):
    set_setting(store, "new-per-day", "5")
    set_setting(store, "new-per-day", "2", deck_id="bs")
    settings = Settings.load(store)
    assert settings.deck_options("lr").new_per_day == 5
    assert settings.deck_options("bs").new_per_day == 2
    assert store.queue(T0, limits=settings.limits(["lr", "bs"])) == ["lr-1", "mom-1", "bs-1", "lr-2", "bs-2"]
    unset_setting(store, "new-per-day", deck_id="bs")
    assert Settings.load(store).deck_options("bs").new_per_day == 5
    with pytest.raises(SettingError, match="theme is not a deck option"):
        set_setting(store, "theme", "nord", deck_id="bs")


def test_the_desired_retention_is_what_the_scheduler_aims_for(store):
    def interval_after_easy(card_id):
        store.record_review(card_id, Rating.EASY, T0)
        return store.state(card_id).interval

    plain = interval_after_easy("lr-1")
    set_setting(store, "desired-retention", "0.97", deck_id="lr")
    strict = interval_after_easy("lr-2")
    set_setting(store, "desired-retention", "0.75")
    loose = interval_after_easy("bs-1")
    assert strict < plain < loose  # aiming for more recall means coming back sooner


def test_settings_survive_reopening_the_file(tmp_path):
    path = tmp_path / "p.sqlite3"
    with Store.open(path) as store:
        set_setting(store, "reviews-per-day", "50")
        set_setting(store, "language", "tr")
    with Store.open(path) as store:
        assert Settings.load(store).deck_options("x").reviews_per_day == 50
        assert Settings.load(store).language == "tr"


def test_config_get_and_set_from_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "p.sqlite3")
    assert main(["config", "set", "new-per-day", "7", "--db", db]) == 0
    assert main(["config", "set", "desired-retention", "1.2", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "hpquiz: error: desired-retention must be a number from 0.70 to 0.99, got '1.2'"
    assert main(["config", "get", "new-per-day", "--deck", "optimisation", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "7  (the default for all decks)"
    assert main(["config", "set", "theme", "no-such", "--db", db]) == 1
    assert "theme must be one of" in capsys.readouterr().err
    assert main(["config", "get", "--db", db]) == 0
    assert "new-per-day = 7" in capsys.readouterr().out


def test_a_choice_is_read_whatever_its_case_and_a_retention_shows_as_typed(store):
    set_setting(store, "language", "TR")
    set_setting(store, "desired-retention", "0.955")
    settings = Settings.load(store)
    assert settings.get("language") == "tr"
    assert SPECS["desired-retention"].show(settings.get("desired-retention")) == "0.955"

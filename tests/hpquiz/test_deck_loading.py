"""A valid deck file becomes immutable cards carrying exactly what the file says."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from deck_samples import VALID, write
from hpquiz.deck import CardType, load_deck, load_decks, shipped_deck_paths
from simulator import TrainConfig, Verdict


@pytest.fixture
def sample(tmp_path):
    return load_deck(write(tmp_path, VALID))


def test_deck_metadata_and_cards_come_in_file_order(sample):
    assert (sample.id, sample.title, sample.language) == ("sample", "A sample deck", "en")
    assert sample.description == "Every card type once."
    assert [c.id for c in sample.cards] == ["s-basic", "s-reverse", "s-cloze", "s-choice", "s-predict", "s-knob"]
    assert [c.position for c in sample.cards] == [0, 1, 2, 3, 4, 5]
    assert {c.deck_id for c in sample.cards} == {"sample"}


def test_basic_card_keeps_tags_and_a_single_source_becomes_a_tuple(sample):
    card = sample.cards[0]
    assert card.type is CardType.BASIC
    assert (card.front, card.back) == ("What does the learning rate control?", "The size of each update step.")
    assert card.tags == ("definition",)
    assert card.source == ("001_f027e5dd55dc88ab.txt",)


def test_cloze_text_is_the_front_and_extra_the_back(sample):
    card = sample.cards[2]
    assert card.front.startswith("Batch sizes are often {{c1::powers of two}}")
    assert card.back == "Memory is laid out that way."


def test_choice_with_several_right_answers(sample):
    card = sample.cards[3]
    assert card.options == ("Dropout", "A higher learning rate", "Weight decay")
    assert card.answer == (0, 2)
    assert card.explanation == "Both fight overfitting."


def test_predict_scenario_holds_a_validated_setup_and_the_verdict(sample):
    card = sample.cards[4]
    assert card.scenario.predict
    assert card.scenario.verdict is Verdict.DIVERGED
    assert card.scenario.setup == TrainConfig(dataset="moons", n_samples=120, hidden=(8,), optimizer="sgd",
                                              learning_rate=50.0, epochs=20)
    assert card.options == () and card.answer == ()


def test_which_knob_scenario_applies_each_change_to_the_baseline(sample):
    card = sample.cards[5]
    assert not card.scenario.predict
    assert card.scenario.goal is Verdict.GOOD
    assert card.options == ("Lower the learning rate to 0.5", "Add dropout")
    assert card.answer == (0,)
    baseline, lower, dropout = card.scenario.configs()
    assert lower == dataclasses.replace(baseline, learning_rate=0.5)
    assert dropout == dataclasses.replace(baseline, dropout=0.5)


def test_loaded_cards_cannot_be_changed(sample):
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample.cards[0].front = "edited"
    with pytest.raises(TypeError):
        sample.cards[5].scenario.changes[0]["learning_rate"] = 1.0


def test_full_batch_and_no_early_stopping_can_be_spelled_in_toml(tmp_path):
    text = VALID.replace("epochs = 20 }", 'epochs = 20, batch_size = "full", early_stopping = "none" }', 1)
    setup = load_deck(write(tmp_path, text)).cards[4].scenario.setup
    assert setup.batch_size is None and setup.early_stopping is None


def test_same_folder_given_twice_loads_each_deck_once(tmp_path):
    path = write(tmp_path, VALID)
    assert [d.id for d in load_decks([tmp_path, path])] == ["sample"]


def test_shipped_decks_load(tmp_path):
    """Whatever decks ship (none or many) load without a problem."""
    decks = load_decks()
    assert len(decks) == len(shipped_deck_paths())
    assert all(deck.cards for deck in decks)


def test_loading_decks_does_not_import_heavy_or_ui_libraries():
    code = ("import sys; from hpquiz.deck import load_decks; load_decks(); "
            "print(sorted(m for m in ('matplotlib', 'textual', 'genanki', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

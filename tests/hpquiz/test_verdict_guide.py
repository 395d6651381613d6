"""The verdict guide and the reference cards say what the grader does: their numbers are diagnose's thresholds."""

from __future__ import annotations

import importlib
import textwrap

import pytest

from hpquiz.cli import main
from hpquiz.deck import DeckError, load_deck
from hpquiz.verdict_guide import fill_thresholds, guide_text

rules = importlib.import_module("simulator.diagnose")


def test_the_guide_quotes_every_threshold_that_separates_the_look_alike_verdicts():
    text = guide_text()
    for phrase in (
        f"at least {rules.DIVERGED_LOSS_FACTOR:g} times",
        f"at least {rules.UNSTABLE_MIN_JUMPS} rises of {rules.UNSTABLE_JUMP:.0%}",
        f"a single rise of {rules.UNSTABLE_BIG_JUMP:.0%}",
        f"the last {rules.RECENT_SHARE:.0%} of the epochs brought at least {rules.STILL_FALLING:.0%}",
        f"training accuracy below {rules.POOR_ACCURACY:.0%}",
        f"R² below {rules.POOR_R2:.2f}",
        f"less than {rules.WEIGHTS_BARELY_MOVED:.0%} of their starting size",
    ):
        assert phrase in text


def test_a_threshold_in_braces_is_replaced_by_its_value_and_an_unknown_name_is_reported():
    text, unknown = fill_thresholds("{diagnose.UNSTABLE_JUMP:.0%} and {diagnose.POOR_R2} and {diagnose.NOT_A_RULE}")
    assert text == f"{rules.UNSTABLE_JUMP:.0%} and {rules.POOR_R2} and {{diagnose.NOT_A_RULE}}"
    assert unknown == ["NOT_A_RULE"]


def test_hpquiz_verdicts_prints_the_guide_and_every_measure_formula(capsys):
    assert main(["verdicts"]) == 0
    out = capsys.readouterr().out
    assert "Unstable or diverged?" in out and "Too slow or underfitting?" in out
    assert "gap (train/validation gap; minimum change 0.05):" in out
    assert "val_loss[j] - train_loss[j]" in out


def test_the_shipped_reference_cards_carry_the_graders_numbers():
    from hpquiz.deck import load_decks

    cards = {c.id: c for d in load_decks() for c in d.cards}
    assert f"at least {rules.DIVERGED_LOSS_FACTOR:g} times" in cards["verdict-diverged-or-unstable"].back
    assert "{diagnose." not in "".join(c.front + c.back + " ".join(c.options) for c in cards.values())


def test_a_card_citing_a_threshold_that_does_not_exist_is_refused(tmp_path):
    path = tmp_path / "ref.toml"
    path.write_text(textwrap.dedent("""
        [deck]
        id = "ref"
        title = "Ref"
        language = "en"

        [[cards]]
        id = "ref-1"
        type = "basic"
        topic = "verdicts"
        front = "When is a run unstable?"
        back = "After {diagnose.UNSTABLE_JUMPS} jumps."
    """), encoding="utf-8")
    with pytest.raises(DeckError, match=r"card 'ref-1': field 'back' cites \{diagnose.UNSTABLE_JUMPS\}, which is not"):
        load_deck(path)

"""`hpquiz deck list | check | new` as an instructor uses them, with real simulations."""

from __future__ import annotations

import pytest

from deck_samples import VALID, write
from hpquiz.cli import main
from hpquiz.deck import load_deck


@pytest.fixture
def template(tmp_path, capsys):
    path = tmp_path / "lr-basics.toml"
    assert main(["deck", "new", str(path)]) == 0
    capsys.readouterr()
    return path


def test_deck_new_writes_a_template_with_every_card_type_that_deck_check_accepts(template, capsys):
    deck = load_deck(template)
    assert deck.id == "lr-basics"
    assert {card.type.value for card in deck.cards} == {"basic", "reverse", "cloze", "choice", "scenario"}
    kinds = {"compare" if card.scenario.compare else "predict" if card.scenario.predict else "which-knob"
             for card in deck.cards if card.scenario}
    assert kinds == {"predict", "which-knob", "compare"}
    assert "# " in template.read_text(encoding="utf-8")
    assert main(["deck", "check", str(template)]) == 0
    out = capsys.readouterr().out
    assert "3 of 3 scenario cards agree with the simulation" in out
    assert "lr-basics-predict" in out and "lr-basics-which-knob" in out and "lr-basics-compare" in out


def test_deck_new_refuses_to_overwrite_an_existing_file(template, capsys):
    before = template.read_text(encoding="utf-8")
    assert main(["deck", "new", str(template)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert template.read_text(encoding="utf-8") == before


def test_deck_check_fails_when_the_simulation_contradicts_a_predict_answer(template, capsys):
    text = template.read_text(encoding="utf-8").replace('answer = "diverged"', 'answer = "good"')
    template.write_text(text, encoding="utf-8")
    assert main(["deck", "check", str(template)]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "1 FAILED: lr-basics-predict" in out


def test_deck_check_fails_when_a_tempting_wrong_option_is_stated_as_right(template, capsys):
    text = template.read_text(encoding="utf-8").replace("answer = 0\n", "answer = [0, 1]\n")
    template.write_text(text, encoding="utf-8")
    assert main(["deck", "check", str(template)]) == 1
    assert "1 FAILED: lr-basics-which-knob" in capsys.readouterr().out


def test_deck_check_lists_every_validation_problem_one_per_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, VALID.replace("front =", "fornt =", 1).replace('answer = [0, 2]', 'answer = [0, 9]'))
    assert main(["deck", "check", "sample.toml"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "sample.toml: card 's-basic': field 'fornt' is not a field of a basic card; did you mean 'front'?",
        "sample.toml: card 's-basic': field 'front' is missing",
        "sample.toml: card 's-choice': field 'answer' is 9, out of range: there are 3 options, numbered 0 to 2",
        "hpquiz: 3 problems in deck files; nothing was loaded",
    ]


def test_deck_list_shows_each_deck_with_language_and_counts_by_type(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    write(tmp_path, VALID)
    write(tmp_path, VALID.replace('id = "sample"', 'id = "turkce"').replace('language = "en"', 'language = "tr"')
          .replace('id = "s-', 'id = "t-'), "tr.toml")
    assert main(["deck", "list", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "sample" in out and "turkce" in out and "A sample deck" in out
    assert "1 basic, 1 reverse, 1 cloze, 1 choice, 2 scenario" in out
    assert "2 decks" in out and "en, tr" in out and "12" in out


def test_deck_list_of_the_installed_decks_succeeds(capsys):
    assert main(["deck", "list"]) == 0
    assert capsys.readouterr().out.strip()


def test_every_shipped_deck_passes_deck_check(capsys):
    """The decks we ship validate and every scenario answer agrees with the simulation."""
    code = main(["deck", "check"])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err

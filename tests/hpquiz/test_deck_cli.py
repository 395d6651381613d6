"""`hpquiz deck list | check | new` as an instructor uses them, with real simulations."""

from __future__ import annotations

from pathlib import Path

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


def test_the_templates_scenarios_hold_on_every_seed_deck_check_allows(template, capsys):
    # authors copy these setups: none may sit on a threshold's edge (the which-knob card's
    # fix was good on 13 of 20 seeds at 200 points, and `--seeds 10` failed it)
    assert main(["deck", "check", "--seeds", "20", str(template)]) == 0
    assert "3 of 3 scenario cards agree with the simulation on 20 seeds" in capsys.readouterr().out


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


@pytest.mark.long
def test_every_shipped_deck_passes_deck_check(capsys):
    """The decks we ship validate and every scenario answer holds on each of 5 seeds."""
    code = main(["deck", "check"])
    captured = capsys.readouterr()
    assert code == 0, captured.out + captured.err


# On the edge between good and overfitting: good on seeds 1, 2, 4, 5, overfitting on seed 3
# (under OpenBLAS's Haswell and SkylakeX kernels alike).
EDGE_CARD = '''
[deck]
id = "edgy"
title = "On the edge"
language = "en"

[[cards]]
id = "edgy-predict"
type = "scenario"
topic = "learning-rate"
prompt = "{prompt}"
setup = {{ dataset = "moons", n_samples = 200, hidden = [16], optimizer = "sgd", learning_rate = 1.0, epochs = 40, seed = 1 }}
predict = true
answer = "good"
{extra}
'''


def edge_deck(tmp_path, prompt="Learning rate 1 with plain SGD: what does the run do?", extra=""):
    path = tmp_path / "edgy.toml"
    path.write_text(EDGE_CARD.format(prompt=prompt, extra=extra), encoding="utf-8")
    return str(path)


def test_deck_check_fails_a_seed_fragile_card_and_shows_each_seeds_verdict(tmp_path, capsys):
    assert main(["deck", "check", edge_deck(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "edgy-predict: states good\n  baseline: good on seeds 1, 2, 4, 5; overfitting on 3\n" in out
    assert "the answer holds on 4 of 5 seeds; it must hold on every seed" in out
    assert "0 of 1 scenario card agree with the simulation on 5 seeds; 1 FAILED: edgy-predict" in out


def test_deck_check_on_one_seed_judges_the_cards_own_seed(tmp_path, capsys):
    assert main(["deck", "check", "--seeds", "1", "--no-cache", edge_deck(tmp_path)]) == 0
    assert "on 1 seed" in capsys.readouterr().out


@pytest.mark.parametrize("seeds", ["0", "21", "-3", "five"])
def test_deck_check_refuses_a_seed_count_outside_1_to_20(tmp_path, capsys, seeds):
    assert main(["deck", "check", "--seeds", seeds, edge_deck(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "--seeds" in err and "from 1 to 20" in err and len(err.strip().splitlines()) == 1


def test_a_card_saying_most_seeds_passes_on_four_of_five(tmp_path, capsys):
    deck = edge_deck(tmp_path, prompt="Learning rate 1 with plain SGD: what does the run do on most seeds?",
                     extra='seeds = "most"')
    assert main(["deck", "check", deck]) == 0
    assert "good (on most seeds)" in capsys.readouterr().out


def test_most_seeds_must_be_said_in_the_cards_text(tmp_path, capsys):
    assert main(["deck", "check", edge_deck(tmp_path, extra='seeds = "most"')]) == 1
    err = capsys.readouterr().err
    assert ("edgy.toml: card 'edgy-predict': field 'seeds' is \"most\", but neither the prompt nor the "
            "explanation says so") in err


def test_most_seeds_cannot_excuse_a_card_that_holds_on_every_seed(tmp_path, capsys):
    deck = Path(edge_deck(tmp_path, prompt="On most seeds, what does it do?", extra='seeds = "most"'))
    deck.write_text(deck.read_text(encoding="utf-8").replace("learning_rate = 1.0", "learning_rate = 0.5"),
                    encoding="utf-8")
    assert main(["deck", "check", str(deck)]) == 1
    assert 'seeds = "most" excuses nothing' in capsys.readouterr().out


def test_an_unknown_seed_rule_is_named_with_the_allowed_ones(tmp_path, capsys):
    assert main(["deck", "check", edge_deck(tmp_path, extra='seeds = "some"')]) == 1
    assert "field 'seeds' is 'some', but must be \"all\"" in capsys.readouterr().err

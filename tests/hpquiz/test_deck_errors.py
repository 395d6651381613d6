"""A broken deck file names the file, the card and the field, and says what was expected."""

from __future__ import annotations

import pytest

from deck_samples import VALID, card_block, write
from hpquiz.deck import DeckError, load_decks
from hpquiz.errors import HpquizError

VERDICTS = "diverged, unstable, too_slow, underfitting, overfitting, good"
TYPES = "basic, reverse, cloze, choice, scenario"

# (card id whose block is edited or None for the whole file, old text, new text, expected line).
# An expected line ending in "…" only has to start with the text before it.
CASES = {
    "missing field": ("s-basic", 'back = "The size of each update step."\n', "",
                      "sample.toml: card 's-basic': field 'back' is missing"),
    "unknown field with did-you-mean": ("s-basic", "front =", "fornt =",
                                        "sample.toml: card 's-basic': field 'fornt' is not a field of a basic card; "
                                        "did you mean 'front'?"),
    "field of another card type": ("s-basic", "front =", 'question = "?"\nfront =',
                                   "sample.toml: card 's-basic': field 'question' is not a field of a basic card; "
                                   "it belongs to choice cards"),
    "wrong type of answer": ("s-choice", "answer = [0, 2]", 'answer = "zero"',
                             "sample.toml: card 's-choice': field 'answer' must be an option number (counting "
                             "from 0) or a list of them, not the string 'zero'"),
    "wrong type of tags": ("s-basic", 'tags = ["definition"]', 'tags = "definition"',
                           "sample.toml: card 's-basic': field 'tags' must be a list of strings, "
                           "not the string 'definition'"),
    "wrong type of front": ("s-basic", 'front = "What does the learning rate control?"', "front = 3",
                            "sample.toml: card 's-basic': field 'front' must be a string, not an integer (3)"),
    "empty string": ("s-reverse", 'back = "The learning rate"', 'back = "  "',
                     "sample.toml: card 's-reverse': field 'back' is empty"),
    "duplicate id within a file": ("s-reverse", 'id = "s-reverse"', 'id = "s-basic"',
                                   "sample.toml: card 's-basic': field 'id' is used twice in this file "
                                   "(cards #1 and #2)"),
    "bad id": ("s-basic", 'id = "s-basic"', 'id = "S Basic"',
               "sample.toml: card #1: field 'id' is 'S Basic', but must be lowercase letters, digits and "
               "single hyphens, like 'lr-too-high'"),
    "cloze without deletions": ("s-cloze", "{{c1::powers of two}}, like {{c2::32::a number}}", "powers of two",
                                "sample.toml: card 's-cloze': field 'text' has no deletions: mark what to hide "
                                "like {{c1::the learning rate}}"),
    "malformed cloze": ("s-cloze", "{{c1::powers of two}}", "{{c1:powers of two}}",
                        "sample.toml: card 's-cloze': field 'text' has a malformed deletion "
                        "'{{c1:powers of two}}': write {{c1::answer}} or {{c1::answer::hint}}"),
    "cloze never closed": ("s-cloze", "{{c2::32::a number}}", "{{c2::32::a number}",
                           "sample.toml: card 's-cloze': field 'text' has a '{{' that is never closed with '}}'"),
    "cloze with an empty answer": ("s-cloze", "{{c1::powers of two}}", "{{c1:: }}",
                                   "sample.toml: card 's-cloze': field 'text' has a malformed deletion '{{c1:: }}'…"),
    "choice without a correct option": ("s-choice", "answer = [0, 2]", "answer = []",
                                        "sample.toml: card 's-choice': field 'answer' is an empty list: "
                                        "at least one option must be right"),
    "choice answer out of range": ("s-choice", "answer = [0, 2]", "answer = [0, 3]",
                                   "sample.toml: card 's-choice': field 'answer' is 3, out of range: "
                                   "there are 3 options, numbered 0 to 2"),
    "choice with one option": ("s-choice", 'options = ["Dropout", "A higher learning rate", "Weight decay"]',
                               'options = ["Dropout"]',
                               "sample.toml: card 's-choice': field 'options' has 1 item(s), but needs at least 2"),
    "scenario answer out of range": ("s-knob", "answer = 0", "answer = 2",
                                     "sample.toml: card 's-knob': field 'answer' is 2, out of range: "
                                     "there are 2 options, numbered 0 to 1"),
    "predict answer not a verdict": ("s-predict", 'answer = "diverged"', 'answer = "exploded"',
                                     f"sample.toml: card 's-predict': field 'answer' is 'exploded', not a verdict "
                                     f"(verdicts: {VERDICTS})"),
    "verdict with did-you-mean": ("s-predict", 'answer = "diverged"', 'answer = "diverge"',
                                  f"sample.toml: card 's-predict': field 'answer' is 'diverge', not a verdict; "
                                  f"did you mean 'diverged'? (verdicts: {VERDICTS})"),
    "unknown goal verdict": ("s-knob", 'goal = "good"', 'goal = "fine"',
                             f"sample.toml: card 's-knob': field 'goal' is 'fine', not a verdict (verdicts: {VERDICTS})"),
    "which-knob without goal": ("s-knob", 'goal = "good"\n', "",
                                "sample.toml: card 's-knob': field 'goal' is missing: a which-knob scenario names "
                                "the verdict its right options reach (or set 'predict = true' for a "
                                "predict-the-outcome card)"),
    "predict card with options": ("s-predict", "predict = true", 'predict = true\ngoal = "good"',
                                  "sample.toml: card 's-predict': field 'goal' is only for which-knob scenarios; "
                                  "remove it or remove 'predict = true'"),
    "setup the simulator rejects": ("s-predict", "epochs = 20 }", "epochs = 20, dropout = 1.5 }",
                                    "sample.toml: card 's-predict': field 'setup.dropout' is 1.5, but the "
                                    "simulator allows 0 <= value < 1"),
    "setup whose knobs clash": ("s-predict", "epochs = 20 }", "epochs = 20, batch_size = 200 }",
                                "sample.toml: card 's-predict': field 'setup.batch_size' is 200, but the simulator "
                                "allows None or an integer 1 <= value <= 90…"),
    "every bad knob of a setup at once": ("s-predict", "learning_rate = 50.0", 'learning_rate = 500.0, seed = "x"',
                                          "sample.toml: card 's-predict': field 'setup.learning_rate' is 500.0, but "
                                          "the simulator allows 0 < value <= 100"),
    "setup with an unknown knob": ("s-predict", "learning_rate = 50.0", "lerning_rate = 50.0",
                                   "sample.toml: card 's-predict': field 'setup.lerning_rate' is not a simulator "
                                   "knob; did you mean 'learning_rate'?"),
    "setup value of the wrong type": ("s-predict", "hidden = [8]", 'hidden = "8"',
                                      "sample.toml: card 's-predict': field 'setup.hidden' must be a list of layer "
                                      "widths like [16, 16], not the string '8'"),
    "option change the simulator rejects": ("s-knob", "change = { dropout = 0.5 }", "change = { dropout = 1.5 }",
                                            "sample.toml: card 's-knob': field 'options[1].change.dropout' is "
                                            "1.5, but the simulator allows 0 <= value < 1"),
    "which-knob with more options than the drill has keys": (
        "s-knob", '  { label = "Add dropout", change = { dropout = 0.5 } },\n',
        "".join(f'  {{ label = "Dropout {i}", change = {{ dropout = 0.{i} }} }},\n' for i in range(1, 10)),
        "sample.toml: card 's-knob': field 'options' has 10 options, but a which-knob scenario has at most 9 "
        "(the drill's keys 1–9; its chart gives each run a colour of its own)"),
    "option without change": ("s-knob", ', change = { dropout = 0.5 }', "",
                              "sample.toml: card 's-knob': field 'options[1].change' is missing"),
    "unknown card type": ("s-basic", 'type = "basic"', 'type = "basik"',
                          f"sample.toml: card 's-basic': field 'type' is 'basik', not a known card type; "
                          f"did you mean 'basic'? (card types: {TYPES})"),
    "TOML syntax error with its line": (None, 'title = "A sample deck"', 'title = "A sample deck',
                                        "sample.toml: line 3, column 23: TOML syntax error: …"),
    "unknown deck language": (None, 'language = "en"', 'language = "fr"',
                              "sample.toml: field 'deck.language' is 'fr', but must be one of en, tr"),
    "missing deck table": (None, "[deck]\n", "",
                           "sample.toml: field 'title' is not a field of a deck file; it belongs in the [deck] "
                           "table"),
}


def edited(card_id: str | None, old: str, new: str) -> str:
    if card_id is None:
        assert old in VALID
        return VALID.replace(old, new, 1)
    block = card_block(card_id)
    assert old in block
    return VALID.replace(block, block.replace(old, new, 1))


def problem_lines(folder) -> list[str]:
    with pytest.raises(DeckError) as caught:
        load_decks([folder])
    return str(caught.value).splitlines()


def matches(line: str, expected: str) -> bool:
    return line.startswith(expected[:-1]) if expected.endswith("…") else line == expected


@pytest.mark.parametrize("card_id, old, new, expected", list(CASES.values()), ids=list(CASES))
def test_broken_deck_names_file_card_and_field(tmp_path, monkeypatch, card_id, old, new, expected):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, edited(card_id, old, new))
    lines = problem_lines(tmp_path)
    assert any(matches(line, expected) for line in lines), "\n".join(lines)


def test_the_valid_sample_has_no_problem(tmp_path):
    write(tmp_path, VALID)
    assert [deck.id for deck in load_decks([tmp_path])] == ["sample"]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = edited("s-basic", 'back = "The size of each update step."\n', "")
    one = one.replace('answer = [0, 2]', 'answer = [0, 3]')
    write(tmp_path, one, "a.toml")
    two = edited(None, 'id = "sample"', 'id = "other"').replace('type = "reverse"', 'type = "reversed"')
    two = two.replace('id = "s-', 'id = "t-')
    write(tmp_path, two, "b.toml")
    lines = problem_lines(tmp_path)
    assert lines == [
        "a.toml: card 's-basic': field 'back' is missing",
        "a.toml: card 's-choice': field 'answer' is 3, out of range: there are 3 options, numbered 0 to 2",
        f"b.toml: card 't-reverse': field 'type' is 'reversed', not a known card type; did you mean 'reverse'? "
        f"(card types: {TYPES})",
    ]


def test_card_id_used_in_two_decks_is_reported_with_both_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, VALID, "a.toml")
    write(tmp_path, VALID.replace('id = "sample"', 'id = "second"'), "b.toml")
    lines = problem_lines(tmp_path)
    assert "b.toml: card 's-basic': field 'id' is already used by a card in a.toml" in lines
    assert len(lines) == 6


def test_deck_id_used_twice_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, VALID, "a.toml")
    write(tmp_path, VALID.replace('id = "s-', 'id = "t-'), "b.toml")
    assert problem_lines(tmp_path) == ["b.toml: field 'deck.id' is 'sample', already the id of the deck in a.toml"]


def test_one_broken_file_loads_nothing(tmp_path):
    write(tmp_path, VALID, "good.toml")
    write(tmp_path, "[deck]\nid = 3\n", "bad.toml")
    with pytest.raises(DeckError) as caught:
        load_decks([tmp_path])
    assert all(problem.path.endswith("bad.toml") for problem in caught.value.problems)


def test_missing_path_is_a_deck_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert problem_lines("nope.toml") == ["nope.toml: does not exist"]


def test_deck_error_is_an_hpquiz_error_so_the_cli_prints_one_line_per_problem(tmp_path):
    write(tmp_path, edited("s-basic", "front =", "fornt ="))
    with pytest.raises(HpquizError) as caught:
        load_decks([tmp_path])
    assert len(str(caught.value).splitlines()) == len(caught.value.problems) == 2


def test_file_that_is_not_utf8_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "latin.toml").write_bytes(VALID.replace("What", "Wh\xe4t").encode("latin-1"))
    text = VALID.replace("What", "Wh\xe4t")
    line = text[: text.index("\xe4")].count("\n") + 1
    column = text.index("\xe4") - text.rfind("\n", 0, text.index("\xe4"))
    assert problem_lines(tmp_path)[0] == (
        f"latin.toml: line {line}, column {column}: is not UTF-8 text (byte 0xe4); save the file as UTF-8")


def test_a_byte_order_mark_is_accepted(tmp_path):
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert load_decks([tmp_path])[0].cards


def test_a_choice_card_with_the_same_option_twice_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deck = VALID + '''
[[cards]]
id = "twice"
type = "choice"
topic = "learning-rate"
question = "Which?"
options = ["Adam", "SGD", "adam "]
answer = 0
'''
    (tmp_path / "d.toml").write_text(deck, encoding="utf-8")
    assert "d.toml: card 'twice': field 'options' has the option 'adam ' twice (#1 and #3)" in problem_lines(tmp_path)


def test_a_deck_file_reusing_a_shipped_card_id_is_rejected_and_one_with_a_shipped_deck_id_replaces_it(tmp_path):
    from hpquiz.deck import decks_in_play

    shipped = load_decks()
    first, other = shipped[0], shipped[1]
    stolen = VALID.replace('id = "s-basic"', f'id = "{other.cards[0].id}"')
    (tmp_path / "mine.toml").write_text(stolen, encoding="utf-8")
    with pytest.raises(HpquizError, match=f"'{other.cards[0].id}'.*already used by a card of the shipped deck '{other.id}'"):
        decks_in_play([tmp_path / "mine.toml"])
    copy = tmp_path / "copy.toml"
    copy.write_text(first.path.read_text(encoding="utf-8").replace(first.title, "Edited"), encoding="utf-8")
    in_play, own = decks_in_play([copy])
    assert [d.id for d in in_play] == [d.id for d in shipped]
    assert in_play[0].title == "Edited" and own == [in_play[0]]

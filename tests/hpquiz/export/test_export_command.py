"""`hpquiz export` end to end: deck files in, files out, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from gift_reader import parse_gift

from hpquiz.cli import main

DECK = {
    "deck": {"id": "mine", "title": "Benim destem", "language": "tr", "description": "Sınıf için."},
    "cards": [
        {
            "id": "mine-basic",
            "type": "basic",
            "topic": "learning-rate",
            "front": 'Öğrenme oranı "çok" büyükse? {x} ~ = # ::',
            "back": "Kayıp <artar> & sıçrar.",
        },
        {
            "id": "mine-choice",
            "type": "choice",
            "topic": "batch-size",
            "question": "Hangisi?",
            "options": ["a", "b = c", "d # e"],
            "answer": 1,
            "explanation": "Çünkü.",
        },
    ],
}


def toml_value(value) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)


def write_deck(path, deck=DECK):
    lines = ["[deck]"] + [f"{k} = {toml_value(v)}" for k, v in deck["deck"].items()]
    for card in deck["cards"]:
        lines += ["", "[[cards]]"] + [f"{k} = {toml_value(v)}" for k, v in card.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_exporting_a_deck_file_to_gift_writes_a_quiz_moodle_can_read(tmp_path, capsys):
    deck_file = write_deck(tmp_path / "mine.toml")
    out = tmp_path / "quiz.gift"
    code = main(["export", "--deck-file", str(deck_file), "--format", "gift", "--out", str(out)])
    assert code == 0
    assert "Exported 2 cards from 1 deck as gift" in capsys.readouterr().out
    questions = {q.name: q for q in parse_gift(out.read_text(encoding="utf-8"))}
    assert questions["mine-basic"].text == DECK["cards"][0]["front"]
    assert [a.text for a in questions["mine-choice"].answers if a.right] == ["b = c"]


def test_an_export_writes_options_in_the_order_its_seed_draws(tmp_path):
    gifts = {}
    for seed in (0, 0, 1, 2, 3):
        out = tmp_path / f"quiz-{seed}.gift"
        assert main(["export", "optimisation", "architecture", "--format", "gift", "--out", str(out), "--seed", str(seed)]) == 0
        gifts.setdefault(seed, []).append(out.read_text(encoding="utf-8"))
    assert gifts[0][0] == gifts[0][1]  # the same seed writes the same file
    first_right = []
    for seed in (0, 1, 2, 3):
        questions = parse_gift(gifts[seed][0])
        assert len({q.name for q in questions}) == len(questions)
        first_right += [q.answers[0].right for q in questions if len(q.answers) > 1]
    assert len(set(gifts[s][0] for s in (0, 1, 2, 3))) == 4
    # the decks' files put the right option first in most choice cards; exported, not
    assert sum(first_right) / len(first_right) < 0.5


def test_exporting_a_deck_file_to_apkg_by_id(tmp_path):
    deck_file = write_deck(tmp_path / "mine.toml")
    out = tmp_path / "mine.apkg"
    assert main(["export", "mine", "--deck-file", str(deck_file), "--format", "apkg", "--out", str(out)]) == 0
    assert out.stat().st_size > 0


def test_an_unknown_deck_id_is_a_usage_error_naming_the_known_ones(tmp_path, capsys):
    deck_file = write_deck(tmp_path / "mine.toml")
    code = main(["export", "nope", "--deck-file", str(deck_file), "--format", "md", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "no deck with id 'nope'" in err and "mine" in err
    assert len(err.strip().splitlines()) == 1


def test_naming_no_deck_is_a_usage_error(tmp_path, capsys):
    assert main(["export", "--format", "md", "--out", str(tmp_path)]) == 2
    assert "--all" in capsys.readouterr().err


def test_an_output_folder_that_does_not_exist_is_reported_and_nothing_is_written(tmp_path, capsys):
    deck_file = write_deck(tmp_path / "mine.toml")
    out = tmp_path / "missing" / "quiz.gift"
    assert main(["export", "--deck-file", str(deck_file), "--format", "gift", "--out", str(out)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "missing").exists()


def test_an_unknown_format_is_a_usage_error(tmp_path, capsys):
    assert main(["export", "--all", "--format", "docx", "--out", str(tmp_path)]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_export_modules_load_genanki_and_matplotlib_only_when_writing():
    code = (
        "import sys, hpquiz.commands.export, hpquiz.export.formats, hpquiz.export.apkg, hpquiz.export.html_page;"
        "print(sorted(m for m in ('genanki', 'matplotlib', 'textual') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def export_cli(tmp_path, *args):
    deck_file = tmp_path / "mine.toml"
    if not deck_file.exists():
        write_deck(deck_file)
    return main(["export", "--deck-file", str(deck_file), *args])


def test_out_naming_an_html_file_writes_that_file_not_a_folder(tmp_path):
    assert export_cli(tmp_path, "--format", "html", "--out", str(tmp_path / "all.html")) == 0
    assert (tmp_path / "all.html").is_file()


def test_out_ending_in_a_slash_is_a_folder_created_for_the_export(tmp_path):
    assert export_cli(tmp_path, "--format", "apkg", "--out", f"{tmp_path}/decks/") == 0
    assert (tmp_path / "decks" / "mine.apkg").is_file()


def test_out_without_a_suffix_is_refused_instead_of_guessed(tmp_path, capsys):
    assert export_cli(tmp_path, "--format", "apkg", "--out", str(tmp_path / "noext")) == 1
    assert "noext.apkg" in capsys.readouterr().err
    assert not list(tmp_path.glob("noext*"))


def test_a_file_named_for_another_format_is_refused(tmp_path, capsys):
    assert export_cli(tmp_path, "--format", "html", "--out", str(tmp_path / "quiz.apkg")) == 1
    assert "--format apkg" in capsys.readouterr().err


def test_csv_needs_a_folder_said_as_a_folder(tmp_path, capsys):
    assert export_cli(tmp_path, "--format", "csv", "--out", str(tmp_path / "cards")) == 1
    assert "end the path with /" in capsys.readouterr().err
    assert export_cli(tmp_path, "--format", "csv", "--out", f"{tmp_path}/cards/") == 0
    assert (tmp_path / "cards" / "hpquiz-basic.csv").is_file()


def test_someone_elses_file_is_kept_byte_identical_unless_forced(tmp_path, capsys):
    notes = tmp_path / "notes.html"
    notes.write_bytes(b"my own notes\n")
    assert export_cli(tmp_path, "--format", "html", "--out", str(notes)) == 1
    assert "--force" in capsys.readouterr().err
    assert notes.read_bytes() == b"my own notes\n"
    assert export_cli(tmp_path, "--format", "html", "--out", str(notes), "--force") == 0
    assert b"Benim destem" in notes.read_bytes()


def test_an_earlier_export_of_the_same_decks_is_replaced_in_every_single_file_format(tmp_path):
    for fmt, name in (("apkg", "a.apkg"), ("gift", "a.gift"), ("moodlexml", "a.xml"), ("html", "a.html"),
                      ("md", "a.md")):
        out = tmp_path / name
        assert export_cli(tmp_path, "--format", fmt, "--out", str(out)) == 0
        assert export_cli(tmp_path, "--format", fmt, "--out", str(out)) == 0, fmt


def test_an_export_of_other_decks_is_not_replaced_without_force(tmp_path, capsys):
    other = dict(DECK, deck=dict(DECK["deck"], id="other"))
    write_deck(tmp_path / "other.toml", other)
    out = tmp_path / "q.gift"
    assert main(["export", "--deck-file", str(tmp_path / "other.toml"), "--format", "gift", "--out", str(out)]) == 0
    before = out.read_bytes()
    assert export_cli(tmp_path, "--format", "gift", "--out", str(out)) == 1
    assert out.read_bytes() == before


def test_several_decks_into_one_html_page_with_a_deck_index(tmp_path):
    other = dict(DECK, deck=dict(DECK["deck"], id="other", title="Öteki"),
                 cards=[dict(c, id="o-" + c["id"]) for c in DECK["cards"]])
    write_deck(tmp_path / "mine.toml")
    write_deck(tmp_path / "other.toml", other)
    out = tmp_path / "all.html"
    code = main(["export", "--deck-file", str(tmp_path / "mine.toml"), "--deck-file", str(tmp_path / "other.toml"),
                 "--format", "html", "--out", str(out)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert 'href="#mine-deck"' in page and 'href="#other-deck"' in page
    assert 'id="mine-deck"' in page and 'id="other-deck"' in page


def test_several_markdown_handouts_need_a_folder(tmp_path, capsys):
    other = dict(DECK, deck=dict(DECK["deck"], id="other"), cards=[dict(c, id="o-" + c["id"]) for c in DECK["cards"]])
    write_deck(tmp_path / "mine.toml")
    write_deck(tmp_path / "other.toml", other)
    args = ["export", "--deck-file", str(tmp_path / "mine.toml"), "--deck-file", str(tmp_path / "other.toml"),
            "--format", "md", "--out"]
    assert main([*args, str(tmp_path / "both.md")]) == 1
    assert "one handout per deck" in capsys.readouterr().err
    assert main([*args, f"{tmp_path}/md/"]) == 0
    assert sorted(p.name for p in (tmp_path / "md").glob("*.md")) == ["mine.md", "other.md"]


def test_subsets_by_topic_tag_and_card(tmp_path, capsys):
    out = tmp_path / "q.gift"
    assert export_cli(tmp_path, "--format", "gift", "--out", str(out), "--topic", "batch-size") == 0
    assert [q.name for q in parse_gift(out.read_text(encoding="utf-8"))] == ["mine-choice"]
    assert export_cli(tmp_path, "--format", "gift", "--out", str(out), "--card", "mine-basic") == 0
    assert [q.name for q in parse_gift(out.read_text(encoding="utf-8"))] == ["mine-basic"]
    assert export_cli(tmp_path, "--format", "gift", "--out", str(out), "--card", "nope") == 1
    assert "no card 'nope'" in capsys.readouterr().err


def test_a_bad_out_fails_before_any_scenario_is_simulated(tmp_path):
    from hpquiz.deck import load_decks
    from hpquiz.export.formats import export
    from hpquiz.export.job import ExportError

    drills = [d for d in load_decks() if d.id == "knob-drills"]
    simulated = []
    for out in (tmp_path / "noext", tmp_path / "x.gift", tmp_path / "missing" / "x.apkg"):
        with pytest.raises(ExportError):
            export(drills, "apkg", out, media_folder=tmp_path / "media", on_simulated=simulated.append)
    assert simulated == []


def test_export_refuses_a_deck_file_reusing_a_shipped_card_id(tmp_path, capsys):
    from hpquiz.deck import load_decks

    shipped_id = load_decks()[0].cards[0].id
    deck = dict(DECK, cards=[dict(DECK["cards"][0], id=shipped_id), DECK["cards"][1]])
    write_deck(tmp_path / "mine.toml", deck)
    out = tmp_path / "q.apkg"
    assert main(["export", "--deck-file", str(tmp_path / "mine.toml"), "--format", "apkg", "--out", str(out)]) == 1
    assert f"'{shipped_id}'" in capsys.readouterr().err and not out.exists()


WRONG_ANSWER = """
[deck]
id = "wrong"
title = "A wrong key"
language = "en"

[[cards]]
id = "wrong-predict"
type = "scenario"
topic = "learning-rate"
prompt = "Plain SGD at learning rate 100: what happens?"
setup = { dataset = "moons", n_samples = 200, hidden = [16], optimizer = "sgd", learning_rate = 100.0, epochs = 40, seed = 1 }
predict = true
answer = "good"
"""


def test_export_refuses_a_deck_whose_stated_answer_the_simulation_contradicts(tmp_path, capsys):
    deck_file = tmp_path / "wrong.toml"
    deck_file.write_text(WRONG_ANSWER, encoding="utf-8")
    out = tmp_path / "quiz.gift"
    code = main(["export", "--deck-file", str(deck_file), "--format", "gift", "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "wrong-predict: states good\n  the baseline run ends diverged, not good\n" in err
    assert "1 scenario card disagrees with the simulation (wrong-predict); nothing was written" in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["wrong.toml"]


WRONG_KNOB = """
[deck]
id = "wrong-knob"
title = "A wrong key, options reordered by the export"
language = "en"

[[cards]]
id = "wrong-knob-lr"
type = "scenario"
topic = "learning-rate"
prompt = "Plain SGD at learning rate 100 blows up: which change gives a good run?"
setup = { dataset = "moons", n_samples = 200, hidden = [16], optimizer = "sgd", learning_rate = 100.0, epochs = 40, seed = 1 }
goal = "good"
options = [
  { label = "Lower the rate to 0.5", change = { learning_rate = 0.5 } },
  { label = "Train twice as long", change = { epochs = 80 } },
  { label = "Lower the rate to 0.05", change = { learning_rate = 0.05 } },
  { label = "Stop at half the epochs", change = { epochs = 20 } },
]
answer = 1
"""


def test_a_refused_export_numbers_the_options_as_the_deck_file_and_deck_check_do(tmp_path, capsys):
    from hpquiz.deck import load_deck
    from hpquiz.drill import check_cards, failure_lines
    from hpquiz.shuffle import option_order

    deck_file = tmp_path / "wrong-knob.toml"
    deck_file.write_text(WRONG_KNOB, encoding="utf-8")
    (card,) = load_deck(deck_file).cards
    assert option_order(card, "export:0") != (0, 1, 2, 3)  # the export writes these options in another order
    out = tmp_path / "quiz.gift"
    assert main(["export", "--deck-file", str(deck_file), "--format", "gift", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    as_checked = failure_lines(check_cards([card]))
    assert as_checked[0] == "wrong-knob-lr: states good: [1]" and "  option 1 ends diverged, not good" in as_checked
    assert err.startswith("\n".join(as_checked) + "\n") and not out.exists()

"""`hpquiz export` end to end: deck files in, files out, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

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
    assert "Exported 2 cards from 1 deck(s) as gift" in capsys.readouterr().out
    questions = {q.name: q for q in parse_gift(out.read_text(encoding="utf-8"))}
    assert questions["mine-basic"].text == DECK["cards"][0]["front"]
    assert [a.right for a in questions["mine-choice"].answers] == [False, True, False]


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
    assert main(["export", "--all", "--format", "pdf", "--out", str(tmp_path)]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_export_modules_load_genanki_and_matplotlib_only_when_writing():
    code = (
        "import sys, hpquiz.commands.export, hpquiz.export.formats, hpquiz.export.apkg, hpquiz.export.html_page;"
        "print(sorted(m for m in ('genanki', 'matplotlib', 'textual') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

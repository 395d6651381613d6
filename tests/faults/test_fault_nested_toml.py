"""Deeply nested TOML is a deck error naming the file, in every command that reads deck files."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hpquiz.cli import main

NESTINGS = {
    "arrays 100000 deep": "x = " + "[" * 100_000,
    "inline tables 5000 deep": "x = " + "{a=" * 5000,
    "40 deep and well formed": "[deck]\nid = 'n'\ntitle = 'N'\nlanguage = 'en'\nx = " + "[" * 40 + "]" * 40,
}


@pytest.fixture(params=list(NESTINGS), ids=list(NESTINGS))
def nested_file(request, tmp_path):
    path = tmp_path / "nested.toml"
    path.write_text(NESTINGS[request.param] + "\n", encoding="utf-8")
    return path


def test_deck_check_reports_deep_nesting_as_a_problem_of_that_file(nested_file, capsys):
    assert main(["deck", "check", str(nested_file)]) == 1
    err = capsys.readouterr().err
    assert "nested.toml: nests arrays or tables inside each other more than 32 levels deep" in err
    assert "Recursion" not in err


def test_study_with_the_nested_deck_file_is_one_error_line_and_no_database(nested_file, tmp_path):
    db = tmp_path / "progress.sqlite3"
    done = subprocess.run([sys.executable, "-m", "hpquiz.cli", "--db", str(db), "study", "--deck-file", str(nested_file)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "nested.toml: nests arrays or tables" in done.stderr
    assert not db.exists()


def test_deck_list_and_export_refuse_it_the_same_way(nested_file, tmp_path, capsys):
    assert main(["deck", "list", str(nested_file)]) == 1
    assert "more than 32 levels deep" in capsys.readouterr().err
    assert main(["export", "--format", "gift", "--out", str(tmp_path / "q.gift"), "--deck-file", str(nested_file)]) == 1
    assert "more than 32 levels deep" in capsys.readouterr().err

"""`hpquiz study/drill/lab` are registered, and bad input fails before any screen opens."""

from __future__ import annotations

from hpquiz.cli import build_parser, main


def test_study_drill_and_lab_are_commands_with_a_deck_option():
    parser = build_parser()
    args = parser.parse_args(["study", "--deck", "optimisation", "--db", "x.sqlite3"])
    assert (args.deck, args.db) == ("optimisation", "x.sqlite3")
    assert parser.parse_args(["drill"]).deck is None
    assert callable(parser.parse_args(["lab"]).handler)


def test_an_unknown_deck_is_one_error_line_and_exit_1(tmp_path, capsys):
    code = main(["study", "--deck", "no-such-deck", "--db", str(tmp_path / "p.sqlite3")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1
    assert "no deck 'no-such-deck'" in err


def test_a_database_that_is_not_ours_is_reported_not_opened(tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\n" * 100)
    code = main(["lab", "--db", str(bad)])
    assert code == 1
    assert str(bad) in capsys.readouterr().err
    assert bad.read_text() == "just some notes\n" * 100

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


def own_deck(folder, deck_id="my-class", card_id="mine-1"):
    path = folder / f"{deck_id}.toml"
    path.write_text(
        f'[deck]\nid = "{deck_id}"\ntitle = "My class"\nlanguage = "en"\n\n'
        f'[[cards]]\nid = "{card_id}"\ntype = "basic"\ntopic = "learning-rate"\n'
        'front = "Which knob first when the loss explodes?"\nback = "The learning rate."\n'
    )
    return path


def test_an_own_deck_file_is_studied_alongside_and_keeps_its_history_when_left_out(tmp_path):
    from hpquiz.commands.tui import open_context
    from hpquiz.deck import load_decks

    parser = build_parser()
    db = str(tmp_path / "p.sqlite3")
    deck = own_deck(tmp_path)
    ctx, deck_id = open_context(parser.parse_args(["study", "--deck-file", str(deck), "--db", db]))
    try:
        assert deck_id == "my-class"  # the only own deck is the one studied
        assert [d.id for d in ctx.decks] == [d.id for d in load_decks()] + ["my-class"]
        assert ctx.store.db.execute("SELECT retired FROM cards WHERE id = 'mine-1'").fetchone() == (0,)
    finally:
        ctx.close()
    ctx, deck_id = open_context(parser.parse_args(["study", "--db", db]))
    try:
        assert deck_id is None and "mine-1" not in ctx.cards_by_id
        assert ctx.store.db.execute("SELECT retired FROM cards WHERE id = 'mine-1'").fetchone() == (1,)
    finally:
        ctx.close()


def test_an_own_deck_reusing_a_shipped_card_id_is_one_error_line(tmp_path, capsys):
    from hpquiz.deck import load_decks

    taken = load_decks()[0].cards[0].id
    deck = own_deck(tmp_path, card_id=taken)
    code = main(["drill", "--deck-file", str(deck), "--db", str(tmp_path / "p.sqlite3")])
    err = capsys.readouterr().err
    assert code == 1
    assert taken in err and "my-class.toml" in err
    assert not (tmp_path / "p.sqlite3").exists()  # checked before the database is touched

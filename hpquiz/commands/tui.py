"""`hpquiz` (no command), `hpquiz study`, `hpquiz drill`, `hpquiz lab`: open the terminal app.

The database is opened and the decks loaded and synced before Textual starts,
so a broken deck or database is one clear error line, not a crashed screen.

`--deck-file` adds decks of one's own (a class's deck from the instructor) to the
shipped ones. Their cards are synced like any other: started later without the
file, they rest (retired, history kept) and come back as they were when it is given again.
"""

from __future__ import annotations

import argparse

from hpquiz.commands import add_cache_flag, cache_from, db_path_from


def register(subparsers, common) -> None:
    study = subparsers.add_parser(
        "study",
        parents=[common],
        help="review the cards due now (Anki keys: space, 1–4, u)",
        description="Open the study screen: due reviews first, then new cards.",
    )
    study.add_argument("--deck", metavar="ID", help="study only this deck (see 'hpquiz deck list')")
    add_deck_file_option(study)
    study.set_defaults(handler=lambda args: run(args, "study"))

    drill = subparsers.add_parser(
        "drill",
        parents=[common],
        help="predict what a training run does, then watch it train",
        description="Open the drill screen: scenario cards, predict first, then simulate.",
    )
    drill.add_argument("--deck", metavar="ID", help="drill only this deck's scenarios")
    add_deck_file_option(drill)
    add_cache_flag(drill)
    drill.set_defaults(handler=lambda args: run(args, "drill"))

    lab = subparsers.add_parser(
        "lab",
        parents=[common],
        help="turn every knob of the simulator and watch the curves",
        description="Open the lab: edit the training setup, run, pause, step, pin, sweep, save setups.",
    )
    lab.add_argument("--setup", metavar="FILE.toml", help="open with the setup saved in this file (a [setup] table)")
    lab.set_defaults(handler=run_lab)


def add_deck_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--deck-file",
        action="append",
        default=[],
        metavar="PATH",
        help="also load this deck file or folder of your own (repeatable); "
        "with one such deck and no --deck, only that deck",
    )


def open_context(args: argparse.Namespace):
    """(AppContext, deck id or None) for the arguments: decks loaded and synced, or one error."""
    from hpquiz.deck import decks_in_play
    from hpquiz.tui.context import AppContext

    own_paths = getattr(args, "deck_file", [])
    deck_id = getattr(args, "deck", None)
    decks = None
    if own_paths:
        decks, own = decks_in_play(own_paths)
        if deck_id is None and len(own) == 1:
            deck_id = own[0].id
    ctx = AppContext.open(db_path_from(args), decks=decks, cache=cache_from(args), on_busy=tell)
    if deck_id is not None:
        try:
            ctx.deck(deck_id)  # unknown deck: one error line before the screen opens
        except BaseException:
            ctx.close()
            raise
    return ctx, deck_id


def open_home(args: argparse.Namespace) -> int:
    """`hpquiz` with no command: the home screen."""
    return run(args, "home")


def run(args: argparse.Namespace, start: str, lab_setup=None) -> int:
    from hpquiz.tui.app import HpquizApp

    ctx, deck_id = open_context(args)
    app = HpquizApp(ctx, start=start, deck_id=deck_id, lab_setup=lab_setup)
    app.run()
    return exit_code(app)


def run_lab(args: argparse.Namespace) -> int:
    """`hpquiz lab [--setup FILE.toml]`: a broken setup file is one error line before the screen opens."""
    setup = None
    if args.setup:
        from hpquiz.setup_files import read_setup_file

        setup = read_setup_file(args.setup)
    return run(args, "lab", lab_setup=setup)


def exit_code(app) -> int:
    """Textual prints an unhandled error's traceback and stops; the process must then not exit 0."""
    return app.return_code or 0


def tell(message: str) -> None:
    """Said on stderr before the screen opens (e.g. waiting for another program's lock)."""
    import sys

    print(f"hpquiz: {message}", file=sys.stderr, flush=True)

"""`hpquiz` (no command), `hpquiz study`, `hpquiz drill`, `hpquiz lab`: open the terminal app.

The database is opened and the decks loaded and synced before Textual starts,
so a broken deck or database is one clear error line, not a crashed screen.
"""

from __future__ import annotations

import argparse

from hpquiz.cli import db_path_from


def register(subparsers, common) -> None:
    study = subparsers.add_parser(
        "study",
        parents=[common],
        help="review the cards due now (Anki keys: space, 1–4, u)",
        description="Open the study screen: due reviews first, then new cards.",
    )
    study.add_argument("--deck", metavar="ID", help="study only this deck (see 'hpquiz deck list')")
    study.set_defaults(handler=lambda args: run(args, "study"))

    drill = subparsers.add_parser(
        "drill",
        parents=[common],
        help="predict what a training run does, then watch it train",
        description="Open the drill screen: scenario cards, predict first, then simulate.",
    )
    drill.add_argument("--deck", metavar="ID", help="drill only this deck's scenarios")
    drill.set_defaults(handler=lambda args: run(args, "drill"))

    lab = subparsers.add_parser(
        "lab",
        parents=[common],
        help="turn every knob of the simulator and watch the curves",
        description="Open the lab: edit the training setup, run, pin, sweep.",
    )
    lab.set_defaults(handler=lambda args: run(args, "lab"))


def open_home(args: argparse.Namespace) -> int:
    """`hpquiz` with no command: the home screen."""
    return run(args, "home")


def run(args: argparse.Namespace, start: str) -> int:
    from hpquiz.tui.app import HpquizApp
    from hpquiz.tui.context import AppContext

    ctx = AppContext.open(db_path_from(args))
    deck_id = getattr(args, "deck", None)
    if deck_id is not None:
        try:
            ctx.deck(deck_id)  # unknown deck: one error line before the screen opens
        except BaseException:
            ctx.close()
            raise
    HpquizApp(ctx, start=start, deck_id=deck_id).run()
    return 0

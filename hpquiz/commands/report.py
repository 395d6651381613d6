"""`hpquiz report FILES… --out report.html [--csv gradebook.csv]`: the class at a glance.

Each FILE is a learner file (`hpquiz stats --export`) or a learner's progress
database; files that cannot be read (damaged, foreign, from a newer hpquiz) are
listed in the report with the reason and never stop it, unless no file could be read:
then nothing is written (an existing report is kept) and the command exits 1.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "report", parents=[common], help="a class report from learners' exported files",
        description="Read learner files (from 'hpquiz stats --export', or progress databases) and write one "
        "HTML report: per learner cards studied, true retention, streak and drill accuracy; per card and topic "
        "how many got it wrong; the verdicts the class confuses in drills and the most-missed scenario cards "
        "with their explanations. --csv also writes a gradebook.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="learner files (.json) or databases")
    parser.add_argument("--out", type=Path, required=True, metavar="REPORT.html", help="the HTML report to write")
    parser.add_argument("--csv", type=Path, metavar="GRADEBOOK.csv", help="also write one row per learner as CSV")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from hpquiz.classreport.render import write_csv, write_html
    from hpquiz.classreport.summary import build, read_all
    from hpquiz.commands import UsageError
    from hpquiz.words import plural
    from hpquiz.deck import DeckError, load_decks
    from hpquiz.errors import HpquizError

    for target in (args.out, args.csv):
        if target is not None and not target.parent.is_dir():
            raise UsageError(f"hpquiz report: {target}: the folder {target.parent} does not exist")
    learners, skipped = read_all(args.files, datetime.now(UTC))
    for path, reason in skipped:
        print(f"  skipped {path}: {reason}", file=sys.stderr)
    if not learners:  # a report on nobody would only replace a good one with an empty page
        count = len(skipped)
        raise HpquizError(f"hpquiz report: none of the {count} file{'s' if count != 1 else ''} given could be "
                          "read as a learner's; nothing was written")
    try:
        cards = {card.id: card for deck in load_decks() for card in deck.cards}
    except DeckError:
        cards = {}
    report = build(learners, skipped, cards)
    write_html(report, args.out)
    print(f"Report on {plural(len(report.learners), 'learner')} written to {args.out}")
    if args.csv is not None:
        write_csv(report, args.csv)
        print(f"Gradebook written to {args.csv}")
    for repeat in report.repeats:
        print(f"  not counted twice: {repeat.source} is {repeat.name} again ({repeat.why}; {repeat.counted.name} counts)",
              file=sys.stderr)
    return 0

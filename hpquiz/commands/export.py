"""`hpquiz export`: decks to Anki, CSV, Moodle GIFT or XML, Markdown, HTML or PDF, for instructors.

Which decks: the DECK_IDs named (from the shipped decks and any `--deck-file`),
or `--all` of them, or, with neither, the decks of the `--deck-file`s. A deck
file whose id matches a shipped deck replaces it, so an instructor's edited copy
wins (the same rule as study and deck check: `deck.decks_in_play`). A progress bar on stderr follows the cards, since scenario cards are
trained and plotted while exporting.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from hpquiz.commands import add_cache_flag, add_jobs_flag, add_seeds_flag, cache_from
from hpquiz.export.formats import FORMATS
from hpquiz.words import plural


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[common],
        help="export decks to Anki (.apkg/CSV), Moodle (GIFT/XML) or printable Markdown/HTML/PDF",
        description="Export decks for a class: Anki packages or CSV, Moodle GIFT or XML questions, "
        "printable handouts, worksheets and keys. Scenario cards are simulated on several seeds to draw their curves, "
        "and checked as 'hpquiz deck check' does: if a stated answer disagrees with the simulation, nothing is written.",
    )
    parser.add_argument("deck_ids", nargs="*", metavar="DECK_ID", help="decks to export (see --all)")
    parser.add_argument("--all", action="store_true", help="export every deck (shipped and --deck-file)")
    parser.add_argument(
        "--format",
        required=True,
        choices=list(FORMATS),
        help="; ".join(f"{f.name}: {f.help}" for f in FORMATS.values()),
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the file to write (several decks go into one apkg, gift, moodlexml, pdf or html file), "
        "or a folder: end it with / (csv always; md for several decks)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing file that is not an hpquiz export of these decks"
    )
    parser.add_argument("--topic", action="append", default=[], metavar="TOPIC", help="only cards of this topic")
    parser.add_argument("--tag", action="append", default=[], metavar="TAG", help="only cards with this tag")
    parser.add_argument(
        "--card", action="extend", nargs="+", default=[], metavar="CARD_ID", help="only these cards (and --topic/--tag)"
    )
    parser.add_argument(
        "--deck-file",
        action="append",
        default=[],
        type=Path,
        metavar="PATH",
        help="a deck file or folder of your own (repeatable)",
    )
    parser.add_argument(
        "--with-answers", action="store_true", help="handouts: answers under each question, not in a key at the end"
    )
    printing = parser.add_argument_group("printed tests (md, html, pdf)")
    printing.add_argument("--worksheet", action="store_true", help="questions only, with room to answer and a name line")
    printing.add_argument("--key", action="store_true", help="the answer key alone (with --worksheet: beside it, -key)")
    printing.add_argument("--versions", type=int, default=1, metavar="N",
                          help="N versions with questions and options shuffled, each with its own key (1-26)")
    printing.add_argument("--seed", type=int, default=None, metavar="S",
                          help="the shuffle's seed (default 0): each card's options are written in the order S draws for it, "
                          "and printed tests print the same versions again")
    printing.add_argument("--paper", choices=("a4", "letter"), default="a4", help="page size (default a4)")
    add_jobs_flag(parser)
    add_seeds_flag(parser)
    add_cache_flag(parser)
    parser.set_defaults(handler=run)


def select_decks(args: argparse.Namespace) -> list:
    """The decks the arguments name, in the order named (or file order for --all)."""
    from hpquiz.commands import UsageError
    from hpquiz.deck import decks_in_play, load_decks

    in_play, own = decks_in_play(args.deck_file) if args.deck_file else (None, [])
    if not args.deck_ids and not args.all:
        if own:
            return own
        raise UsageError("hpquiz export: name the decks to export, or use --all (see 'hpquiz export --help')")
    if args.deck_ids and args.all:
        raise UsageError("hpquiz export: give DECK_IDs or --all, not both")
    own_ids = {d.id for d in own}
    needs_shipped = args.all or any(i not in own_ids for i in args.deck_ids)
    pool = {d.id: d for d in (in_play if in_play is not None else load_decks())} if needs_shipped else {}
    pool.update({d.id: d for d in own})
    if args.all:
        return list(pool.values())
    unknown = [i for i in args.deck_ids if i not in pool]
    if unknown:
        raise UsageError(
            f"hpquiz export: no deck with id {', '.join(map(repr, unknown))} "
            f"(known: {', '.join(sorted(pool)) or 'none'})"
        )
    return [pool[i] for i in dict.fromkeys(args.deck_ids)]


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from hpquiz.deck.model import CardType
    from hpquiz.export.formats import check_out, export
    from hpquiz.export.job import ExportRefused
    from hpquiz.parallel import default_jobs

    from hpquiz.export.job import Paper
    from hpquiz.export.subset import narrow

    decks = narrow(select_decks(args), args.topic, args.tag, args.card)
    total = sum(len(d.cards) for d in decks)
    scenarios = sum(card.type is CardType.SCENARIO for d in decks for card in d.cards)
    paper = Paper(args.worksheet, args.key, args.versions, args.seed, args.paper)
    check_out(decks, args.format, args.out, force=args.force, paper=paper)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    console = Console(stderr=True)
    # a bar only on a terminal: piped, it would only add a blank line before an error
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as progress:
        simulating = progress.add_task("Simulating scenario cards", total=scenarios, visible=scenarios > 0)
        task = progress.add_task(f"Exporting {args.format}", total=total)

        simulated: set[str] = set()

        def on_simulated(card) -> None:  # a worksheet version's reordered card is the same card on the bar
            progress.update(simulating, advance=card.id not in simulated,
                            description=f"Simulating scenario cards: {card.id}")
            simulated.add(card.id)

        def on_card(card) -> None:
            progress.update(task, advance=1, description=f"Exporting {args.format}: {card.id}")

        try:
            files = export(
                decks, args.format, args.out, with_answers=args.with_answers, force=args.force,
                paper=paper,
                now=datetime.now(UTC), on_card=on_card,
                jobs=args.jobs or default_jobs(), on_simulated=on_simulated, cache=cache_from(args), seeds=args.seeds,
                seed=0 if args.seed is None else args.seed,
            )
        except ExportRefused as refused:
            progress.stop()
            for line in refused.lines:
                print(line, file=sys.stderr)
            print(f"hpquiz: error: {refused}", file=sys.stderr)
            return 1
    images = [p for p in files if p.suffix == ".png"]
    print(f"Exported {plural(total, 'card')} from {plural(len(decks), 'deck')} as {args.format}:")
    for path in files:
        if path.suffix != ".png":
            print(f"  {path}")
    if images:
        print(f"  + {plural(len(images), 'curve image')} in {images[0].parent}")
    sys.stdout.flush()
    return 0

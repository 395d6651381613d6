"""`hpquiz deck list | check | new`: see the installed decks, verify decks, start a new one.

`check` is what an instructor runs on their own file: every field is validated
first (all problems at once, one line each), then every scenario card is
simulated and its stated answer compared with what the runs did. Tables go to
stdout; the progress bar goes to stderr so the table can be piped.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from hpquiz.commands import add_cache_flag, add_jobs_flag, add_seeds_flag, cache_from
from hpquiz.errors import HpquizError
from hpquiz.words import plural

TEMPLATE = Path(__file__).resolve().parent.parent / "deck" / "template.toml"
TEMPLATE_ID = "my-deck"


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "deck",
        parents=[common],
        help="list the installed decks, check deck files, start a new deck",
        description="Work with decks: list the installed ones, check deck files (validation and "
        "simulation of every scenario card), or write a commented template for a new deck.",
    )
    parser.set_defaults(handler=run_list)
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=type(parser))
    listing = actions.add_parser("list", parents=[common], help="the installed decks with card counts (default)",
                                 description="List the installed decks (or the given deck files and folders) "
                                 "with their language and card counts by type.")
    listing.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders (default: installed decks)")
    listing.set_defaults(handler=run_list)
    check = actions.add_parser(
        "check", parents=[common], help="validate deck files and verify every scenario by simulation",
        description="Validate deck files (the installed decks, or the given files and folders), then simulate "
        "every scenario card on several seeds: a predict card's answer must be the verdict its run gets; a "
        "which-knob card's answer must be exactly the options whose runs reach the goal, and the baseline must "
        "not reach it already; on every seed (a card with seeds = \"most\": on at least 4 of 5). "
        "Exits 1 on any problem.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="deck files or folders (default: installed decks)")
    add_jobs_flag(check)
    add_seeds_flag(check)
    add_cache_flag(check)
    check.set_defaults(handler=run_check)
    new = actions.add_parser(
        "new", parents=[common], help="write a commented template deck to PATH",
        description="Write a commented template deck showing every card type to PATH (never overwrites). "
        "The deck id and card ids are taken from the file name.",
    )
    new.add_argument("path", metavar="PATH", help="the new .toml file")
    new.set_defaults(handler=run_new)
    importing = actions.add_parser(
        "import", parents=[common], help="make a deck file from an Anki package, Anki text export or Quizlet TSV",
        description="Read an Anki package (.apkg, new and legacy formats), an Anki text export (with "
        "#separator/#html/#notetype column headers, as hpquiz's CSV export writes) or a Quizlet export "
        "(term<TAB>definition) and write a deck file. Basic, reversed, cloze and multiple-choice notes become "
        "cards; other notes are listed with the reason they were skipped. Card ids come from the note GUIDs, "
        "so importing the file again gives the same ids. Pictures go to a folder beside the deck.",
    )
    importing.add_argument("file", type=Path, metavar="FILE", help="the .apkg, .csv, .txt or .tsv file")
    importing.add_argument("--out", type=Path, required=True, metavar="DECK.toml", help="the deck file to write")
    importing.add_argument("--language", default="en", help="the deck's language (en, tr…) when the file does not say")
    importing.add_argument("--force", action="store_true", help="replace an existing deck file")
    importing.set_defaults(handler=run_import)
    show = actions.add_parser(
        "preview", parents=[common], help="every card of a deck file as the learner and Anki will see it",
        description="Render every card of a deck file without studying it: what the study screen or the drill "
        "shows (question, options, answer) and what each Anki card of its note shows, front and back.",
    )
    show.add_argument("path", type=Path, metavar="FILE", help="the deck file")
    show.set_defaults(handler=run_preview)


def run_preview(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.panel import Panel
    from rich.text import Text

    from hpquiz.deck import DeckError, load_deck
    from hpquiz.deck.preview import preview

    try:
        deck = load_deck(args.path)
    except DeckError as error:
        return report_deck_error(error)
    console = Console()
    console.print(Text(f"{deck.title} ({deck.id}, {deck.language}): {plural(len(deck.cards), 'card')}", style="bold"))
    for number, (card, views) in enumerate(preview(deck), start=1):
        console.print(Text(f"\n{number}. {card.id} · {card.type.value} · {card.topic}", style="bold"))
        for view in views:
            body = Text(view.question + "\n")
            body.append("─" * 20 + "\n", style="dim")
            body.append(view.answer)
            console.print(Panel(body, title=view.title, title_align="left", expand=True))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from hpquiz.deck import load_decks
    from hpquiz.importing.run import import_deck

    result = import_deck(args.file, args.out, language=args.language, force=args.force, known=load_decks())
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(result.counts.items()))
    print(f"Imported {plural(sum(result.counts.values()), 'card')} ({kinds}) into {result.path} "
          f"(deck id {result.deck_id!r})")
    if result.media:
        print(f"  {plural(len(result.media), 'media file')} in {result.media[0].parent}")
    if result.skipped:
        print(f"Skipped {plural(len(result.skipped), 'note')}:")
        for what, reason in result.skipped:
            print(f"  {what}: {reason}")
    return 0


def report_deck_error(error) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"hpquiz: {plural(len(error.problems), 'problem')} in deck files; nothing was loaded", file=sys.stderr)
    return 1


def run_list(args: argparse.Namespace) -> int:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from hpquiz.deck import DeckError, load_decks

    try:
        decks = load_decks(getattr(args, "paths", None) or None)
    except DeckError as error:
        return report_deck_error(error)
    console = Console()
    if not decks:
        console.print("No decks are installed.")
        return 0
    table = Table(title="Decks" if getattr(args, "paths", None) else "Installed decks", box=box.SIMPLE_HEAD)
    # the id is what --deck takes: never cut or wrapped, however narrow the terminal
    table.add_column("deck", min_width=max(24, *(len(d.id) for d in decks)), no_wrap=True)
    table.add_column("lang")
    table.add_column("cards by type", min_width=16)
    table.add_column("total", justify="right", style="bold", no_wrap=True)
    totals: Counter = Counter()
    for deck in decks:
        counts = Counter(card.type for card in deck.cards)
        totals.update(counts)
        name = Text(deck.id, style="bold")
        name.append("\n" + deck.title, style="dim")
        table.add_row(name, deck.language, by_type(counts), str(len(deck.cards)))
    languages = ", ".join(sorted({d.language for d in decks}))
    table.add_section()
    table.add_row(plural(len(decks), "deck"), languages, by_type(totals), str(sum(totals.values())))
    console.print(table)
    return 0


def by_type(counts: Counter) -> str:
    """"5 basic, 2 reverse, 8 choice": the card types present, in CardType order."""
    from hpquiz.deck.model import CardType

    return ", ".join(f"{counts[t]} {t.value}" for t in CardType if counts[t])


def run_check(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.table import Table

    from hpquiz.deck.model import CardType
    from hpquiz.deck import DeckError, load_decks
    from hpquiz.challenge import search_configs
    from hpquiz.drill import check_cards_pooled, failure_lines
    from hpquiz.parallel import default_jobs

    from hpquiz.deck import decks_in_play

    try:
        decks = decks_in_play(args.paths)[1] if args.paths else load_decks()
    except DeckError as error:
        return report_deck_error(error)
    cards = [card for deck in decks for card in deck.cards if card.type is CardType.SCENARIO]
    challenges = [c for deck in decks for c in deck.challenges]
    total = sum(len(deck.cards) for deck in decks)
    console = Console()
    with Progress(TextColumn(f"simulating {plural(len(cards), 'scenario')} on {plural(args.seeds, 'seed')}: runs"),
                  BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                  transient=True) as progress:
        task = progress.add_task("simulate", total=None)
        # the challenges' searches train in the same pool, over the same cores
        results, pool = check_cards_pooled(
            cards, lambda done, total: progress.update(task, completed=done, total=total),
            args.jobs or default_jobs(), seeds=args.seeds, cache=cache_from(args),
            extra=[c for ch in challenges for c in search_configs(ch)])
    if results:
        table = Table(title="Scenario cards against the simulation")
        table.add_column("card", no_wrap=True)
        table.add_column("expected")
        table.add_column("simulated")
        table.add_column("ok", justify="center")
        for result in results:
            mark = "[green]ok[/]" if result.ok else "[red]FAIL[/]"
            table.add_row(result.card_id, result.expected, result.simulated, mark)
        console.print(table)
    failed = [r for r in results if not r.ok]
    for line in failure_lines(failed):
        console.print(line, style="red" if not line.startswith(" ") else None, markup=False, highlight=False,
                      soft_wrap=True)
    summary = (f"{plural(len(decks), 'deck')}, {plural(total, 'card')} valid; {len(results) - len(failed)} of "
               f"{plural(len(results), 'scenario card')} agree with the simulation on {plural(args.seeds, 'seed')}")
    if challenges:
        from hpquiz.commands.challenge import check_table

        table, failed_challenges = check_table(challenges, pool)
        console.print(table)
        failed += failed_challenges
        summary += f"; {len(challenges) - len(failed_challenges)} of {plural(len(challenges), 'challenge')} reachable"
    if failed:
        console.print(f"[red]{summary}; {len(failed)} FAILED:[/] "
                      + ", ".join(getattr(r, "card_id", None) or r.challenge_id for r in failed),
                      soft_wrap=True)
        return 1
    console.print(summary, soft_wrap=True)
    return 0


def slug_of(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or TEMPLATE_ID


def run_new(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.exists():
        raise HpquizError(f"{path} already exists; choose a new file name (deck new never overwrites)")
    if path.suffix != ".toml":
        from hpquiz.commands import UsageError

        raise UsageError(f"hpquiz deck new: {path} should end in .toml (decks are TOML files)")
    slug = slug_of(path)
    text = TEMPLATE.read_text(encoding="utf-8").replace(TEMPLATE_ID, slug)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise HpquizError(f"{path} already exists; choose a new file name (deck new never overwrites)") from None
    except OSError as exc:
        raise HpquizError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"Wrote {path} (deck id {slug!r}). Edit it, then run: hpquiz deck check {path}")
    print(f"Study it with: hpquiz study --deck-file {path} (or drill its scenarios: hpquiz drill --deck-file {path})")
    return 0

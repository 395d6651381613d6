"""`hpquiz stats`: the learner's progress as tables and small charts, or `--json`.

The shipped decks are synced first, so new or edited decks show up in the
counts. Days are calendar days in `--tz` (default: this computer's time zone).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone, tzinfo
from pathlib import Path


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "stats",
        parents=[common],
        help="show your progress: reviews, streak, retention, forecast, mastery, drills",
        description="Show your study progress: reviews per day, streak, true retention, cards "
        "due in the next 14 days, cards by state, mastery per topic and drill calibration.",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON for scripts")
    parser.add_argument(
        "--export", type=Path, metavar="FILE.json",
        help="write your learner file for your instructor's 'hpquiz report' (schema in docs/report.md)",
    )
    parser.add_argument("--name", help="your name in the learner file (remembered for the next export)")
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        default=None,
        help="time zone for days and streaks, e.g. Europe/Istanbul or UTC (default: local time)",
    )
    parser.set_defaults(handler=run)


def time_zone(name: str | None) -> tzinfo:
    """The zone `--tz` names, else the computer's local zone."""
    if name is None:
        return datetime.now().astimezone().tzinfo or timezone.utc
    if name.upper() == "UTC":
        return timezone.utc
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from hpquiz.commands import UsageError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"hpquiz stats: --tz: unknown time zone {name!r} (e.g. UTC, Europe/Istanbul)") from exc


def export_learner_file(store, now: datetime, args: argparse.Namespace) -> int:
    import getpass
    import os

    from hpquiz.classreport.learner_file import NAME_KEY, learner_data
    from hpquiz.commands import UsageError

    if not args.export.parent.is_dir():
        raise UsageError(f"hpquiz stats: --export {args.export}: the folder {args.export.parent} does not exist")
    if args.name is not None:
        if not args.name.strip():
            raise UsageError("hpquiz stats: --name must not be empty")
        store.set_meta(NAME_KEY, args.name.strip())
    name = store.meta_value(NAME_KEY) or getpass.getuser()
    data = learner_data(store, now, name)
    tmp = args.export.with_name(args.export.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, args.export)
    print(f"Learner file for {name!r} written to {args.export} ({data['summary']['cards_studied']} cards studied, "
          f"{len(data['drills'])} drills)")
    return 0


def tell(message: str) -> None:
    print(f"hpquiz: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from hpquiz.commands import db_path_from
    from hpquiz.deck import load_decks
    from hpquiz.stats import compute_stats
    from hpquiz.store import ReadOnlyLocation, Store

    tz = time_zone(args.tz)
    now = datetime.now(timezone.utc)
    decks = load_decks()
    path = db_path_from(args)
    try:
        # Synced first, so new or edited decks show in the counts; never created: a mistyped
        # path is said to be missing instead of looking like lost progress.
        with Store.open(path, create=False, on_busy=tell) as store:
            store.sync_cards(decks, now)
            if args.export is not None:
                return export_learner_file(store, now, args)
            stats = compute_stats(store, now, tz)
    except ReadOnlyLocation as exc:
        tell(f"{exc.args[0].split(';')[0]}; showing the progress read-only (decks not synced)")
        with Store.open(path, read_only=True, on_busy=tell) as store:
            if args.export is not None:
                return export_learner_file(store, now, args)
            stats = compute_stats(store, now, tz)
    if args.json:
        json.dump(stats.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console

    from hpquiz.stats_view import renderables

    console = Console()
    for item in renderables(stats, console.width):
        console.print(item)
        console.print()
    return 0

"""`hpquiz stats`: the learner's progress as tables and small charts, or `--json`.

The shipped decks are synced first, so new or edited decks show up in the
counts. Days are calendar days in `--tz` (default: this computer's time zone).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone, tzinfo


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


def run(args: argparse.Namespace) -> int:
    from hpquiz.commands import db_path_from
    from hpquiz.deck import load_decks
    from hpquiz.stats import compute_stats
    from hpquiz.store import Store

    tz = time_zone(args.tz)
    now = datetime.now(timezone.utc)
    decks = load_decks()
    with Store.open(db_path_from(args)) as store:
        store.sync_cards(decks, now)
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

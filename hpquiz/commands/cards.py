"""`hpquiz cards`: find cards (text, deck, topic, tag, type, state), see their history, act on them.

Like Anki's browser from the shell: the filters pick cards, an action flag applies
to every card picked (suspend, unsuspend, bury until tomorrow, unbury, flag, reset
to new), `--history` lists each card's reviews, `--json` prints it all for scripts.
"""

from __future__ import annotations

import argparse
import json

from hpquiz.cli import db_path_from
from hpquiz.words import plural


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "cards",
        parents=[common],
        help="find cards and their history; suspend, bury, flag or reset them",
        description="List the cards matching every filter given; an action applies to all of them.",
    )
    parser.add_argument("text", nargs="*", help="words that must all appear in the card")
    parser.add_argument("--deck", metavar="ID")
    parser.add_argument("--topic", metavar="SLUG")
    parser.add_argument("--tag")
    parser.add_argument("--type", choices=("basic", "reverse", "cloze", "choice", "scenario"))
    parser.add_argument("--state", choices=("new", "learning", "due", "review", "suspended", "buried"))
    parser.add_argument("--card", action="append", default=[], metavar="ID", help="this card (repeatable)")
    actions = parser.add_mutually_exclusive_group()
    for flag, what in (("--suspend", "keep them out of study"), ("--unsuspend", "bring them back"),
                       ("--bury", "keep them out until tomorrow"), ("--unbury", "bring buried cards back now"),
                       ("--reset", "make them new again (history kept)")):
        actions.add_argument(flag, action="store_true", help=what)
    actions.add_argument("--flag", type=int, choices=range(5), metavar="0-4", help="flag them (0 removes)")
    parser.add_argument("--history", action="store_true", help="each card's reviews: date, rating, interval, stability")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from hpquiz.browse import Index, Query, rows, search
    from hpquiz.commands import UsageError
    from hpquiz.scheduler import format_interval
    from hpquiz.store import Store, day_start
    from hpquiz.store.rows import next_day
    from hpquiz.tui.context import AppContext

    now = datetime.now(UTC)
    ctx = AppContext.open(db_path_from(args))
    try:
        if args.deck is not None:
            ctx.deck(args.deck)
        unknown = [c for c in args.card if c not in ctx.cards_by_id]
        if unknown:
            raise UsageError(f"hpquiz cards: no card {unknown[0]!r}")
        index = Index(ctx.cards_by_id)
        query = Query(" ".join(args.text), args.deck, args.topic, args.tag, args.type, args.state)
        found = [r for r in search(rows(ctx.store, index, now), index, query) if not args.card or r.card.id in args.card]
        ids = [r.card.id for r in found]
        store: Store = ctx.store
        done = None
        if args.suspend or args.unsuspend:
            done = store.suspend(ids, args.suspend)
        elif args.bury:
            done = store.bury(ids, next_day(day_start(now), UTC))
        elif args.unbury:
            done = store.bury(ids, None)
        elif args.reset:
            done = store.reset(ids, now)
        elif args.flag is not None:
            done = store.flag(ids, args.flag)
        if done is not None:
            found = [r for r in search(rows(store, index, now), index, query) if r.card.id in set(ids)]
        if args.json:
            out = []
            for r in found:
                item = r.to_json()
                item["history"] = [
                    {"reviewed_at": h.reviewed_at.isoformat(), "rating": h.rating.name.lower(),
                     "interval_days": h.after.interval_days, "stability": h.after.stability}
                    for h in store.history(r.card.id)
                ]
                out.append(item)
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return 0
        for r in found:
            due = "" if r.label in ("new", "suspended") else f"  due in {format_interval(r.state.due - now)}" if r.state.due > now else "  due now"
            flag = f"  flag {r.flag}" if r.flag else ""
            print(f"{r.card.id}  [{r.card.deck_id} · {r.card.type.value} · {r.label}]{due}{flag}  {r.card.front[:60]}")
            if args.history:
                for h in store.history(r.card.id):
                    interval = "" if h.after.interval is None else format_interval(h.after.interval)
                    stability = "" if h.after.stability is None else f"{h.after.stability:.1f}d"
                    print(f"    {h.reviewed_at:%Y-%m-%d %H:%M}  {h.rating.name.title():<5}  interval {interval:<6} stability {stability}")
        if done is not None:
            action = next(a for a in ("suspend", "unsuspend", "bury", "unbury", "reset") if getattr(args, a)) if args.flag is None else f"flag {args.flag}"
            print(f"{action}: {plural(done, 'card')}")
        elif not found:
            print("No card matches.")
    finally:
        ctx.close()
    return 0

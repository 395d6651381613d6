"""`hpquiz config get|set|unset [KEY [VALUE]] [--deck ID]`: the learner's settings from the shell.

The same settings as the TUI's settings screen (`hpquiz.settings`): deck options
(new-per-day, reviews-per-day, desired-retention, bury-siblings) as a default for
all decks or for one `--deck`, the theme and the interface language. A bad value
is one line naming the key and the allowed range; nothing is stored then.
"""

from __future__ import annotations

import argparse

from hpquiz.cli import db_path_from


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "config",
        parents=[common],
        help="read or change settings: deck options (new cards and reviews per day, retention), theme, language",
        description="Read or change settings. Deck options apply to every deck unless set with --deck.",
    )
    parser.add_argument("action", choices=("get", "set", "unset"), help="get (all, or KEY), set KEY VALUE, unset KEY")
    parser.add_argument("key", nargs="?", metavar="KEY", help="a setting (hpquiz config get lists them)")
    parser.add_argument("value", nargs="?", metavar="VALUE")
    parser.add_argument("--deck", metavar="ID", help="one deck's own value of a deck option")
    parser.set_defaults(handler=run)


def theme_names() -> tuple[str, ...]:
    from textual.theme import BUILTIN_THEMES

    return tuple(BUILTIN_THEMES)


def run(args: argparse.Namespace) -> int:
    from hpquiz.commands import UsageError
    from hpquiz.deck import load_decks
    from hpquiz.settings import SPECS, Settings, set_setting, spec_of, unset_setting
    from hpquiz.store import Store

    if args.deck is not None:
        known = [d.id for d in load_decks()]
        if args.deck not in known:
            raise UsageError(f"hpquiz config: no deck {args.deck!r}; installed decks: {', '.join(known)}")
    with Store.open(db_path_from(args)) as store:
        if args.action == "get":
            settings = Settings.load(store)
            keys = [spec_of(args.key).key] if args.key else list(SPECS)
            for key in keys:
                spec = SPECS[key]
                if args.deck is not None and not spec.per_deck:
                    continue
                value = spec.show(settings.get(key, args.deck if spec.per_deck else None))
                note = "" if args.deck is None or settings.own(key, args.deck) else "  (the default for all decks)"
                print(f"{key} = {value}{note}" if not args.key else f"{value}{note}")
            return 0
        if args.key is None:
            raise UsageError(f"hpquiz config {args.action}: name a KEY (hpquiz config get lists them)")
        if args.action == "unset":
            unset_setting(store, args.key, args.deck)
            print(f"{spec_of(args.key).key}: back to the default")
            return 0
        if args.value is None:
            raise UsageError(f"hpquiz config set {args.key}: give a VALUE")
        choices = theme_names() if spec_of(args.key).key == "theme" else ()
        value = set_setting(store, args.key, args.value, args.deck, choices)
        where = f" for deck {args.deck}" if args.deck else ""
        print(f"{spec_of(args.key).key} = {spec_of(args.key).show(value)}{where}")
    return 0

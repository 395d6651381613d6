"""The `hpquiz` command line: subcommands, exit codes, `--db` / `HPQUIZ_DB`.

Each subcommand lives in its own module under `hpquiz.commands` and exposes
`register(subparsers, common)`; this module only wires them together and turns
errors into one readable line:

- exit 0: success;
- exit 1: an `HpquizError` (a broken deck, a corrupted database, a failed check…);
- exit 2: bad command-line usage (unknown flag, value out of range).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from hpquiz.commands import OneLineParser, UsageError, db_path_from  # noqa: F401 - UsageError, db_path_from: the CLI's public names
from hpquiz.errors import HpquizError

# Subcommand modules, in the order `hpquiz --help` lists them.
COMMAND_MODULES = ("tui", "sim", "sweep", "sweep2", "challenge", "deck", "cards", "config", "stats", "export", "report",
                   "verdicts", "db")


def build_parser() -> argparse.ArgumentParser:
    """The full parser; `--db` is accepted before or after the subcommand."""
    common = OneLineParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="progress database file (default: $HPQUIZ_DB, else the user data directory)",
    )
    parser = OneLineParser(
        prog="hpquiz",
        description="Learn deep-learning hyperparameters: predict, then see.",
        parents=[common],
    )
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=OneLineParser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"hpquiz.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"hpquiz.commands.{name}":
                continue
            raise
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns (and exits with) the process exit code."""
    from hpquiz.plain_output import make_printable

    make_printable(sys.stdout, sys.stderr)
    parser = build_parser()
    if os.environ.get("HPQUIZ_TANH"):  # a setting that every run would trip over: refused before any work
        from simulator import tanh_choice

        try:
            tanh_choice.forced()
        except ValueError as exc:
            print(f"hpquiz: error: {exc}", file=sys.stderr)
            return _exit(2, argv)
    try:
        args = parser.parse_args(argv)
        handler = args.handler
        if handler is None:
            from hpquiz.commands.tui import open_home

            handler = open_home
        code = handler(args)
    except HpquizError as exc:
        print(f"hpquiz: error: {exc}", file=sys.stderr)
        code = exc.exit_code
    except MemoryError as exc:
        from simulator.budget import refusal

        print(f"hpquiz: error: {refusal(exc)}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        # The reader went away (`hpquiz stats --json | head`): not an error of ours.
        # Point stdout at devnull so Python's exit-time flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141
    return _exit(code, argv)


def _exit(code: int, argv: Sequence[str] | None) -> int:
    """Run as the `hpquiz` command (argv None), exit with `code`; called with arguments, return it."""
    if argv is None:
        sys.exit(code)
    return code


if __name__ == "__main__":
    main()

"""One module per `hpquiz` subcommand, each exposing `register(subparsers, common)`.

`register` adds its subparser (with `parents=[common]` so `--db` works after the
subcommand too) and sets `handler=<function(args) -> int>` as a default.
"""

import argparse


def add_jobs_flag(parser: argparse.ArgumentParser) -> None:
    """`--jobs N` for commands that simulate many scenario cards (see hpquiz/parallel.py)."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        default=None,
        metavar="N",
        help="simulate on N processes (default: one per core this process may use)",
    )


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes >= 1, got {text!r}")
    return jobs

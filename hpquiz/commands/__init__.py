"""One module per `hpquiz` subcommand, each exposing `register(subparsers, common)`.

`register` adds its subparser (with `parents=[common]` so `--db` works after the
subcommand too) and sets `handler=<function(args) -> int>` as a default. What every
subcommand shares (the usage error, the one-line parser, `--db`) lives here, below
`hpquiz.cli`, so the commands never import the module that dispatches to them.
"""

import argparse
import os

from hpquiz.errors import HpquizError


class UsageError(HpquizError):
    """Bad command-line usage: reported in one line with exit code 2."""

    exit_code = 2


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and never exit mid-parse.

    argparse prints the whole usage block and calls `sys.exit(2)`; we raise
    `UsageError` instead so `main` reports every error the same way.
    """

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def db_path_from(args: argparse.Namespace):
    """The database path chosen by `--db`, else `HPQUIZ_DB`, else None (the default location)."""
    return getattr(args, "db", None) or os.environ.get("HPQUIZ_DB") or None




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


def add_seeds_flag(parser: argparse.ArgumentParser) -> None:
    """`--seeds K`: judge every scenario setup on K seeds (simulator.consensus)."""
    from simulator.consensus import MAX_SEEDS, SEEDS

    parser.add_argument(
        "--seeds",
        type=_seeds,
        default=SEEDS,
        metavar="K",
        help=f"judge every setup on K seeds, the card's own and the K-1 after it (1 to {MAX_SEEDS}; "
        f"default {SEEDS}); a stated answer must hold on every one",
    )


def _seeds(text: str) -> int:
    from simulator.consensus import MAX_SEEDS

    try:
        seeds = int(text)
    except ValueError:
        seeds = 0
    if not 1 <= seeds <= MAX_SEEDS:
        raise argparse.ArgumentTypeError(f"expected a whole number of seeds from 1 to {MAX_SEEDS}, got {text!r}")
    return seeds


def add_cache_flag(parser: argparse.ArgumentParser) -> None:
    """`--no-cache`: train every run again instead of reading the result cache (simulator/cache.py)."""
    parser.add_argument(
        "--no-cache",
        dest="use_cache",
        action="store_false",
        help="train every run afresh instead of reusing the result cache (HPQUIZ_CACHE, else the user cache folder)",
    )


def cache_from(args: argparse.Namespace):
    """The result cache the arguments ask for, or None with --no-cache."""
    if not getattr(args, "use_cache", True):
        return None
    from simulator.cache import default_cache

    return default_cache()

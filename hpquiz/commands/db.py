"""`hpquiz db check | backup PATH`: look after the progress file itself.

`check` reads the file only (read-only connection): SQLite's integrity and
foreign-key checks, then every row as hpquiz reads it (`hpquiz.store.check`);
each problem one line, exit 1 if any. `backup` writes a consistent copy through
SQLite's online backup API, safe while another window studies, into a new file
(never over an existing one), so there is a good file to restore when needed.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "db",
        parents=[common],
        help="check the progress database, or back it up",
        description="Check the progress database (integrity and every row) or write a backup copy of it.",
    )
    parser.set_defaults(handler=lambda args: parser.error("choose an action: check or backup"))
    actions = parser.add_subparsers(title="actions", metavar="ACTION", parser_class=type(parser))
    check = actions.add_parser("check", parents=[common], help="integrity check and validation of every row",
                               description="Run SQLite's integrity and foreign-key checks on the progress "
                               "database and validate every row as hpquiz reads it. Reads only. Exits 1 on any problem.")
    check.set_defaults(handler=run_check)
    backup = actions.add_parser("backup", parents=[common], help="write a consistent copy of the database to PATH",
                                description="Copy the progress database to PATH with SQLite's backup API "
                                "(consistent even while hpquiz is studying in another window). PATH must not exist.")
    backup.add_argument("path", metavar="PATH", help="the new backup file")
    backup.set_defaults(handler=run_backup)


def run_check(args: argparse.Namespace) -> int:
    from hpquiz.cli import db_path_from
    from hpquiz.store import Store

    with Store.open(db_path_from(args), read_only=True) as store:
        found = store.problems()
        sizes = store.row_counts()
        path = store.path
    for line in found:
        print(line)
    checked = ", ".join(f"{n} {table.replace('_', ' ')} rows" for table, n in sizes.items())
    if found:
        print(f"{path}: {len(found)} problem{'s' * (len(found) != 1)} ({checked} checked); restore a backup "
              "('hpquiz db backup' makes one) or fix the rows named", file=sys.stderr)
        return 1
    print(f"{path}: no problems ({checked} checked)")
    return 0


def run_backup(args: argparse.Namespace) -> int:
    from hpquiz.cli import db_path_from
    from hpquiz.store import Store
    from hpquiz.store.opening import checked_path

    target = checked_path(args.path)
    with Store.open(db_path_from(args), read_only=True) as store:
        reviews = store.backup_to(target)
        source = store.path
    print(f"Backed up {source} ({reviews} reviews) to {target}")
    return 0

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
from pathlib import Path


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
    from hpquiz.store.check import counts, problems

    with Store.open(db_path_from(args), read_only=True) as store:
        found = list(problems(store.db.conn))
        sizes = counts(store.db.conn)
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
    import os
    import sqlite3

    from hpquiz.cli import db_path_from
    from hpquiz.errors import HpquizError
    from hpquiz.store import Store
    from hpquiz.store.opening import checked_path

    target = checked_path(args.path)
    if target.exists():
        raise HpquizError(f"{target}: already exists; back up to a new file name (nothing was overwritten)")
    if not target.parent.is_dir():
        raise HpquizError(f"{target}: the folder {target.parent} does not exist")
    part = target.with_name(target.name + ".part")
    with Store.open(db_path_from(args), read_only=True) as store:
        source = store.path
        if source.resolve() == target.resolve():
            raise HpquizError(f"{target}: is the database itself; choose another file")
        try:
            copy = sqlite3.connect(part)
            try:
                store.db.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
                check = copy.execute("PRAGMA quick_check").fetchone()[0]
                reviews = copy.execute("SELECT count(*) FROM reviews").fetchone()[0]
            finally:
                copy.close()
            if check != "ok":
                raise HpquizError(f"{target}: the copy failed its check ({check}); run 'hpquiz db check'")
            os.replace(part, target)
        except (OSError, sqlite3.Error) as exc:
            raise HpquizError(f"{target}: cannot write the backup ({exc}); nothing was written") from exc
        finally:
            part.unlink(missing_ok=True)
            Path(str(part) + "-journal").unlink(missing_ok=True)
    print(f"Backed up {source} ({reviews} reviews) to {target}")
    return 0

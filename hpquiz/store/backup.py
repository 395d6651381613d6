"""A consistent copy of the progress file through SQLite's online backup API.

Copying the file with `cp` while hpquiz runs can catch it mid-write and leaves
out whatever is still in its `-wal`; the backup API copies the database as one
transaction sees it. The copy is written beside its target as `.part`, checked,
switched to a single self-contained file (journal mode DELETE) and only then
renamed into place, so a failed backup never leaves a half file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from hpquiz.store.errors import StoreError


def backup(conn: sqlite3.Connection, source: Path, target: Path) -> int:
    """Copy the database open on `conn` to the new file `target`; returns the number of reviews copied."""
    if target.exists():
        raise StoreError(f"{target}: already exists; back up to a new file name (nothing was overwritten)")
    if not target.parent.is_dir():
        raise StoreError(f"{target}: the folder {target.parent} does not exist")
    if target.resolve() == source.resolve():
        raise StoreError(f"{target}: is the database itself; choose another file")
    part = target.with_name(target.name + ".part")
    try:
        copy = sqlite3.connect(part)
        try:
            conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            check = copy.execute("PRAGMA quick_check").fetchone()[0]
            reviews = copy.execute("SELECT count(*) FROM reviews").fetchone()[0]
        finally:
            copy.close()
        if check != "ok":
            raise StoreError(f"{target}: the copy failed its check ({check}); run 'hpquiz db check'")
        os.replace(part, target)
        return int(reviews)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{target}: cannot write the backup ({exc}); nothing was written") from exc
    finally:
        part.unlink(missing_ok=True)
        Path(str(part) + "-journal").unlink(missing_ok=True)

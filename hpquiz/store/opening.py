"""Deciding, before anything is written, whether and how a progress file may be opened.

Why: SQLite writes the moment a connection is allowed to. A normal connection
on a refused file checkpoints its `-wal` into it on close; one on a mistyped
path creates a fresh database; one in a read-only folder fails with "unable to
open database file", which used to be reported as damage. So every file is
first looked at through a read-only connection (`mode=ro`, or `immutable=1`
where the folder is read-only and so nobody can be writing), its `-wal` is
checked to belong to it (`journal`), and only then is a writing connection made.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from hpquiz.store.errors import BadPath, ForeignJournal, NoDatabase, ReadOnlyLocation, StoreError
from hpquiz.store.journal import journal_problem


def file_uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(path.absolute().as_posix())}" + (f"?{query}" if query else "")


def checked_path(path: str | os.PathLike[str]) -> Path:
    """`path` as a file path SQLite will treat as one, or `BadPath` saying why it cannot be."""
    text = os.fspath(path)
    if not text.strip():
        raise BadPath("the database path is empty; give a file name, e.g. --db progress.sqlite3")
    if text == ":memory:" or text.startswith("file:"):
        raise BadPath(f"{text}: give the database as a file path; in-memory databases and file: URIs "
                      "are not accepted (progress kept there would vanish, or land in a folder named 'file:')")
    try:
        resolved = Path(text).expanduser()
    except RuntimeError:
        user = text[1:].split("/", 1)[0]
        raise BadPath(f"{text}: there is no user {user!r} on this computer to expand ~{user} for") from None
    limit = _name_max(resolved.parent)
    for part in resolved.parts:
        if len(os.fsencode(part)) > limit:
            raise BadPath(f"{part[:40]}…: this file or folder name is {len(os.fsencode(part))} bytes long; "
                          f"names here may be at most {limit}")
    if len(os.fsencode(str(resolved))) > 4000:
        raise BadPath(f"{str(resolved)[:40]}…: the path is longer than this system allows")
    return resolved


def _name_max(folder: Path) -> int:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def folder_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK | os.X_OK)


def refuse_foreign_journal(path: Path) -> None:
    problem = journal_problem(path)
    if problem is None:
        return
    wal = path.with_name(path.name + "-wal")
    move = f"move {wal.name} (and {path.name}-shm) out of the folder and run hpquiz again"
    if "another database" in problem:
        advice = f"it is not this file's journal: {move}"
    else:
        advice = (f"if you copied {path.name} back from a backup, {move}; if not, keep both files and "
                  "restore them together from a backup")
    raise ForeignJournal(f"{wal} {problem}. hpquiz left both files as they are. {advice[0].upper()}{advice[1:]}.")


def read_only_connection(path: Path, timeout: float, untouched: bool = False) -> sqlite3.Connection:
    """A connection that cannot write `path` or its journal; never creates a file.

    `untouched`: a file someone handed in, with no `-wal` beside it. `mode=ro` alone
    still makes an empty `-wal` and a `-shm` beside a WAL-mode file; `immutable=1`
    reads the file as it is and creates nothing (so nobody may be writing it)."""
    wal = path.with_name(path.name + "-wal")
    if (untouched or not folder_writable(path)) and not wal.exists():
        # No journal to read and nobody able to write one: the file is all there is.
        uri = file_uri(path, mode="ro", immutable="1")
    else:
        uri = file_uri(path, mode="ro")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
        return conn
    except sqlite3.Error as exc:
        if not folder_writable(path):
            raise read_only_folder(path, reading=True) from exc
        raise StoreError(f"{path}: cannot open the database ({exc})") from exc


def read_only_folder(path: Path, reading: bool = False) -> ReadOnlyLocation:
    if reading:
        return ReadOnlyLocation(
            f"{path}: the folder {path.parent} is read-only and the database's journal ({path.name}-wal) "
            "cannot be read without writing there; copy both files to a folder you can write to"
        )
    return ReadOnlyLocation(
        f"{path}: the folder {path.parent} is read-only, so hpquiz cannot write its journal there; the file "
        "itself is not damaged. Make the folder writable or copy the database to one that is (--db); "
        "'hpquiz stats' can still read it"
    )


def refuse_unwritable(path: Path) -> None:
    """Raise `ReadOnlyLocation` when `path` (existing or to be created) cannot be written."""
    if not folder_writable(path):
        raise read_only_folder(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise ReadOnlyLocation(
            f"{path}: the file is read-only (its permissions), so answers cannot be saved; it is not damaged. "
            "Make it writable (chmod u+w) or use a copy; 'hpquiz stats' can still read it"
        )


def missing(path: Path) -> NoDatabase:
    return NoDatabase(f"{path}: there is no progress database here (nothing was created); check the path, "
                      "or study once to start one")

"""Does the `-wal` beside a progress file belong to it? Decided by reading both files, never writing.

SQLite replays whatever `-wal` lies next to a database, and nothing in the WAL
names the file it was written for. So a backup copied over `progress.sqlite3`
with the old `progress.sqlite3-wal` still beside it silently becomes the old
data again, and a WAL copied from another database is applied to this one.

hpquiz therefore stamps every write transaction: the `meta` table holds the
file's random `file_id` and a `writes` counter that each transaction increments
(`Store._write`). Every WAL hpquiz writes thus carries the meta page, and:

- a WAL whose meta page names another `file_id` belongs to another database;
- the main file's counter must lie between the WAL's first transaction's base
  (its first counter minus one) and its last counter: below, the main file is
  older than the journal's starting point (a backup restored over it); above,
  the journal is older than the main file.

Files without stamps (older hpquiz, or a journal with no meta page) fall back
on the clock: a journal with changes the main file lacks, last written before
the main file was, is refused as older than it.

The two files are read one after the other, so while another hpquiz writes them
(two study sessions on one file) the journal read may predate a checkpoint the
main file read already shows. A verdict counts only when neither file changed
while it was reached; files that never hold still are in use by a live SQLite
connection, whose journal is this file's by construction.

The WAL format (header, frames, salts, checksums) is SQLite's documented
one: https://www.sqlite.org/fileformat2.html#walformat.
"""

from __future__ import annotations

import sqlite3
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

WAL_MAGIC = (0x377F0682, 0x377F0683)  # checksums little- / big-endian


@dataclass(frozen=True)
class Frames:
    """The committed frames of a WAL: page size and, per frame in order, (page number, page bytes)."""

    page_size: int
    frames: tuple[tuple[int, bytes], ...]


def _checksum(data: bytes, s0: int, s1: int, big: bool) -> tuple[int, int]:
    words = struct.unpack((">" if big else "<") + "I" * (len(data) // 4), data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def committed_frames(wal: Path) -> Frames | None:
    """The frames SQLite would replay from `wal` (valid salts and checksums, up to the last commit)."""
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < 32:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:32])
    if magic not in WAL_MAGIC or page_size < 512 or page_size & (page_size - 1):
        return None
    big = magic == 0x377F0683
    s0, s1 = _checksum(data[:24], 0, 0, big)
    if (s0, s1) != (c0, c1):
        return None
    frames, pending, offset = [], [], 32
    while offset + 24 + page_size <= len(data):
        page, commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", data[offset : offset + 24])
        body = data[offset + 24 : offset + 24 + page_size]
        if (f_salt1, f_salt2) != (salt1, salt2):
            break
        s0, s1 = _checksum(data[offset : offset + 8], s0, s1, big)
        s0, s1 = _checksum(body, s0, s1, big)
        if (s0, s1) != (f0, f1):
            break
        pending.append((page, body))
        if commit:
            frames.extend(pending)
            pending = []
        offset += 24 + page_size
    return Frames(page_size, tuple(frames))


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise AssertionError("unreachable")  # pragma: no cover


def leaf_text_rows(page: bytes) -> dict[str, str] | None:
    """{key: value} of a table-leaf page holding (key TEXT, value) rows, e.g. `meta`; None if not one."""
    if not page or page[0] != 0x0D:
        return None
    try:
        count = struct.unpack(">H", page[3:5])[0]
        rows = {}
        for i in range(count):
            at = struct.unpack(">H", page[8 + 2 * i : 10 + 2 * i])[0]
            size, at = _varint(page, at)
            _rowid, at = _varint(page, at)
            header_size, cursor = _varint(page, at)
            body, types = at + header_size, []
            while cursor < at + header_size:
                serial, cursor = _varint(page, cursor)
                types.append(serial)
            values = []
            for serial in types:
                if serial >= 13 and serial % 2:
                    length = (serial - 13) // 2
                    values.append(page[body : body + length].decode("utf-8"))
                    body += length
                elif serial in (1, 2, 3, 4, 6):
                    length = {1: 1, 2: 2, 3: 3, 4: 4, 6: 8}[serial]
                    values.append(str(int.from_bytes(page[body : body + length], "big", signed=True)))
                    body += length
                elif serial in (8, 9):
                    values.append(str(serial - 8))
                else:
                    return None
            if len(values) >= 2:
                rows[values[0]] = values[1]
        return rows
    except (IndexError, struct.error, UnicodeDecodeError):
        return None


def main_alone(path: Path) -> tuple[dict[str, str], int, int] | None:
    """(meta rows, meta's root page, page size) of the main file as it is on disk, its WAL ignored."""
    try:
        conn = sqlite3.connect(f"file:{quote(path.absolute().as_posix())}?mode=ro&immutable=1", uri=True)
        try:
            root = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
            if root is None:
                return None
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            page_size = conn.execute("PRAGMA page_size").fetchone()[0]
            return {k: str(v) for k, v in meta.items()}, int(root[0]), int(page_size)
        finally:
            conn.close()
    except sqlite3.Error:
        return None


SETTLE_TRIES = 10  # looks at the two files before deciding another process keeps writing them
SETTLE_PAUSE = 0.005  # seconds between the first two looks, doubled after each: about 2.5 s in all


def _state(path: Path) -> tuple:
    def one(file: Path):
        try:
            st = file.stat()
        except FileNotFoundError:
            return None
        return st.st_mtime_ns, st.st_size, st.st_ino

    return one(path), one(path.with_name(path.name + "-wal"))


def journal_problem(path: Path) -> str | None:
    """Why the `-wal` beside `path` must not be replayed into it, or None when it may (or there is none).

    Decided on a still pair of files (see the module docstring): while another process
    writes them, looked at again after a pause; None if they never hold still."""
    for look in range(SETTLE_TRIES):
        if look:
            time.sleep(SETTLE_PAUSE * 2 ** (look - 1))
        before = _state(path)
        problem = _problem(path)
        if problem is None or _state(path) == before:
            return problem
    return None


def _problem(path: Path) -> str | None:
    wal = path.with_name(path.name + "-wal")
    if not wal.exists():
        return None
    found = committed_frames(wal)
    if found is None or not found.frames:
        return None  # nothing SQLite would replay
    alone = main_alone(path)
    if alone is None:
        return None  # not an hpquiz file: `inspect` decides
    meta, root, page_size = alone
    if page_size != found.page_size:
        return f"belongs to another database (pages of {found.page_size} bytes, {path.name} has {page_size})"
    stamps = [rows for page, body in found.frames if page == root and (rows := leaf_text_rows(body)) is not None]
    stamps = [rows for rows in stamps if "writes" in rows and "file_id" in rows]
    if stamps and "file_id" in meta and "writes" in meta:
        if stamps[-1]["file_id"] != meta["file_id"]:
            return "belongs to another database (its file id differs)"
        first, last, here = int(stamps[0]["writes"]), int(stamps[-1]["writes"]), int(meta["writes"])
        if here > last:
            return f"is older than {path.name} (it ends at write {last}, the file has {here})"
        if here < first - 1:
            return (f"is newer than {path.name} and does not continue it ({path.name} is at write {here}, "
                    f"the journal starts after write {first - 1}; was {path.name} restored from a backup?)")
        return None
    if wal.stat().st_mtime < path.stat().st_mtime and _changes_main(path, found):
        return f"is older than {path.name} and holds changes it lacks (was {path.name} restored from a backup?)"
    return None


def _changes_main(path: Path, found: Frames) -> bool:
    """Does replaying the frames change any page of the main file (or are they all in it already)?"""
    latest = dict(found.frames)
    with path.open("rb") as handle:
        for page, body in latest.items():
            handle.seek((page - 1) * found.page_size)
            if handle.read(found.page_size) != body:
                return True
    return False

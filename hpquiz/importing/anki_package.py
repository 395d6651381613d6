"""Anki packages (.apkg / .colpkg) read without Anki: a zip of a SQLite collection and media.

Three generations are found in the wild, newest first:
- `collection.anki21b`: the collection zstd-compressed (Anki 2.1.50+ "new format");
  its `media` map is a zstd-compressed protobuf and each media file is compressed too;
- `collection.anki21`, `collection.anki2`: plain SQLite, `media` a JSON map.
A new-format package also holds a stub `collection.anki2` telling old Anki
versions to upgrade, so the newest collection present is the one read. The SQL that reads
the collection lives in `hpquiz.store.anki_collection` (the one door to SQLite).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

from hpquiz.store.anki_collection import read_collection
from hpquiz.importing.notes import ImportError_, Note, NoteType
from hpquiz.importing.protobuf import protobuf_fields

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def unzstd(data: bytes) -> bytes:
    import zstandard

    if not data.startswith(ZSTD_MAGIC):
        return data
    return zstandard.ZstdDecompressor().stream_reader(data).read()


def media_map(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member name -> media file name."""
    if "media" not in archive.namelist():
        return {}
    raw = archive.read("media")
    if raw.startswith(ZSTD_MAGIC):
        entries = {}
        for index, (_, entry) in enumerate(f for f in protobuf_fields(unzstd(raw)) if f[0] == 1):
            fields = dict(protobuf_fields(entry))
            member = str(fields.get(255, index))
            entries[member] = fields[1].decode("utf-8")
        return entries
    return {str(k): v for k, v in json.loads(raw.decode("utf-8") or "{}").items()}


def read_package(path: Path) -> list[Note]:
    """Every note of the package, with the media its fields refer to."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportError_(f"{path}: not an Anki package (not a zip file)") from exc
    with archive, tempfile.TemporaryDirectory(prefix="hpquiz-import-") as tmp:
        names = set(archive.namelist())
        chosen = next((name for name in COLLECTIONS if name in names), None)
        if chosen is None:
            raise ImportError_(f"{path}: a zip file, but no Anki collection in it (expected {COLLECTIONS[-1]})")
        collection = Path(tmp) / "collection.sqlite"
        try:
            collection.write_bytes(unzstd(archive.read(chosen)))
            media_names = media_map(archive)
            media = {name: unzstd(archive.read(member)) for member, name in media_names.items() if member in names}
        except Exception as exc:  # zstd, protobuf or zip damage: one line, never a traceback
            raise ImportError_(f"{path}: damaged Anki package ({exc})") from exc
        try:
            types, decks, rows = read_collection(collection)
        except ValueError as exc:
            raise ImportError_(f"{path}: {chosen} is not a readable Anki collection ({exc})") from exc
    notes = []
    for guid, mid, tags, fields, deck in rows:
        note_type = NoteType(*types[mid]) if mid in types else NoteType(f"note type {mid}", ())
        used = {name: data for name, data in media.items() if any(name in f for f in fields)}
        notes.append(Note(guid, note_type, fields, tags, decks.get(deck, ""), used))
    return notes



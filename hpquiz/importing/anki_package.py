"""Anki packages (.apkg / .colpkg) read without Anki: a zip of a SQLite collection and media.

Three generations are found in the wild, newest first:
- `collection.anki21b`: the collection zstd-compressed (Anki 2.1.50+ "new format");
  its `media` map is a zstd-compressed protobuf and each media file is compressed too;
- `collection.anki21`, `collection.anki2`: plain SQLite, `media` a JSON map.
A new-format package also holds a stub `collection.anki2` telling old Anki
versions to upgrade, so the newest collection present is the one read. Note types
come from the `notetypes`/`fields`/`templates` tables (schema 18) or the `col.models`
JSON (schema 11).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from hpquiz.importing.notes import ImportError_, Note, NoteType

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def unzstd(data: bytes) -> bytes:
    import zstandard

    if not data.startswith(ZSTD_MAGIC):
        return data
    return zstandard.ZstdDecompressor().stream_reader(data).read()


def varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


def protobuf_fields(data: bytes) -> list[tuple[int, int | bytes]]:
    """(field number, value) pairs of a protobuf message: enough to read Anki's media map."""
    out, at = [], 0
    while at < len(data):
        key, at = varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = varint(data, at)
        elif wire == 2:
            length, at = varint(data, at)
            value, at = data[at : at + length], at + length
        elif wire == 5:
            value, at = data[at : at + 4], at + 4
        elif wire == 1:
            value, at = data[at : at + 8], at + 8
        else:
            raise ValueError(f"protobuf wire type {wire}")
        out.append((number, value))
    return out


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
            return read_collection(collection, media)
        except sqlite3.DatabaseError as exc:
            raise ImportError_(f"{path}: {chosen} is not a readable Anki collection ({exc})") from exc


def read_collection(collection: Path, media: dict[str, bytes]) -> list[Note]:
    con = sqlite3.connect(f"file:{collection}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        types, decks = (modern_types(con), modern_decks(con)) if "notetypes" in tables else legacy(con)
        note_decks = dict(con.execute("select nid, min(did) from cards group by nid").fetchall())
        notes = []
        for nid, guid, mid, tags, flds in con.execute("select id, guid, mid, tags, flds from notes order by id"):
            note_type = types.get(mid, NoteType(f"note type {mid}", ()))
            fields = tuple(flds.split("\x1f"))
            used = {name: data for name, data in media.items() if any(name in f for f in fields)}
            notes.append(Note(guid, note_type, fields, tuple(tags.split()), decks.get(note_decks.get(nid), ""), used))
        return notes
    finally:
        con.close()


def modern_types(con: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, name in con.execute("select ntid, name from fields order by ntid, ord"):
        fields.setdefault(ntid, []).append(name)
    questions: dict[int, list[str]] = {}
    for ntid, config in con.execute("select ntid, config from templates order by ntid, ord"):
        parts = dict(protobuf_fields(config))
        questions.setdefault(ntid, []).append(parts.get(1, b"").decode("utf-8", "replace"))
    types = {}
    for ntid, name, config in con.execute("select id, name, config from notetypes"):
        kind = dict(protobuf_fields(config)).get(1, 0)
        types[ntid] = NoteType(name, tuple(fields.get(ntid, ())), tuple(questions.get(ntid, ())), kind == 1)
    return types


def modern_decks(con: sqlite3.Connection) -> dict[int, str]:
    return {did: name.replace("\x1f", "::") for did, name in con.execute("select id, name from decks")}


def legacy(con: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    models_json, decks_json = con.execute("select models, decks from col").fetchone()
    types = {}
    for mid, model in json.loads(models_json).items():
        names = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        questions = tuple(t["qfmt"] for t in sorted(model["tmpls"], key=lambda t: t["ord"]))
        types[int(mid)] = NoteType(model["name"], names, questions, model.get("type") == 1)
    decks = {int(did): deck["name"] for did, deck in json.loads(decks_json).items()}
    return types, decks

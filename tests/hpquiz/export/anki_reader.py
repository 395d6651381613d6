"""Reads an .apkg back the way Anki would: the zip, its media map and the SQLite collection."""

from __future__ import annotations

import html
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Package:
    notes: list[dict]
    cards: list[dict]
    models: dict[str, dict]
    decks: dict[str, dict]
    media: dict[str, bytes]

    def note(self, guid: str) -> dict:
        return next(n for n in self.notes if n["guid"] == guid)

    def fields(self, guid: str) -> dict[str, str]:
        """A note's fields by name, as stored (HTML)."""
        note = self.note(guid)
        names = [f["name"] for f in sorted(self.models[str(note["mid"])]["flds"], key=lambda f: f["ord"])]
        return dict(zip(names, note["flds"].split("\x1f"), strict=True))


def read_apkg(path: Path, workdir: Path) -> Package:
    with zipfile.ZipFile(path) as archive:
        media_map = json.loads(archive.read("media"))
        media = {name: archive.read(index) for index, name in media_map.items()}
        collection = workdir / f"{path.stem}-collection.anki2"
        collection.write_bytes(archive.read("collection.anki2"))
    con = sqlite3.connect(collection)
    con.row_factory = sqlite3.Row
    try:
        notes = [dict(r) for r in con.execute("select id, guid, mid, tags, flds from notes order by id")]
        cards = [dict(r) for r in con.execute("select nid, did, ord from cards order by id")]
        models = json.loads(con.execute("select models from col").fetchone()[0])
        decks = json.loads(con.execute("select decks from col").fetchone()[0])
    finally:
        con.close()
    return Package(notes, cards, models, decks, media)


def from_html(field: str) -> str:
    """What a learner reads in a field that holds escaped text."""
    return html.unescape(field.replace("<br>", "\n"))

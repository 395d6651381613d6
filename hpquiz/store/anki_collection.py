"""Anki collections read for `hpquiz deck import`: another program's SQLite file, opened read-only.

Here and not in `hpquiz.importing` because every SQLite access goes through the
store package. Note types come from the `notetypes`/`fields`/`templates` tables
(schema 18, their configs protobuf) or the `col.models` JSON (schema 11); they are
returned as (name, field names, template question sides, is cloze).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from hpquiz.importing.protobuf import protobuf_fields

NoteType = tuple[str, tuple[str, ...], tuple[str, ...], bool]
NoteRow = tuple[str, int, tuple[str, ...], tuple[str, ...], int | None]


def read_collection(collection: Path) -> tuple[dict[int, NoteType], dict[int, str], list[NoteRow]]:
    """(note types by id, deck names by id, notes as (guid, note type id, tags, fields, deck id)).

    Opened read-only; any SQLite or layout problem is a ValueError naming it.
    """
    con = sqlite3.connect(f"file:{collection}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("select name from sqlite_master where type = 'table'")}
        types, decks = (modern_types(con), modern_decks(con)) if "notetypes" in tables else legacy(con)
        note_decks = dict(con.execute("select nid, min(did) from cards group by nid").fetchall())
        rows = [
            (guid, mid, tuple(tags.split()), tuple(flds.split("\x1f")), note_decks.get(nid))
            for nid, guid, mid, tags, flds in con.execute("select id, guid, mid, tags, flds from notes order by id")
        ]
        return types, decks, rows
    except (sqlite3.DatabaseError, KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError(str(exc)) from exc
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
        types[ntid] = (name, tuple(fields.get(ntid, ())), tuple(questions.get(ntid, ())), kind == 1)
    return types


def modern_decks(con: sqlite3.Connection) -> dict[int, str]:
    return {did: name.replace("\x1f", "::") for did, name in con.execute("select id, name from decks")}


def legacy(con: sqlite3.Connection) -> tuple[dict[int, NoteType], dict[int, str]]:
    models_json, decks_json = con.execute("select models, decks from col").fetchone()
    types = {}
    for mid, model in json.loads(models_json).items():
        names = tuple(f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"]))
        questions = tuple(t["qfmt"] for t in sorted(model["tmpls"], key=lambda t: t["ord"]))
        types[int(mid)] = (model["name"], names, questions, model.get("type") == 1)
    decks = {int(did): deck["name"] for did, deck in json.loads(decks_json).items()}
    return types, decks

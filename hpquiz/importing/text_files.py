"""Anki text exports (the `#separator:`/`#html:`/`#notetype column:` headers, as our
own CSV export writes them and Anki's "Notes in Plain Text" does) and Quizlet's
term<TAB>definition export.

Without a note type column every row is a basic note (front, back). Quizlet
rows have no GUID, so the id comes from a hash of the term: stable across
re-imports of the same set.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from hpquiz.importing.notes import ImportError_, Note, NoteType

SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
BASIC = NoteType("Basic", ("Front", "Back"), ("{{Front}}",))


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportError_(f"{path}: line {line}, column {column}: not UTF-8 text (byte 0x{data[exc.start]:02x})") from exc


def headers(lines: list[str]) -> tuple[dict[str, str], int]:
    found, count = {}, 0
    for line in lines:
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].partition(":")
        found[key.strip().lower()] = value.strip()
        count += 1
    return found, count


def guid_of(text: str) -> str:
    return "text-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def read_anki_text(path: Path, note_types: dict[str, NoteType]) -> list[Note]:
    """Rows of an Anki text export; `note_types` gives field names for note types named in it."""
    text = read_text(path)
    lines = text.splitlines()
    found, skip = headers(lines)
    if not found:
        return read_quizlet(path, text)
    separator = SEPARATORS.get(found.get("separator", "tab").lower(), found.get("separator", "\t"))
    html = found.get("html", "false").lower() == "true"
    column = {key[: -len(" column")]: int(value) - 1 for key, value in found.items()
              if key.endswith(" column") and value.isdigit()}
    named = found.get("columns", "").split(separator) if "columns" in found else []
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=separator)
    notes = []
    special = set(column.values())
    for row_number, row in enumerate(reader, start=skip + 1):
        if not any(cell.strip() for cell in row):
            continue
        type_name = row[column["notetype"]] if "notetype" in column and column["notetype"] < len(row) else "Basic"
        values = tuple(cell if html else escape(cell) for i, cell in enumerate(row) if i not in special)
        field_names = note_types.get(type_name, NoteType(type_name, ())).fields or tuple(
            n for i, n in enumerate(named) if i not in special
        ) or tuple(f"Field {i + 1}" for i in range(len(values)))
        note_type = note_types.get(type_name) or NoteType(type_name, field_names, ("{{" + field_names[0] + "}}",),
                                                          "cloze" in type_name.lower())
        guid = row[column["guid"]] if "guid" in column and column["guid"] < len(row) else guid_of(values[0])
        tags = tuple(row[column["tags"]].split()) if "tags" in column and column["tags"] < len(row) else ()
        deck = row[column["deck"]] if "deck" in column and column["deck"] < len(row) else ""
        if len(values) < 2:
            raise ImportError_(f"{path}: line {row_number}: a note needs at least two fields, found {len(values)}")
        notes.append(Note(guid, note_type, values, tags, deck))
    return notes


def escape(text: str) -> str:
    import html

    return html.escape(text, quote=False).replace("\n", "<br>")


def read_quizlet(path: Path, text: str) -> list[Note]:
    """term<TAB>definition per line (Quizlet's default export)."""
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        term, tab, definition = line.partition("\t")
        if not tab or not term.strip() or not definition.strip():
            raise ImportError_(
                f"{path}: line {number}: expected term<TAB>definition (a Quizlet export) or Anki text headers"
            )
        notes.append(Note(guid_of(term.strip()), BASIC, (escape(term.strip()), escape(definition.strip()))))
    if not notes:
        raise ImportError_(f"{path}: no notes in the file")
    return notes

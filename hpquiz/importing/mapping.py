"""Notes to hpquiz card tables: which note shapes map to which card type, and why others are skipped.

- hpquiz's own note types (from our .apkg/CSV) map back field by field; the note
  GUID is matched against the GUIDs our export gives each known card id, so a
  round trip keeps the ids (and the topic, the first tag).
- Any cloze note type -> cloze; one card template -> basic (extra non-empty
  fields join the back); two templates -> reverse ("Basic (optional reversed
  card)" only when its Add Reverse field is filled); the "Multiple Choice"
  add-on layout (Q_1…Q_n, Answers "1 0 0 1") -> choice.
- Everything else is skipped with the reason, never guessed at.
Field HTML becomes the plain text decks hold: line breaks kept, tags dropped,
pictures as `[image: name]` (the files go to the media folder).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from hpquiz.importing.notes import Note
from hpquiz.sources import cited_in

OURS = "hpquiz "
CLOZE_MARK = re.compile(r"\{\{c\d+::")
LETTERED = re.compile(r"^([A-Z])\.\s")


@dataclass(frozen=True)
class Mapped:
    table: dict | None
    reason: str = ""


def to_text(field: str) -> str:
    text = re.sub(r"<img[^>]*\bsrc=\"([^\"]+)\"[^>]*>", r"[image: \1]", field, flags=re.I)
    text = re.sub(r"<br\s*/?>|</div>|</p>|</li>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def slug(text: str, fallback: str = "imported") -> str:
    text = text.lower().translate(str.maketrans("çğıöşüâîû", "cgiosuaiu"))
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words)[:48].strip("-") or fallback


def card_id(note: Note, prefix: str, known: Mapping[str, tuple[str, str]]) -> str:
    """The card id: the original hpquiz id for a GUID our export wrote, else derived from the GUID."""
    if note.guid in known:
        return known[note.guid][0]
    return f"{prefix}-{hashlib.sha1(note.guid.encode('utf-8')).hexdigest()[:10]}"


def common(note: Note, topic: str) -> dict:
    tags = list(note.tags)
    if note.note_type.name.startswith(OURS) and tags:
        topic, tags = slug(tags[0]), tags[1:]
    table = {"topic": topic}
    if tags:
        table["tags"] = [t.replace("_", " ") if note.note_type.name.startswith(OURS) else t for t in tags]
    raw = note.field("Source") if "Source" in note.note_type.fields else ""
    cited = cited_in(raw) if raw else None
    source = to_text(raw) if raw else ""
    if cited:
        table["source"] = cited
    elif source:
        table["source"] = [s.strip() for s in source.split(",") if s.strip()]
    return table


def ours(note: Note, kind: str) -> dict | None:
    if kind in ("basic", "reverse"):
        return {"type": kind, "front": to_text(note.field("Front")), "back": to_text(note.field("Back"))}
    if kind == "cloze":
        table = {"type": "cloze", "text": to_text(note.field("Text"))}
        extra = to_text(note.field("Back Extra"))
        return table | ({"extra": extra} if extra else {})
    if kind == "choice":
        options = [to_text(li) for li in re.findall(r"<li>(.*?)</li>", note.field("Options"), flags=re.S)]
        letters = [m.group(1) for part in to_text(note.field("Answer")).split("; ")
                   if (m := LETTERED.match(part))]
        answer = [ord(letter) - ord("A") for letter in letters]
        table = {"type": "choice", "question": to_text(note.field("Question")), "options": options,
                 "answer": answer[0] if len(answer) == 1 else answer}
        explanation = to_text(note.field("Explanation"))
        return table | ({"explanation": explanation} if explanation else {})
    return None


def multiple_choice_addon(note: Note) -> dict | None:
    names = note.note_type.fields
    options = [(i, to_text(note.fields[i])) for i, n in enumerate(names) if re.fullmatch(r"Q_\d+", n)]
    options = [(i, text) for i, text in options if i < len(note.fields) and text]
    bits = to_text(note.field("Answers")).split()
    if len(options) < 2 or len(bits) < len(options) or not set(bits) <= {"0", "1"}:
        return None
    answer = [k for k, _ in enumerate(options) if bits[k] == "1"]
    if not answer:
        return None
    table = {"type": "choice", "question": to_text(note.field("Question")), "options": [t for _, t in options],
             "answer": answer[0] if len(answer) == 1 else answer}
    extra = to_text(note.field("Extra 1") or note.field("Extra"))
    return table | ({"explanation": extra} if extra else {})


def card_table(note: Note) -> Mapped:
    """The card fields of one note (without id and topic), or None and why it was skipped."""
    nt = note.note_type
    if nt.name.startswith(OURS):
        kind = nt.name[len(OURS):]
        if kind == "scenario":
            return Mapped(None, "an hpquiz scenario note holds rendered curves, not its training setup "
                                "(import the deck's .toml instead)")
        table = ours(note, kind)
        return Mapped(table) if table else Mapped(None, f"unknown hpquiz note type {nt.name!r}")
    texts = [to_text(f) for f in note.fields]
    if nt.cloze or any("{{cloze:" in q for q in nt.questions) or (not nt.questions and CLOZE_MARK.search(texts[0])):
        if not CLOZE_MARK.search(texts[0]):
            return Mapped(None, "a cloze note without a {{c1::…}} deletion in its first field")
        table = {"type": "cloze", "text": texts[0]}
        extra = "\n\n".join(t for t in texts[1:] if t)
        return Mapped(table | ({"extra": extra} if extra else {}))
    if "Answers" in nt.fields and any(re.fullmatch(r"Q_\d+", n) for n in nt.fields):
        table = multiple_choice_addon(note)
        return Mapped(table) if table else Mapped(None, "a multiple-choice note without options and a 0/1 Answers field")
    if "occlusion" in nt.name.lower():
        return Mapped(None, f"{nt.name!r} notes hide parts of a picture; hpquiz cards are text")
    if len(texts) < 2 or not texts[0] or not any(texts[1:]):
        return Mapped(None, "a note needs a front and a back")
    templates = len(nt.questions) or 1
    if templates > 2:
        return Mapped(None, f"note type {nt.name!r} makes {templates} cards per note; "
                            "hpquiz knows basic, reversed, cloze and choice notes")
    reverse = templates == 2 and ("{{#" not in nt.questions[1] or bool(texts[2:3] and texts[2]))
    back = "\n\n".join(t for t in texts[1:] if t) if not reverse else texts[1]
    return Mapped({"type": "reverse" if reverse else "basic", "front": texts[0], "back": back})


def map_note(note: Note, prefix: str, topic: str, known: Mapping[str, tuple[str, str]]) -> Mapped:
    mapped = card_table(note)
    if mapped.table is None:
        return mapped
    return Mapped({"id": card_id(note, prefix, known), **mapped.table, **common(note, topic)})

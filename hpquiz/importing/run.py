"""One import: read the file, map its notes, write the deck and its media, say what was skipped."""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hpquiz.deck import Deck
from hpquiz.importing.deck_file import render, write_checked
from hpquiz.importing.mapping import map_note, slug, to_text
from hpquiz.importing.notes import ImportError_, Note


@dataclass
class ImportResult:
    deck_id: str
    path: Path
    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    media: list[Path] = field(default_factory=list)


def known_guids(decks: Sequence[Deck]) -> dict[str, tuple[str, str]]:
    """GUID our export gives each card -> (card id, deck id)."""
    import genanki

    return {genanki.guid_for("hpquiz", card.id): (card.id, deck.id) for deck in decks for card in deck.cards}


def read_notes(path: Path) -> list[Note]:
    from hpquiz.export.anki_notes import NOTE_TYPES
    from hpquiz.importing.anki_package import read_package
    from hpquiz.importing.notes import NoteType
    from hpquiz.importing.text_files import read_anki_text

    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    if zipfile.is_zipfile(path) or path.suffix.lower() in (".apkg", ".colpkg"):
        return read_package(path)
    ours = {nt.name: NoteType(nt.name, nt.fields, tuple(t[1] for t in nt.templates), nt.cloze)
            for nt in NOTE_TYPES.values()}
    return read_anki_text(path, ours)


def import_deck(source: Path, out: Path, *, language: str = "en", force: bool = False,
                known: Sequence[Deck] = ()) -> ImportResult:
    if out.suffix.lower() != ".toml":
        raise ImportError_(f"{out}: the deck file must end in .toml")
    if out.exists() and not force:
        raise ImportError_(f"{out}: exists (use --force to replace it)")
    if not out.parent.is_dir():
        raise ImportError_(f"{out}: the folder {out.parent} does not exist")
    notes = read_notes(source)
    guids = known_guids(known)
    decks_by_id = {d.id: d for d in known}
    origin = {guids[n.guid][1] for n in notes if n.guid in guids}
    original = decks_by_id[next(iter(origin))] if len(origin) == 1 else None
    deck_id = original.id if original else slug(out.stem, "imported-deck")
    anki_decks = sorted({n.deck for n in notes if n.deck})
    title = original.title if original else (anki_decks[0].split("::")[-1] if len(anki_decks) == 1 else out.stem)
    result = ImportResult(deck_id, out)
    cards, seen, files = [], Counter(), {}
    for note in notes:
        topic = slug(note.deck.split("::")[-1]) if note.deck else slug(title)
        # Original ids only when the file is one known deck: the import then replaces that deck;
        # a mix of known decks gets ids of its own, which no shipped deck can already use.
        mapped = map_note(note, deck_id, topic, guids if original else {})
        if mapped.table is None:
            first = to_text(note.fields[0])[:40] if note.fields else ""
            result.skipped.append((f"{note.note_type.name} note {first!r}", mapped.reason))
            continue
        table = mapped.table
        seen[table["id"]] += 1
        if seen[table["id"]] > 1:
            table["id"] = f"{table['id']}-{seen[table['id']]}"
        cards.append(table)
        files.update(note.media)
        result.counts[table["type"]] += 1
    if not cards:
        reasons = "; ".join(sorted({r for _, r in result.skipped})) or "the file holds no notes"
        raise ImportError_(f"{source}: nothing to import ({reasons})")
    media_dir = out.with_name(f"{out.stem}-media")
    if files:
        media_dir.mkdir(exist_ok=True)
        for name, data in files.items():
            target = media_dir / Path(name).name
            target.write_bytes(data)
            result.media.append(target)
    deck = {"id": deck_id, "title": title, "language": original.language if original else language}
    if original and original.description:
        deck["description"] = original.description
    comment = f"Imported by hpquiz from {source.name}."
    if files:
        comment += f"\nPictures and sounds are in {media_dir.name}/ beside this file."
    write_checked(out, render(deck, cards, comment))
    return result

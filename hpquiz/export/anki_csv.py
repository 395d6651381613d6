"""CSV files in Anki's text-import format: one file per note type, in one folder.

Why one file per note type: Anki imports a text file into notes whose columns
must line up with one field list, and our note types have different fields
(a basic note has Front/Back, a scenario note nine fields). One file per note
type keeps every file rectangular, so it also reads cleanly in a spreadsheet;
the deck of each row is a column, so several decks share the files.

Each file starts with Anki's header lines (Anki 2.1.55+): `#separator:Comma`,
`#html:true`, `#notetype column:1`, `#deck column:2`, `#guid column:3`,
`#tags column:N` and `#columns:` naming every column. The GUID column carries
the same GUIDs as the .apkg, so importing either updates the same notes.
Scenario curve images are written to `media/` beside the files.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from hpquiz.deck.model import CardType
from hpquiz.export.anki_notes import NOTE_TYPES, AnkiNote, anki_deck_name, note_for
from hpquiz.export.job import ExportJob, replace_atomically

MEDIA_FOLDER = "media"
LEADING_COLUMNS = ("Note type", "Deck", "GUID")


def file_name(card_type: CardType) -> str:
    return f"hpquiz-{card_type.value}.csv"


def header_lines(columns: list[str]) -> list[str]:
    """Anki's file headers; column numbers are 1-based."""
    return [
        "#separator:Comma",
        "#html:true",
        "#notetype column:1",
        "#deck column:2",
        "#guid column:3",
        f"#tags column:{len(columns)}",
        "#columns:" + ",".join(columns),
    ]


def write(job: ExportJob) -> list[Path]:
    """Write `hpquiz-<type>.csv` for each note type present (and `media/`); returns the files."""
    folder = job.folder("writes one file per note type")
    rows: dict[CardType, list[list[str]]] = {}
    media: dict[str, Path] = {}
    for deck in job.decks:
        deck_name = anki_deck_name(deck, job.several)
        for card in deck.cards:
            note: AnkiNote = note_for(card, job.media, deck.language)
            rows.setdefault(card.type, []).append(
                [note.note_type.name, deck_name, note.guid, *note.fields, " ".join(note.tags)]
            )
            for path in note.media:
                media[path.name] = path
            job.done(card)
    written = []
    for card_type in NOTE_TYPES:
        if card_type not in rows:
            continue
        columns = [*LEADING_COLUMNS, *NOTE_TYPES[card_type].fields, "Tags"]
        path = folder / file_name(card_type)
        tmp = path.with_name(path.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            handle.write("\n".join(header_lines(columns)) + "\n")
            writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerows(rows[card_type])
        replace_atomically(tmp, path)
        written.append(path)
    if media:
        media_dir = folder / MEDIA_FOLDER
        media_dir.mkdir(exist_ok=True)
        for name, source in media.items():
            shutil.copyfile(source, media_dir / name)
            written.append(media_dir / name)
    return written

"""CSV files in Anki's text-import format: one file per note type, in one folder.

Why one file per note type: Anki imports a text file into notes whose columns
must line up with one field list, and our note types have different fields
(a basic note has Front/Back, a scenario note nine fields). One file per note
type keeps every file rectangular, so it also reads cleanly in a spreadsheet;
the deck of each row is a column, so several decks share the files.

Each file starts with Anki's header lines (Anki 2.1.55+): `#separator:Comma`,
`#html:true`, `#notetype column:1`, `#deck column:2`, `#guid column:3`,
`#tags column:N` and `#columns:` naming every column. The GUID column carries
the same GUIDs as the .apkg, so importing either updates the same notes. A first
line, `#hpquiz export of decks: …`, is a comment to Anki (an unknown `#key:`) and
tells a later export which decks the folder holds; `#columns:` stays last, where a
spreadsheet reads it as the column header. Scenario curve images are written
to `media/` beside the files.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hpquiz.deck.model import CardType
from hpquiz.export.anki_notes import NOTE_TYPES, AnkiNote, anki_deck_name, note_for
from hpquiz.export.job import ExportJob
from hpquiz.export.safe_write import Staging

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


def targets(job: ExportJob) -> list[Path]:
    """The CSV files this export writes, checked before anything is simulated.

    The folder holds one export: a CSV of ours already there must be an export of the
    same decks (or `--force`), like any file an export replaces, and so must one of a
    note type this export no longer has, which `write` removes. Otherwise importing the
    folder would bring back decks the teacher did not choose this time. A CSV we did
    not write stays untouched: one we would overwrite is refused."""
    from hpquiz.export.target import check_replace

    folder = job.folder("writes one file per note type")
    present = {card.type for deck in job.decks for card in deck.cards}
    paths = [folder / file_name(t) for t in NOTE_TYPES if t in present]
    for path in paths + stale_files(folder, present):
        check_replace(path, job.decks, job.force)
    return paths


def stale_files(folder: Path, present: set[CardType]) -> list[Path]:
    """Our CSVs in `folder` of note types this export does not write: left by an earlier export."""
    from hpquiz.export.target import written_by_hpquiz

    return [folder / file_name(t) for t in NOTE_TYPES
            if t not in present and written_by_hpquiz(folder / file_name(t))]


def write(job: ExportJob) -> list[Path]:
    """Write `hpquiz-<type>.csv` for each note type present (and `media/`), all at once
    (`Staging`); returns the files."""
    paths = targets(job)
    folder = paths[0].parent if paths else job.folder()
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
    staging = Staging()
    for card_type in NOTE_TYPES:
        if card_type not in rows:
            continue
        columns = [*LEADING_COLUMNS, *NOTE_TYPES[card_type].fields, "Tags"]
        with staging.part(folder / file_name(card_type)).open("w", encoding="utf-8", newline="") as handle:
            handle.write("\n".join([f"#{job.marker}", *header_lines(columns)]) + "\n")
            writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerows(rows[card_type])
    media_dir = folder / MEDIA_FOLDER
    if media:
        media_dir.mkdir(exist_ok=True)
        for name, source in media.items():
            staging.copy(source, media_dir / name)
    stale = stale_files(folder, set(rows))
    written = staging.commit()
    for path in stale + old_images(media_dir, set(media)):
        path.unlink(missing_ok=True)
    return written


def old_images(media_dir: Path, kept: set[str]) -> list[Path]:
    """Curve images an earlier export of this folder left that this one does not use."""
    if not media_dir.is_dir():
        return []
    return [p for p in media_dir.glob("hpquiz-*.png") if p.name not in kept]

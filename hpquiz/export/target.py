"""Where an export goes, decided from `--out` before anything is simulated.

The rules (docs/export.md has them for users):
- `--out` ending in `/`, or an existing folder, is a folder: created if missing;
  single-file formats write `<deck id>.<suffix>` in it (`hpquiz.<suffix>` for
  several decks), handouts one file per deck, CSV its files.
- Anything else is a file, written exactly as named. It must name its format's
  file (`quiz.gift`, or any suffix that is not another format's, `quiz.txt`);
  a bare `noext` is refused rather than guessed at. Several decks go into one
  file where the format allows it (apkg, gift, moodlexml, pdf, html with a deck
  index); CSV and several Markdown handouts need a folder.
- An existing file is replaced only with `--force`, or when it is an hpquiz
  export of the same decks (each format carries `marker(decks)`), so a re-export
  updates a file while a stray `--out notes.pdf` never destroys someone's notes.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

from hpquiz.deck import Deck
from hpquiz.export.errors import ExportError

# Every suffix some format writes: a file named with one of them is meant for that format.
FORMAT_SUFFIXES = {".apkg": "apkg", ".gift": "gift", ".xml": "moodlexml", ".md": "md", ".html": "html",
                   ".htm": "html", ".pdf": "pdf", ".csv": "csv"}


MARKER = "hpquiz export of decks: "


def marker(decks: Sequence[Deck]) -> str:
    """The line every export carries, naming its decks: how a later export recognises it."""
    return MARKER + ", ".join(sorted({d.id for d in decks}))


def written_by_hpquiz(path: Path) -> bool:
    """Is `path` an hpquiz export of any decks? (A text format: the marker in its first lines.)"""
    try:
        with path.open("rb") as handle:
            return MARKER.encode("utf-8") in handle.read(4096)
    except OSError:
        return False


def names_folder(out: str | Path) -> bool:
    text = os.fspath(out)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def is_hpquiz_export(path: Path, decks: Sequence[Deck]) -> bool:
    """Was `path` written by hpquiz from exactly these decks? (An .apkg keeps the marker
    as its zip comment; other formats somewhere in their bytes.)"""
    expected = marker(decks).encode("utf-8")
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                return archive.comment == expected
        data = path.read_bytes()
    except (OSError, zipfile.BadZipFile):
        return False
    at = data.find(expected)
    return at >= 0 and data[at + len(expected) : at + len(expected) + 1] in (b"", b" ", b"\n", b'"', b"-", b")")


def check_replace(path: Path, decks: Sequence[Deck], force: bool) -> None:
    if path.is_dir():
        raise ExportError(f"{path}: is a folder, but this export writes a file there")
    if path.exists() and not force and not is_hpquiz_export(path, decks):
        raise ExportError(f"{path}: exists and is not an hpquiz export of these decks (use --force to replace it)")


def file_target(out: str | Path, suffix: str, format_name: str, decks: Sequence[Deck]) -> Path:
    """The one file a single-file format writes for `--out`; the folder is created if `--out` names one."""
    if names_folder(out):
        folder = ensure_folder(out)
        name = decks[0].id if len(decks) == 1 else "hpquiz"
        return folder / f"{name}{suffix}"
    path = Path(out)
    given = path.suffix.lower()
    if not given:
        raise ExportError(
            f"{path}: name the file with its suffix ({path.name}{suffix}), or end the path with / for a folder"
        )
    if FORMAT_SUFFIXES.get(given, format_name) != format_name:
        raise ExportError(f"{path}: a {given} name is for --format {FORMAT_SUFFIXES[given]}, not {format_name}")
    if path.parent.exists() and not path.parent.is_dir():
        raise ExportError(f"{path}: {path.parent} is a file, not a folder")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")
    return path


def ensure_folder(out: str | Path) -> Path:
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file, but this format writes a folder of files")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{folder}: cannot create the folder ({exc.strerror})") from exc
    return folder


def folder_target(out: str | Path, format_name: str, why: str) -> Path:
    """The folder a multi-file export writes into: `--out` must say it is one."""
    if not names_folder(out):
        raise ExportError(f"{Path(out)}: --format {format_name} {why}; give a folder (end the path with /)")
    return ensure_folder(out)

"""The export formats by name, and the one function that runs an export.

Writers are looked up by module name and imported only when chosen, so
`hpquiz export --help` stays fast and genanki loads only for `--format apkg`.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hpquiz.cards import Card, Deck
from hpquiz.export.job import ExportJob
from hpquiz.export.media import MediaCache


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    help: str

    def writer(self) -> Callable[[ExportJob], list[Path]]:
        return importlib.import_module(f"hpquiz.export.{self.module}").write


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("apkg", "apkg", "Anki package (.apkg): one Anki deck per deck, curve images included"),
        Format("csv", "anki_csv", "Anki text-import CSV files, one per note type (a folder)"),
        Format("gift", "gift", "Moodle GIFT quiz questions (.gift), a category per deck"),
        Format("md", "markdown", "Markdown handout per deck, images in images/"),
        Format("html", "html_page", "self-contained printable HTML handout per deck"),
    )
}


def export(
    decks: Sequence[Deck],
    format_name: str,
    out: Path,
    *,
    with_answers: bool = False,
    now: datetime | None = None,
    media_folder: Path | None = None,
    on_card: Callable[[Card], None] | None = None,
) -> list[Path]:
    """Export `decks` in one format; returns the files written.

    `media_folder` keeps the rendered curve images between calls (a cache);
    without it they are rendered into a temporary folder removed afterwards.
    """
    writer = FORMATS[format_name].writer()
    if media_folder is not None:
        job = ExportJob(tuple(decks), Path(out), MediaCache(media_folder), with_answers, now, on_card)
        return writer(job)
    with tempfile.TemporaryDirectory(prefix="hpquiz-export-") as tmp:
        job = ExportJob(tuple(decks), Path(out), MediaCache(Path(tmp)), with_answers, now, on_card)
        return writer(job)

"""What every format writer receives: the decks, where to write, and the shared image cache.

One value instead of a growing list of keyword arguments keeps the five writers
interchangeable (`write(job) -> list[Path]`), which is what the command and the
format registry rely on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hpquiz.deck.model import Card, Deck
from hpquiz.errors import HpquizError
from hpquiz.export.media import MediaCache


class ExportError(HpquizError):
    """An export could not be written (bad output path, nothing to export…)."""


@dataclass(frozen=True)
class ExportJob:
    """One export: `decks` in order, written under `out`.

    `now` stamps the Anki package (genanki needs a creation time; passing it in
    keeps two exports of the same decks identical apart from that stamp).
    `on_card` is called once per card written, for progress bars.
    """

    decks: tuple[Deck, ...]
    out: Path
    media: MediaCache
    with_answers: bool = False
    now: datetime | None = None
    on_card: Callable[[Card], None] | None = None

    def __post_init__(self) -> None:
        if not self.decks:
            raise ExportError("nothing to export: no deck selected")

    @property
    def several(self) -> bool:
        return len(self.decks) > 1

    def done(self, card: Card) -> None:
        if self.on_card is not None:
            self.on_card(card)

    def single_file(self, suffix: str, default_name: str = "hpquiz") -> Path:
        """The output file: `out` (given `suffix` if it has another), or `out/<deck id or hpquiz><suffix>`
        when `out` is a folder."""
        if self.out.is_dir():
            name = self.decks[0].id if not self.several else default_name
            return self.out / f"{name}{suffix}"
        if not self.out.parent.exists():
            raise ExportError(f"{self.out}: the folder {self.out.parent} does not exist")
        if self.out.suffix.lower() != suffix:
            return self.out.with_name(self.out.name + suffix)
        return self.out

    def folder(self) -> Path:
        """The output folder (created if missing) for formats that write several files."""
        if self.out.exists() and not self.out.is_dir():
            raise ExportError(f"{self.out}: is a file, but this format writes a folder of files")
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"{self.out}: cannot create the folder ({exc.strerror})") from exc
        return self.out


def replace_atomically(tmp: Path, final: Path) -> None:
    """Move a finished temporary file into place, so a failed export never leaves half a file."""
    os.replace(tmp, final)

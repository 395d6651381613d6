"""What every format writer receives: the decks, where to write, and the shared image cache.

One value instead of a growing list of keyword arguments keeps the five writers
interchangeable (`write(job) -> list[Path]`), which is what the command and the
format registry rely on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hpquiz.deck.model import Card, Deck
from hpquiz.export.errors import ExportError
from hpquiz.export.media import MediaCache


@dataclass(frozen=True)
class Paper:
    """How printed formats lay out questions: a handout (questions, then the key), or a
    `worksheet` (questions with room to answer and a name line) and/or its `key` alone,
    in `versions` shuffled versions drawn from `seed`, on `size` paper (a4, letter)."""

    worksheet: bool = False
    key: bool = False
    versions: int = 1
    seed: int | None = None
    size: str = "a4"

    def __post_init__(self) -> None:
        if not 1 <= self.versions <= 26:
            raise ExportError(f"--versions must be between 1 and 26, not {self.versions}")
        if self.size not in ("a4", "letter"):
            raise ExportError(f"--paper must be a4 or letter, not {self.size!r}")

    @property
    def printing(self) -> bool:
        # a seed alone is not printing: every format writes options in the seed's order
        return self.worksheet or self.key or self.versions > 1


class ExportRefused(ExportError):
    """Scenario cards whose stated answer the simulation contradicts: nothing is written,
    so no answer key ever disagrees with the evidence it ships with."""

    def __init__(self, failures):
        from hpquiz.drill import failure_lines

        self.failures = tuple(failures)
        self.lines = failure_lines(self.failures)
        count = len(self.failures)
        super().__init__(f"{count} scenario card{'s' if count != 1 else ''} disagree{'s' if count == 1 else ''} "
                         f"with the simulation ({', '.join(f.card_id for f in self.failures)}); nothing was written "
                         "(run 'hpquiz deck check' on the deck for details)")


@dataclass(frozen=True)
class ExportJob:
    """One export: `decks` in order, written under `out` (a string may end in `/`,
    which says it names a folder: `Path` would drop that slash).

    `now` stamps the Anki package (genanki needs a creation time; passing it in
    keeps two exports of the same decks identical apart from that stamp).
    `on_card` is called once per card written, for progress bars.
    """

    decks: tuple[Deck, ...]
    out: Path | str
    media: MediaCache
    with_answers: bool = False
    now: datetime | None = None
    on_card: Callable[[Card], None] | None = None
    format_name: str = ""
    force: bool = False
    paper: Paper = field(default_factory=lambda: Paper())

    @property
    def worksheet(self) -> bool:
        return self.paper.worksheet

    @property
    def key(self) -> bool:
        return self.paper.key

    def __post_init__(self) -> None:
        if not self.decks:
            raise ExportError("nothing to export: no deck selected")

    @property
    def several(self) -> bool:
        return len(self.decks) > 1

    def done(self, card: Card) -> None:
        if self.on_card is not None:
            self.on_card(card)

    @property
    def marker(self) -> str:
        from hpquiz.export.target import marker

        return marker(self.decks)

    def single_file(self, suffix: str) -> Path:
        """The one output file (rules in `target`), checked: it may be replaced."""
        from hpquiz.export.target import check_replace, file_target

        path = file_target(self.out, suffix, self.format_name, self.decks)
        check_replace(path, self.decks, self.force)
        return path

    def folder(self, why: str = "writes a folder of files") -> Path:
        """The output folder (created if missing) for formats that write several files."""
        from hpquiz.export.target import folder_target

        return folder_target(self.out, self.format_name, why)


def replace_atomically(tmp: Path, final: Path) -> None:
    """Move a finished temporary file into place, so a failed export never leaves half a file."""
    os.replace(tmp, final)

"""What is wrong with a deck file, said so that its author can fix it without guessing.

The loader collects every problem of every file before it gives up, so an
instructor fixes a whole deck in one pass instead of one error per run. Each
problem names the file, the card (by id, or by position when the id itself is
missing or broken) and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hpquiz.errors import HpquizError


@dataclass(frozen=True)
class DeckProblem:
    """One thing wrong in one deck file.

    `card` is the card id (str), its 1-based position in the file (int) when the
    id is unusable, or None for the `[deck]` table and the file as a whole.
    `field` is a dotted path inside the card or deck (`options[2].change`), or None.
    `message` reads after the field: "is missing", "must be a string, not 3".
    `kind` names what `card` identifies: a card, or a `[[challenges]]` table.
    """

    path: str
    card: str | int | None
    field: str | None
    message: str
    kind: str = "card"

    def __str__(self) -> str:
        parts = [self.path]
        if isinstance(self.card, str):
            parts.append(f"{self.kind} {self.card!r}")
        elif isinstance(self.card, int):
            parts.append(f"{self.kind} #{self.card}")
        where = ": ".join(parts)
        if self.field is None:
            return f"{where}: {self.message}"
        return f"{where}: field {self.field!r} {self.message}"


class DeckError(HpquizError):
    """One or more deck files are broken; `problems` lists every problem found."""

    def __init__(self, problems: list[DeckProblem] | tuple[DeckProblem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)

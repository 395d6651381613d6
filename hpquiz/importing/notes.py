"""What every import source yields: notes as Anki holds them, before any mapping."""

from __future__ import annotations

from dataclasses import dataclass, field

from hpquiz.errors import HpquizError


class ImportError_(HpquizError):
    """A file could not be imported (not a package, damaged, an unknown layout…)."""


@dataclass(frozen=True)
class NoteType:
    """A note type's shape: its name, field names, card templates' question sides, and
    whether it is a cloze type."""

    name: str
    fields: tuple[str, ...]
    questions: tuple[str, ...] = ()
    cloze: bool = False


@dataclass(frozen=True)
class Note:
    guid: str
    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...] = ()
    deck: str = ""
    media: dict[str, bytes] = field(default_factory=dict, compare=False)

    def field(self, name: str) -> str:
        lowered = [f.lower() for f in self.note_type.fields]
        index = lowered.index(name.lower()) if name.lower() in lowered else -1
        return self.fields[index] if 0 <= index < len(self.fields) else ""

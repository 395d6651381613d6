"""An export either lands whole or fails in one line, leaving nothing half-written behind.

Before any simulation the output folders are proved writable by creating (and
removing) a probe file in each: a read-only folder, a folder under /proc or
/sys, or one the user may not write fails at once instead of after minutes of
training. While writing, a full disk or any other OSError removes the
`*.part` files this export started and becomes one `ExportError` line. A writer of
several files stages them (`Staging`) so they land together or not at all.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from hpquiz.export.errors import ExportError

REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "you may not write there",
    errno.EPERM: "you may not write there",
}


class Staging:
    """The files of a multi-file export, each written as `<name>.part` beside where it goes
    and moved into place only once every one is written.

    A disk that fills on the tenth image then leaves the folder as it was (the parts are
    removed by `cleaned_up_on_failure`), not nine images and CSV files or handouts that
    point at the missing ones."""

    def __init__(self) -> None:
        self._moves: dict[Path, Path] = {}

    def part(self, final: Path) -> Path:
        """Where to write what will become `final`."""
        tmp = final.with_name(final.name + ".part")
        self._moves[final] = tmp
        return tmp

    def copy(self, source: Path, final: Path) -> None:
        shutil.copyfile(source, self.part(final))

    def commit(self) -> list[Path]:
        """Move every staged file into place; returns them in staging order."""
        for final, tmp in self._moves.items():
            os.replace(tmp, final)
        return list(self._moves)


def reason(exc: OSError) -> str:
    return REASONS.get(exc.errno, exc.strerror or str(exc))


def folders_of(targets: Iterable[Path]) -> list[Path]:
    return sorted({t if t.is_dir() else t.parent for t in targets})


def probe_writable(folders: Iterable[Path]) -> None:
    """Raise ExportError unless a file can be created in every folder."""
    for folder in folders:
        try:
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".hpquiz-probe-"):
                pass
        except OSError as exc:
            raise ExportError(f"{folder}: cannot write the export here ({reason(exc)}); nothing was written") from None


def _part_files(folders: Iterable[Path]) -> set[Path]:
    found: set[Path] = set()
    for folder in folders:
        with contextlib.suppress(OSError):
            found.update(p for p in folder.rglob("*.part") if p.is_file())
    return found


@contextlib.contextmanager
def cleaned_up_on_failure(folders: list[Path], out: Path | str) -> Iterator[None]:
    """Turn an OSError while writing into one ExportError, removing the .part files started meanwhile."""
    before = _part_files(folders)
    try:
        yield
    except OSError as exc:
        for leftover in _part_files(folders) - before:
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        raise ExportError(f"{out}: the export could not be written ({reason(exc)}); no partial files were "
                          "left behind") from None

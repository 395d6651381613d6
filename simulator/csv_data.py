"""Your own points: a CSV file as a dataset (`dataset = "csv"`, `data = "points.csv"`).

The file has a header row naming its columns (an all-numeric first row is read as
data) and then either
- three columns, two numeric features and a 0/1 label: binary classification, or
- two columns, one numeric feature and a numeric target: regression.
Commas, semicolons or tabs separate the cells (whichever the first row uses).

A learner's file is checked before anything trains, because a NaN in row 3,000
would otherwise surface as a "diverged" verdict and teach the wrong lesson. Every
refusal is one `DatasetError` line naming the file, the row (counted as a text
editor counts lines, the header being row 1) and the column. A table is cached per
(path, modification time, size), so building many configs over one file reads it once,
and an edited file is read again. `Table.sha256` is the content hash a result cache
keys on.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from operator import methodcaller
from dataclasses import dataclass, field

import numpy as np

__all__ = ["DatasetError", "Table", "load_csv", "parse_csv", "MAX_ROWS", "MIN_ROWS"]

MAX_ROWS = 100_000  # every epoch touches every row: past this the lab stops feeling interactive
MIN_ROWS = 20  # as n_samples' floor: fewer points cannot be split into a meaningful validation set
DELIMITERS = ",;\t"


class DatasetError(ValueError):
    """A dataset file that cannot be used, said in one line naming file, row and column."""


@dataclass(frozen=True, eq=False)
class Table:
    """A checked CSV dataset: X (n, d) float64 features, y (n,) labels or targets."""

    path: str
    columns: tuple[str, ...]
    X: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    regression: bool
    sha256: str

    @property
    def n_rows(self) -> int:
        return len(self.y)


_CACHE: dict[tuple[str, int, int], Table] = {}


def load_csv(path: str | os.PathLike) -> Table:
    """The checked table in `path` (cached while the file's mtime and size stay the same)."""
    name = os.fspath(path)
    try:
        stat = os.stat(name)
    except OSError as exc:
        raise DatasetError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
    key = (os.path.abspath(name), stat.st_mtime_ns, stat.st_size)
    table = _CACHE.get(key)
    if table is None:
        if stat.st_size > 64 * MAX_ROWS * 8:  # far beyond MAX_ROWS rows of numbers: do not read it all
            raise DatasetError(f"{name}: the file is {stat.st_size:,} bytes, too large for {MAX_ROWS:,} rows (the limit)")
        try:
            with open(name, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise DatasetError(f"{name}: cannot read the file ({exc.strerror or exc})") from None
        table = parse_csv(raw, name)
        if len(_CACHE) >= 32:
            _CACHE.clear()
        _CACHE[key] = table
    return table


def parse_csv(raw: bytes, name: str = "data.csv") -> Table:
    """Check and convert the bytes of a CSV file; `name` is how errors refer to it."""
    import hashlib

    text = _decode(raw, name)
    all_lines = text.splitlines()
    delimiter = _delimiter(all_lines)
    if all(all_lines) and not any(map(str.isspace, all_lines)):
        rows = _Rows(range(1, len(all_lines) + 1), all_lines, delimiter)
    else:
        kept = [(number, line) for number, line in enumerate(all_lines, 1) if line and not line.isspace()]
        rows = _Rows([n for n, _ in kept], [line for _, line in kept], delimiter)
    if not rows.lines:
        raise DatasetError(f"{name}: the file is empty; it needs a header row and at least {MIN_ROWS} rows of numbers")
    header_row = rows.numbers[0]
    columns, rows = _header(rows, name)
    width = len(columns)
    if width not in (2, 3):
        raise DatasetError(
            f"{name}: row {header_row}: {width} column{'s' if width != 1 else ''}; "
            "expected 3 (two features and a 0/1 label) or 2 (one feature and a numeric target)"
        )
    if not rows.lines:
        raise DatasetError(f"{name}: only a header row; it needs at least {MIN_ROWS} rows of numbers under it")
    if len(rows.lines) > MAX_ROWS:
        raise DatasetError(f"{name}: {len(rows.lines):,} rows of data; the limit is {MAX_ROWS:,}")
    values = _numbers(rows, columns, name)
    regression = width == 2
    y = values[:, -1]
    if not regression:
        _check_labels(y, rows, columns, name)
    if len(y) < MIN_ROWS:
        raise DatasetError(f"{name}: {len(y)} rows of data; at least {MIN_ROWS} are needed to split off validation points")
    return Table(
        path=name,
        columns=tuple(columns),
        X=np.ascontiguousarray(values[:, :-1]),
        y=np.ascontiguousarray(y),
        regression=regression,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


@dataclass
class _Rows:
    """The non-blank lines of a file with their line numbers; cells split on demand,
    so a 100,000-row file is split in bulk and single rows only for error messages."""

    numbers: Sequence[int]
    lines: list[str]
    delimiter: str

    def cells(self, r: int) -> list[str]:
        return next(csv.reader([self.lines[r]], delimiter=self.delimiter), [])

    def flat(self, width: int, name: str) -> list[str]:
        """Every cell, row after row; a row of another width is refused by number."""
        d = self.delimiter
        if not any('"' in line for line in self.lines):
            if set(map(methodcaller("count", d), self.lines)) == {width - 1}:
                return d.join(self.lines).split(d)
        rows = list(csv.reader(self.lines, delimiter=d))
        for number, row in zip(self.numbers, rows):
            if len(row) != width:
                raise DatasetError(f"{name}: row {number}: {len(row)} columns, but the header has {width}")
        return [cell for row in rows for cell in row]

    def where(self, columns, r: int, c: int) -> str:
        return f"row {self.numbers[r]}, column {c + 1} ({columns[c]})"


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw.count(b"\n", 0, exc.start) + 1
        raise DatasetError(
            f"{name}: row {row}: byte 0x{raw[exc.start]:02x} is not UTF-8 text; save the file as UTF-8 (or plain ASCII)"
        ) from None


def _delimiter(lines: list[str]) -> str:
    first = next((line for line in lines if line.strip()), "")
    return next((d for d in DELIMITERS if d in first), ",")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _header(rows: _Rows, name: str) -> tuple[list[str], _Rows]:
    """(column names, data rows): the first row names the columns unless it is all numbers."""
    first = rows.cells(0)
    numeric = [_is_number(cell) for cell in first]
    if all(numeric):
        return [f"column {i + 1}" for i in range(len(first))], rows
    if any(numeric):
        column = numeric.index(True) + 1
        raise DatasetError(
            f"{name}: row {rows.numbers[0]}, column {column}: the header mixes names and numbers "
            f"({first[column - 1].strip()!r}); name every column or start with data"
        )
    names = [cell.strip() or f"column {i + 1}" for i, cell in enumerate(first)]
    return names, _Rows(rows.numbers[1:], rows.lines[1:], rows.delimiter)


def _numbers(rows: _Rows, columns: list[str], name: str) -> np.ndarray:
    """(n, width) float64; the first non-numeric or non-finite cell is named."""
    width = len(columns)
    flat = rows.flat(width, name)
    try:
        values = np.array(flat, dtype=np.float64)
    except ValueError:  # find the cell; NumPy refuses a few spellings float() takes ("1_000")
        for i, cell in enumerate(flat):
            if not _is_number(cell):
                shown = repr(cell.strip()) if cell.strip() else "an empty cell"
                raise DatasetError(f"{name}: {rows.where(columns, *divmod(i, width))}: {shown} is not a number") from None
        values = np.array([float(cell) for cell in flat])
    values = values.reshape(-1, width)
    for bad, what in ((~np.isfinite(values), "is not a finite number"), (np.abs(values) > 1e150, "is too large (limit 1e150)")):
        if bad.any():  # a value past 1e150 would overflow float64 when a loss squares it
            r, c = map(int, np.argwhere(bad)[0])
            raise DatasetError(f"{name}: {rows.where(columns, r, c)}: {flat[r * width + c].strip()!r} {what}")
    return values


def _check_labels(y: np.ndarray, rows: _Rows, columns, name: str) -> None:
    bad = np.flatnonzero((y != 0) & (y != 1))
    if len(bad):
        r = int(bad[0])
        raise DatasetError(
            f"{name}: {rows.where(columns, r, len(columns) - 1)}: label {rows.cells(r)[-1].strip()!r} is not 0 or 1 "
            "(a third column is a class label; for a numeric target use two columns)"
        )
    ones = int(y.sum())
    if ones in (0, len(y)):
        raise DatasetError(f"{name}: column {len(columns)} ({columns[-1]}): every label is {int(y[0])}; both classes 0 and 1 are needed")

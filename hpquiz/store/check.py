"""Every row of the progress file checked as hpquiz will read it, for `hpquiz db check`.

SQLite's own integrity check knows pages and indexes, not what a value means:
a `due` of 'garbage' or a status nobody wrote is a healthy page that makes the
reads fail later. So each table's rows are converted exactly as the reads
convert them (`rows.state_from_row`, `CardState.from_dict`, `Rating`), and each
failure is one line naming the table, the row and the field.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from hpquiz.scheduler import CardState, Rating, Status
from hpquiz.store.errors import DamagedRow


def _time(value: Any) -> None:
    if not isinstance(value, str):
        raise ValueError("not a time")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time without its time zone")


def _optional_time(value: Any) -> None:
    if value is not None:
        _time(value)


def _status(value: Any) -> None:
    Status(value)


def _count(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("not a whole number >= 0")


def _optional_number(value: Any) -> None:
    if value is not None and not isinstance(value, (int, float)):
        raise ValueError("not a number")


def _flag(value: Any) -> None:
    if value not in (0, 1):
        raise ValueError("not 0 or 1")


def _rating(value: Any) -> None:
    Rating(value)


def _state(value: Any) -> None:
    CardState.from_dict(json.loads(value))


def _json_object(value: Any) -> None:
    if not isinstance(json.loads(value), dict):
        raise ValueError("not a JSON object")


# table -> (the column naming a row, {column: check})
RULES: dict[str, tuple[str, dict[str, Callable[[Any], None]]]] = {
    "cards": ("id", {"position": _count, "retired": _flag, "first_seen": _time, "updated": _time}),
    "card_state": ("card_id", {"status": _status, "due": _time, "stability": _optional_number,
                               "difficulty": _optional_number, "last_review": _optional_time,
                               "reps": _count, "lapses": _count}),
    "reviews": ("id", {"rating": _rating, "reviewed_at": _time, "seconds": _optional_number,
                       "status_before": _status, "state_before": _state, "state_after": _state}),
    "drills": ("id", {"simulated": _json_object, "correct": _flag, "drilled_at": _time,
                      "seconds": _optional_number}),
}


def row_problem(table: str, key: Any, field: str, value: Any, exc: Exception) -> str:
    shown = repr(value) if not isinstance(value, str) or len(value) < 60 else repr(value[:57] + "...")
    why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return f"{table} row {key!r}: {field} = {shown} ({why})"


def damaged_row(table: str, key: Any, field: str, value: Any, exc: Exception) -> DamagedRow:
    """The error the reads raise on a row they cannot use: which row, and what to run."""
    return DamagedRow(f"{row_problem(table, key, field, value, exc)}: this row was changed by hand or damaged; "
                      "run 'hpquiz db check' to list every such row")


def problems(conn: sqlite3.Connection) -> Iterator[str]:
    """Every problem found, one line each: SQLite's integrity and foreign-key checks, then each row."""
    for (message,) in conn.execute("PRAGMA integrity_check"):
        if message != "ok":
            yield f"integrity: {message}"
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        yield f"{table} row {rowid}: refers to a missing row of {parent}"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, (key, checks) in RULES.items():
        if table not in tables:
            continue
        columns = ", ".join([key, *checks])
        for row in conn.execute(f"SELECT {columns} FROM {table}"):
            for (field, check), value in zip(checks.items(), row[1:]):
                try:
                    check(value)
                except (ValueError, TypeError, KeyError, json.JSONDecodeError) as exc:
                    yield row_problem(table, row[0], field, value, exc)


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in RULES if t in tables}


def explain(table: str, key: Any, values: dict[str, Any], exc: Exception) -> DamagedRow:
    """The `DamagedRow` for a row a read failed on: the first field whose check fails (else the error)."""
    checks = RULES[table][1]
    for field, value in values.items():
        if field in checks:
            try:
                checks[field](value)
            except (ValueError, TypeError, KeyError) as problem:
                return damaged_row(table, key, field, value, problem)
    return DamagedRow(f"{table} row {key!r} cannot be read ({exc}); run 'hpquiz db check' to list every such row")

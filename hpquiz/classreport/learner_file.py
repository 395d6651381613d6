"""The learner file: `hpquiz stats --export FILE.json`, and reading it (or a database) back.

Schema version 1 (docs/report.md documents every key):

    {"format": "hpquiz-learner", "schema_version": 1, "hpquiz_version": "0.1.0",
     "exported_at": "2026-12-01T19:00:00+00:00", "learner": "Ayşe",
     "summary": {"cards_total", "cards_studied", "reviews", "mature_reviews",
                 "retention", "streak_days", "drills", "drill_accuracy"},
     "cards":  [{"id", "deck", "topic", "status", "reviews", "again"}],   # studied cards only
     "drills": [{"card", "prediction", "simulated": {"baseline": verdict, "option 0": …},
                 "correct", "at"}]}

A reader accepts any file whose `schema_version` it knows and refuses a newer one
with that reason, so a class can mix hpquiz versions and the report says who to
ask for a new export rather than guessing at fields.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from hpquiz.errors import HpquizError

FORMAT = "hpquiz-learner"
SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
NAME_KEY = "learner_name"  # in the store's meta table; `stats --export --name` sets it
FILE_ID_KEY = "file_id"  # the store's random id of the database file: the same id twice is one learner


class LearnerFileError(HpquizError):
    """A learner file that cannot be read: the reason is shown in the report's skipped list."""


@dataclass(frozen=True)
class Learner:
    name: str
    source: Path
    data: dict[str, Any]

    @property
    def summary(self) -> dict[str, Any]:
        return self.data["summary"]


def learner_data(store, now: datetime, name: str) -> dict[str, Any]:
    """The learner file's content for the progress in `store`.

    Counted in SQL (`review_tallies`, `card_statuses`, the stats screen's own
    retention and streak reads) rather than through `compute_stats` and the decoded
    history: the report reads hundreds of databases, and decoding every review and
    card state was most of its 0.1 s a file. The figures are the stats screen's."""
    from hpquiz import __version__
    from hpquiz.scheduler import MATURE_DAYS, Status

    tallies = store.review_tallies()
    statuses = store.card_statuses()
    cards = [
        {"id": card_id, "deck": deck, "topic": topic, "status": status.value,
         "reviews": tallies.get(card_id, (0, 0))[0], "again": tallies.get(card_id, (0, 0))[1]}
        for card_id, deck, topic, status in statuses
        if status != Status.NEW or card_id in tallies
    ]
    drills = [
        {"card": d["card_id"], "prediction": d["prediction"], "simulated": d["simulated"],
         "correct": d["correct"], "at": d["drilled_at"]}
        for d in store.drills()
    ]
    mature, again = store.mature_review_counts(MATURE_DAYS)
    _, streak = store.today(now)
    right = sum(d["correct"] for d in drills)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "hpquiz_version": __version__,
        "exported_at": now.isoformat(),
        "learner": name,
        "file_id": store.meta_value(FILE_ID_KEY) or "",
        "summary": {
            "cards_total": len(statuses),
            "cards_studied": sum(status != Status.NEW for *_, status in statuses),
            "reviews": sum(n for n, _ in tallies.values()),
            "mature_reviews": mature,
            "retention": (mature - again) / mature if mature else None,
            "streak_days": streak,
            "drills": len(drills),
            "drill_accuracy": right / len(drills) if drills else None,
        },
        "cards": cards,
        "drills": drills,
    }


def check_data(data: Any) -> dict[str, Any]:
    """The content if it is a learner file this hpquiz reads; else why not."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LearnerFileError("not an hpquiz learner file (no \"format\": \"hpquiz-learner\")")
    version = data.get("schema_version")
    if not isinstance(version, int):
        raise LearnerFileError("damaged: schema_version is missing")
    if version > SCHEMA_VERSION:
        raise LearnerFileError(
            f"made by a newer hpquiz ({data.get('hpquiz_version', '?')}, schema {version}; this one reads "
            f"up to {SCHEMA_VERSION}): upgrade hpquiz"
        )
    summary, cards, drills = data.get("summary"), data.get("cards"), data.get("drills")
    if not isinstance(summary, dict) or not isinstance(cards, list) or not isinstance(drills, list):
        raise LearnerFileError("damaged: summary, cards or drills missing")
    for key in ("cards_studied", "retention", "streak_days", "drill_accuracy"):
        if key not in summary:
            raise LearnerFileError(f"damaged: summary has no {key!r}")
    for item in cards:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not isinstance(item.get("again"), int):
            raise LearnerFileError("damaged: a card entry without id or again")
    for item in drills:
        if not isinstance(item, dict) or not isinstance(item.get("simulated"), dict) or "correct" not in item:
            raise LearnerFileError("damaged: a drill entry without simulated or correct")
    return data


def read_learner(path: Path, now: datetime) -> Learner:
    """A learner from a learner file or a progress database; `LearnerFileError` says why not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise LearnerFileError(f"cannot read ({exc.strerror})") from exc
    if head == SQLITE_MAGIC:
        data = database_data(path, now)
    else:
        try:
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LearnerFileError(f"damaged or not a learner file ({exc.__class__.__name__}: {exc})") from exc
        data = check_data(data)
    name = data.get("learner") if isinstance(data.get("learner"), str) and data["learner"].strip() else path.stem
    return Learner(name, path, data)


def database_data(path: Path, now: datetime) -> dict[str, Any]:
    """A handed-in progress database, read without changing a byte of it or its folder.

    Opened read-only and `untouched` (SQLite's immutable mode: no `-wal`/`-shm` made
    beside it): inspecting it refuses a newer, foreign or damaged file as opening
    always does. A file from an older hpquiz (its schema must be upgraded before it
    can be read) or one with a `-wal` beside it is read on a copy instead, where the
    upgrade and the journal cannot touch the learner's files."""
    from hpquiz.store import OlderSchema, Store

    if not path.with_name(path.name + "-wal").exists():
        try:
            return read_database(path, now, lambda: Store.open(path, read_only=True, untouched=True), path)
        except OlderSchema:
            pass
    with tempfile.TemporaryDirectory(prefix="hpquiz-report-") as tmp:
        copy = Path(tmp) / "progress.sqlite3"
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        return read_database(copy, now, lambda: Store.open(copy), path)


def read_database(opened: Path, now: datetime, open_store, path: Path) -> dict[str, Any]:
    """`learner_data` of the store `open_store()` opens; every failure a `LearnerFileError`."""
    from hpquiz.store import OlderSchema, StoreError

    try:
        with open_store() as store:
            return learner_data(store, now, store.meta_value(NAME_KEY) or path.stem)
    except OlderSchema:
        raise
    except StoreError as exc:
        raise LearnerFileError(str(exc).replace(str(opened), "the database")) from exc
    except Exception as exc:  # a file damaged past what opening checks: skipped, never a crash
        raise LearnerFileError(f"damaged database ({exc.__class__.__name__}: {exc})") from exc

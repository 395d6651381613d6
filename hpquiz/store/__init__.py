"""The learner's progress: one SQLite file, and the only package that writes SQL.

`schema` holds the numbered migrations and the checks made before any write, `rows`
the plain values rows turn into, `reads` the queries, `writes` the `Store` that writes
(every answer one committed transaction) and `errors` the exceptions. Callers import
from `hpquiz.store` only.
"""

from hpquiz.store.errors import (
    BadPath,
    CorruptDatabase,
    DamagedRow,
    DiskFull,
    ForeignJournal,
    NewerSchemaError,
    NoDatabase,
    NotAnHpquizDatabase,
    OlderSchema,
    ReadOnlyLocation,
    StoreBusy,
    StoreError,
    UndoRefused,
    UnknownCard,
)
from hpquiz.store.rows import DeckCounts, ReviewRecord, SyncReport, day_start, interleave_topics
from hpquiz.store.writes import Store

__all__ = [
    "BadPath",
    "CorruptDatabase",
    "DamagedRow",
    "DiskFull",
    "ForeignJournal",
    "DeckCounts",
    "NewerSchemaError",
    "NoDatabase",
    "NotAnHpquizDatabase",
    "OlderSchema",
    "ReadOnlyLocation",
    "ReviewRecord",
    "Store",
    "StoreBusy",
    "StoreError",
    "SyncReport",
    "UndoRefused",
    "UnknownCard",
    "day_start",
    "interleave_topics",
]

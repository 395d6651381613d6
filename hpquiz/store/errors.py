"""The store's exceptions: every way the progress database can refuse, as one small hierarchy.

They derive from `HpquizError`, so the CLI and the TUI show each as one line for the user.
"""

from hpquiz.errors import HpquizError


class StoreError(HpquizError):
    """The progress database cannot be used as asked."""


class NewerSchemaError(StoreError):
    """The database was written by a newer hpquiz whose schema this version does not know."""


class NotAnHpquizDatabase(StoreError):
    """The file exists but is not an hpquiz progress database."""


class CorruptDatabase(StoreError):
    """The file looks like an SQLite database but is damaged."""


class UnknownCard(StoreError):
    """A card id the database has never seen."""


class StoreBusy(StoreError):
    """Another program kept the database busy for longer than we are willing to wait."""


class UndoRefused(StoreError):
    """An undo that would take back someone else's answer (another window reviewed the card since)."""


class NoDatabase(StoreError):
    """A command that only reads was pointed at a file that does not exist (nothing is created)."""


class ReadOnlyLocation(StoreError):
    """The database (or the folder it is in) cannot be written: a healthy file hpquiz may only read."""


class ForeignJournal(StoreError):
    """The `-wal` beside the database is older than it or belongs to another file; both are left as they are."""


class BadPath(StoreError):
    """A database path hpquiz cannot use as a file (`:memory:`, a URI, an unknown ~user, a name too long)."""


class DiskFull(StoreError):
    """The disk holding the database has no room for this write (nothing of it was saved)."""


class DamagedRow(StoreError):
    """A row whose value hpquiz cannot read (changed by hand, or damaged); `hpquiz db check` lists them all."""


class OlderSchema(StoreError):
    """A file from an older hpquiz opened read-only: it needs upgrading first, which is a write."""

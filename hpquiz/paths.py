"""Where hpquiz keeps the learner's progress when no `--db` / `HPQUIZ_DB` is given."""

from __future__ import annotations

from pathlib import Path

DB_FILENAME = "progress.sqlite3"


def default_db_path() -> Path:
    """The progress database in the platform's user data directory (e.g. ~/.local/share/hpquiz)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("hpquiz", appauthor=False)) / DB_FILENAME

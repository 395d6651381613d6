"""Run as a script: open a progress file, answer N reviews, optionally back it up midway, then die by SIGKILL.

So the file is left as a real crash leaves it: its newest transactions only in `-wal`.
Usage: python crashed_writer.py PATH N [BACKUP_PATH BACKUP_AFTER]
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

from hpquiz.scheduler import Rating
from hpquiz.store import Store
from tests.tui.tui_helpers import study_deck, turkish_deck

T0 = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)

if __name__ == "__main__":
    path, count = sys.argv[1], int(sys.argv[2])
    backup, backup_after = (sys.argv[3], int(sys.argv[4])) if len(sys.argv) > 4 else (None, -1)
    store = Store.open(path)
    store.sync_cards([study_deck(), turkish_deck()], T0)
    ids = store.card_ids()
    for i in range(count):
        store.record_review(ids[i % len(ids)], Rating.GOOD, T0 + timedelta(minutes=i))
        if i + 1 == backup_after:
            copy = sqlite3.connect(backup)
            store.db.conn.backup(copy)
            copy.close()
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)

"""Answers survive a killed process, and two processes can study on one file at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from hpquiz.store import Store
from tests.hpquiz.store_decks import T0, two_decks

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")


def start_writer(db_path, count=None):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    args = [sys.executable, str(WRITER), str(db_path)] + ([] if count is None else [str(count)])
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def prepared_db(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        store.sync_cards(two_decks(), T0)
    return path


def test_reviews_reported_saved_survive_sigkill_at_random_moments(tmp_path):
    path = prepared_db(tmp_path)
    moments = random.Random(4)
    reported: set[int] = set()
    for _ in range(20):
        writer = start_writer(path)
        assert writer.stdout.readline().strip() == "ready"
        first = writer.stdout.readline().strip()
        time.sleep(moments.uniform(0.0, 0.03))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        assert writer.returncode == -signal.SIGKILL
        # A line cut off by the kill is not a complete report.
        lines = [first, *rest.splitlines()]
        if rest and not rest.endswith("\n"):
            lines = lines[:-1]
        reported |= {int(line) for line in lines if line}

        with Store.open(path) as store:
            assert store.integrity_check() == "ok"
            saved = store.review_ids()
        assert reported <= saved, f"lost reviews: {sorted(reported - saved)[:5]}"
    assert len(reported) >= 20


def test_two_processes_reviewing_one_file_lose_nothing_and_never_see_a_lock(tmp_path):
    path = prepared_db(tmp_path)
    writers = [start_writer(path, count=200) for _ in range(2)]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, outputs):
        assert "locked" not in err.lower() and "busy" not in err.lower(), err
        assert writer.returncode == 0, err
    reported = [int(line) for out, _ in outputs for line in out.splitlines()[1:]]
    assert len(reported) == 400 and len(set(reported)) == 400

    with Store.open(path) as store:
        assert store.review_ids() == set(reported)
        # No lost update: each card's state counts every review made of it.
        per_card = Counter(r.card_id for r in store.history())
        for card_id, reviews in per_card.items():
            assert store.state(card_id).reps == reviews

"""A stale or foreign -wal, refused files, a read-only folder and odd paths, on real files."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hpquiz.cli import main
from hpquiz.scheduler import Rating
from hpquiz.store import (
    BadPath,
    ForeignJournal,
    NewerSchemaError,
    NoDatabase,
    ReadOnlyLocation,
    Store,
)
from hpquiz.store.journal import journal_problem
from tests.faults.disks import read_only_folder
from tests.tui.tui_helpers import T0, study_deck, turkish_deck

WRITER = Path(__file__).with_name("crashed_writer.py")


def crash_after(path: Path, reviews: int, backup: Path | None = None, backup_after: int = 0) -> None:
    extra = [str(backup), str(backup_after)] if backup else []
    done = subprocess.run([sys.executable, str(WRITER), str(path), str(reviews), *extra], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).parents[2])
    assert done.returncode == -9, done.stderr  # killed, as a crash leaves it
    assert path.with_name(path.name + "-wal").stat().st_size > 0


def digests(*paths: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def review_count(path: Path) -> int:
    with Store.open(path, read_only=True) as store:
        return len(store.history())


def test_a_crash_leaves_a_journal_that_is_replayed_so_no_answer_is_lost(tmp_path):
    path = tmp_path / "progress.sqlite3"
    crash_after(path, 40)
    assert review_count(path) == 40


def test_a_backup_restored_over_a_file_with_its_old_wal_beside_it_is_refused_untouched(tmp_path, capsys):
    path, backup = tmp_path / "progress.sqlite3", tmp_path / "backup.sqlite3"
    crash_after(path, 437, backup, backup_after=37)
    shutil.copyfile(backup, path)
    wal = path.with_name(path.name + "-wal")
    before = digests(path, wal)

    with pytest.raises(ForeignJournal, match="progress.sqlite3-wal is newer than progress.sqlite3 and does not"):
        Store.open(path)
    assert main(["--db", str(path), "stats"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(wal) in err and "progress.sqlite3" in err
    assert "move progress.sqlite3-wal (and progress.sqlite3-shm) out of the folder" in err
    assert digests(path, wal) == before

    wal.rename(tmp_path / "old.wal")
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    assert review_count(path) == 37  # what the backup holds, as restored


def test_a_wal_copied_from_another_database_is_refused_untouched(tmp_path):
    mine, other = tmp_path / "mine.sqlite3", tmp_path / "other.sqlite3"
    with Store.open(mine) as store:
        store.sync_cards([study_deck(), turkish_deck()], T0)
        store.record_review("lr-what", Rating.GOOD, T0)
    crash_after(other, 6)
    wal = mine.with_name(mine.name + "-wal")
    shutil.copyfile(other.with_name(other.name + "-wal"), wal)
    before = digests(mine, wal)
    with pytest.raises(ForeignJournal, match="mine.sqlite3-wal belongs to another database.*not this file's journal"):
        Store.open(mine)
    assert digests(mine, wal) == before


def test_a_journal_older_than_its_file_is_refused(tmp_path):
    path = tmp_path / "progress.sqlite3"
    crash_after(path, 10)
    wal = path.with_name(path.name + "-wal")
    saved = wal.read_bytes()
    with Store.open(path) as store:  # replays and checkpoints; the file moves on past the journal
        store.record_review("lr-what", Rating.EASY, T0)
    wal.write_bytes(saved)
    before = digests(path, wal)
    with pytest.raises(ForeignJournal, match="is older than progress.sqlite3"):
        Store.open(path)
    assert digests(path, wal) == before


def test_a_journal_looked_at_while_another_session_writes_and_checkpoints_is_never_refused(tmp_path):
    # two study sessions on one file: the journal check reads the -wal, then the main
    # file, while the other session commits and checkpoints between the two reads
    path = tmp_path / "progress.sqlite3"
    with Store.open(path) as store:
        store.sync_cards([study_deck()], T0)
        card = store.card_ids()[0]
    stop = threading.Event()

    def other_session():
        with Store.open(path) as store:
            checkpoints = sqlite3.connect(path)
            while not stop.is_set():
                store.record_review(card, Rating.GOOD, T0)
                checkpoints.execute("PRAGMA wal_checkpoint(PASSIVE)")
            checkpoints.close()

    writer = threading.Thread(target=other_session)
    writer.start()
    try:
        verdicts = {journal_problem(path) for _ in range(300)}
    finally:
        stop.set()
        writer.join()
    assert verdicts == {None}


def test_a_refused_newer_file_keeps_its_journal_and_both_stay_byte_identical(tmp_path):
    path = tmp_path / "progress.sqlite3"
    crash_after(path, 5)
    conn = sqlite3.connect(path)  # a newer hpquiz's change, still in the journal
    conn.execute("PRAGMA user_version = 99")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.commit()
    wal = path.with_name(path.name + "-wal")
    shutil.copyfile(wal, tmp_path / "wal.copy")
    shutil.copyfile(path, tmp_path / "db.copy")
    conn.close()  # the last connection checkpoints; put the journal state back as it was
    shutil.copyfile(tmp_path / "db.copy", path)
    shutil.copyfile(tmp_path / "wal.copy", wal)
    before = digests(path, wal)
    with pytest.raises(NewerSchemaError, match="newer hpquiz"):
        Store.open(path)
    assert digests(path, wal) == before and wal.exists()


def make_progress(folder: Path) -> None:
    with Store.open(folder / "progress.sqlite3") as store:
        store.sync_cards([study_deck(), turkish_deck()], T0)
        store.record_review("lr-what", Rating.GOOD, T0)


def test_a_read_only_folder_is_named_as_such_and_stats_still_reads_it(tmp_path, capsys):
    with read_only_folder(tmp_path, make_progress) as folder:
        path = folder / "progress.sqlite3"
        before = digests(path)
        with pytest.raises(ReadOnlyLocation, match="is read-only, so hpquiz cannot write its journal") as caught:
            Store.open(path)
        assert "is damaged" not in str(caught.value) and "not damaged" in str(caught.value)
        assert main(["--db", str(path), "stats", "--json"]) == 0
        captured = capsys.readouterr()
        assert '"reviews_per_day"' in captured.out and "showing the progress read-only" in captured.err
        with Store.open(path, read_only=True) as store:
            assert [r.card_id for r in store.history()] == ["lr-what"]
        assert digests(path) == before
        assert sorted(p.name for p in folder.iterdir()) == ["progress.sqlite3"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (":memory:", "in-memory databases and file: URIs are not accepted"),
        ("file:progress.db?mode=memory", "in-memory databases and file: URIs are not accepted"),
        ("~nosuchuser/x.db", "there is no user 'nosuchuser'"),
        ("/tmp/" + "a" * 300, "is 300 bytes long; names here may be at most 255"),
        ("", "the database path is empty"),
    ],
)
def test_odd_database_paths_are_one_clear_error(given, message, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadPath, match=message):
        Store.open(given)
    monkeypatch.setenv("HPQUIZ_DB", given)
    if given:
        assert main(["stats"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message.split(" ")[0] in err
    assert list(tmp_path.iterdir()) == []  # no file, no folder named 'file:'


def test_stats_on_a_mistyped_path_says_it_does_not_exist_and_creates_nothing(tmp_path, capsys):
    typo = tmp_path / "nosuch" / "progres.sqlite3"
    assert main(["--db", str(typo), "stats"]) == 1
    assert "there is no progress database here (nothing was created)" in capsys.readouterr().err
    assert not typo.parent.exists()
    with pytest.raises(NoDatabase):
        Store.open(typo, read_only=True)


def test_a_plot_into_a_missing_folder_is_refused_before_training_and_not_created(tmp_path, capsys):
    target = tmp_path / "nonexistent" / "dir" / "x.png"
    assert main(["sim", "--epochs", "5", "--plot", str(target)]) == 1
    assert "does not exist (hpquiz does not create it)" in capsys.readouterr().err
    assert not (tmp_path / "nonexistent").exists()

"""`hpquiz stats --export` and `hpquiz report`: learners' real databases in, one report out."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta

from hpquiz.cli import main
from hpquiz.deck import load_decks
from hpquiz.scheduler import Rating
from hpquiz.store import Store

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def learner_db(path, name, ratings, drills):
    """A progress database with reviews (card index -> rating) and drills
    (card id, prediction, simulated baseline verdict, correct), made through the store."""
    decks = load_decks()
    with Store.open(path) as store:
        store.sync_cards(decks, NOW)
        ids = [c.id for d in decks for c in d.cards if c.type.value != "scenario"]
        for i, (index, rating) in enumerate(ratings):
            store.record_review(ids[index], rating, NOW + timedelta(minutes=i), 4.0)
        for i, (card, prediction, baseline, correct) in enumerate(drills):
            store.record_drill(card, prediction, {"baseline": baseline}, correct, NOW + timedelta(hours=1, minutes=i), 9.0)
        if name:
            store.set_meta("learner_name", name)
    return path, ids


def export(db, out, *extra):
    return main(["stats", "--db", str(db), "--export", str(out), *extra])


def test_a_learner_file_has_a_schema_version_the_name_and_the_progress(tmp_path, capsys):
    db, ids = learner_db(tmp_path / "a.sqlite3", None, [(0, Rating.AGAIN), (0, Rating.GOOD), (1, Rating.GOOD)], [])
    out = tmp_path / "ayse.json"
    assert export(db, out, "--name", "Ayşe Yılmaz") == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["format"], data["schema_version"], data["learner"]) == ("hpquiz-learner", 1, "Ayşe Yılmaz")
    assert data["summary"]["cards_studied"] == 2 and data["summary"]["reviews"] == 3
    assert {c["id"]: c["again"] for c in data["cards"]} == {ids[0]: 1, ids[1]: 0}
    assert export(db, tmp_path / "again.json") == 0  # the name is remembered
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["learner"] == "Ayşe Yılmaz"


def test_the_report_shows_each_learner_the_cards_they_miss_and_the_verdicts_they_confuse(tmp_path, capsys):
    drill = next(c.id for d in load_decks() for c in d.cards if c.type.value == "scenario" and c.scenario.predict)
    a, ids = learner_db(tmp_path / "a.sqlite3", "Ada", [(0, Rating.AGAIN), (1, Rating.GOOD)],
                        [(drill, "overfitting", "diverged", False), (drill, "diverged", "diverged", True)])
    b, _ = learner_db(tmp_path / "b.sqlite3", "Bora", [(0, Rating.AGAIN), (2, Rating.EASY)],
                      [(drill, "overfitting", "diverged", False)])
    c, _ = learner_db(tmp_path / "c.sqlite3", "Cem", [(1, Rating.GOOD)], [])
    assert export(a, tmp_path / "ada.json") == 0 and export(b, tmp_path / "bora.json") == 0
    out, gradebook = tmp_path / "report.html", tmp_path / "grades.csv"
    code = main(["report", str(tmp_path / "ada.json"), str(tmp_path / "bora.json"), str(c),
                 "--out", str(out), "--csv", str(gradebook)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    for name in ("Ada", "Bora", "Cem"):
        assert f"<td>{name}</td>" in page
    rows = {r["learner"]: r for r in csv.DictReader(gradebook.read_text(encoding="utf-8").splitlines())}
    assert rows["Ada"]["drills"] == "2" and rows["Ada"]["drill_accuracy"] == "0.500"
    assert rows["Cem"]["cards_studied"] == "1" and rows["Cem"]["file"] == "c.sqlite3"
    from hpquiz.classreport.summary import build, read_all

    report = build(*read_all([tmp_path / "ada.json", tmp_path / "bora.json", c], NOW))
    by_card = {r.card_id: r for r in report.cards}
    assert (by_card[ids[0]].wrong, by_card[ids[0]].learners) == (2, 2)
    assert by_card[ids[1]].wrong == 0 and by_card[ids[1]].learners == 2
    assert report.confusion == {("overfitting", "diverged"): 2, ("diverged", "diverged"): 1}
    assert report.missed[0].card_id == drill and report.missed[0].misses == 2
    explanation = next(card.explanation for d in load_decks() for card in d.cards if card.id == drill)
    assert explanation.split()[0] in page


def test_newer_damaged_and_foreign_files_are_listed_as_skipped_with_the_reason(tmp_path, capsys):
    good, _ = learner_db(tmp_path / "good.sqlite3", "Ada", [(0, Rating.GOOD)], [])
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": "hpquiz-learner", "schema_version": 7, "hpquiz_version": "9.0"}))
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "hpquiz-learner", "schema_')
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(b"\xff\xd8\xff\xe0 not json")
    broken_db = tmp_path / "broken.sqlite3"
    broken_db.write_bytes(good.read_bytes()[:100] + b"\x00" * 4000)
    out = tmp_path / "r.html"
    assert main(["report", str(good), str(newer), str(damaged), str(foreign), str(broken_db), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "newer.json: made by a newer hpquiz (9.0, schema 7" in page
    assert "damaged.json: damaged or not a learner file" in page
    assert "photo.jpg: damaged or not a learner file" in page
    assert "broken.sqlite3:" in page
    assert "<td>Ada</td>" in page
    err = capsys.readouterr().err
    assert err.count("skipped") == 4


def test_a_learner_handing_in_two_files_is_pointed_out_and_counted_once(tmp_path, capsys):
    db, _ = learner_db(tmp_path / "a.sqlite3", "Ada", [(0, Rating.GOOD), (1, Rating.AGAIN)], [])
    other, _ = learner_db(tmp_path / "b.sqlite3", "Bora", [(0, Rating.GOOD)], [])
    assert export(db, tmp_path / "ada.json") == 0
    renamed = tmp_path / "ada-copy.sqlite3"
    renamed.write_bytes(db.read_bytes())  # the same database handed in again under another file name
    out, gradebook = tmp_path / "r.html", tmp_path / "g.csv"
    assert main(["report", str(db), str(tmp_path / "ada.json"), str(renamed), str(other), "--out", str(out),
                 "--csv", str(gradebook)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Ada handed in 3 files (a.sqlite3, ada.json, ada-copy.sqlite3), the same progress database (same file id): " \
           "counted once, from a.sqlite3" in page
    assert "2 learners from 4 files read" in page
    rows = list(csv.DictReader(gradebook.read_text(encoding="utf-8").splitlines()))
    assert sorted(r["learner"] for r in rows) == ["Ada", "Bora"]
    said = capsys.readouterr()
    assert "not counted twice: " in said.err and "Report on 2 learners" in said.out
    from hpquiz.classreport.summary import build, read_all

    report = build(*read_all([db, tmp_path / "ada.json", renamed, other], NOW))
    assert {r.card_id: r.learners for r in report.cards}[report.cards[0].card_id] <= 2


def test_two_files_with_the_same_learner_name_count_once(tmp_path):
    a, _ = learner_db(tmp_path / "a.sqlite3", "Ada", [(0, Rating.GOOD)], [])
    b, _ = learner_db(tmp_path / "b.sqlite3", "ada", [(0, Rating.GOOD), (1, Rating.GOOD)], [])
    assert main(["report", str(a), str(b), "--out", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "ada handed in 2 files (b.sqlite3, a.sqlite3), the same learner name: counted once, from b.sqlite3" in page


def test_a_handed_in_database_is_read_without_changing_it_or_its_folder(tmp_path):
    hand_in = tmp_path / "hand-in"
    hand_in.mkdir()
    db, _ = learner_db(hand_in / "a.sqlite3", "Ada", [(0, Rating.GOOD)], [])
    before = db.read_bytes()
    assert main(["report", str(db), "--out", str(tmp_path / "r.html")]) == 0
    assert db.read_bytes() == before
    assert sorted(p.name for p in hand_in.iterdir()) == ["a.sqlite3"]  # no -wal or -shm left beside it
    assert "<td>Ada</td>" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_database_from_an_older_hpquiz_is_read_on_a_copy_and_left_as_it_was(tmp_path):
    from sqlite_utils import Database

    from hpquiz.scheduler import Scheduler
    from hpquiz.store.schema import MIGRATION_NAMES, migrations

    path = tmp_path / "old.sqlite3"
    db = Database(path)  # a real version-1 file: the first migration only, written by the v1-era paths
    migrations.apply(db, stop_before=MIGRATION_NAMES[1])
    old = Store(db, path, Scheduler())
    old.sync_cards(load_decks(), NOW)
    ids = [c.id for d in load_decks() for c in d.cards if c.type.value != "scenario"]
    old.record_review(ids[0], Rating.AGAIN, NOW, 2.0)
    old.record_review(ids[1], Rating.GOOD, NOW, 2.0)
    old.close()
    before = path.read_bytes()
    assert main(["report", str(path), "--out", str(tmp_path / "r.html"), "--csv", str(tmp_path / "g.csv")]) == 0
    assert path.read_bytes() == before
    (row,) = csv.DictReader((tmp_path / "g.csv").read_text(encoding="utf-8").splitlines())
    assert (row["learner"], row["cards_studied"], row["reviews"]) == ("old", "2", "2")


def set_user_version(path, version: int) -> None:
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


def test_a_database_from_a_newer_hpquiz_is_skipped_saying_so(tmp_path):
    db, _ = learner_db(tmp_path / "new.sqlite3", "Ada", [(0, Rating.GOOD)], [])
    other, _ = learner_db(tmp_path / "other.sqlite3", "Bo", [(0, Rating.GOOD)], [])
    set_user_version(db, 99)
    before = db.read_bytes()
    assert main(["report", str(db), str(other), "--out", str(tmp_path / "r.html")]) == 0
    assert "new.sqlite3:" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "newer" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert db.read_bytes() == before


def test_a_report_with_no_readable_learner_file_writes_nothing_and_keeps_the_old_report(tmp_path, capsys):
    damaged = tmp_path / "damaged.json"
    damaged.write_text("garbage")
    out = tmp_path / "r.html"
    out.write_text("last week's report", encoding="utf-8")
    assert main(["report", str(damaged), "--out", str(out), "--csv", str(tmp_path / "g.csv")]) == 1
    err = capsys.readouterr().err
    assert "skipped " + str(damaged) in err and "none of the 1 file given could be read" in err
    assert out.read_text(encoding="utf-8") == "last week's report" and not (tmp_path / "g.csv").exists()

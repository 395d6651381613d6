"""The class report on 500 learner files: the target is 10 s; what the time goes to.

Learner files are made the real way (a store with reviews and drills, then the
learner-file export), then copied 500 times under other names with their
answers shuffled per learner, so the aggregation sees 500 different learners.
Rows: reading the 500 files, building the report, writing HTML and CSV, then
the same for 500 progress databases instead of JSON (each opened read-only in
place, each with its own file id and name so none is taken for a repeat), and
the whole `hpquiz report` command on those databases, all against the 10 s target.

    .venv/bin/python benchmarks/bench_report.py [--learners 500]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hpquiz.classreport.learner_file import learner_data  # noqa: E402
from hpquiz.cli import main as hpquiz_main  # noqa: E402
from hpquiz.classreport.render import write_csv, write_html  # noqa: E402
from hpquiz.classreport.summary import build, read_all  # noqa: E402
from hpquiz.deck import load_decks  # noqa: E402
from hpquiz.scheduler import Rating  # noqa: E402
from hpquiz.store import Store  # noqa: E402

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
TARGET = 10.0


def one_learner(folder: Path, decks) -> tuple[Path, dict]:
    rng = random.Random(0)
    db = folder / "learner.sqlite3"
    with Store.open(db) as store:
        store.sync_cards(decks, NOW)
        ids = [c.id for d in decks for c in d.cards if c.type.value != "scenario"]
        drills = [c.id for d in decks for c in d.cards if c.type.value == "scenario"]
        for i, card in enumerate(rng.sample(ids, 120)):
            store.record_review(card, rng.choice(list(Rating)), NOW + timedelta(minutes=i), 5.0)
        for i, card in enumerate(drills[:25]):
            store.record_drill(card, rng.choice(["good", "overfitting", "diverged", "0", "1"]),
                               {"baseline": rng.choice(["good", "overfitting", "diverged"])}, rng.random() < 0.6,
                               NOW + timedelta(hours=3, minutes=i), 10.0)
        return db, learner_data(store, NOW, "learner")


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    args = parser.parse_args()
    decks = load_decks()
    cards = {c.id: c for d in decks for c in d.cards}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, data = one_learner(folder, decks)
        rng = random.Random(1)
        files, dbs = [], []
        for n in range(args.learners):
            data["learner"], data["file_id"] = f"learner {n:03d}", f"{n:032x}"
            for card in data["cards"]:
                card["again"] = rng.randint(0, 2)
            for drill in data["drills"]:
                drill["correct"] = rng.random() < 0.6
            path = folder / f"l{n:03d}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            files.append(path)
            copy = shutil.copyfile(db, folder / f"l{n:03d}.sqlite3")
            with Store.open(copy) as store:  # another learner: their own database file and name
                store.set_meta("file_id", f"{n:032x}")
                store.set_meta("learner_name", f"learner {n:03d}")
            dbs.append(copy)
        read, (learners, skipped) = timed(lambda: read_all(files, NOW))
        built, report = timed(lambda: build(learners, skipped, cards))
        assert len(report.learners) == args.learners, "learners taken for repeats"
        written, _ = timed(lambda: (write_html(report, folder / "r.html"), write_csv(report, folder / "r.csv")))
        total = read + built + written
        db_read, (db_learners, db_skipped) = timed(lambda: read_all(dbs, NOW))
        assert len(db_learners) == args.learners and not db_skipped
        before = dbs[0].read_bytes()
        command, code = timed(lambda: hpquiz_main(["report", *map(str, dbs), "--out", str(folder / "d.html"),
                                            "--csv", str(folder / "d.csv")]))
        assert code == 0 and dbs[0].read_bytes() == before
        counted = len((folder / "d.csv").read_text(encoding="utf-8").splitlines()) - 1
        assert counted == args.learners, f"{counted} learners counted of {args.learners}"
    print(f"{args.learners} learners (120 reviews and 25 drills each); target {TARGET:.0f} s")
    print(f"{'step':<34}{'seconds':>9}{'of target':>11}")
    for name, seconds in (("read 500 JSON learner files", read), ("build the report", built),
                          ("write HTML + CSV", written), ("total, JSON files", total),
                          ("read 500 progress databases", db_read),
                          ("hpquiz report on 500 databases", command)):
        print(f"{name.replace('500', str(args.learners)):<34}{seconds:>9.2f}{seconds / TARGET:>10.0%}")


if __name__ == "__main__":
    main()

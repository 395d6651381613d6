"""Many learner files into one picture of the class.

"Got it wrong" means, for a learner and a card: at least one review rated Again
or one drill answered wrongly. Per topic it counts learners who got any card of
the topic wrong. The confusion table counts predict drills (the learner named a
verdict) by predicted and simulated verdict; which-knob and compare drills have no
predicted verdict and count only towards the most-missed cards.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from hpquiz.classreport.learner_file import Learner, LearnerFileError, read_learner


@dataclass(frozen=True)
class CardRow:
    card_id: str
    deck: str
    topic: str
    learners: int  # learners who studied it
    wrong: int  # learners who got it wrong
    wrong_answers: int  # Again ratings plus wrong drills, over the class


@dataclass(frozen=True)
class MissedScenario:
    card_id: str
    misses: int
    drills: int
    prompt: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class Repeat:
    """A file not counted: the same learner as `counted` (same database file id, or same name)."""

    source: Path
    counted: Path
    name: str
    why: str


@dataclass
class ClassReport:
    learners: list[Learner]
    skipped: list[tuple[Path, str]]
    repeats: list[Repeat] = field(default_factory=list)
    cards: list[CardRow] = field(default_factory=list)
    topics: list[tuple[str, int, int]] = field(default_factory=list)  # topic, learners wrong, learners studied
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (predicted, simulated) -> drills
    missed: list[MissedScenario] = field(default_factory=list)


def read_all(paths: Iterable[Path], now: datetime) -> tuple[list[Learner], list[tuple[Path, str]]]:
    learners, skipped = [], []
    for path in paths:
        try:
            learners.append(read_learner(path, now))
        except LearnerFileError as exc:
            skipped.append((path, str(exc)))
    return learners, skipped


def one_per_learner(learners: Sequence[Learner]) -> tuple[list[Learner], list[Repeat]]:
    """Each learner once. Files with the same database `file_id` (a database and its
    export, or one database handed in twice under two names) or the same learner name
    are one learner: the file with the most reviews (then the latest export) counts,
    the others are listed as repeats, so no learner weighs twice in the class figures."""
    parent = list(range(len(learners)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, learner in enumerate(learners):
        file_id = learner.data.get("file_id")
        for key in (("name", learner.name.strip().casefold()), ("file", file_id if isinstance(file_id, str) else "")):
            if not key[1]:
                continue
            if key in first:
                parent[root(i)] = root(first[key])
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(learners)):
        groups.setdefault(root(i), []).append(i)
    kept, repeats = [], []
    for members in groups.values():
        best = max(members, key=lambda i: (learners[i].summary.get("reviews") or 0,
                                           str(learners[i].data.get("exported_at", "")), -i))
        kept.append(best)
        for i in members:
            if i == best:
                continue
            same_file = learners[i].data.get("file_id") and learners[i].data.get("file_id") == learners[best].data.get("file_id")
            why = "the same progress database (same file id)" if same_file else "the same learner name"
            repeats.append(Repeat(learners[i].source, learners[best].source, learners[best].name, why))
    return [learners[i] for i in sorted(kept)], repeats


def build(learners: Sequence[Learner], skipped: Sequence[tuple[Path, str]],
          cards_by_id: Mapping[str, object] | None = None, most_missed: int = 10) -> ClassReport:
    """The report; `cards_by_id` (the decks' cards) lends prompts and explanations.
    A learner who handed in several files counts once (`one_per_learner`)."""
    cards_by_id = cards_by_id or {}
    learners, repeats = one_per_learner(learners)
    studied: Counter = Counter()
    wrong: Counter = Counter()
    wrong_answers: Counter = Counter()
    where: dict[str, tuple[str, str]] = {}
    topic_studied: dict[str, set[int]] = defaultdict(set)
    topic_wrong: dict[str, set[int]] = defaultdict(set)
    confusion: Counter = Counter()
    misses: Counter = Counter()
    drills: Counter = Counter()
    for index, learner in enumerate(learners):
        missed_here = Counter()
        for d in learner.data["drills"]:
            card = str(d.get("card", ""))
            drills[card] += 1
            if not d["correct"]:
                misses[card] += 1
                missed_here[card] += 1
            prediction, simulated = str(d.get("prediction", "")), d["simulated"].get("baseline")
            # predict drills only: a which-knob drill predicts an option, a compare drill a direction
            if simulated is not None and not prediction.strip().isdigit() and "measured" not in d["simulated"]:
                confusion[(prediction, str(simulated))] += 1
        for c in learner.data["cards"]:
            card_id = c["id"]
            where.setdefault(card_id, (str(c.get("deck", "")), str(c.get("topic", ""))))
            topic = where[card_id][1]
            studied[card_id] += 1
            topic_studied[topic].add(index)
            count = int(c["again"]) + missed_here.get(card_id, 0)
            if count:
                wrong[card_id] += 1
                wrong_answers[card_id] += count
                topic_wrong[topic].add(index)
    rows = [CardRow(cid, *where[cid], studied[cid], wrong[cid], wrong_answers[cid]) for cid in studied]
    rows.sort(key=lambda r: (-r.wrong, -r.wrong_answers, r.card_id))
    topics = sorted(((t, len(topic_wrong[t]), len(s)) for t, s in topic_studied.items()), key=lambda t: (-t[1], t[0]))
    missed = []
    for card_id, count in sorted(misses.items(), key=lambda kv: (-kv[1], kv[0]))[:most_missed]:
        card = cards_by_id.get(card_id)
        missed.append(MissedScenario(card_id, count, drills[card_id], getattr(card, "front", ""),
                                     getattr(card, "explanation", "")))
    return ClassReport(list(learners), list(skipped), repeats, rows, topics, dict(confusion), missed)

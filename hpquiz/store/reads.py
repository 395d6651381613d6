"""The read side of the store: card states, history, today's count and the figures behind stats.

Kept apart from `hpquiz.store` (which owns opening, transactions and writes)
so each module has one job; `Store` inherits these methods.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from hpquiz.scheduler import CardState, Rating, Status, utc
from hpquiz.store.rows import (
    DeckCounts,
    ReviewRecord,
    day_start,
    interleave_topics,
    iso,
    next_day,
    previous_day,
    state_from_row,
)
from hpquiz.store.check import explain
from hpquiz.store.errors import UnknownCard


def _review(rid, cid, rating, at, secs, before, after) -> ReviewRecord:
    try:
        return ReviewRecord(
            id=rid,
            card_id=cid,
            rating=Rating(rating),
            reviewed_at=datetime.fromisoformat(at),
            seconds=secs,
            before=CardState.from_dict(json.loads(before)),
            after=CardState.from_dict(json.loads(after)),
        )
    except (ValueError, TypeError, KeyError) as exc:
        values = {"rating": rating, "reviewed_at": at, "state_before": before, "state_after": after}
        raise explain("reviews", rid, values, exc) from exc


# a review that a drill did not make (drills schedule their card through a review row of their own)
FLASHCARD_REVIEW = "id NOT IN (SELECT review_id FROM drills WHERE review_id IS NOT NULL)"


class StoreReads:
    """Read-only queries over the progress database (mixed into `Store`)."""

    db: Database
    path: Path

    def queue(
        self,
        now: datetime,
        deck_ids: Iterable[str] | None = None,
        new_limit: int = 20,
        review_limit: int = 200,
        *,
        tz: tzinfo = timezone.utc,
        learn_ahead: timedelta = timedelta(0),
        limits: Mapping[str, tuple[int, int]] | None = None,
        only: Collection[str] | None = None,
    ) -> list[str]:
        """Card ids to study now, in order.

        1. Cards due by `now` (review, learning and relearning), most overdue
           first; review-state cards count against their deck's review limit per day.
        2. New cards, at most their deck's new limit per day, in deck order with
           topics interleaved.
        3. (Re)learning cards due within `learn_ahead`, soonest first, so a
           session can finish a card's short learning steps.
        Limits are per deck and calendar day in `tz`, counting reviews already done
        today: `limits[deck] = (new, reviews)`, else `new_limit`/`review_limit`.
        `only` restricts the queue, and what counts against the limits, to those card
        ids (the study screen passes its non-scenario cards, the drill its scenarios).
        Suspended cards, and buried ones until their time, are left out.
        """
        now = utc(now)
        left = self.left_today(now, limits or {}, new_limit, review_limit, tz=tz, only=only)
        params: list[Any] = [iso(now)]
        deck_filter = ""
        if deck_ids is not None:
            ids = list(deck_ids)
            deck_filter = f" AND c.deck_id IN ({', '.join('?' * len(ids))})"
            params.extend(ids)
        rows = self.db.execute(
            "SELECT c.id, c.topic, s.status, s.due, c.deck_id FROM cards c JOIN card_state s ON s.card_id = c.id"
            " LEFT JOIN card_controls k ON k.card_id = c.id WHERE c.retired = 0"
            " AND coalesce(k.suspended, 0) = 0 AND (k.buried_until IS NULL OR k.buried_until <= ?)"
            f"{deck_filter} ORDER BY c.position, c.id",
            params,
        ).fetchall()
        if only is not None:
            wanted = only if isinstance(only, (set, frozenset, dict)) else set(only)
            rows = [row for row in rows if row[0] in wanted]
        now_text = iso(now)
        ahead_text = iso(now + learn_ahead)
        due, fresh, ahead = [], {}, []
        for card_id, _, status, due_text, deck in rows:
            if status == Status.NEW:
                fresh[card_id] = deck
            elif due_text <= now_text:
                due.append((due_text, card_id, status, deck))
            elif status != Status.REVIEW and due_text <= ahead_text:
                ahead.append((due_text, card_id))
        new_left = {deck: n for deck, (n, _) in left.items()}
        reviews_left = {deck: r for deck, (_, r) in left.items()}
        out: list[str] = []
        for _, card_id, status, deck in sorted(due):
            if status == Status.REVIEW:
                if reviews_left.get(deck, review_limit) <= 0:
                    continue
                reviews_left[deck] = reviews_left.get(deck, review_limit) - 1
            out.append(card_id)
        # Interleave over every active card, not just the new ones, so the order
        # of introduction stays the same as cards get studied.
        order = interleave_topics([(row[0], row[1]) for row in rows])
        for card_id in order:
            deck = fresh.get(card_id)
            if deck is not None and new_left.get(deck, new_limit) > 0:
                new_left[deck] = new_left.get(deck, new_limit) - 1
                out.append(card_id)
        out.extend(card_id for _, card_id in sorted(ahead))
        return out

    def done_today(
        self, now: datetime, *, tz: tzinfo = timezone.utc, only: Collection[str] | None = None
    ) -> dict[str, tuple[int, int]]:
        """deck id -> (new cards studied today, reviews of review-state cards today)."""
        rows = self.db.execute(
            "SELECT r.card_id, c.deck_id, r.status_before FROM reviews r JOIN cards c ON c.id = r.card_id"
            " WHERE r.reviewed_at >= ?",
            [iso(day_start(utc(now), tz))],
        )
        out: dict[str, list[int]] = {}
        for card_id, deck, status in rows:
            if only is not None and card_id not in only:
                continue
            counts = out.setdefault(deck, [0, 0])
            counts[0] += status == Status.NEW
            counts[1] += status == Status.REVIEW
        return {deck: (n, r) for deck, (n, r) in out.items()}

    def left_today(
        self,
        now: datetime,
        limits: Mapping[str, tuple[int, int]],
        new_limit: int = 20,
        review_limit: int = 200,
        *,
        tz: tzinfo = timezone.utc,
        only: Collection[str] | None = None,
    ) -> dict[str, tuple[int, int]]:
        """deck id -> (new cards, reviews) its daily limits still allow today."""
        done = self.done_today(now, tz=tz, only=only)
        decks = {row[0] for row in self.db.execute("SELECT DISTINCT deck_id FROM cards WHERE retired = 0")}
        out = {}
        for deck in decks | set(limits):
            new_cap, review_cap = limits.get(deck, (new_limit, review_limit))
            new_done, reviews_done = done.get(deck, (0, 0))
            out[deck] = (max(0, new_cap - new_done), max(0, review_cap - reviews_done))
        return out

    def card_ids(self, *, include_retired: bool = False) -> list[str]:
        """Every known card id in introduction order."""
        where = "" if include_retired else " WHERE retired = 0"
        return [row[0] for row in self.db.execute(f"SELECT id FROM cards{where} ORDER BY position, id")]

    def is_retired(self, card_id: str) -> bool:
        row = self.db.execute("SELECT retired FROM cards WHERE id = ?", [card_id]).fetchone()
        if row is None:
            raise UnknownCard(f"no card {card_id!r} in {self.path}")
        return bool(row[0])

    def state(self, card_id: str) -> CardState:
        """The card's current scheduling state."""
        row = self.db.execute(
            "SELECT status, due, stability, difficulty, step, last_review, reps, lapses"
            " FROM card_state WHERE card_id = ?",
            [card_id],
        ).fetchone()
        if row is None:
            raise UnknownCard(f"no card {card_id!r} in {self.path}")
        return state_from_row(row, card_id)

    def deck_counts(self, now: datetime, learn_ahead: timedelta = timedelta(0)) -> dict[str, DeckCounts]:
        """Per deck, as Anki's deck list counts: new, (re)learning cards due within
        `learn_ahead` of `now` (a step of a minute counts as waiting), review cards due by
        `now` (each card in one column), and every card of the deck.

        Suspended cards, and buried ones until their time, are in no column but the
        total: the queue leaves them out, so a deck showing them would open on
        "nothing is due"."""
        rows = self.db.execute(
            "WITH active AS (SELECT c.deck_id, c.position, s.status, s.due,"
            " coalesce(k.suspended, 0) = 0 AND (k.buried_until IS NULL OR k.buried_until <= :now) AS open"
            " FROM cards c JOIN card_state s ON s.card_id = c.id LEFT JOIN card_controls k ON k.card_id = c.id"
            " WHERE c.retired = 0)"
            " SELECT deck_id, sum(open AND status = 'new'),"
            " sum(open AND status IN ('learning', 'relearning') AND due <= :ahead),"
            " sum(open AND status = 'review' AND due <= :now), count(*)"
            " FROM active GROUP BY deck_id ORDER BY min(position)",
            {"now": iso(utc(now)), "ahead": iso(utc(now) + learn_ahead)},
        )
        return {deck: DeckCounts(new, learning, due, total) for deck, new, learning, due, total in rows}

    def history(self, card_id: str | None = None) -> list[ReviewRecord]:
        """Stored reviews, oldest first (of one card, or all)."""
        where, params = ("WHERE card_id = ?", [card_id]) if card_id is not None else ("", [])
        rows = self.db.execute(
            "SELECT id, card_id, rating, reviewed_at, seconds, state_before, state_after"
            f" FROM reviews {where} ORDER BY id",
            params,
        )
        return [_review(*row) for row in rows]

    def review_ids(self) -> set[int]:
        return {row[0] for row in self.db.execute("SELECT id FROM reviews")}

    def drills(self) -> list[dict[str, Any]]:
        """Every drill result, oldest first, with `simulated` decoded."""
        rows = self.db.execute(
            "SELECT id, card_id, review_id, prediction, simulated, correct, drilled_at, seconds"
            " FROM drills ORDER BY id"
        )
        keys = ("id", "card_id", "review_id", "prediction", "simulated", "correct", "drilled_at", "seconds")
        out = []
        for row in rows:
            item = dict(zip(keys, row))
            item["simulated"] = json.loads(item["simulated"])
            item["correct"] = bool(item["correct"])
            out.append(item)
        return out

    # -- today and the reads behind the stats ----------------------------------------

    def today(self, now: datetime, tz: tzinfo = timezone.utc) -> tuple[int, int]:
        """(reviews done today, streak in days).

        The streak counts consecutive calendar days (in `tz`) with at least one
        review, ending today, or yesterday while today has no review yet (a
        streak is not lost until the day is over).
        """
        start = day_start(now, tz)
        end = next_day(start, tz)
        done = self.db.execute(
            "SELECT count(*) FROM reviews WHERE reviewed_at >= ? AND reviewed_at < ?",
            [iso(start), iso(end)],
        ).fetchone()[0]
        return done, self._streak(start if done else previous_day(start, tz), tz)

    def _streak(self, day: datetime, tz: tzinfo) -> int:
        streak = 0
        while True:
            before = next_day(day, tz)
            last = self.db.execute(
                "SELECT max(reviewed_at) FROM reviews WHERE reviewed_at < ?", [iso(before)]
            ).fetchone()[0]
            if last is None or last < iso(day):
                return streak
            streak += 1
            day = previous_day(day, tz)

    def review_times(self, since: datetime, flashcards_only: bool = False) -> list[datetime]:
        """When each review at or after `since` happened (`flashcards_only`: not the reviews a drill made)."""
        apart = f" AND {FLASHCARD_REVIEW}" if flashcards_only else ""
        rows = self.db.execute(
            f"SELECT id, reviewed_at FROM reviews WHERE reviewed_at >= ?{apart} ORDER BY reviewed_at", [iso(since)]
        )
        out = []
        for rid, at in rows:
            try:
                out.append(datetime.fromisoformat(at))
            except (ValueError, TypeError) as exc:
                raise explain("reviews", rid, {"reviewed_at": at}, exc) from exc
        return out

    def mature_review_counts(self, mature_days: float, flashcards_only: bool = False) -> tuple[int, int]:
        """(reviews of cards whose interval was >= mature_days, how many of them were Again)."""
        apart = f" AND {FLASHCARD_REVIEW}" if flashcards_only else ""
        total, again = self.db.execute(
            f"SELECT count(*), coalesce(sum(rating = 1), 0) FROM reviews WHERE interval_before >= ?{apart}",
            [mature_days],
        ).fetchone()
        return total, again

    def drill_times(self, since: datetime) -> list[datetime]:
        """When each drill at or after `since` was answered."""
        return [datetime.fromisoformat(at) for (at,) in self.db.execute(
            "SELECT drilled_at FROM drills WHERE drilled_at >= ? ORDER BY drilled_at", [iso(since)])]

    def last_ratings(self) -> dict[str, Rating]:
        """Each reviewed card's latest rating (flashcard or drill): "recall now" counts an Again as forgotten."""
        rows = self.db.execute(
            "SELECT card_id, rating FROM reviews WHERE id IN (SELECT max(id) FROM reviews GROUP BY card_id)")
        return {card_id: Rating(rating) for card_id, rating in rows}

    def active_states(self) -> list[tuple[str, str, str, CardState]]:
        """(card id, deck id, topic, state) of every active card, in deck order."""
        rows = self.db.execute(
            "SELECT c.id, c.deck_id, c.topic, s.status, s.due, s.stability, s.difficulty, s.step,"
            " s.last_review, s.reps, s.lapses FROM cards c JOIN card_state s ON s.card_id = c.id"
            " WHERE c.retired = 0 ORDER BY c.position, c.id"
        )
        return [(row[0], row[1], row[2], state_from_row(row[3:], row[0])) for row in rows]

    def browse_rows(self) -> list[tuple]:
        """(card id, status, due as stored, suspended, buried until, flag) of every active card,
        in no order (sorting 20,000 rows in SQLite costs more than the query): what the card
        browser lists, in one query (full states are read per card)."""
        return self.db.execute(
            "SELECT c.id, s.status, s.due, coalesce(k.suspended, 0), k.buried_until, coalesce(k.flag, 0)"
            " FROM cards c JOIN card_state s ON s.card_id = c.id LEFT JOIN card_controls k ON k.card_id = c.id"
            " WHERE c.retired = 0"
        ).fetchall()

    def review_tallies(self) -> dict[str, tuple[int, int]]:
        """card id -> (reviews, of them rated Again), counted in SQL: a class report reads
        hundreds of databases and needs no decoded review."""
        rows = self.db.execute("SELECT card_id, count(*), coalesce(sum(rating = 1), 0) FROM reviews GROUP BY card_id")
        return {card_id: (n, again) for card_id, n, again in rows}

    def card_statuses(self) -> list[tuple[str, str, str, Status]]:
        """(card id, deck id, topic, status) of every active card, in deck order: `active_states`
        without decoding the rest of each state."""
        rows = self.db.execute(
            "SELECT c.id, c.deck_id, c.topic, s.status FROM cards c JOIN card_state s ON s.card_id = c.id"
            " WHERE c.retired = 0 ORDER BY c.position, c.id"
        )
        out = []
        for card_id, deck, topic, status in rows:
            try:
                out.append((card_id, deck, topic, Status(status)))
            except ValueError as exc:
                raise explain("card_state", card_id, {"status": status}, exc) from exc
        return out

    def drill_outcomes(self) -> list[tuple[str, bool]]:
        """(prediction, correct) of every drill."""
        return [(p, bool(c)) for p, c in self.db.execute("SELECT prediction, correct FROM drills")]

    def meta_value(self, key: str) -> str | None:
        """A value kept in the meta table (e.g. `learner_name`), or None."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def backup_to(self, target: Path) -> int:
        """Write a consistent copy of this database to the new file `target` (see `store.backup`)."""
        from hpquiz.store.backup import backup

        return backup(self.db.conn, self.path, target)

    def problems(self) -> list[str]:
        """Everything `hpquiz db check` reports: SQLite's checks, then every row (see `store.check`)."""
        from hpquiz.store.check import problems

        return list(problems(self.db.conn))

    def row_counts(self) -> dict[str, int]:
        from hpquiz.store.check import counts

        return counts(self.db.conn)

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]

"""One sitting of study, without any terminal: which card is shown, reveal, rate, undo.

The study screen only draws what a `StudySession` says and forwards keys to it,
so the whole flow (queue, saving each answer before the next card, undo,
learning steps coming back within the sitting, the end-of-session summary) is
tested headlessly against a real store.

Rules:
- The queue is the store's (`Store.queue`), restricted to the cards we have
  loaded and to non-scenario cards (scenario cards belong to the drill).
- Each answer is committed by `Store.record_review` before `current` moves on.
- A card whose new state is (re)learning and due within `learn_ahead` comes
  back at the end of this sitting, as in Anki.
- A choice card's options appear in an order drawn for this showing
  (`hpquiz.shuffle`, seeded by the card and its review count, so undo shows
  the same order again); picks and grades are option indexes, never positions.
- Choice cards are graded automatically: a right pick is GOOD, a wrong one
  AGAIN (recognising an option is weaker evidence than recall, so a fast right
  pick is not promoted to EASY).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hpquiz.deck.model import Card, CardType
from hpquiz.faces import Face, face
from hpquiz.scheduler import Rating, Scheduler, Status
from hpquiz.shuffle import option_order
from hpquiz.store import Store, UndoRefused

LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class Answered:
    """One answer given in this sitting (kept so undo can step back)."""

    card_id: str
    rating: Rating
    seconds: float
    requeued: bool
    chosen: tuple[int, ...] = ()
    review_id: int = 0  # the stored review, so undo takes back exactly this answer


@dataclass(frozen=True)
class ChoiceResult:
    correct: bool
    rating: Rating
    chosen: tuple[int, ...]
    right: tuple[int, ...]
    order: tuple[int, ...] = ()


@dataclass(frozen=True)
class Summary:
    """What the sitting achieved, for the end screen."""

    reviewed: int
    cards: int
    ratings: Mapping[Rating, int]
    seconds: float
    skipped_scenarios: int = 0

    @property
    def again(self) -> int:
        return self.ratings.get(Rating.AGAIN, 0)

    @property
    def recalled_share(self) -> float | None:
        return None if not self.reviewed else 1 - self.again / self.reviewed


@dataclass
class StudySession:
    """A sitting over `store`'s queue at `now_fn()`; `current` is the card on screen."""

    store: Store
    cards_by_id: Mapping[str, Card]
    now_fn: Callable[[], datetime]
    scheduler: Scheduler | None = None
    deck_ids: Iterable[str] | None = None
    new_limit: int = 20
    review_limit: int = 200
    limits: Mapping[str, tuple[int, int]] | None = None
    bury_siblings: bool = False
    learn_ahead: timedelta = LEARN_AHEAD
    cards: Iterable[str] | None = None  # a custom sitting: exactly these cards, in this order, beyond the limits
    queue: list[str] = field(init=False)
    answered: list[Answered] = field(init=False, default_factory=list)
    revealed: bool = field(init=False, default=False)
    skipped_scenarios: int = field(init=False, default=0)
    _shown_at: datetime | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.scheduler = self.scheduler or self.store.scheduler
        if self.deck_ids is not None:
            self.deck_ids = tuple(self.deck_ids)
        # scenario cards belong to the drill: they neither enter this queue nor use up its limits
        studied = {card_id for card_id, card in self.cards_by_id.items() if card.type != CardType.SCENARIO}
        if self.cards is not None:
            self.cards = tuple(c for c in self.cards if c in self.cards_by_id)
            self.queue = [c for c in self.cards if c in studied]
            self.skipped_scenarios = len(self.cards) - len(self.queue)
            self._show()
            return
        self.skipped_scenarios = len(
            self.store.queue(self.now_fn(), deck_ids=self.deck_ids, new_limit=self.new_limit,
                             review_limit=self.review_limit, limits=self.limits,
                             only=set(self.cards_by_id) - studied)
        )
        ids = self.store.queue(
            self.now_fn(), deck_ids=self.deck_ids, new_limit=self.new_limit, review_limit=self.review_limit,
            limits=self.limits, only=studied,
        )
        self.queue = []
        for card_id in ids:
            card = self.cards_by_id.get(card_id)
            if card is None:
                continue
            self.queue.append(card_id)
        self._show()

    # -- what is on screen ---------------------------------------------------------

    @property
    def current(self) -> Card | None:
        return self.cards_by_id[self.queue[0]] if self.queue else None

    @property
    def finished(self) -> bool:
        return not self.queue

    @property
    def face(self) -> Face | None:
        card = self.current
        if card is None:
            return None
        return face(card, self.turn, self.order)

    @property
    def turn(self) -> int:
        """Which side a reverse card shows: its review count, or with siblings buried the
        count before today, so its other side waits until the next day (as Anki buries siblings)."""
        card = self.current
        if card is None:
            return 0
        reps = self.store.state(card.id).reps
        return reps - self.store.reviews_today(card.id, self.now_fn()) if self.bury_siblings else reps

    @property
    def order(self) -> tuple[int, ...]:
        """The current card's options in the order shown now: order[label - 1] = option index."""
        card = self.current
        return () if card is None else option_order(card, self.store.state(card.id).reps)

    @property
    def progress(self) -> tuple[int, int]:
        """(answers given, answers given + cards still queued)."""
        return len(self.answered), len(self.answered) + len(self.queue)

    def preview(self) -> dict[Rating, timedelta]:
        """The interval each rating would give the current card now."""
        card = self.current
        if card is None:
            return {}
        return self.store.preview(card.id, self.now_fn())

    # -- actions -------------------------------------------------------------------------

    def reveal(self) -> None:
        if self.current is not None:
            self.revealed = True

    def answer(self, rating: Rating | int, chosen: tuple[int, ...] = ()) -> Answered:
        """Save the rating of the current card (committed), then move to the next one."""
        card = self.current
        if card is None:
            raise RuntimeError("the session is finished: no card to answer")
        now = self.now_fn()
        seconds = max(0.0, (now - self._shown_at).total_seconds()) if self._shown_at else 0.0
        rating = Rating(rating)
        review_id = self.store.record_review(card.id, rating, now, seconds)
        state = self.store.state(card.id)
        self.queue.pop(0)
        requeued = state.status in (Status.LEARNING, Status.RELEARNING) and state.due <= now + self.learn_ahead
        if requeued:
            self.queue.append(card.id)
        done = Answered(card.id, rating, seconds, requeued, chosen, review_id)
        self.answered.append(done)
        self._show()
        return done

    def choose(self, *indexes: int) -> ChoiceResult:
        """Grade a choice card by the option(s) picked (indexes into `card.options`), save it, move on.

        Right means exactly the set of correct options (for one-answer cards,
        picking the right one).
        """
        card = self.current
        if card is None or card.type != CardType.CHOICE:
            raise ValueError("the current card is not a choice card")
        for index in indexes:
            if not 0 <= index < len(card.options):
                raise ValueError(f"option {index + 1} does not exist (1–{len(card.options)})")
        chosen = tuple(sorted(set(indexes)))
        right = tuple(sorted(card.answer))
        correct = chosen == right
        order = self.order
        rating = Rating.GOOD if correct else Rating.AGAIN
        self.answer(rating, chosen)
        return ChoiceResult(correct, rating, chosen, right, order)

    def undo(self) -> str | None:
        """Take back the last answer of this sitting: the card returns to the front as it was.

        The review is removed by its id, so another window's answers on the same
        file are never touched. If that window has reviewed this card since,
        `UndoRefused` is raised, nothing changes, and the answer leaves this
        sitting's undo list (it can no longer be taken back).
        """
        if not self.answered:
            return None
        last = self.answered[-1]
        try:
            restored = self.store.undo_review(last.review_id)
        except UndoRefused:
            self.answered.pop()
            raise
        self.answered.pop()
        if last.requeued:
            # the requeued copy is the last occurrence of the card in the queue
            index = len(self.queue) - 1 - self.queue[::-1].index(last.card_id)
            self.queue.pop(index)
        self.queue.insert(0, last.card_id)
        self._show()
        return restored

    def _show(self) -> None:
        self.revealed = False
        self._shown_at = self.now_fn() if self.queue else None

    def why_empty(self) -> tuple[str, dict[str, object]]:
        """Why nothing is left to study, as a message key of `hpquiz.messages` and its fields.

        A custom sitting ends with its cards. Otherwise new cards still waiting mean
        today's limit stopped them: the message counts the new cards introduced today in
        those decks (a sum of the decks' limits named a number nobody had studied). Then
        the next card due, or nothing."""
        from hpquiz.scheduler import format_interval
        from hpquiz.store.rows import iso

        if self.cards is not None:
            return "summary.custom_done", {}
        now = self.now_fn()
        scope = [c for c in self.cards_by_id.values() if c.type != CardType.SCENARIO
                 and (self.deck_ids is None or c.deck_id in self.deck_ids)]
        controls = self.store.controls()
        stamp = iso(now)

        def open_now(card_id: str) -> bool:
            suspended, buried_until, _ = controls[card_id]
            return not suspended and (buried_until is None or buried_until <= stamp)

        waiting = [c for c in scope if c.id in controls and open_now(c.id)]
        states = {c.id: self.store.state(c.id) for c in waiting}
        new_decks = {c.deck_id for c in waiting if states[c.id].status == Status.NEW}
        if new_decks:
            limits = self.limits or {}
            if all(limits.get(d, (self.new_limit, 0))[0] == 0 for d in new_decks):
                return "summary.new_off", {}
            done = self.store.done_today(now, only={c.id for c in scope})
            return "summary.new_done", {"count": sum(done.get(d, (0, 0))[0] for d in new_decks)}
        later = [states[c.id].due for c in waiting if states[c.id].status != Status.NEW]
        if later:
            return "summary.next_due", {"when": format_interval(min(later) - now)}
        return "summary.nothing_due", {}

    def more_new(self, extra: int) -> StudySession:
        """A new sitting over the same decks allowing `extra` more new cards per deck today."""
        decks = {c.deck_id for c in self.cards_by_id.values()}
        base = dict(self.limits or {})
        limits = {d: (base.get(d, (self.new_limit, self.review_limit))[0] + extra,
                      base.get(d, (self.new_limit, self.review_limit))[1]) for d in decks}
        return StudySession(self.store, self.cards_by_id, self.now_fn, self.scheduler, self.deck_ids,
                            self.new_limit, self.review_limit, limits=limits, bury_siblings=self.bury_siblings)

    @property
    def summary(self) -> Summary:
        ratings = Counter(a.rating for a in self.answered)
        return Summary(
            reviewed=len(self.answered),
            cards=len({a.card_id for a in self.answered}),
            ratings=dict(ratings),
            seconds=sum(a.seconds for a in self.answered),
            skipped_scenarios=self.skipped_scenarios,
        )

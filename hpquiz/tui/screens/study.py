"""Study: one card at a time, Anki's keys. The `StudySession` decides; this screen draws.

Every answer is committed by the session before the next card is drawn, so
quitting at any moment loses nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from hpquiz.deck.model import Card, CardType
from hpquiz.faces import Kind, Segment, face
from hpquiz.messages import rating_name, say
from hpquiz.scheduler import Rating
from hpquiz.settings import Settings
from hpquiz.session import ChoiceResult, StudySession
from hpquiz.store import UndoRefused
from hpquiz.tui.honest_keys import HonestKeys, back_keys
from hpquiz.tui.saving import Saver
from hpquiz.tui.widgets.rating_bar import RatingBar

MORE_NEW = 10  # new cards that "study more" adds beyond today's limit
CUSTOM_MAX = 100  # cards in one custom session at most (Anki's default for custom study)

SEGMENT_STYLES = {Kind.TEXT: "", Kind.BLANK: "bold black on yellow", Kind.ANSWER: "bold green"}


def segments_text(segments: tuple[Segment, ...]) -> Text:
    text = Text()
    for segment in segments:
        text.append(segment.text, style=SEGMENT_STYLES[segment.kind])
    return text


def duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


class StudyScreen(HonestKeys, Screen):
    """Reveal with space, rate 1–4, undo with u; choice cards answer with the option's number."""

    TITLE = "Study"
    BINDINGS = [
        Binding("space", "reveal", "Show/next"),
        Binding("1", "press(1)", "Again", show=False),
        Binding("2", "press(2)", "Hard", show=False),
        Binding("3", "press(3)", "Good", show=False),
        Binding("4", "press(4)", "Easy", show=False),
        *[Binding(str(n), f"press({n})", show=False) for n in range(5, 10)],
        Binding("enter", "submit", "Submit", show=False),
        Binding("u", "undo", "Undo"),
        Binding("m", "more", "Study more"),
        Binding("c", "custom", "Custom session"),
        *back_keys(),  # "Home", or "Cards" when opened from the card browser
    ]
    KEY_HELP = {
        "space": "show the answer; again: Good (as in Anki)",
        "1 2 3 4": "rate Again, Hard, Good, Easy (each shows its interval)",
        "1…9": "choice card: pick that option (graded at once)",
        "enter": "choice card with several right options: submit",
        "u": "undo the last answer",
        "m": "after the sitting: 10 more new cards than today's limit",
        "c": "after the sitting: a custom session (deck:, topic:, tag:, failed:today)",
        "escape": "back to {back}",
    }

    def __init__(self, deck_id: str | None = None, cards=None) -> None:
        super().__init__()
        self.deck_id = deck_id
        self.cards = None if cards is None else list(cards)  # a custom sitting: these cards, whatever is due
        self.session: StudySession | None = None
        self.feedback: tuple[Card, ChoiceResult] | None = None
        self.picked: set[int] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="study"):
            with Horizontal(id="study-top"):
                yield ProgressBar(id="study-progress", show_eta=False, show_percentage=False)
                yield Static(id="study-count")
            yield Static(id="card-meta")
            with VerticalScroll(id="card-box"):
                yield Static(id="card-question")
                yield Static(id="card-answer")
            yield RatingBar(id="rating-bar")
        yield Footer()

    def on_mount(self) -> None:
        ctx = self.app.ctx
        settings = Settings.load(ctx.store)
        deck_ids = [ctx.deck(self.deck_id).id] if self.deck_id is not None else ctx.study_all_decks(settings)
        options = settings.deck_options(self.deck_id) if self.deck_id is not None else settings.deck_options("")
        self.session = StudySession(
            ctx.store, ctx.cards_by_id, ctx.now_fn, deck_ids=deck_ids,
            limits=settings.limits([d.id for d in ctx.decks]), bury_siblings=options.bury_siblings,
            cards=self.cards,
        )
        self.saver = Saver(self, ctx.store, ctx.busy_limit)
        self.draw()

    # -- drawing -------------------------------------------------------------------

    def dead_key(self, action: str) -> str | None:
        """Why `action` does nothing right now (None: it acts). The footer hides dead keys;
        pressing one says this in the status line."""
        session = self.session
        if session is None:
            return None
        lang = self._language(session.current)
        if action == "reveal" and self.feedback is None:
            if session.finished:
                return say("keys.space_summary", lang, back=self.back_words(lang, goes=True))
            if session.current.type == CardType.CHOICE:
                return say("keys.space_choice", lang)
        if action == "undo" and not session.answered:
            return say("study.nothing_to_undo", lang)
        if action in ("more", "custom") and not (session.finished and self.feedback is None):
            return say("study.more_after", lang)
        return None

    def draw(self) -> None:
        self.refresh_keys()
        session = self.session
        done, total = session.progress
        bar = self.query_one("#study-progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#study-count", Static).update(f"{done}/{total}")
        if self.feedback is not None:
            self._draw_feedback(*self.feedback)
        elif session.finished:
            self._draw_summary()
        else:
            self._draw_card(session.current)

    def _language(self, card: Card | None = None) -> str:
        """The interface language here: the card's deck, else the studied deck, else the last card's."""
        ctx = self.app.ctx
        if card is None and self.deck_id is None and self.session.answered:
            card = ctx.cards_by_id.get(self.session.answered[-1].card_id)
        return ctx.language(card.deck_id if card is not None else self.deck_id)

    def _meta(self, card: Card, extra: str = "") -> None:
        deck = self.app.ctx.deck(card.deck_id)
        parts = [deck.title, card.topic, card.type.value]
        if extra:
            parts.append(extra)
        self.query_one("#card-meta", Static).update(Text(" · ".join(parts), style="dim"))

    def _draw_card(self, card: Card) -> None:
        session = self.session
        shown = session.face
        lang = self._language(card)
        self._meta(card, say("study.reversed", lang) if shown.reversed else "")
        question = segments_text(shown.question)
        bar = self.query_one("#rating-bar", RatingBar)
        answer = self.query_one("#card-answer", Static)
        if card.type == CardType.CHOICE:
            question.append("\n")
            if len(card.answer) > 1:
                question.append("\n" + say("study.several_right", lang), style="italic dim")
            for label, i in enumerate(session.order, start=1):
                mark = "●" if i in self.picked else " "
                question.append(f"\n {mark} {label}. ", style="bold")
                question.append(card.options[i])
            answer.update("")
            keys = "1…%d" % len(card.options)
            if len(card.answer) > 1:
                bar.show_hint((keys, say("study.pick_several", lang)), ("enter", say("study.submit", lang)))
            else:
                bar.show_hint((keys, say("study.pick_one", lang)))
        elif session.revealed:
            answer.update(Text("─" * 20 + "\n", style="dim") + segments_text(shown.answer) + self._source(card))
            bar.show_ratings(session.preview(), lang)
        else:
            answer.update("")
            bar.show_hint(("space", say("study.show_answer", lang)), *self._undo_hint(lang))
        self.query_one("#card-question", Static).update(question)

    def _source(self, card: Card) -> Text:
        """Where the card's facts come from, by title in the deck's language (empty if it cites nothing)."""
        from hpquiz.sources import source_line

        line = source_line(card.source, self.app.ctx.deck(card.deck_id).language)
        return Text("\n\n" + line, style="dim italic") if line else Text("")

    def _undo_hint(self, lang: str) -> tuple[tuple[str, str], ...]:
        return (("u", say("study.undo", lang)),) if self.session.answered else ()

    def _draw_feedback(self, card: Card, result: ChoiceResult) -> None:
        """The options again, each marked: picked and right, picked and wrong, right but missed."""
        lang = self._language(card)
        self._meta(card)
        question = Text(card.front)
        question.append("\n")
        for label, i in enumerate(result.order, start=1):
            option = card.options[i]
            right, picked = i in result.right, i in result.chosen
            if right:
                mark, style, note = ("✓", "bold green", "study.picked_right" if picked else "study.missed")
            elif picked:
                mark, style, note = ("✗", "bold red", "study.picked_wrong")
            else:
                mark, style, note = (" ", "", None)
            question.append(f"\n {mark} {label}. ", style=style or "bold")
            question.append(option, style=style)
            if note is not None:
                question.append(f"  ← {say(note, lang)}", style="italic " + style)
        self.query_one("#card-question", Static).update(question)
        key = "study.right_saved" if result.correct else "study.wrong_saved"
        verdict = Text()
        verdict.append(say(key, lang, rating=rating_name(result.rating, lang)),
                       style="bold green" if result.correct else "bold red")
        if card.explanation:
            verdict.append("\n\n" + card.explanation)
        verdict.append_text(self._source(card))
        self.query_one("#card-answer", Static).update(verdict)
        self.query_one("#rating-bar", RatingBar).show_hint(
            ("space", say("study.next_card", lang)), *self._undo_hint(lang)
        )

    def _draw_summary(self) -> None:
        s = self.session.summary
        lang = self._language()
        self.query_one("#card-meta", Static).update("")
        lines = Text(say("summary.finished", lang) + "\n\n", style="bold")
        if s.reviewed:
            lines.append(say("summary.answers", lang, answers=s.reviewed, cards=s.cards, time=duration(s.seconds)) + "\n")
            lines.append("  ".join(f"{rating_name(r, lang)} {s.ratings.get(r, 0)}" for r in Rating) + "\n")
            lines.append(say("summary.recalled", lang, share=s.recalled_share) + "\n")
        key, fields = self.session.why_empty()
        lines.append(("\n" if s.reviewed else "") + say(key, lang, **fields) + "\n")
        if s.skipped_scenarios:
            lines.append("\n" + say("summary.scenarios_wait", lang, count=s.skipped_scenarios) + "\n", style="italic")
        self.query_one("#card-question", Static).update(lines)
        self.query_one("#card-answer", Static).update("")
        self.query_one("#rating-bar", RatingBar).show_hint(
            ("m", say("summary.study_more", lang, count=MORE_NEW)), ("c", say("summary.custom", lang)),
            ("escape", self.back_words(lang)), *self._undo_hint(lang),
        )

    def action_more(self) -> None:
        """On the summary: a sitting with more new cards than today's limit."""
        if not self.session.finished:
            self.notify(say("study.more_after", self._language()), timeout=2)
            return
        more = self.session.more_new(MORE_NEW)
        if more.finished:
            self.notify(say("study.no_more_new", self._language()), timeout=4)
            return
        self.session = more
        self.draw()

    def action_custom(self) -> None:
        """On the summary: ask which cards, then a sitting over exactly those (limits aside)."""
        from hpquiz.tui.screens.prompt import TextPrompt

        lang = self._language()
        decks = self.app.ctx.decks
        example = f"deck:{decks[0].id}" if decks else "failed:today"
        self.app.push_screen(
            TextPrompt(say("study.custom_title", lang), say("study.custom_hint", lang, example=example), "failed:today"),
            lambda answer: answer is not None and self._start_custom(answer),
        )

    def _start_custom(self, text: str) -> None:
        from hpquiz.browse import parse_query, rows, search
        from hpquiz.errors import HpquizError

        ctx, lang = self.app.ctx, self._language()
        try:
            query = parse_query(text)
        except HpquizError as exc:
            self.notify(str(exc), severity="error", timeout=5)
            return
        if query.empty:
            self.notify(say("study.custom_empty", lang), timeout=4)
            return
        index = ctx.card_index()
        found = [r.card.id for r in search(rows(ctx.store, index, ctx.now_fn()), index, query)
                 if r.card.type != CardType.SCENARIO and not r.suspended and not r.buried]
        if not found:
            self.notify(say("study.custom_none", lang, query=text), timeout=4)
            return
        self.cards = found[:CUSTOM_MAX]
        self.session = StudySession(ctx.store, ctx.cards_by_id, ctx.now_fn, cards=self.cards,
                                    bury_siblings=self.session.bury_siblings)
        self.feedback = None
        self.draw()

    # -- keys --------------------------------------------------------------------------

    def action_reveal(self) -> None:
        """Space: show the answer; on a shown answer it means Good, as in Anki."""
        session = self.session
        if self.saver.busy:
            return
        if self.feedback is not None:
            self.feedback = None
        elif session.current is not None and session.current.type != CardType.CHOICE:
            if session.revealed:
                self.saver.save(lambda: session.answer(Rating.GOOD), lambda _: self.draw())
                return
            session.reveal()
        self.draw()

    def action_press(self, number: int) -> None:
        session = self.session
        card = session.current
        if self.feedback is not None or card is None or self.saver.busy:
            return
        if card.type == CardType.CHOICE:
            if number > len(card.options):
                return
            index = session.order[number - 1]
            if len(card.answer) > 1:
                self.picked ^= {index}
                self.draw()
                return
            self._choose(index)
            return
        if number > 4:
            return
        if not session.revealed:
            self.notify(say("study.reveal_first", self._language(card)), timeout=2)
            return
        self.saver.save(lambda: session.answer(Rating(number)), lambda _: self.draw())

    def action_submit(self) -> None:
        card = self.session.current
        if self.feedback is not None:
            self.action_reveal()
        elif card is not None and card.type == CardType.CHOICE and self.picked:
            self._choose(*sorted(self.picked))

    def _choose(self, *indexes: int) -> None:
        card = self.session.current

        def chosen(result) -> None:
            self.picked = set()
            self.feedback = (card, result)
            self.draw()

        self.saver.save(lambda: self.session.choose(*indexes), chosen)

    def action_undo(self) -> None:
        if self.saver.busy:
            return

        def undo() -> str | UndoRefused | None:
            try:
                return self.session.undo()
            except UndoRefused as exc:
                return exc

        def undone(result: str | UndoRefused | None) -> None:
            if isinstance(result, UndoRefused):
                self.notify(str(result), title="Not undone", severity="warning", timeout=6)
                return
            if result is None:
                self.notify(say("study.nothing_to_undo", self._language()), timeout=2)
            self.feedback = None
            self.picked = set()
            self.draw()

        self.saver.save(undo, undone, what="the undo")

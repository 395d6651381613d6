"""Drill: predict what a training setup does, then watch the simulator do it.

The order matters: the learner commits first (a key), and only then is anything of
the runs shown. They start training as the card is shown, in a thread worker, so
that a learner who reads the scenario for a second finds them done and sees the
curves as the key goes down (the 25 runs of a 4-option card took 0.4-0.9 s on the
2-core development machines: longer than a key press should wait, shorter than
anyone reads a scenario). Until the prediction nothing of them is drawn, graded or
recorded; a prediction made before they are done shows their progress, escape then
cancels them and records nothing, and leaving the card stops them. Runs too big for
this machine (`simulator.budget`) are refused before anything is allocated: the
screen says so at once, records nothing and lets the learner go on.

Every setup trains on five seeds at once; the chart draws the card's own seed as the
main curves and the other seeds dimmed behind them, and the verdicts are the
consensus of the seeds. The grading and the simulation belong to `hpquiz.drill`;
the screen shows them and records the result through the store, which schedules
the card.
"""

from __future__ import annotations

import time

import numpy as np
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from hpquiz.charts import Series
from hpquiz.deck.model import Card, CardType
from hpquiz.messages import say
from hpquiz.tui.honest_keys import HonestKeys, back_keys
from hpquiz.tui.saving import Saver
from hpquiz.tui.widgets.boundary import BoundaryView
from hpquiz.shuffle import option_order
from hpquiz.tui.widgets.charts import LossChart, swatch

PREDICT = "predict"
RUNNING = "running"
RESULT = "result"
REFUSED = "refused"  # the card's runs cannot start on this machine
WIDE = 120  # columns from which the result's text sits beside the chart instead of above it


def verdict_choices():
    from simulator import Verdict

    return list(Verdict)


def setup_line(config) -> str:
    from hpquiz.knobs import describe

    return describe(config)


class DrillScreen(HonestKeys, Screen):
    """Scenario cards, one at a time: predict (1…n), run, see, next (n)."""

    TITLE = "Drill"
    AUTO_FOCUS = ""  # no panel takes the keys: ↑↓ scroll the text's panel from the screen's bindings
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        *[Binding(str(n), f"predict({n})", show=False) for n in range(1, 10)],
        Binding("n", "next", "Next scenario"),
        Binding("b", "toggle_models", "Curves/boundaries"),
        Binding("s", "save", "Save again"),
        Binding("down", "scroll_result(1)", "Scroll", key_display="↑↓"),
        Binding("up", "scroll_result(-1)", "Scroll", show=False),
        Binding("pagedown", "scroll_result(5)", "Scroll", show=False),
        Binding("pageup", "scroll_result(-5)", "Scroll", show=False),
        Binding("escape", "cancel", "Cancel"),
        *back_keys(),  # "Home", or "Cards" when opened from the card browser
    ]
    KEY_HELP = {
        "1…9": "your prediction: the verdict, the option or (claims) the direction you expect",
        "escape": "cancel the running simulation (nothing is recorded), else back to {back}",
        "n": "next scenario (after the result, or when this one cannot be trained here)",
        "b": "after the result: what the baseline's and your option's networks learned "
             "(decision boundary or fitted curve), or back to the loss curves",
        "s": "save the result again, after the database refused it",
        "↑ ↓ pgup pgdn": "scroll the text (the scenario, after the run its result and explanation) when it is "
                         "longer than its panel; the chart stays put",
    }

    def __init__(self, deck_id: str | None = None, first: str | None = None) -> None:
        super().__init__()
        self.deck_id = deck_id
        self.first = first  # a scenario to show first (opened from the card browser)
        self.queue: list[str] = []
        self.phase = PREDICT
        self.prediction = None
        self.order: tuple[int, ...] = ()
        self.shown_at = None
        self.seconds = 0.0
        self.done = 0
        self.unsaved = None  # the store write of a shown result that could not be saved yet
        self.skip_unsaved = False
        self.trained = None  # the shown card's outcome, trained ahead (train_ahead resets it)
        self.training = None  # the worker training the shown card's runs

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="drill"):
            yield Static(id="drill-meta")
            # The text scrolls in its own panel, so the chart keeps its rows however long
            # the explanation is: above the chart, or beside it on a wide screen (`WIDE`).
            with Container(id="drill-body"):
                with VerticalScroll(id="drill-text"):
                    yield Static(id="drill-prompt")
                    yield Static(id="drill-choices")
                    yield Static(id="drill-result")
                    yield ProgressBar(id="drill-progress", show_eta=False, classes="hidden")
                with Vertical(id="drill-figure", classes="hidden"):
                    yield LossChart(id="drill-chart", classes="hidden")
                    yield Static(id="drill-caption", classes="hidden")
                    with Horizontal(id="drill-models", classes="hidden"):
                        yield BoundaryView(id="model-baseline")
                        yield BoundaryView(id="model-chosen")
        yield Footer()

    def on_mount(self) -> None:
        ctx = self.app.ctx
        deck_ids = None if self.deck_id is None else [ctx.deck(self.deck_id).id]
        scenario_ids = [
            card.id
            for deck in ctx.decks
            if deck_ids is None or deck.id in deck_ids
            for card in deck.cards
            if card.type == CardType.SCENARIO
        ]
        due = [i for i in ctx.store.queue(ctx.now_fn(), deck_ids=deck_ids) if i in set(scenario_ids)]
        # due and new scenarios first, then the others as practice
        self.queue = due + [i for i in scenario_ids if i not in set(due)]
        if self.first in self.queue:
            self.queue.remove(self.first)
            self.queue.insert(0, self.first)
        self.saver = Saver(self, ctx.store, ctx.busy_limit)
        self.show_card()

    @property
    def card(self) -> Card | None:
        return self.app.ctx.cards_by_id[self.queue[0]] if self.queue else None

    # -- drawing -------------------------------------------------------------------------

    def show_card(self) -> None:
        self.phase = PREDICT
        self.call_after_refresh(self.refresh_keys)
        self.prediction = None
        card = self.card
        for selector in ("#drill-figure", "#drill-chart", "#drill-caption", "#drill-progress", "#drill-models"):
            self.query_one(selector).add_class("hidden")
        self.query_one("#drill-result", Static).update("")
        if card is None:
            self.query_one("#drill-meta", Static).update("")
            lang = self.app.ctx.language(self.deck_id)
            others = [d.id for d in self.app.ctx.decks if any(c.type == CardType.SCENARIO for c in d.cards)]
            text = say("drill.no_scenarios", lang)
            if others:
                text += "\n" + say("drill.decks_with_scenarios", lang, decks=", ".join(others))
            self.query_one("#drill-prompt", Static).update(text)
            self.query_one("#drill-choices", Static).update("")
            return
        deck = self.app.ctx.deck(card.deck_id)
        lang = self._lang()
        self.query_one("#drill-meta", Static).update(
            Text(f"{deck.title} · {card.topic} · {say('drill.scenario_n', lang, n=self.done + 1)}", style="dim")
        )
        prompt = Text(card.front + "\n\n", style="bold")
        if card.scenario.statement:
            prompt.append(say("drill.claim", lang), style="dim")
            prompt.append(card.scenario.statement + "\n", style="italic")
        prompt.append(say("drill.setup", lang), style="dim")
        prompt.append(setup_line(card.scenario.setup), style="dim")
        if card.scenario.compare:
            from hpquiz.knobs import changed_knobs

            claim = card.scenario.claim
            prompt.append("\n" + say("drill.change", lang), style="bold")
            prompt.append(changed_knobs(claim.changed, claim.setup), style="bold")
        self.query_one("#drill-prompt", Static).update(prompt)
        # a which-knob card's options in this showing's order; the verdicts keep theirs
        self.order = option_order(card, self.app.ctx.store.state(card.id).reps) if card.options else tuple(
            range(len(self._labels()))
        )
        self.query_one("#drill-choices", Static).update(self._choices_text())
        self.shown_at = self.app.ctx.now_fn()
        self.train_ahead(card)

    def train_ahead(self, card: Card) -> None:
        """Start training `card`'s runs while the learner reads it (see the module docstring)."""
        self.trained = None
        self.training = self.simulate(card)

    def _choices_text(self, marks: dict[int, str] | None = None, verdicts: list[str] | None = None,
                      shares: list[str] | None = None) -> Text:
        """The choices; after the run each line carries its curve's colour, verdict and share of seeds."""
        card = self.card
        lang = self._lang()
        compare = card.scenario.compare
        if verdicts is None:
            text = Text(say("drill.predict_first", lang), style="bold")
            if compare:
                from hpquiz.claims import measure_label

                text.append(say("drill.which_direction", lang, measure=measure_label(card, lang)) + "\n")
            elif card.scenario.predict:
                text.append(say("drill.which_verdict", lang) + "\n")
            else:
                text.append(say("drill.which_change", lang, goal=self._say(card.scenario.goal)) + "\n")
        elif compare:
            text = Text("")
        else:
            text = swatch(0)
            text.append(say("drill.as_given", lang) + " → ")
            text.append(self._say(verdicts[0]), style="bold")
            text.append(f" ({shares[0]})\n" if shares else "\n", style="dim")
        labels = self._labels()
        for position, i in enumerate(self.order):
            label = labels[i]
            if verdicts is not None and not card.scenario.predict and not compare:
                text.append_text(swatch(i + 1))
            text.append(f" {position + 1} ", style="reverse bold")
            text.append(f" {label}")
            if verdicts is not None and not card.scenario.predict and not compare:
                text.append(f" → {self._say(verdicts[i + 1])}", style="bold")
                if shares:
                    text.append(f" ({shares[i + 1]})", style="dim")
            if marks and i in marks:
                text.append(f"  {marks[i]}", style="bold")
            text.append("\n")
        return text

    def _labels(self) -> list[str]:
        """What each choice says, by option index (verdicts for a predict card)."""
        if self.card.scenario.compare:
            from hpquiz.claims import DIRECTIONS, direction_label

            return [direction_label(d, self._lang()) for d in DIRECTIONS]
        if self.card.scenario.predict:
            return [self._say(v) for v in verdict_choices()]
        return list(self.card.options)

    def _seeds(self) -> int:
        from simulator.consensus import SEEDS

        return SEEDS

    def _lang(self) -> str:
        return self.app.ctx.language(self.card.deck_id if self.card is not None else self.deck_id)

    def _say(self, verdict) -> str:
        """A verdict in the deck's language, glossed in English when that differs."""
        from hpquiz.words import deck_words

        return deck_words(self.app.ctx.deck(self.card.deck_id).language).verdict_glossed(verdict)

    # -- predicting and running -------------------------------------------------------------

    def action_predict(self, number: int) -> None:
        card = self.card
        if self.phase != PREDICT or card is None:
            return
        if number > len(self._labels()):
            self.notify(say("keys.drill_no_option", self._lang(), n=number, count=len(self._labels())), timeout=3)
            return
        index = self.order[number - 1]
        if card.scenario.compare:
            from hpquiz.claims import DIRECTIONS

            self.prediction = DIRECTIONS[index]
        else:
            self.prediction = verdict_choices()[index] if card.scenario.predict else index
        self.seconds = max(0.0, (self.app.ctx.now_fn() - self.shown_at).total_seconds())
        self.phase = RUNNING
        self.refresh_keys()
        self.query_one("#drill-choices", Static).update(self._choices_text({index: say("drill.your_prediction", self._lang())}))
        bar = self.query_one("#drill-progress", ProgressBar)
        bar.remove_class("hidden")
        bar.update(total=max(c.epochs for c in card.scenario.configs()), progress=0)
        from hpquiz.drill import SEEDS

        setups = len(card.scenario.configs())
        self.query_one("#drill-result", Static).update(
            say("drill.training", self._lang(), count=setups * SEEDS, setups=setups, seeds=SEEDS)
        )
        if self.trained is not None:
            self._show_outcome(card, self.trained)
        elif self.training is None or self.training.is_cancelled:
            self.train_ahead(card)  # escape cancelled them: train again

    @work(thread=True, exclusive=True, group="drill")
    def simulate(self, card: Card) -> None:
        from hpquiz import drill

        worker = get_current_worker()
        last = [0.0]

        def on_progress(epoch, epochs):
            if worker.is_cancelled:
                return False
            now = time.monotonic()
            if now - last[0] > 0.05:
                last[0] = now
                self.app.call_from_thread(self._progress, epoch, epochs)
            return True

        try:
            with np.errstate(all="ignore"):
                outcome = drill.simulate(card, on_progress=on_progress, cache=self.app.ctx.cache)
        except MemoryError as exc:  # simulator.budget.TooMuchMemory, or NumPy out of memory
            if not worker.is_cancelled:
                self.app.call_from_thread(self._refused, card, exc)
            return
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._trained, card, outcome)

    def _refused(self, card: Card, exc: MemoryError) -> None:
        if card is not self.card:
            return
        self.phase = REFUSED
        self.refresh_keys()
        self.query_one("#drill-progress").add_class("hidden")
        self.query_one("#drill-choices", Static).update(self._choices_text())
        from simulator.budget import refusal

        self.query_one("#drill-result", Static).update(
            Text(say("drill.not_started", self._lang(), error=refusal(exc), back=self.back_words(self._lang())),
                 style="bold red"))

    def _trained(self, card: Card, outcome) -> None:
        """The runs are done: shown if the learner has predicted, else kept until they do."""
        if card is not self.card:
            return
        self.trained = outcome
        if self.phase == RUNNING:
            self._show_outcome(card, outcome)

    def _progress(self, epoch: int, epochs: int) -> None:
        self.query_one("#drill-progress", ProgressBar).update(total=epochs, progress=epoch + 1)

    def _show_outcome(self, card: Card, outcome) -> None:
        from hpquiz import drill

        if card is not self.card or self.phase != RUNNING:
            return
        lang = self._lang()
        result = drill.grade(card, self.prediction, outcome, lang)
        if card.scenario.compare:  # named as the measured lines name them
            labels = [say("drill.baseline_measured", lang), say("drill.changed_measured", lang)]
        else:
            labels = ["baseline"] + [f"{self.order.index(i) + 1}. {o}" for i, o in enumerate(card.options)]
        verdicts = [v.value for v in outcome.verdicts]
        series = [Series(label, run, replicas, verdict) for label, run, replicas, verdict
                  in zip(labels, outcome.runs, outcome.replicas, verdicts)]
        chart = self.query_one("#drill-chart", LossChart)
        for selector in ("#drill-figure", "#drill-chart", "#drill-caption"):
            self.query_one(selector).remove_class("hidden")
        seeds = outcome.consensuses[0].seeds
        chart.show_series(series, f"loss: ━ train  • validation  (faint: seeds {seeds[1]}–{seeds[-1]})"
                          if len(seeds) > 1 else "loss: ━ train  • validation")
        self.query_one("#drill-caption", Static).update(self._caption(card, labels, verdicts, lang))
        self._show_models(card, outcome, verdicts, lang)
        self.query_one("#drill-progress").add_class("hidden")
        simulated = {"baseline": verdicts[0], **{f"option {i}": v for i, v in enumerate(verdicts[1:])}}
        if card.scenario.compare:
            simulated["measured"] = outcome.direction.value
        prediction = self.prediction.value if card.scenario.predict or card.scenario.compare else str(self.prediction)
        store, now, seconds = self.app.ctx.store, self.app.ctx.now_fn(), self.seconds
        self.unsaved = lambda: store.record_drill(card.id, prediction, simulated, result.correct, now, seconds)
        self.action_save()
        self.phase = RESULT
        self.refresh_keys()
        self.query_one("#drill-prompt", Static).update(Text(card.front, style="bold"))
        self.query_one("#drill-choices", Static).update(
            self._choices_text(self._marks(card, outcome), verdicts,
                               None if card.scenario.compare else [outcome.share(i, lang) for i in range(len(verdicts))]))
        text = Text(say("drill.right" if result.correct else "drill.wrong", lang),
                    style="bold green" if result.correct else "bold red")
        text.append(result.message)
        for line in self._evidence(card, outcome):
            text.append("\n" + line, style="italic")
        if card.explanation:
            text.append("\n" + card.explanation)
        from hpquiz.sources import source_line

        source = source_line(card.source, self.app.ctx.deck(card.deck_id).language)
        if source:
            text.append("\n" + source, style="dim italic")
        text.append("\n" + say("drill.next_hint", lang, back=self.back_words(lang)) + " · "
                    + say("drill.models_hint", lang), style="dim")
        self.query_one("#drill-result", Static).update(text)
        self.query_one("#drill-text").scroll_home(animate=False)
        self.call_after_refresh(self.refresh_keys)  # ↑↓ is offered once the panel knows it overflows

    def _caption(self, card: Card, labels: list[str], verdicts: list[str], lang) -> Text:
        """Under the chart: what a seed is, in one line, and on a compare card which marker is
        which run (a which-knob card's choices carry their markers; a predict card has one run)."""
        text = Text()
        if card.scenario.compare:
            for i, (label, verdict) in enumerate(zip(labels, verdicts)):
                text.append("   " if i else "")
                text.append_text(swatch(i))
                text.append(f"{label}: {self._say(verdict)}")
            text.append("\n")
        text.append(say("drill.what_a_seed_is", lang), style="dim")
        return text

    def _show_models(self, card: Card, outcome, verdicts: list[str], lang) -> None:
        """The networks behind the verdicts, drawn for `b`: the baseline's and, on a
        which-knob card, the chosen option's (a predict card has only the baseline)."""
        self.query_one("#model-baseline", BoundaryView).show(
            outcome.runs[0], say("drill.model_baseline", lang, verdict=self._say(verdicts[0])))
        chosen = self.query_one("#model-chosen", BoundaryView)
        chosen.set_class(card.scenario.predict, "hidden")
        if card.scenario.compare:
            chosen.show(outcome.runs[1], f"{say('drill.changed_measured', lang)}: {self._say(verdicts[1])}")
        elif not card.scenario.predict:
            n = self.prediction + 1
            chosen.show(outcome.runs[n], say("drill.model_option", lang, n=n, verdict=self._say(verdicts[n])))

    def dead_key(self, action: str) -> str | None:
        """Why `action` does nothing now (None: it acts): the footer hides it, a press says this."""
        lang = self._lang()
        running = say("keys.drill_running", lang)
        if action == "predict":
            if self.card is None:
                return say("keys.drill_no_card", lang, back=self.back_words(lang, goes=True))
            return {RUNNING: running, RESULT: say("keys.drill_predicted", lang),
                    REFUSED: say("keys.drill_refused", lang)}.get(self.phase)
        if action == "next":
            return {PREDICT: say("keys.drill_next_after", lang), RUNNING: running}.get(self.phase)
        if action == "toggle_models" and self.phase != RESULT:
            return say("keys.drill_models_after", lang)
        if action == "save" and self.unsaved is None:
            return say("keys.drill_saved", lang)
        if action == "scroll_result" and self.is_mounted and self._scrolled().max_scroll_y == 0:
            return say("keys.drill_no_scroll", lang)
        if action == "cancel" and self.phase != RUNNING:
            return say("keys.drill_nothing_running", lang)
        return None

    def action_toggle_models(self) -> None:
        if self.phase != RESULT:
            return
        models = self.query_one("#drill-models")
        showing = models.has_class("hidden")
        models.set_class(not showing, "hidden")
        self.query_one("#drill-chart").set_class(showing, "hidden")
        self.query_one("#drill-caption").set_class(showing, "hidden")

    def _evidence(self, card: Card, outcome) -> list[str]:
        """What the simulator saw in the curves, in the deck's language: the first reason
        for the baseline's verdict and, on a which-knob card, for the option the learner chose."""
        from hpquiz.evidence import first_reason

        lang = self._lang()
        if card.scenario.compare:
            from hpquiz.claims import measured_lines

            return list(measured_lines(card, outcome, lang))
        runs = [(say("drill.evidence_given", lang), 0)]
        if not card.scenario.predict:
            runs.append((say("drill.evidence_option", lang, n=self.order.index(self.prediction) + 1), self.prediction + 1))
        lines = []
        for name, index in runs:
            diagnosis = outcome.diagnoses[index]
            if diagnosis.reasons:
                lines.append(f"{name}, {self._say(diagnosis.verdict)}: {first_reason(diagnosis, lang)}")
        return lines

    def _marks(self, card: Card, outcome) -> dict[int, str]:
        marks = {}
        if card.scenario.compare:
            from hpquiz.claims import DIRECTIONS

            right, index = DIRECTIONS.index(outcome.direction), DIRECTIONS.index(self.prediction)
            marks[right] = say("drill.what_the_seeds_did", self._lang())
            marks[index] = marks.get(index, "✗") + "  " + say("drill.yours", self._lang())
            return marks
        if card.scenario.predict:
            right = [v.value for v in verdict_choices()].index(outcome.baseline_verdict.value)
            marks[right] = say("drill.what_the_run_did", self._lang())
        else:
            for i in outcome.reaching_goal:
                marks[i] = say("drill.reaches", self._lang(), goal=self._say(card.scenario.goal))
        if isinstance(self.prediction, int) or not card.scenario.predict:
            index = self.prediction
        else:
            index = [v.value for v in verdict_choices()].index(self.prediction.value)
        marks[index] = marks.get(index, "✗") + "  " + say("drill.yours", self._lang())
        return marks

    def action_save(self) -> None:
        """Record the shown result (again, after a failed save: the result stays on screen meanwhile)."""
        if self.unsaved is None:
            return

        def saved(_) -> None:
            self.unsaved = None
            self.done += 1
            self.refresh_keys()

        self.saver.save(self.unsaved, saved, what="this drill result", retry="press s to try again")

    def action_next(self) -> None:
        if self.phase not in (RESULT, REFUSED) or self.saver.busy:
            return
        if self.unsaved is not None and not self.skip_unsaved:
            self.skip_unsaved = True
            self.notify("This result is not saved: press s to try again, or n once more to go on without it.",
                        severity="warning", timeout=6)
            return
        self.unsaved, self.skip_unsaved = None, False
        self.queue.append(self.queue.pop(0))
        self.show_card()

    def action_cancel(self) -> None:
        """Escape while the runs train: stop them; nothing is recorded."""
        if self.phase != RUNNING:
            return
        self.workers.cancel_group(self, "drill")
        self.query_one("#drill-progress").add_class("hidden")
        self.query_one("#drill-result", Static).update(say("drill.cancelled", self._lang()))
        self.phase = PREDICT
        self.refresh_keys()
        self.query_one("#drill-choices", Static).update(self._choices_text())

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_keys)  # at the new width the text may fit, or overflow now

    def _scrolled(self):
        """What ↑↓ scroll: the text's panel (the scenario, then its result), never the chart."""
        return self.query_one("#drill-text")

    def action_scroll_result(self, lines: int) -> None:
        self._scrolled().scroll_relative(y=lines, animate=False)

    def action_escape(self) -> None:
        """What escape does now: cancel the running simulation, else go back."""
        if self.phase == RUNNING:
            self.action_cancel()
        else:
            self.action_go_back()

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "drill")

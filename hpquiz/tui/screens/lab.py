"""Lab: set any knob, run, watch the curves grow epoch by epoch; pin runs; sweep one knob.

Playground's controls: space plays and pauses, n trains one epoch, x resets to
epoch 0. Knobs changed while paused act from the current weights on (the segments
of a run live in `hpquiz.lab_session.LabRun`). Pinned runs are compared in a table
(t). Setups are saved and opened as TOML files or named slots in the store (w, o),
and e writes the experiment as a scenario card.

Training happens in a thread worker that reports each epoch through
`call_from_thread` and stops when the worker is cancelled (escape, a new run,
leaving the screen or quitting). The screen only turns knobs into a
`TrainConfig` (via the panel) and runs into charts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from hpquiz.charts import Series
from hpquiz.knobs import changed_knobs, fixed_text, knob_text, split_sweep, sweep_suggestion
from hpquiz.lab_session import CannotContinue, LabRun, comparison
from hpquiz.tui.honest_keys import HonestKeys
from hpquiz.tui.saving import Saver
from hpquiz.tui.screens.prompt import TextPrompt
from hpquiz.tui.widgets.boundary import BoundaryView
from hpquiz.tui.widgets.charts import LossChart, NormsChart, SweepChart, legend
from hpquiz.tui.widgets.knob_panel import KnobPanel
from hpquiz.words import verdict_label

MAX_PINS = 4
SETUP_SUFFIXES = (".toml",)
WIDE = 120  # columns from which the run's hyperparameters are repeated next to its weight norms
DRAW_EVERY = 0.05  # seconds between live redraws: every epoch is reported, not every one drawn
MODEL_EVERY = 0.25  # seconds between redraws of the live decision boundary (a whole grid predicted)


def is_file_name(answer: str) -> bool:
    """A .toml name or anything with a folder in it is a file; other text names a saved slot."""
    return answer.lower().endswith(SETUP_SUFFIXES) or "/" in answer or "\\" in answer


@dataclass(frozen=True)
class Pinned:
    label: str
    run: Any
    verdict: str


class LabScreen(HonestKeys, Screen):
    """The simulator with every knob exposed."""

    TITLE = "Lab"
    AUTO_FOCUS = ""  # keys (space, n, x, r…) act at once; tab or a click enters the knobs
    BINDINGS = [
        Binding("ctrl+r", "run", "Run", key_display="r"),
        Binding("r", "run", "Run", show=False),
        Binding("p", "pin", "Pin"),
        Binding("c", "clear_pins", "Clear pins"),
        Binding("ctrl+s", "sweep", "Sweep", key_display="s"),
        Binding("s", "sweep", "Sweep", show=False),
        Binding("space", "pause", "Pause", key_display="space"),
        Binding("space", "play_pause", "Play", key_display="space"),
        Binding("ctrl+t", "play_pause", "Play/Pause", show=False),
        Binding("n", "step", "Step"),
        Binding("ctrl+n", "step", "Step", show=False),
        Binding("x", "reset", "Reset"),
        Binding("ctrl+g", "reset", "Reset", show=False),
        Binding("t", "table", "Table"),
        Binding("w", "save_setup", "Save", show=False),
        Binding("ctrl+w", "save_setup", "Save", show=False),
        Binding("o", "open_setup", "Open", show=False),
        Binding("ctrl+o", "open_setup", "Open", show=False),
        Binding("e", "write_card", "Card", show=False),
        Binding("m", "map", "Map", show=False),
        Binding("g", "challenge", "Challenge", show=False),
        Binding("ctrl+k", "map", "Map", show=False),
        Binding("escape", "stop", "Stop"),
        Binding("escape", "unfocus", "Leave knob"),
        Binding("escape", "leave", "Home"),
    ]
    KEY_HELP = {
        "r / ctrl+r": "train the setup in the knobs (the chart grows epoch by epoch)",
        "p": "pin the last run: the next runs are drawn over it, its boundary beside theirs (up to 4)",
        "c": "clear the pinned runs",
        "s / ctrl+s": "sweep: train every value listed under 'sweep' for the chosen knob (hidden: 16; 16,16; 64,64)",
        "space / ctrl+t": "play / pause; change knobs while paused and play on: the new knobs act on the current weights",
        "n / ctrl+n": "train one epoch (from the current weights when paused)",
        "x / ctrl+g": "reset: back to epoch 0 and fresh weights",
        "t": "compare the pinned runs in a table (knobs that differ, final losses, verdicts); t again: the chart",
        "w / ctrl+w": "save the setup: a FILE.toml, or a name kept in your progress database",
        "o / ctrl+o": "open a setup from a .toml file or a saved name",
        "e": "write the experiment as a scenario card (setup + pinned runs as options) into a deck file",
        "g": "a tuning challenge: its setup fills the knobs, each r is one trial of the budget (judged on the mean "
             "of 5 seeds), then grid and random search",
        "m": "two-knob map: the sweep knob and values across, a second knob (asked for) down; 5 seeds a cell",
        "tab / shift+tab": "move between knobs (typing in a knob: use the ctrl+ keys)",
        "escape": "stop a running training; in a knob, leave it (its letters are keys again); else back to Home "
                  "(asked first when the last run is not pinned or the knobs are edited: escape again leaves)",
    }

    def __init__(self, setup=None) -> None:
        super().__init__()
        from simulator import TrainConfig

        self.base = TrainConfig()
        self.initial_setup = setup or self.base
        self.lab = LabRun()
        self._pause = False
        self._planned = 1  # the epochs the run on screen is heading for
        self._opened = None  # (config, status) of a setup just opened, until a knob changes
        self.game = None  # the ChallengePlay in progress: r trains its trials
        self._trial_change = None  # the knobs the trial being trained changes
        self._suggested = sweep_suggestion("learning_rate", self.initial_setup)
        self.last_run = None
        self.last_verdict = ""
        self.last_replicas: tuple = ()  # a judged trial's other seeds, drawn faint behind last_run
        self.pins: list[Pinned] = []
        self._kept = self.initial_setup  # the setup as opened or last saved: edits beyond it are asked about
        self._leaving = False  # escape asked "leave the lab?": a second escape leaves
        self._panel_config = None  # the setup the knobs last held, to tell edits from revalidation
        self._last_draw = 0.0
        self._last_model = 0.0
        # Called in the training thread after each epoch, before the cancel check: lets a
        # test (or a tool) hold a run at a known epoch instead of racing the clock.
        self.epoch_hook: Callable[[int], None] | None = None

    def compose(self) -> ComposeResult:
        from simulator import KNOBS

        yield Header()
        with Horizontal(id="lab"):
            with Vertical(id="lab-left"):
                yield KnobPanel(self.initial_setup, id="knobs")
                with Horizontal(id="sweep-row"):
                    yield Label("sweep", classes="knob-label")
                    yield Select(
                        [(f, f) for f in KNOBS if KNOBS[f].kind in ("int", "float", "choice", "optional_int", "layers")],
                        value="learning_rate",
                        allow_blank=False,
                        compact=True,
                        id="sweep-field",
                    )
                yield Input(
                    self._suggested,
                    compact=True,
                    id="sweep-values",
                    select_on_focus=False,
                )
            with Vertical(id="lab-right"):
                yield Static(id="lab-status")
                with Horizontal(id="lab-progress-row"):
                    yield ProgressBar(id="lab-progress", show_eta=False, show_percentage=False)
                    yield Static(id="lab-epoch")
                yield LossChart(id="lab-chart")
                yield SweepChart(id="sweep-chart", classes="hidden")
                yield DataTable(id="pin-table", classes="hidden", zebra_stripes=True, cursor_type="row")
                yield Static(id="map-view", classes="hidden")
                yield Static(id="lab-legend")
                with Horizontal(id="lab-bottom"):
                    yield NormsChart(id="norms-chart")
                    with Horizontal(id="lab-models"):
                        yield BoundaryView(id="model-run")
                        for i in range(MAX_PINS):
                            yield BoundaryView(id=f"model-pin-{i}", classes="hidden")
                    yield Static(fixed_text(self.initial_setup), id="lab-fixed")
        yield Footer()

    def on_mount(self) -> None:
        self.saver = Saver(self, self.app.ctx.store, self.app.ctx.busy_limit)
        self.query_one(KnobPanel).border_title = "Hyperparameters: set by you"
        self.query_one("#norms-chart", NormsChart).border_title = "Parameters: learned"
        self.query_one("#lab-models").border_title = "What the network learned"
        self.query_one("#lab-status", Static).update(
            "Set the knobs, then [b]r[/] (ctrl+r while typing) to train, [b]space[/] pauses. [b]p[/] pins a run."
        )
        self.query_one("#lab-progress", ProgressBar).update(total=1, progress=0)
        self.query_one("#lab-chart", LossChart).show_series([], "loss")
        self.query_one("#norms-chart", NormsChart).show_norms(None)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "sweep-field" and isinstance(event.value, str):
            self._suggested = sweep_suggestion(event.value, self.query_one(KnobPanel).config)
            self.query_one("#sweep-values", Input).value = self._suggested

    def on_knob_panel_changed(self, event: KnobPanel.Changed) -> None:
        # the panel also revalidates when a key reads it (r, n, space…): that message
        # may arrive after the run it started has reported, and must not hide its status
        if event.config is not None and event.config == self._panel_config:
            return
        self._panel_config = event.config
        self._leaving = False
        status = self.query_one("#lab-status", Static)
        if event.config is None:
            status.update("[b]Not a valid setup[/]: see the message under the knobs.")
            return
        field = self.query_one("#sweep-field", Select).value
        values = self.query_one("#sweep-values", Input)
        if isinstance(field, str) and values.value == self._suggested:  # a proposal (not the learner's list) follows the setup
            self._suggested = values.value = sweep_suggestion(field, event.config)
        if self._training():
            return
        if self._opened is not None and event.config == self._opened[0]:
            status.update(self._opened[1])
            return
        self._opened = None
        if self.lab.started and not self.lab.finished(event.config):
            status.update(
                f"Paused at epoch {self.lab.epochs_done}: [b]space[/] goes on from these weights with "
                f"{changed_knobs(event.config, self.lab.segments[-1].config.replace(epochs=event.config.epochs))}"
                .replace("with defaults", "with the same knobs")
            )
        elif self.last_run is None or event.config != self.last_run.config:
            status.update(f"Ready: {changed_knobs(event.config, self.base)} · [b]r[/] runs")

    def on_resize(self) -> None:
        # The knob panel already lists the hyperparameters; the copy next to the
        # weight norms (the setup of the run on screen) needs room to be readable.
        self.set_class(self.size.width < WIDE, "-narrow")

    # -- running -----------------------------------------------------------------------

    def _config(self):
        panel = self.query_one(KnobPanel)
        panel.validate_now()
        if panel.config is None:
            self.notify("Fix the knobs marked in red first.", severity="error", timeout=3)
        return panel.config

    def _training(self) -> bool:
        return any(w.group == "lab" and w.is_running for w in self.workers)

    def _simulate(self, work: Callable[[], Any]) -> Any:
        """Run `work()` in a worker thread, NumPy's float warnings off. Work too big for
        this machine is refused before anything is allocated (`simulator.budget`), and NumPy
        running out mid-allocation is refused the same way: the screen says "Not started: …"
        and stays usable, and this returns None."""
        try:
            with np.errstate(all="ignore"):
                return work()
        except MemoryError as exc:  # simulator.budget.TooMuchMemory, or NumPy out of memory
            self.app.call_from_thread(self._not_started, exc)
            return None

    def _not_started(self, exc: MemoryError) -> None:
        from simulator.budget import refusal

        self._trial_change = None
        self.query_one("#lab-progress", ProgressBar).update(total=1, progress=0)
        self.query_one("#lab-status", Static).update(Text(f"Not started: {refusal(exc)}"))

    def action_run(self) -> None:
        """Train the knobs' setup from fresh weights (a running or paused run is dropped);
        in a challenge, one trial."""
        if (waiting := self.dead_key("run")) is not None:  # space reaches here too, past the key check
            self.notify(waiting, timeout=3)
            return
        config = self._config()
        if config is None:
            return
        if self.game is not None:
            from hpquiz.challenge import TrialError

            if not self.game.left:  # every trial is in; only comparing with the searches is left
                self.finish_challenge(self.game)
                return
            try:
                self._trial_change = self.game.change_of(config)
            except TrialError as exc:
                self.notify(f"Not a trial: {exc}", severity="warning", timeout=6)
                return
        self.workers.cancel_group(self, "lab")
        self.lab = LabRun()
        self._start_segment(config, step=False)

    def action_pause(self) -> None:
        self._pause = True

    def action_play_pause(self) -> None:
        if self._training():
            self._pause = True
            return
        if self.game is not None:  # in a challenge a trial is a whole run
            self.action_run()
            return
        config = self._config()
        if config is None:
            return
        if self.lab.finished(config):
            self.lab = LabRun()
        self._start_segment(config, step=False)

    def action_step(self) -> None:
        if self._training():
            self._pause = True
            return
        if self.game is not None:
            self.notify("In a challenge each trial is a whole run: r tries the knobs.", timeout=4)
            return
        config = self._config()
        if config is None:
            return
        self._start_segment(config, step=True)

    def action_reset(self) -> None:
        self.workers.cancel_group(self, "lab")
        self.lab = LabRun()
        self.last_run = None
        self._show_view("chart")
        self._draw_run(None, -1, "")
        self.query_one("#lab-progress", ProgressBar).update(total=1, progress=0)
        self.query_one("#lab-status", Static).update("Reset: epoch 0, fresh weights. [b]space[/] or [b]r[/] trains.")
        self.refresh_keys()

    def _start_segment(self, config, step: bool) -> None:
        try:
            segment, start = self.lab.next_segment(config, step=step)
        except CannotContinue as exc:
            self.notify(str(exc), severity="warning", timeout=5)
            return
        self._show_view("chart")
        self._pause = False
        self._planned = max(config.epochs, self.lab.epochs_done + segment.epochs)
        bar = self.query_one("#lab-progress", ProgressBar)
        bar.update(total=max(config.epochs, self.lab.epochs_done + segment.epochs), progress=self.lab.epochs_done)
        if start is not None:
            now = changed_knobs(config, self.lab.segments[-1].config.replace(epochs=config.epochs))
            doing = f"Continuing from epoch {self.lab.epochs_done}'s weights" + ("" if now == "defaults" else f" with {now}")
        else:
            doing = f"Training {changed_knobs(config, self.base)}"
        self.query_one("#lab-status", Static).update(f"{doing} … ([b]space[/] pauses)")
        self.query_one("#lab-fixed", Static).update(fixed_text(config))
        self.train(config, segment, start)

    @work(thread=True, exclusive=True, group="lab")
    def train(self, config, segment=None, start=None) -> None:
        from simulator import diagnose, train

        worker = get_current_worker()
        lab = self.lab
        segment = segment or config

        def on_epoch(epoch: int, run) -> bool:
            if self.epoch_hook is not None:
                self.epoch_hook(epoch)
            if worker.is_cancelled or self._pause:
                return False
            now = time.monotonic()
            if now - self._last_draw >= DRAW_EVERY:
                self._last_draw = now
                self.app.call_from_thread(self._draw_run, lab.combined(run), lab.epochs_done + epoch, "", run)
            return True

        run = self._simulate(lambda: train(segment, on_epoch=on_epoch, start=start))
        if run is None or worker.is_cancelled or lab is not self.lab:
            return  # escape said "Stopped."; a newer run owns the screen otherwise
        lab.add(run)
        whole = lab.combined()
        if run.cancelled:
            self.app.call_from_thread(self._paused, whole, config)
            return
        if not lab.finished(config):  # a step: paused after one epoch
            self.app.call_from_thread(self._paused, whole, config)
            return
        verdict = diagnose(whole).verdict.value
        self.app.call_from_thread(self._finished, whole, verdict)

    def _paused(self, run, config) -> None:
        self._draw_run(run, run.epochs_run - 1, "")
        self.query_one("#lab-status", Static).update(
            f"Paused at epoch {run.epochs_run} of {config.epochs} · [b]space[/] plays on, [b]n[/] one epoch, "
            "knobs changed now act on these weights"
        )

    def _curves(self, run, verdict: str, so_far=None) -> list[Series]:
        curves = [Series(p.label, p.run, verdict=p.verdict, dim=True) for p in self.pins]
        if run is not None:
            replicas = self.last_replicas if run is self.last_run else ()
            curves.append(Series(f"run: {self._run_label(run, so_far)}", run, replicas, verdict or None))
        return curves

    def _run_label(self, run, so_far=None) -> str:
        """How the run differs from the defaults, then each change made while paused:
        "learning_rate=2; from epoch 40: learning_rate=0.1"."""
        segments = self.lab.segments + ([so_far] if so_far is not None else [])
        if len(segments) <= 1:
            return changed_knobs(run.config.replace(epochs=max(self._planned, run.epochs_run)), self.base)
        label = changed_knobs(segments[0].config.replace(epochs=self._planned), self.base)
        for epoch, change in LabRun(segments).changes():
            label += f"; from epoch {epoch}: " + ", ".join(
                f"{name}={knob_text('', value, name)}" for name, value in change.items()
            )
        return label

    def _show_curves(self, run, verdict: str, until: int | None = None, so_far=None) -> None:
        chart = self.query_one("#lab-chart", LossChart).show_series(self._curves(run, verdict, so_far), "loss", until=until)
        self.query_one("#lab-legend", Static).update(legend(chart))

    def _draw_run(self, run, epoch: int, verdict: str, so_far=None) -> None:
        # while training, the axis holds the planned length so the curve grows across it
        if run is None:
            self._show_curves(None, "")
            self.query_one("#norms-chart", NormsChart).show_norms(None)
            self._show_model(None, "")
            self.query_one("#lab-epoch", Static).update("")
            return
        planned = max(self._planned, run.epochs_run)
        self._show_curves(run, verdict, until=None if verdict else planned, so_far=so_far)
        self.query_one("#norms-chart", NormsChart).show_norms(run)
        now = time.monotonic()
        if verdict or now - self._last_model >= MODEL_EVERY:
            self._last_model = now
            self._show_model(run, verdict)
        self.query_one("#lab-progress", ProgressBar).update(progress=epoch + 1)
        self.query_one("#lab-epoch", Static).update(self._epoch_text(run, verdict, planned))

    def _show_model(self, run, verdict: str) -> None:
        """The current run's boundary (or fitted curve), live while it trains."""
        caption = "run" + (f": {verdict_label(verdict)}" if verdict else "")
        self.query_one("#model-run", BoundaryView).show(run, caption if run is not None else "run: press r")

    def _show_pinned_models(self) -> None:
        """Each pinned run's boundary beside the current one, to compare what they learned."""
        for i in range(MAX_PINS):
            view = self.query_one(f"#model-pin-{i}", BoundaryView)
            view.set_class(i >= len(self.pins), "hidden")
            if i < len(self.pins):
                pin = self.pins[i]
                view.show(pin.run, f"pin {i + 1}: {verdict_label(pin.verdict)}" if pin.verdict else f"pin {i + 1}")

    @staticmethod
    def _epoch_text(run, verdict: str, planned: int) -> Text:
        """Where the run is, or where it stopped and why: "epoch 3/200 ✕ diverged"."""
        text = Text(f" epoch {run.epochs_run}/{planned}")
        if run.diverged:
            text.append(" ✕ diverged", style="bold red")
        elif verdict and run.stopped_epoch is not None:
            text.append(" stopped early", style="bold")
        return text

    def _finished(self, run, verdict: str) -> None:
        self.last_run, self.last_verdict, self.last_replicas = run, verdict, ()
        change, self._trial_change = self._trial_change, None
        self._draw_run(run, run.epochs_run - 1, verdict)
        if self.game is not None and change is not None and len(self.lab.segments) == 1:
            self._challenge_trial(change)
            return
        metric = run.val_metric[-1] if len(run.val_metric) else float("nan")
        stop = f", stopped at epoch {run.stopped_epoch}" if run.stopped_epoch is not None else ""
        self.query_one("#lab-status", Static).update(
            f"[b]{verdict_label(verdict)}[/] · {run.epochs_run} epochs{stop} · val {run.metric_name} {metric:.3f} · p pins"
        )

    # -- pins ----------------------------------------------------------------------------

    def action_pin(self) -> None:
        from simulator import diagnose

        run, verdict = self.last_run, self.last_verdict
        if run is None and self.lab.started and not self._training():
            run = self.lab.combined()
            verdict = diagnose(run).verdict.value
        if run is None:
            self.notify("Run something first (r).", timeout=2)
            return
        label = f"pin {len(self.pins) + 1}: {self._run_label(run)}"
        self.pins = (self.pins + [Pinned(label, run, verdict)])[-MAX_PINS:]
        self.last_run = None
        self.lab = LabRun()
        self._show_curves(None, "")
        self._show_model(None, "")
        self._show_pinned_models()
        self.query_one("#lab-status", Static).update(
            f"Pinned ({len(self.pins)}). Change a knob and run again; [b]t[/] compares the pins."
        )
        self.refresh_keys()
        self._fill_table()

    def action_clear_pins(self) -> None:
        self.pins = []
        self.refresh_keys()
        self._fill_table()
        self._show_curves(self.last_run, self.last_verdict)
        self._show_pinned_models()

    # -- sweep ---------------------------------------------------------------------------

    def action_sweep(self) -> None:
        from hpquiz.knobs import parse_value

        config = self._config()
        if config is None:
            return
        field = self.query_one("#sweep-field", Select).value
        texts = split_sweep(field, self.query_one("#sweep-values", Input).value)
        try:
            values = [parse_value(field, t) for t in texts]
            for value in values:
                config.replace(**{field: value})
        except Exception as exc:  # noqa: BLE001 - a bad sweep value is shown, not raised
            self.notify(str(exc).splitlines()[0], severity="error", timeout=4)
            return
        if len(values) < 2:
            separator = "semicolons" if field == "hidden" else "commas"
            self.notify(f"List at least two values, separated by {separator}.", severity="error", timeout=3)
            return
        self.query_one("#lab-status", Static).update(f"Sweeping {field} over {len(values)} values …")
        bar = self.query_one("#lab-progress", ProgressBar)
        bar.update(total=None)
        self.run_sweep(config, field, values)

    @work(thread=True, exclusive=True, group="lab")
    def run_sweep(self, config, field: str, values: list) -> None:
        from simulator import diagnose, sweep

        worker = get_current_worker()
        runs = self._simulate(lambda: sweep(config, field, values))
        if runs is None or worker.is_cancelled:
            return
        verdicts = [diagnose(run).verdict.value for run in runs]
        self.app.call_from_thread(self._swept, field, values, runs, verdicts)

    def _swept(self, field: str, values: list, runs: list, verdicts: list[str]) -> None:
        from simulator import KNOBS

        finals = [float(run.val_loss[-1]) if len(run.val_loss) else float("nan") for run in runs]
        self._show_sweep(True)
        self.query_one("#sweep-chart", SweepChart).show_sweep(field, values, runs)
        text = Text(f"{field}: ", style="bold")
        for i, (value, final, verdict) in enumerate(zip(values, finals, verdicts)):
            if i:
                text.append(" · ", style="dim")
            text.append(f"{knob_text(KNOBS[field].kind, value, field)}→")
            text.append(verdict_label(verdict), style="bold")
            text.append(f" ({final:.3g})", style="dim")
        self.query_one("#lab-legend", Static).update(text)
        bar = self.query_one("#lab-progress", ProgressBar)
        bar.update(total=1, progress=1)
        self.query_one("#lab-status", Static).update(f"Sweep of {field} done.")

    def _show_sweep(self, on: bool) -> None:
        self._show_view("sweep" if on else "chart")

    def _show_view(self, view: str) -> None:
        """One of the loss chart, the sweep chart and the pin table fills the right side."""
        views = (("chart", "#lab-chart"), ("sweep", "#sweep-chart"), ("table", "#pin-table"), ("map", "#map-view"))
        for name, selector in views:
            self.query_one(selector).set_class(name != view, "hidden")

    # -- two-knob map --------------------------------------------------------------------

    def action_map(self) -> None:
        config = self._config()
        if config is None:
            return
        x = self.query_one("#sweep-field", Select).value
        x_text = self.query_one("#sweep-values", Input).value
        self.app.push_screen(
            TextPrompt(f"Map {x} ({x_text}) against a second knob",
                       "the second knob and its values, e.g. batch_size 8,32,128 (hidden: 16; 16,16)",
                       "batch_size " + sweep_suggestion("batch_size", config) if x != "batch_size" else "learning_rate 0.01,0.1,1"),
            lambda answer: answer and self._start_map(config, x, x_text, answer),
        )

    def _start_map(self, config, x: str, x_text: str, answer: str) -> None:
        from hpquiz.errors import HpquizError
        from hpquiz.knob_map import map_configs
        from hpquiz.knobs import parse_values

        y, _, y_text = answer.strip().partition(" ")
        try:
            x_values = parse_values(x, split_sweep(x, x_text))
            y_values = parse_values(y, split_sweep(y, y_text))
            if not x_values or not y_values:
                raise HpquizError("give at least one value for each knob")
            map_configs(config, x, x_values, y, y_values)
        except HpquizError as exc:
            self.notify(str(exc), severity="error", timeout=5)
            return
        self.query_one("#lab-status", Static).update(
            f"Mapping {x} x {y}: {len(x_values) * len(y_values)} cells on 5 seeds …"
        )
        self.query_one("#lab-progress", ProgressBar).update(total=None)
        self.run_map(config, x, x_values, y, y_values)

    @work(thread=True, exclusive=True, group="lab")
    def run_map(self, config, x: str, x_values: list, y: str, y_values: list) -> None:
        from hpquiz.knob_map import knob_map
        from simulator.cache import default_cache

        worker = get_current_worker()
        kmap = self._simulate(lambda: knob_map(config, x, x_values, y, y_values, cache=default_cache(),
                                               on_progress=lambda done, total: not worker.is_cancelled))
        if kmap is None or worker.is_cancelled:
            return
        self.app.call_from_thread(self._mapped, kmap)

    def _mapped(self, kmap) -> None:
        from hpquiz.export.map_plots import map_text

        width = self.query_one("#lab-right").size.width - 1
        self.query_one("#map-view", Static).update(map_text(kmap, width=width))
        self._show_view("map")
        self.query_one("#lab-progress", ProgressBar).update(total=1, progress=1)
        best = kmap.best()
        where = f"best {kmap.x}={knob_text('', getattr(best.config, kmap.x), kmap.x)}, " \
                f"{kmap.y}={knob_text('', getattr(best.config, kmap.y), kmap.y)}" if best else "every cell blew up"
        self.query_one("#lab-status", Static).update(f"Map of {kmap.x} x {kmap.y} in {kmap.seconds:.1f} s: {where}.")

    # -- tuning challenges ----------------------------------------------------------------

    def action_challenge(self) -> None:
        challenges = sorted((c for d in self.app.ctx.decks for c in d.challenges), key=lambda c: (c.level, c.id))
        if not challenges:
            self.notify("No deck has [[challenges]].", timeout=3)
            return
        names = ", ".join(f"{c.id} ({c.level})" for c in challenges)
        self.app.push_screen(TextPrompt("Play a tuning challenge", f"its id: {names}", challenges[0].id),
                             lambda answer: answer and self._start_challenge(challenges, answer))

    def _start_challenge(self, challenges, answer: str) -> None:
        chosen = next((c for c in challenges if c.id == answer.strip()), None)
        if chosen is None:
            self.notify(f"No challenge {answer!r}.", severity="error", timeout=4)
            return
        from hpquiz.challenge import ChallengePlay

        def started(game) -> None:
            self.game = game
            self._opened = (chosen.setup, self._challenge_status())
            self.apply_setup(chosen.setup)
            self.notify(chosen.prompt, title=chosen.title, timeout=12)

        # starting writes the attempt: a busy or full database is waited out or told, never a traceback
        self.saver.save(lambda: ChallengePlay(chosen, self.app.ctx.store, self.app.ctx.now_fn), started,
                        what="the challenge's start", retry="press g to try again")

    def _challenge_status(self, result=None) -> str:
        """One line, most needed first: the status row is one cell high, and at 80 columns
        it shows about 45 characters: the last trial's mark and score, the trials left and
        the target ("✗ 0.3454 · 3 of 4 trials left · target ≤ 0.3"); then that trial in
        full, and the challenge."""
        from hpquiz.challenge import SEEDS, change_text, loss_text

        game = self.game
        challenge = game.challenge
        turn = "; ".join(k.describe() for k in challenge.space)
        text = f"{game.left} of {challenge.budget} trials left · target ≤ {challenge.target:g} (mean of {SEEDS} seeds)"
        if result is not None:
            mark = "✓" if result.reaches(challenge.target) else "✗"
            text = f"{mark} {loss_text(result.val_loss)} · {text} · {change_text(result.change)} → {result.describe()}"
        return f"{text} · [b]Challenge[/] {challenge.title} · turn {turn} · [b]r[/] tries"

    def _challenge_trial(self, change: dict) -> None:
        """The run just drawn is the trial's own seed; the trial is judged on all of them."""
        from hpquiz.challenge import SEEDS, change_text

        self.query_one("#lab-status", Static).update(
            f"Judging {change_text(change)} on {SEEDS} seeds (the run shown is the first) …")
        self.query_one("#lab-progress", ProgressBar).update(total=None)
        self.judge_trial(self.game, change)

    @work(thread=True, exclusive=True, group="lab")
    def judge_trial(self, game, change: dict) -> None:
        from simulator.cache import default_cache

        worker = get_current_worker()
        result = self._simulate(lambda: game.judge(change, default_cache(),
                                                   on_progress=lambda done, total: not worker.is_cancelled))
        if result is not None and not worker.is_cancelled:
            self.app.call_from_thread(self._save_trial, game, result)

    def _save_trial(self, game, result) -> None:
        # until the store has it, the trial does not count: a refusal leaves the budget as it was
        self.query_one("#lab-progress", ProgressBar).update(total=1, progress=1)
        self._show_judged(result)
        self.query_one("#lab-status", Static).update(self._challenge_status())
        self.saver.save(lambda: game.record(result), self._trial_recorded,
                        what="this trial", retry="press r to train it again")

    def _show_judged(self, result) -> None:
        """The trial's score is its seeds' mean: the chart shows every seed (the others
        faint, as the drill does) and names the majority verdict, so the legend cannot
        say "good" of the one seed drawn while the status reports the trial too slow."""
        run = self.last_run
        if run is None or not result.runs or result.runs[0].config != run.config:
            return
        own = self.last_verdict
        self.last_replicas, self.last_verdict = tuple(result.runs[1:]), result.verdict
        self._show_curves(run, self.last_verdict)
        # the boundary is one seed's model: its caption names that seed and its own verdict
        self.query_one("#model-run", BoundaryView).show(run, f"run, seed {run.config.seed}: {verdict_label(own)}")

    def _trial_recorded(self, result) -> None:
        from hpquiz.challenge import SEEDS, change_text, loss_text

        if self.game.left:
            self.query_one("#lab-status", Static).update(self._challenge_status(result))
            return
        mark = "✓" if result.reaches(self.game.challenge.target) else "✗"
        self.query_one("#lab-status", Static).update(
            f"{mark} {loss_text(result.val_loss)} · budget used: grid and random search with the same budget, "
            f"{SEEDS} seeds a trial … · {change_text(result.change)} → {result.describe()}")
        self.query_one("#lab-progress", ProgressBar).update(total=None)
        self.finish_challenge(self.game)

    @work(thread=True, exclusive=True, group="lab")
    def finish_challenge(self, game) -> None:
        from hpquiz.store import StoreError
        from simulator.cache import default_cache

        try:
            lines = self._simulate(lambda: game.finish(default_cache()))
        except StoreError as exc:
            self.app.call_from_thread(self.notify, f"{exc}\nThe outcome was not saved: press r to compare again.",
                                      title="Nothing of this challenge's outcome was saved", severity="error",
                                      timeout=10)
            return
        if lines is not None:
            self.app.call_from_thread(self._challenge_done, lines)

    def _challenge_done(self, lines: list[str]) -> None:
        self.game = None
        self.query_one("#lab-progress", ProgressBar).update(total=1, progress=1)
        self.query_one("#map-view", Static).update("\n".join(lines))
        self._show_view("map")
        self.query_one("#lab-status", Static).update(lines[-1])

    # -- comparing pins ------------------------------------------------------------------

    def action_table(self) -> None:
        table = self.query_one("#pin-table", DataTable)
        if not table.has_class("hidden"):
            self._show_view("chart")
            return
        if not self.pins:
            self.notify("Pin runs first (p): the table compares them.", timeout=3)
            return
        self._fill_table()
        self._show_view("table")

    def _fill_table(self) -> None:
        table = self.query_one("#pin-table", DataTable)
        table.clear(columns=True)
        if not self.pins:
            return
        headers, rows = comparison([p.run.config for p in self.pins], [p.run for p in self.pins],
                                   [p.verdict for p in self.pins])
        table.add_columns(*headers)
        for row in rows:
            table.add_row(*row)

    # -- setups and cards ----------------------------------------------------------------

    def action_save_setup(self) -> None:
        config = self._config()
        if config is None:
            return
        self.app.push_screen(
            TextPrompt("Save the setup", "a path ending in .toml writes a file; a name keeps it in your progress "
                       "database", "lab-setup.toml"),
            lambda answer: self._save_setup(config, answer),
        )

    def _save_setup(self, config, answer: str | None) -> None:
        from hpquiz.errors import HpquizError
        from hpquiz.setup_files import setup_toml, write_setup_file

        if not answer:
            return
        try:
            if is_file_name(answer):
                path = write_setup_file(config, answer)
                where = f"file {path}"
            else:
                self.app.ctx.store.save_setup(answer, setup_toml(config), self.app.ctx.now_fn())
                where = f"slot {answer!r}"
        except HpquizError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return
        self._kept = config
        self.query_one("#lab-status", Static).update(f"Setup saved to {where}.")

    def action_open_setup(self) -> None:
        names = self.app.ctx.store.setup_names()
        hint = "a .toml file, or one of your saved names: " + (", ".join(names[:6]) if names else "(none saved yet)")
        self.app.push_screen(TextPrompt("Open a setup", hint, names[0] if names else ""), self._open_setup)

    def _open_setup(self, answer: str | None) -> None:
        from hpquiz.errors import HpquizError
        from hpquiz.setup_files import SetupError, parse_setup, read_setup_file

        if not answer:
            return
        try:
            if is_file_name(answer):
                config = read_setup_file(answer)
            else:
                text = self.app.ctx.store.setup_text(answer)
                if text is None:
                    raise SetupError(f"no setup saved under {answer!r}")
                config = parse_setup(text, f"setup {answer!r}")
        except HpquizError as exc:
            self.notify(str(exc), severity="error", timeout=6)
            return
        self._opened = (config, f"Opened {answer}: {changed_knobs(config, self.base)} · [b]r[/] runs")
        self._kept = config
        self.apply_setup(config)

    def apply_setup(self, config) -> None:
        """Put every knob of `config` into the panel."""
        from simulator import KNOBS

        panel = self.query_one(KnobPanel)
        for field in KNOBS:
            panel.set_value(field, getattr(config, field))
        panel.validate_now()

    def action_write_card(self) -> None:
        config = self._config()
        if config is None:
            return
        if len(self.pins) < 2:
            self.notify("Pin at least two runs first: the pinned runs become the card's options.", timeout=4)
            return
        self.app.push_screen(
            TextPrompt("Write a scenario card", "the deck file to add it to (created if missing); the knobs are its "
                       "setup, the pinned runs its options", "lab-cards.toml"),
            lambda answer: answer and self._write_card(config, answer),
        )

    @work(thread=True, exclusive=True, group="lab")
    def _write_card(self, config, path: str) -> None:
        from hpquiz.errors import HpquizError
        from hpquiz.card_skeleton import append_card

        self.app.call_from_thread(
            self.query_one("#lab-status", Static).update, "Simulating the card on 5 seeds …"
        )
        try:
            skeleton = self._simulate(
                lambda: append_card(config, [p.run.config.replace(epochs=config.epochs) for p in self.pins], path))
        except HpquizError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            return
        if skeleton is None:
            return
        note = "passes deck check as it stands" if skeleton.checkable else "needs editing before deck check passes"
        self.app.call_from_thread(
            self.query_one("#lab-status", Static).update,
            f"Card {skeleton.card_id!r} written to {path} (goal {skeleton.goal}, {note}).",
        )

    # -- leaving -------------------------------------------------------------------------

    def dead_key(self, action: str) -> str | None:
        """Why `action` does nothing now (None: it acts). The footer hides dead keys; a press says this."""
        training = self._training()
        if action == "stop" and not training:
            return "Nothing is training."
        if action == "unfocus" and (self.focused is None or training):
            return "No knob is being edited."
        if action == "pause" and not training:
            return "Nothing is training: space plays."
        if action == "pin":
            if training:
                return "Training: p pins the run once it stops (space pauses it)."
            if self.last_run is None and not self.lab.started:
                return "Run something first (r): p pins the last run."
        if action == "clear_pins" and not self.pins:
            return "No pinned runs to clear."
        if action == "table" and not self.pins and self.query_one("#pin-table").has_class("hidden"):
            return "Pin runs first (p): the table compares them."
        if action == "reset" and not (training or self.lab.started or self.last_run is not None):
            return "Nothing to reset: no run yet."
        if action == "step" and self.game is not None:
            return "In a challenge each trial is a whole run: r tries the knobs."
        if action in ("run", "challenge") and getattr(self, "saver", None) is not None and self.saver.busy:
            return "Waiting for the database to take the last save; the key acts once it has."
        if action == "write_card" and len(self.pins) < 2:
            return "Pin at least two runs first: the pinned runs become the card's options."
        return None

    def on_key(self, event) -> None:
        if event.key != "escape":
            self._leaving = False  # any other key answers "leave the lab?" with no

    def action_stop(self) -> None:
        """The first escape while training stops it; leaving takes another."""
        for worker in [w for w in self.workers if w.group == "lab" and w.is_running]:
            worker.cancel()
        self._leaving = False
        self.query_one("#lab-status", Static).update("Stopped. [b]r[/] trains again, [b]escape[/] again goes Home.")
        self.refresh_keys()

    def action_unfocus(self) -> None:
        self.set_focus(None)  # leave the knob: its letters are the lab's keys again

    def unkept_work(self) -> str:
        """What leaving now would lose: an unpinned run, knobs edited since opened or saved ("" if nothing)."""
        lost = []
        if self.last_run is not None or self.lab.started:
            lost.append("the last run is not pinned")
        config = self.query_one(KnobPanel).config
        if config is None:
            lost.append("the knobs are edited")
        elif config != self._kept:
            lost.append(f"the knobs are edited ({changed_knobs(config, self._kept)})")
        return " and ".join(lost)

    def action_leave(self) -> None:
        """Back to Home; asked first (a second escape confirms) when work would be lost."""
        lost = self.unkept_work()
        if lost and not self._leaving:
            self._leaving = True
            self.query_one("#lab-status", Static).update(
                f"Leave the lab? {lost[0].upper()}{lost[1:]}. [b]escape[/] again leaves; "
                "[b]p[/] pins the run, [b]w[/] saves the setup."
            )
            return
        self.app.pop_screen()

    def action_escape(self) -> None:
        """What escape does now: stop training, leave a knob, or leave the lab."""
        if self._training():
            self.action_stop()
        elif self.focused is not None:
            self.action_unfocus()
        else:
            self.action_leave()

    def on_worker_state_changed(self, event) -> None:
        self.refresh_keys()  # Stop/Pause while training, Pin/Reset once there is a run

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "lab")

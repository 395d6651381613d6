"""Lab: set any knob, run, watch the curves grow epoch by epoch; pin runs; sweep one knob.

Training happens in a thread worker that reports each epoch through
`call_from_thread` and stops when the worker is cancelled (escape, a new run,
leaving the screen or quitting). The screen only turns knobs into a
`TrainConfig` (via the panel) and runs into charts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from hpquiz.charts import Series
from hpquiz.knobs import changed_knobs, fixed_text, knob_text, sweep_suggestion
from hpquiz.tui.widgets.boundary import BoundaryView
from hpquiz.tui.widgets.charts import LossChart, NormsChart, SweepChart, legend
from hpquiz.tui.widgets.knob_panel import KnobPanel
from hpquiz.words import verdict_label

MAX_PINS = 4
WIDE = 120  # columns from which the run's hyperparameters are repeated next to its weight norms
DRAW_EVERY = 0.05  # seconds between live redraws: every epoch is reported, not every one drawn
MODEL_EVERY = 0.25  # seconds between redraws of the live decision boundary (a whole grid predicted)


@dataclass(frozen=True)
class Pinned:
    label: str
    run: Any
    verdict: str


class LabScreen(Screen):
    """The simulator with every knob exposed."""

    TITLE = "Lab"
    BINDINGS = [
        Binding("ctrl+r", "run", "Run", key_display="r"),
        Binding("r", "run", "Run", show=False),
        Binding("p", "pin", "Pin"),
        Binding("c", "clear_pins", "Clear pins"),
        Binding("ctrl+s", "sweep", "Sweep", key_display="s"),
        Binding("s", "sweep", "Sweep", show=False),
        Binding("escape", "escape", "Stop/Home"),
    ]
    HELP = {
        "r / ctrl+r": "train the setup in the knobs (the chart grows epoch by epoch)",
        "p": "pin the last run: the next runs are drawn over it, its boundary beside theirs (up to 4)",
        "c": "clear the pinned runs",
        "s / ctrl+s": "sweep: train every value listed under 'sweep' for the chosen knob",
        "tab / shift+tab": "move between knobs (typing in a knob: use ctrl+r, ctrl+s)",
        "escape": "stop a running training, else back to Home",
    }

    def __init__(self) -> None:
        super().__init__()
        from simulator import TrainConfig

        self.base = TrainConfig()
        self.last_run = None
        self.last_verdict = ""
        self.pins: list[Pinned] = []
        self._last_draw = 0.0
        self._last_model = 0.0

    def compose(self) -> ComposeResult:
        from simulator import KNOBS

        yield Header()
        with Horizontal(id="lab"):
            with Vertical(id="lab-left"):
                yield KnobPanel(self.base, id="knobs")
                with Horizontal(id="sweep-row"):
                    yield Label("sweep", classes="knob-label")
                    yield Select(
                        [(f, f) for f in KNOBS if KNOBS[f].kind in ("int", "float", "choice", "optional_int")],
                        value="learning_rate",
                        allow_blank=False,
                        compact=True,
                        id="sweep-field",
                    )
                yield Input(
                    sweep_suggestion("learning_rate", self.base),
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
                yield Static(id="lab-legend")
                with Horizontal(id="lab-bottom"):
                    yield NormsChart(id="norms-chart")
                    with Horizontal(id="lab-models"):
                        yield BoundaryView(id="model-run")
                        for i in range(MAX_PINS):
                            yield BoundaryView(id=f"model-pin-{i}", classes="hidden")
                    yield Static(fixed_text(self.base), id="lab-fixed")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(KnobPanel).border_title = "Hyperparameters: set by you"
        self.query_one("#norms-chart", NormsChart).border_title = "Parameters: learned"
        self.query_one("#lab-models").border_title = "What the network learned"
        self.query_one("#lab-status", Static).update(
            "Set the knobs, then [b]r[/] (ctrl+r while typing) to train. [b]p[/] pins a run."
        )
        self.query_one("#lab-progress", ProgressBar).update(total=1, progress=0)
        self.query_one("#lab-chart", LossChart).show_series([], "loss")
        self.query_one("#norms-chart", NormsChart).show_norms(None)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "sweep-field" and isinstance(event.value, str):
            self.query_one("#sweep-values", Input).value = sweep_suggestion(event.value, self.query_one(KnobPanel).config)

    def on_knob_panel_changed(self, event: KnobPanel.Changed) -> None:
        status = self.query_one("#lab-status", Static)
        if event.config is None:
            status.update("[b]Not a valid setup[/]: see the message under the knobs.")
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

    def action_run(self) -> None:
        config = self._config()
        if config is None:
            return
        self._show_sweep(False)
        bar = self.query_one("#lab-progress", ProgressBar)
        bar.update(total=config.epochs, progress=0)
        self.query_one("#lab-status", Static).update(f"Training {changed_knobs(config, self.base)} …")
        self.query_one("#lab-fixed", Static).update(fixed_text(config))
        self.train(config)

    @work(thread=True, exclusive=True, group="lab")
    def train(self, config) -> None:
        from simulator import diagnose, train

        worker = get_current_worker()

        def on_epoch(epoch: int, run) -> bool:
            if worker.is_cancelled:
                return False
            now = time.monotonic()
            if now - self._last_draw >= DRAW_EVERY:
                self._last_draw = now
                self.app.call_from_thread(self._draw_run, run, epoch, "")
            return True

        with np.errstate(all="ignore"):
            run = train(config, on_epoch=on_epoch)
        if worker.is_cancelled:
            return  # escape said "Stopped."; a newer run owns the screen otherwise
        verdict = diagnose(run).verdict.value
        self.app.call_from_thread(self._finished, run, verdict)

    def _curves(self, run, verdict: str) -> list[Series]:
        curves = [Series(p.label, p.run, verdict=p.verdict, dim=True) for p in self.pins]
        if run is not None:
            curves.append(Series(f"run: {changed_knobs(run.config, self.base)}", run, verdict=verdict or None))
        return curves

    def _show_curves(self, run, verdict: str, until: int | None = None) -> None:
        chart = self.query_one("#lab-chart", LossChart).show_series(self._curves(run, verdict), "loss", until=until)
        self.query_one("#lab-legend", Static).update(legend(chart))

    def _draw_run(self, run, epoch: int, verdict: str) -> None:
        # while training, the axis holds the planned length so the curve grows across it
        self._show_curves(run, verdict, until=None if verdict else run.config.epochs)
        self.query_one("#norms-chart", NormsChart).show_norms(run)
        now = time.monotonic()
        if verdict or now - self._last_model >= MODEL_EVERY:
            self._last_model = now
            self._show_model(run, verdict)
        self.query_one("#lab-progress", ProgressBar).update(progress=epoch + 1)
        self.query_one("#lab-epoch", Static).update(self._epoch_text(run, verdict))

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
    def _epoch_text(run, verdict: str) -> Text:
        """Where the run is, or where it stopped and why: "epoch 3/200 ✕ diverged"."""
        text = Text(f" epoch {run.epochs_run}/{run.config.epochs}")
        if run.diverged:
            text.append(" ✕ diverged", style="bold red")
        elif verdict and run.stopped_epoch is not None:
            text.append(" stopped early", style="bold")
        return text

    def _finished(self, run, verdict: str) -> None:
        self.last_run, self.last_verdict = run, verdict
        self._draw_run(run, run.epochs_run - 1, verdict)
        metric = run.val_metric[-1] if len(run.val_metric) else float("nan")
        stop = f", stopped at epoch {run.stopped_epoch}" if run.stopped_epoch is not None else ""
        self.query_one("#lab-status", Static).update(
            f"[b]{verdict_label(verdict)}[/] · {run.epochs_run} epochs{stop} · val {run.metric_name} {metric:.3f} · p pins"
        )

    # -- pins ----------------------------------------------------------------------------

    def action_pin(self) -> None:
        if self.last_run is None:
            self.notify("Run something first (r).", timeout=2)
            return
        label = f"pin {len(self.pins) + 1}: {changed_knobs(self.last_run.config, self.base)}"
        self.pins = (self.pins + [Pinned(label, self.last_run, self.last_verdict)])[-MAX_PINS:]
        self.last_run = None
        self._show_curves(None, "")
        self._show_model(None, "")
        self._show_pinned_models()
        self.query_one("#lab-status", Static).update(f"Pinned ({len(self.pins)}). Change a knob and run again.")

    def action_clear_pins(self) -> None:
        self.pins = []
        self._show_curves(self.last_run, self.last_verdict)
        self._show_pinned_models()

    # -- sweep ---------------------------------------------------------------------------

    def action_sweep(self) -> None:
        from hpquiz.knobs import parse_value

        config = self._config()
        if config is None:
            return
        field = self.query_one("#sweep-field", Select).value
        texts = [t for t in self.query_one("#sweep-values", Input).value.split(",") if t.strip()]
        try:
            values = [parse_value(field, t) for t in texts]
            for value in values:
                config.replace(**{field: value})
        except Exception as exc:  # noqa: BLE001 - a bad sweep value is shown, not raised
            self.notify(str(exc).splitlines()[0], severity="error", timeout=4)
            return
        if len(values) < 2:
            self.notify("List at least two values, separated by commas.", severity="error", timeout=3)
            return
        self.query_one("#lab-status", Static).update(f"Sweeping {field} over {len(values)} values …")
        bar = self.query_one("#lab-progress", ProgressBar)
        bar.update(total=None)
        self.run_sweep(config, field, values)

    @work(thread=True, exclusive=True, group="lab")
    def run_sweep(self, config, field: str, values: list) -> None:
        from simulator import diagnose, sweep

        worker = get_current_worker()
        with np.errstate(all="ignore"):
            runs = sweep(config, field, values)
        if worker.is_cancelled:
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
        self.query_one("#sweep-chart").set_class(not on, "hidden")
        self.query_one("#lab-chart").set_class(on, "hidden")

    # -- leaving -------------------------------------------------------------------------

    def action_escape(self) -> None:
        running = [w for w in self.workers if w.group == "lab" and w.is_running]
        if running:
            for worker in running:
                worker.cancel()
            self.query_one("#lab-status", Static).update("Stopped.")
            return
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self.workers.cancel_group(self, "lab")

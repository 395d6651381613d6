"""The lab's training as Playground has it: play, pause, step one epoch, reset.

A run in the lab is a list of segments. Play trains a segment until the setup's
epochs are done or the learner pauses; step trains a segment of one epoch. While
paused, the learner may change knobs: the next segment then starts from the
current weights under the new knobs (`simulator.train(..., start=params)`), with a
fresh optimiser state. The curves run on across the change, which is the lesson:
hyperparameters act on how the weights learn, not on the weights.

`LabRun` is plain data (no widgets): the screen asks it what to train next and hands
back each segment's `Run`. `combined()` joins the segments into one `Run` for the
chart, the diagnosis and pinning.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from hpquiz.errors import HpquizError
from simulator import Run, TrainConfig


class CannotContinue(HpquizError):
    """The paused weights cannot carry on under the knobs now set (the reason says why)."""


@dataclass
class LabRun:
    """The segments trained so far of one lab run (empty: reset, epoch 0)."""

    segments: list[Run] = field(default_factory=list)

    @property
    def epochs_done(self) -> int:
        return sum(run.epochs_run for run in self.segments)

    @property
    def started(self) -> bool:
        return self.epochs_done > 0

    @property
    def diverged(self) -> bool:
        return bool(self.segments) and self.segments[-1].diverged

    def finished(self, config: TrainConfig) -> bool:
        """True when there is nothing left to train for `config` (its epochs reached, or it blew up)."""
        return self.diverged or (self.started and self.epochs_done >= config.epochs)

    def next_segment(self, config: TrainConfig, step: bool = False) -> tuple[TrainConfig, list | None]:
        """(config to train, start params) for the next segment: one epoch when `step`,
        else the epochs left to reach `config.epochs`. A finished run starts over."""
        if not self.started or self.finished(config) and not step:
            return (config.replace(epochs=1) if step else config), None
        if self.diverged:
            raise CannotContinue("this run diverged: its weights are gone; x resets, r starts a new run")
        shape = self.segments[-1].config
        if (shape.hidden, shape.is_regression) != (config.hidden, config.is_regression):
            raise CannotContinue(
                "the network's shape changed (hidden layers or the kind of data): its weights cannot carry over; "
                "r starts a new run"
            )
        left = 1 if step else max(1, config.epochs - self.epochs_done)
        return config.replace(epochs=left), self.segments[-1].final_params

    def add(self, segment: Run) -> None:
        if segment.epochs_run:
            self.segments.append(segment)

    def changes(self) -> list[tuple[int, dict]]:
        """(epoch at which the segment started, knobs changed from the segment before) for each continuation."""
        out, epoch = [], 0
        for before, after in zip(self.segments, self.segments[1:]):
            epoch += before.epochs_run
            diff = {
                f.name: getattr(after.config, f.name)
                for f in dataclasses.fields(TrainConfig)
                if f.name != "epochs" and getattr(after.config, f.name) != getattr(before.config, f.name)
            }
            if diff:
                out.append((epoch, diff))
        return out

    def combined(self, so_far: Run | None = None) -> Run | None:
        """The segments (and a segment still training, `so_far`) as one run."""
        parts = self.segments + ([so_far] if so_far is not None and so_far.epochs_run else [])
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        last = parts[-1]

        def joined(name: str) -> np.ndarray:
            return np.concatenate([getattr(p, name) for p in parts])

        val = joined("val_loss")
        finite = np.where(np.isfinite(val), val, np.inf)
        return dataclasses.replace(
            last,
            config=last.config.replace(epochs=sum(p.epochs_run for p in parts)),
            train_loss=joined("train_loss"),
            val_loss=val,
            train_metric=joined("train_metric"),
            val_metric=joined("val_metric"),
            step_loss=joined("step_loss"),
            weight_norms=np.concatenate([p.weight_norms for p in parts]),
            initial_params=parts[0].initial_params,
            best_epoch=int(np.argmin(finite)) + 1,
            stopped_epoch=None if last.stopped_epoch is None else sum(p.epochs_run for p in parts[:-1]) + last.stopped_epoch,
            seconds=sum(p.seconds for p in parts),
        )


def comparison(configs: list[TrainConfig], runs: list[Run], verdicts: list[str]) -> tuple[list[str], list[list[str]]]:
    """(headers, rows) comparing pinned runs: the knobs whose values differ among them,
    final train and validation loss, and the verdict."""
    from hpquiz.knobs import knob_text
    from hpquiz.words import verdict_label
    from simulator import KNOBS

    differing = [name for name in KNOBS if len({repr(getattr(c, name)) for c in configs}) > 1]
    headers = ["run", *(name.replace("_", " ") for name in differing), "train loss", "val loss", "verdict"]
    rows = []
    for i, (config, run, verdict) in enumerate(zip(configs, runs, verdicts)):
        knobs = [knob_text(KNOBS[name].kind, getattr(config, name), name) for name in differing]
        rows.append([str(i + 1), *knobs, _loss(run.train_loss), _loss(run.val_loss), verdict_label(verdict)])
    return headers, rows


def _loss(curve: np.ndarray) -> str:
    if not len(curve):
        return "-"
    value = float(curve[-1])
    return f"{value:.4g}" if np.isfinite(value) else "inf"

"""What one training run produced: the curves, the parameters, how it ended."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulator.config import TrainConfig

__all__ = ["Run"]

Params = list[tuple[np.ndarray, np.ndarray]]


@dataclass(eq=False)
class Run:
    """The record of one run. E = epochs actually run, L = layers (hidden + output).

    train_loss, val_loss (E,): the data loss on the whole split after each epoch's updates
        (dropout off, no weight-decay penalty).
    train_metric, val_metric (E,): accuracy for classification, R² for regression.
    step_loss (E * steps_per_epoch,): each minibatch's loss as it was trained (dropout on).
    weight_norms (E, L): Frobenius norm of each layer's W (biases excluded) after each epoch.
    initial_params, final_params: [(W (in, out), b (out,)), ...] before and after training.
    stopped_epoch: the epoch (counted from 1) at which early stopping or divergence ended
        the run, None if it ran all epochs or was cancelled.
    best_epoch: the epoch (from 1) with the lowest validation loss.
    snapshots: ((epochs done, params), ...) from (0, initial_params) to (E, final_params),
        every k-th epoch between (k from `training.snapshot_every`): what `params_at`
        needs to draw the model at a chosen epoch, without a grid stored per epoch.
    """

    config: TrainConfig
    train_loss: np.ndarray
    val_loss: np.ndarray
    train_metric: np.ndarray
    val_metric: np.ndarray
    step_loss: np.ndarray
    weight_norms: np.ndarray
    initial_params: Params
    final_params: Params
    diverged: bool = False
    stopped_epoch: int | None = None
    best_epoch: int = 1
    seconds: float = 0.0
    cancelled: bool = False
    snapshots: tuple[tuple[int, Params], ...] = ()

    def params_at(self, epoch: int) -> tuple[int, Params]:
        """(the epoch kept, its parameters): the last snapshot at or before `epoch`
        (0 = untrained); runs built without snapshots give their final parameters."""
        if not self.snapshots:
            return self.epochs_run, self.final_params
        kept = [s for s in self.snapshots if s[0] <= epoch] or [self.snapshots[0]]
        return kept[-1]

    def predict(self, X: np.ndarray, epoch: int | None = None) -> np.ndarray:
        """`simulator.predict` with this run's parameters (its last, or those kept at `epoch`)."""
        from simulator.predict import predict

        params = self.final_params if epoch is None else self.params_at(epoch)[1]
        return predict(params, X, self.config)

    @property
    def epochs_run(self) -> int:
        return int(len(self.train_loss))

    @property
    def metric_name(self) -> str:
        return "r2" if self.config.is_regression else "accuracy"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: lists of floats, non-finite numbers as None."""
        return {
            "config": self.config.to_dict(),
            "metric_name": self.metric_name,
            "epochs_run": self.epochs_run,
            "train_loss": _floats(self.train_loss),
            "val_loss": _floats(self.val_loss),
            "train_metric": _floats(self.train_metric),
            "val_metric": _floats(self.val_metric),
            "step_loss": _floats(self.step_loss),
            "weight_norms": [_floats(row) for row in self.weight_norms],
            "initial_params": [{"W": [_floats(r) for r in W], "b": _floats(b)} for W, b in self.initial_params],
            "final_params": [{"W": [_floats(r) for r in W], "b": _floats(b)} for W, b in self.final_params],
            "diverged": self.diverged,
            "stopped_epoch": self.stopped_epoch,
            "best_epoch": self.best_epoch,
            "seconds": self.seconds,
            "cancelled": self.cancelled,
        }

    def __repr__(self) -> str:
        if not self.epochs_run:
            return f"Run({self.config!r}, no epochs)"
        end = "diverged" if self.diverged else "cancelled" if self.cancelled else (
            f"stopped at {self.stopped_epoch}" if self.stopped_epoch else "complete"
        )
        return (
            f"Run({self.config!r}, {self.epochs_run} epochs {end}, "
            f"train loss {self.train_loss[-1]:.4g}, val loss {self.val_loss[-1]:.4g} (best at epoch {self.best_epoch}), "
            f"val {self.metric_name} {self.val_metric[-1]:.3f}, {self.seconds * 1000:.0f} ms)"
        )


def _floats(values) -> list[float | None]:
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=float).ravel()]

"""Two-knob maps: every pair of values of two knobs, trained together, judged on seeds.

The material's search over hyperparameters is a grid or random points in a space of
several knobs, and knobs interact: the best learning rate depends on the batch size,
the width that overfits depends on the weight decay. `knob_map` trains every cell of
a grid (each cell on `seeds` seeds, all in one `consensus_many`, so one `train_many`
call, through the result cache) and gives each cell its final validation loss (the
median over seeds) and the verdict of the seed consensus.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from hpquiz.errors import HpquizError

MAX_CELLS = 400  # a 20 x 20 map on 5 seeds is 2,000 runs: minutes, the most a learner should wait for


class MapError(HpquizError):
    """A map that cannot be made (the same knob twice, a pair of values the setup refuses)."""

    exit_code = 2  # a setting the learner chose, like a flag out of range


@dataclass(frozen=True)
class Cell:
    """One grid point: its config, the seed consensus, the median final validation loss."""

    config: Any
    consensus: Any
    val_loss: float

    @property
    def verdict(self) -> str:
        return self.consensus.majority.value

    @property
    def agreement(self) -> tuple[int, int]:
        """(seeds with the majority verdict, seeds)."""
        return self.consensus.count(self.consensus.majority), len(self.consensus.runs)


@dataclass(frozen=True)
class KnobMap:
    """cells[i][j]: value i of knob `y` (rows), value j of knob `x` (columns)."""

    x: str
    x_values: tuple
    y: str
    y_values: tuple
    cells: tuple[tuple[Cell, ...], ...]
    seconds: float

    def best(self) -> Cell | None:
        """The cell with the lowest validation loss among those that did not blow up."""
        finite = [c for row in self.cells for c in row if np.isfinite(c.val_loss) and c.verdict != "diverged"]
        return min(finite, key=lambda c: c.val_loss) if finite else None


def map_configs(config, x: str, x_values: Sequence, y: str, y_values: Sequence) -> list:
    """The grid's configs, row by row (y outer, x inner); a refused pair is one MapError line."""
    if x == y:
        raise MapError(f"the two knobs of a map must differ (both are {x})")
    if len(x_values) * len(y_values) > MAX_CELLS:
        raise MapError(f"{len(x_values)} x {len(y_values)} cells; a map has at most {MAX_CELLS}")
    configs = []
    for b, a in itertools.product(y_values, x_values):
        try:
            configs.append(config.replace(**{x: a, y: b}))
        except ValueError as exc:
            text = "; ".join(line.strip() for line in str(exc).splitlines() if line.strip())
            raise MapError(f"{x}={a!r} with {y}={b!r}: {text}") from None
    return configs


def knob_map(config, x: str, x_values: Sequence, y: str, y_values: Sequence, *, seeds: int = 5,
             cache=None, on_progress: Callable[[int, int], Any] | None = None) -> KnobMap:
    """Train the grid on `seeds` seeds per cell and judge every cell."""
    import time

    from simulator.consensus import consensus_many

    configs = map_configs(config, x, x_values, y, y_values)
    started = time.perf_counter()
    judged = consensus_many(configs, k=seeds, cache=cache, on_progress=on_progress)
    seconds = time.perf_counter() - started
    cells = [Cell(c, j, _median_final(j.runs)) for c, j in zip(configs, judged)]
    width = len(x_values)
    rows = tuple(tuple(cells[i : i + width]) for i in range(0, len(cells), width))
    return KnobMap(x, tuple(x_values), y, tuple(y_values), rows, seconds)


def _median_final(runs) -> float:
    """The median over seeds of each run's last validation loss (inf for a run that blew up)."""
    finals = []
    for run in runs:
        last = float(run.val_loss[-1]) if len(run.val_loss) else float("inf")
        finals.append(last if np.isfinite(last) and not run.diverged else float("inf"))
    return float(np.median(finals))

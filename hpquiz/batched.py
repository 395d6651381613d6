"""Every run many scenario cards need, trained once: batched across cards, spread over cores.

`deck check` and `export` simulate every scenario card on five seeds: several hundred
runs, many of them the same shape (the same dataset size, network, batch size and
epochs) in different cards, and some the very same run (a Turkish card restating an
English one, a claim's baseline that is another card's). Card by card, each shape
would be trained in a stack of five, and a long card would keep one core busy while
the other idles. Here the runs are pooled first:

1. every card's configs on every seed, each distinct config once, minus what the
   result cache already holds;
2. grouped as `simulator.train_many` stacks them (`simulator.training.stacks`), so
   one group is one batched loop whatever card its runs came from, and a card's
   "train longer" and "stop early" options ride on its baseline's row; a group that
   costs more than a fair share of the work is cut into chunks, never inside such a
   family (a run is bit for bit the same in any stack, so the cut changes no result);
3. the chunks handed to worker processes, the costliest first (hpquiz/parallel.py),
   each worker storing its runs in the result cache;
4. a `RunPool` holding the runs, which the cards are then simulated from as if it were
   the cache: `hpquiz.drill.simulate(card, cache=pool)` trains nothing.

Costs are estimates in seconds on the development machine: the number of NumPy calls
an epoch makes (a minibatch step is about 40 calls of a microsecond or two each), the
multiply-adds of the matrix products (about 20 billion a second) and the optimiser's
element-wise passes over the parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from simulator.config import TrainConfig, families
from simulator.consensus import replicate
from simulator.run import Run
from simulator.training import stacks, train_many

__all__ = ["RunPool", "configs_of", "train_pooled", "run_cost", "CHUNK_MAX"]

CHUNK_MAX = 64  # configs in one stack at most: the memory budget stays that of a large card
STEP_CALL_SECONDS = 45 * 1.3e-6  # one minibatch step's NumPy calls
EPOCH_CALL_SECONDS = 40 * 1.3e-6  # shuffle, evaluation and bookkeeping once an epoch
MAC_SECONDS = 1 / 20e9  # one multiply-add of the matrix products
ELEMENT_SECONDS = {"sgd": 4 / 1.5e9, "momentum": 6 / 1.5e9, "rmsprop": 11 / 1.5e9, "adam": 22 / 1.5e9}


def configs_of(card, seeds: int) -> list[TrainConfig]:
    """The configs a scenario card is judged on: each setup on each of `seeds` seeds."""
    scenario = card.scenario
    setups = [scenario.claim.setup, scenario.claim.changed] if scenario.compare else scenario.configs()
    return [replica for setup in setups for replica in replicate(setup, seeds)]


def _shape_cost(config: TrainConfig) -> tuple[float, float]:
    """(seconds a stack of this shape costs whatever its size, seconds each config adds)."""
    n_train, n = config.n_train, config.n_train + config.n_val
    batch = config.batch_size or n_train
    steps = -(-n_train // batch)
    sizes = (2, *config.hidden, 1)
    macs = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
    fixed = config.epochs * (steps * STEP_CALL_SECONDS + EPOCH_CALL_SECONDS)
    each = config.epochs * ((3 * n_train + n) * macs * MAC_SECONDS + steps * macs * ELEMENT_SECONDS[config.optimizer])
    return fixed, each


def run_cost(configs: Sequence[TrainConfig]) -> float:
    """Estimated seconds to train `configs` (one stack's worth) in one stack: as long as
    its longest run, a row for each family (`simulator.config.families`)."""
    if not configs:
        return 0.0
    fixed, each = _shape_cost(max(configs, key=lambda c: c.epochs))
    return fixed + each * len(families(configs))


def plan(configs: Iterable[TrainConfig], jobs: int) -> list[list[TrainConfig]]:
    """The configs as chunks of one shape each, costliest first; a group costing more
    than a fair share (the total over 3 x jobs) is cut into chunks of about that share,
    so the longest chunk is short of what one core does while the others finish."""
    configs = list(dict.fromkeys(configs))
    groups = [[configs[i] for i in indexes] for indexes in stacks(configs)]
    total = sum(run_cost(g) for g in groups)
    share = total / (3 * max(1, jobs))
    chunks = []
    for group in groups:
        fixed, each = _shape_cost(max(group, key=lambda c: c.epochs))
        per_chunk = CHUNK_MAX  # rows
        if jobs > 1 and each > 0 and run_cost(group) > share:
            per_chunk = max(1, min(CHUNK_MAX, int(max(share - fixed, each) // each)))
        rows = [[group[i] for i in family] for family in families(group)]
        chunks += [[c for family in rows[i:i + per_chunk] for c in family] for i in range(0, len(rows), per_chunk)]
    return sorted(chunks, key=run_cost, reverse=True)


def train_chunk(task: tuple[list[TrainConfig], Any]) -> list[Run]:
    """Train one chunk (module level, so a worker process can run it) and store its runs in
    the cache when there is one."""
    configs, cache = task
    runs = train_many(configs)
    if cache is not None:
        for run in runs:
            cache.put(run)
    return runs


class RunPool:
    """Runs already trained, served like a `simulator.cache.ResultCache` (get, has,
    train_many); whatever the pool lacks comes from `cache` or is trained."""

    def __init__(self, runs: Iterable[Run] = (), cache=None) -> None:
        self.runs: dict[TrainConfig, Run] = {run.config: run for run in runs}
        self.cache = cache

    def has(self, config: TrainConfig) -> bool:
        return config in self.runs or (self.cache is not None and self.cache.has(config))

    def get(self, config: TrainConfig) -> Run | None:
        run = self.runs.get(config)
        if run is None and self.cache is not None:
            run = self.cache.get(config)
        return run

    def train_many(self, configs: Iterable[TrainConfig], on_progress: Callable[[int, int], Any] | None = None) -> list[Run]:
        configs = list(configs)
        missing = [c for c in configs if c not in self.runs]
        if missing:
            trained = self.cache.train_many(missing, on_progress) if self.cache is not None else train_many(missing, on_progress)
            self.runs.update(zip(missing, trained))
        return [self.runs[c] for c in configs]


def train_pooled(cards: Sequence, seeds: int, cache=None, jobs: int = 1,
                 on_progress: Callable[[int, int], object] | None = None, min_cost: float = 0.0,
                 extra: Iterable[TrainConfig] = (), snapshots: bool = True) -> RunPool:
    """Train every run `cards` need (see the module docstring), and the `extra` configs
    (a challenge's searches), and return them as a pool.

    Runs the cache holds are read in this process; the rest are trained in chunks on up
    to `jobs` processes (all here when their estimated cost is under `min_cost` seconds,
    which starting workers would not repay). `on_progress(runs_done, runs_total)` after
    each chunk. `snapshots=False` reads cached runs without their parameter snapshots,
    for a caller that only judges them (`simulator.cache.ResultCache.get`).
    """
    from hpquiz.parallel import map_in_processes

    wanted = list(dict.fromkeys([*(c for card in cards for c in configs_of(card, seeds)), *extra]))
    pool = RunPool(cache=cache)
    missing = []
    for config in wanted:
        run = cache.get(config, snapshots=snapshots) if cache is not None else None
        if run is None:
            missing.append(config)
        else:
            pool.runs[config] = run
    chunks = plan(missing, jobs)
    done = len(wanted) - len(missing)
    if on_progress is not None:
        on_progress(done, len(wanted))

    def finished(_index: int, runs: list[Run]) -> None:
        nonlocal done
        pool.runs.update((run.config, run) for run in runs)
        done += len(runs)
        if on_progress is not None:
            on_progress(done, len(wanted))

    map_in_processes(train_chunk, [(chunk, cache) for chunk in chunks], jobs, finished,
                     cost=lambda task: run_cost(task[0]), min_total_cost=min_cost)
    return pool

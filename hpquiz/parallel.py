"""Spread independent slow jobs (simulating scenario cards) over the machine's cores.

A simulation is pure NumPy on tiny arrays: it keeps one core busy, and threads
cannot share the work because each of its thousands of small NumPy calls takes the
GIL back (README, Benchmarks). So `deck check` and `export`, which simulate every
scenario card, hand whole cards to worker processes. The processes are spawned,
not forked: forking a process that runs threads (rich's progress bar refreshes in
one) is unsafe, and spawn behaves the same on Linux, macOS and Windows. It costs a
fresh interpreter per worker (about 0.35 s to import NumPy and the simulator), so
small jobs stay in this process. Results do not depend on where they were
computed: every run draws from its own seeded streams.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

__all__ = ["default_jobs", "map_in_processes"]

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _start_worker(tanh_forms: dict[str, str]) -> None:
    """Ctrl-C reaches every process of the terminal's group; only the parent should act on
    it. And the worker computes tanh in its parent's form (`simulator.tanh_choice`), so a
    run is the same bits whichever process trained it."""
    from simulator import tanh_choice

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tanh_choice.adopt(tanh_forms)


def map_in_processes(
    fn: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    on_done: Callable[[int, R], object] | None = None,
    cost: Callable[[T], float] | None = None,
    min_total_cost: float = 0.0,
) -> list[R]:
    """[fn(item) for item in items], on up to `jobs` worker processes; results in item order.

    `fn` must be importable by name (a module-level function). `on_done(index, result)`
    is called in this process as each item finishes, in finishing order. `cost`
    estimates an item's work: the costliest start first, so the last item to finish
    is a short one and no core idles while another grinds through a long card.
    With one job, one item, or less total cost than `min_total_cost` (not worth
    starting processes for), everything runs here, in order; so does whatever the
    workers could not finish, when processes cannot be started or one dies.
    """
    items = list(items)
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    done = [False] * len(items)
    workers = min(jobs, len(items))
    if cost is not None and sum(cost(item) for item in items) < min_total_cost:
        workers = 1
    pool = _start_pool(workers) if workers > 1 else None
    if pool is not None:
        order = sorted(range(len(items)), key=lambda i: -cost(items[i])) if cost else range(len(items))
        try:
            futures = {pool.submit(fn, items[i]): i for i in order}
            for future in as_completed(futures):
                index = futures[future]
                results[index], done[index] = future.result(), True
                if on_done is not None:
                    on_done(index, results[index])
        except BrokenProcessPool:  # a worker died (killed, out of memory): the rest run here
            pass
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
    for index, item in enumerate(items):
        if not done[index]:
            results[index] = fn(item)
            if on_done is not None:
                on_done(index, results[index])
    return results


def _start_pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of spawned workers, or None where processes cannot be made (some sandboxes
    lack the semaphores multiprocessing needs)."""
    from simulator import tanh_choice

    try:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(tanh_choice.forms(),))
    except (OSError, NotImplementedError):
        return None

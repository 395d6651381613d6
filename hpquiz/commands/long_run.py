"""Progress for `sim` and `sweep` runs long enough to wonder about.

A run's length is only known once it has started: the first epochs are timed,
and if the whole run would take longer than `SHOW_AFTER` seconds a progress bar
with the time left appears on stderr, headed by the estimate ("about 37 min"),
so stdout stays clean for `--json` and pipes. Short runs print nothing extra.
Ctrl-C stops a long run (exit 130, nothing is written).
"""

from __future__ import annotations

import time
from collections.abc import Callable

SHOW_AFTER = 5.0  # seconds of estimated work from which the bar is worth showing
MEASURE_FOR = 0.5  # seconds of work timed before estimating


def duration_words(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class LongRunProgress:
    """`on_progress(done, total)` for train_many (use `on_epoch` for train); a context manager.

    `clock` is injectable so the estimate is testable without waiting.
    """

    def __init__(self, what: str, clock: Callable[[], float] = time.perf_counter, console=None) -> None:
        self.what, self.clock = what, clock
        self.console = console
        self.started = clock()
        self.progress = None
        self.task = None
        self.estimate: float | None = None

    def __enter__(self) -> LongRunProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def on_epoch(self, epoch: int, run) -> bool:
        return self.on_progress(epoch + 1, run.config.epochs)

    def on_progress(self, done: int, total: int) -> bool:
        if self.progress is not None:
            self.progress.update(self.task, completed=done)
            return True
        elapsed = self.clock() - self.started
        if self.estimate is None and (elapsed >= MEASURE_FOR or done == total) and done:
            self.estimate = elapsed / done * total
            if self.estimate - elapsed > SHOW_AFTER:
                self._start(done, total)
        return True

    def _start(self, done: int, total: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = self.console or Console(stderr=True)
        console.print(f"{self.what}: about {duration_words(self.estimate)} by the first epochs' pace; ctrl-c stops it")
        self.progress = Progress(TextColumn(self.what), BarColumn(), MofNCompleteColumn(), TextColumn("epochs"),
                                 TimeRemainingColumn(), console=console)
        self.progress.start()
        self.task = self.progress.add_task(self.what, total=total, completed=done)

"""Saving an answer from a screen without freezing it or losing the answer, whatever the database does.

A write either commits, or fails having saved nothing (`hpquiz.store`). The
screens call `Saver.save(action, then)`: `then(result)` runs only after the
commit, so on a failure the answer stays on screen and the same key tries
again. While another program holds the lock, each attempt waits only SQLite's
short probe (about 0.1 s) and the retries are timer callbacks, so the screen
keeps drawing: it says "waiting for another program using X" at once and gives
up after `BUSY_LIMIT` seconds in all, saying nothing was saved. A full disk, a
read-only file or damage are told the same way, as a notification.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from hpquiz.store import StoreBusy, StoreError

BUSY_LIMIT = 5.0  # seconds an answer waits for another program's lock before giving up
RETRY_EVERY = 0.1


class Saver:
    """One screen's saves: at most one in flight; `busy` while it waits for a lock."""

    def __init__(self, screen, store, limit: float = BUSY_LIMIT) -> None:
        self.screen, self.store, self.limit = screen, store, limit
        self.busy = False
        self.retry = "press the same key to try again"

    def save(
        self,
        action: Callable[[], Any],
        then: Callable[[Any], None],
        what: str = "this answer",
        retry: str = "press the same key to try again",
    ) -> None:
        """Run `action` (one store write); call `then(result)` once it is committed."""
        if self.busy:
            return
        self.busy = True
        self.retry = retry
        self._attempt(action, then, what, time.monotonic(), told=False)

    def _attempt(self, action, then, what: str, started: float, told: bool) -> None:
        self.store.busy_timeout = 0.0  # one try per attempt: the waiting happens here, between frames
        try:
            result = action()
        except StoreBusy:
            self._busy_again(action, then, what, started, told)
            return
        except StoreError as exc:
            self._failed(str(exc), what)
            return
        except BaseException:
            self.busy = False  # not the database's doing (a setting out of range): the caller says it
            raise
        self.busy = False
        then(result)

    def _busy_again(self, action, then, what: str, started: float, told: bool) -> None:
        if time.monotonic() - started >= self.limit:
            self._failed(f"Another program kept {self.store.path} locked for {self.limit:g} s.", what)
            return
        if not told:
            self.screen.notify(f"Waiting for another program using {self.store.path} (up to {self.limit:g} s)…",
                               title="Database busy", timeout=self.limit)
        self.screen.set_timer(RETRY_EVERY, lambda: self._attempt(action, then, what, started, True))

    def _failed(self, reason: str, what: str = "this answer") -> None:
        self.busy = False
        self.screen.notify(f"{reason}\n{self.retry[0].upper()}{self.retry[1:]}, or q to quit.",
                           title=f"Nothing of {what} was saved", severity="error", timeout=15)

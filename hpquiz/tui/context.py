"""Everything the screens share: the open store, the loaded decks, the clock.

Built once when the app starts (outside Textual, so it is plain and testable):
open the database, load the decks, sync the cards. Screens receive it through
`app.ctx` and call the core modules with it; they never open files themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from hpquiz.deck.model import Card, Deck
from hpquiz.messages import FOLLOW_DECK, language_of
from hpquiz.store import Store
from hpquiz.tui.saving import BUSY_LIMIT
from simulator.cache import ResultCache


def wall_clock() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class AppContext:
    store: Store
    decks: tuple[Deck, ...]
    now_fn: Callable[[], datetime] = wall_clock
    interface_language: str = FOLLOW_DECK
    cache: ResultCache | None = None  # drills read and store runs here (None: train every run afresh)
    busy_limit: float = BUSY_LIMIT  # seconds a save waits for another program's lock (hpquiz.tui.saving)
    cards_by_id: dict[str, Card] = field(init=False)

    def __post_init__(self) -> None:
        self.cards_by_id = {card.id: card for deck in self.decks for card in deck.cards}

    @classmethod
    def open(
        cls,
        db_path: str | Path | None = None,
        decks: Sequence[Deck] | None = None,
        now_fn: Callable[[], datetime] = wall_clock,
        cache: ResultCache | None = None,
        on_busy: Callable[[str], object] | None = None,
    ) -> AppContext:
        """Open the store, load the shipped decks (unless given) and sync them.

        `on_busy(message)` is told at once if another program's lock makes the
        opening wait (the wait is bounded; the CLI prints it before the screen opens).
        """
        if decks is None:
            from hpquiz.deck import load_decks

            decks = load_decks()
        store = Store.open(db_path, on_busy=on_busy)
        try:
            store.sync_cards(decks, now_fn())
        except BaseException:
            store.close()
            raise
        return cls(store, tuple(decks), now_fn, cache=cache)

    def card_index(self):
        """The card browser's search text (`hpquiz.browse.Index`), lower-cased once per app."""
        if getattr(self, "_card_index", None) is None:
            from hpquiz.browse import Index

            self._card_index = Index(self.cards_by_id)
        return self._card_index

    def deck(self, deck_id: str) -> Deck:
        for deck in self.decks:
            if deck.id == deck_id:
                return deck
        from hpquiz.errors import HpquizError

        known = ", ".join(d.id for d in self.decks)
        raise HpquizError(f"no deck {deck_id!r}; installed decks: {known}")

    def language(self, deck_id: str | None) -> str:
        """The interface language for a screen showing `deck_id` (None: no deck, e.g. a summary of all)."""
        deck_language = None if deck_id is None else self.deck(deck_id).language
        return language_of(self.interface_language, deck_language)

    def study_all_decks(self, settings) -> list[str]:
        """"Study all" does not mix languages: the decks in the interface language
        (English while the setting follows the deck)."""
        language = settings.language if settings.language in ("en", "tr") else "en"
        return [deck.id for deck in self.decks if deck.language == language] or [deck.id for deck in self.decks]

    def close(self) -> None:
        self.store.close()

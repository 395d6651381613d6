"""Home: every deck with what is waiting in it, today's reviews and the streak."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from hpquiz.deck.model import CardType
from hpquiz.session import LEARN_AHEAD
from hpquiz.settings import Settings
from hpquiz.tui.widgets.row_table import RowTable

# Room taken beside the title: the count columns with DataTable's cell padding (36 for
# counts up to three digits), the title's own padding (2), the screen's (2) and a scrollbar
# when the decks overflow (2), with 2 to spare for a longer "Left today".
COUNTS_WIDTH = 44
COLUMNS = ("Deck", "New", "Learn", "Due", "Left today", "Cards")


def fit(title: str, width: int) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


class HomeScreen(Screen):
    """The start page; its keys open the other screens."""

    left: dict = {}
    limits: dict = {}

    BINDINGS = [
        Binding("s", "study_all", "Study all"),
        Binding("enter", "study_deck", "Study deck", show=False),
        Binding("d", "drill", "Drill"),
        Binding("l", "app.open('lab')", "Lab"),
        Binding("t", "app.open('stats')", "Stats"),
        Binding("o", "app.open('settings')", "Settings"),
        Binding("b", "app.open('cards')", "Cards"),
        Binding("escape", "noop", show=False),
    ]
    KEY_HELP = {
        "enter": "study the highlighted deck",
        "↑ ↓ home end": "highlight a deck: the one above or below, the first or the last",
        "s": "study every deck (due cards first, then new ones)",
        "d": "drill the highlighted deck's scenario cards: predict a training run, then watch it",
        "o": "settings: deck options (new cards and reviews per day, retention), theme, language",
        "l": "the lab: turn any knob and train",
        "t": "your statistics",
        "b": "the card browser: search every card, see its history, suspend, bury, flag, reset or open it",
        "ctrl+p": "command palette",
    }

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="today")
            yield RowTable(id="decks", zebra_stripes=True)  # home and end: the first and last deck
            yield Static(id="deck-about")
            yield Static(
                "[b]enter[/] study the highlighted deck · [b]ctrl+p[/] commands · [b]?[/] all keys",
                id="home-keys",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_counts()

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def on_resize(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        ctx = self.app.ctx
        now = ctx.now_fn()
        from hpquiz.store import day_start

        _, streak = ctx.store.today(now)
        start = day_start(now)
        reviews = len(ctx.store.review_times(start, flashcards_only=True))  # drills are counted apart
        drills = len(ctx.store.drill_times(start))
        counts = ctx.store.deck_counts(now, learn_ahead=LEARN_AHEAD)
        total_due = sum(c.due + c.learning for c in counts.values())  # every card waiting now, each once
        total_new = sum(c.new for c in counts.values())
        days = "day" if streak == 1 else "days"
        self.query_one("#today", Static).update(
            f"Today: [b]{reviews}[/] review{'' if reviews == 1 else 's'} · [b]{drills}[/] drill{'' if drills == 1 else 's'}"
            f" · streak [b]{streak}[/] {days} · "
            f"[b]{total_due}[/] due · [b]{total_new}[/] new"
        )
        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        title_width = max(16, self.app.size.width - COUNTS_WIDTH)
        settings = Settings.load(ctx.store)
        limits = settings.limits([d.id for d in ctx.decks])
        studied = {cid for cid, card in ctx.cards_by_id.items() if card.type != CardType.SCENARIO}
        self.left = ctx.store.left_today(now, limits, only=studied)
        self.limits = limits
        rows = []
        for deck in ctx.decks:
            c = counts.get(deck.id)
            new, learning, due, total = (c.new, c.learning, c.due, c.total) if c else (0, 0, 0, 0)
            new_left, _ = self.left.get(deck.id, limits[deck.id])
            rows.append((fit(deck.title, title_width), str(new), str(learning), str(due),
                         f"{new_left}/{limits[deck.id][0]} new", str(total)))
        # The columns are made again, each as wide as what it holds now: a DataTable column
        # only ever widens to its content, so after a resize to fewer columns the titles' old
        # width would push the counts off screen (and a width it measures itself can be drawn
        # before it is measured).
        table.clear(columns=True)
        for label, *cells in zip(COLUMNS, *rows):
            table.add_column(label, width=max(map(cell_len, (label, *cells))))
        for deck, row in zip(ctx.decks, rows):
            table.add_row(*row, key=deck.id)
        if ctx.decks:
            table.move_cursor(row=min(cursor, len(ctx.decks) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        decks = self.app.ctx.decks
        if 0 <= event.cursor_row < len(decks):
            deck = decks[event.cursor_row]
            self.query_one("#deck-about", Static).update(self._about(deck))

    def _about(self, deck) -> str:
        """The deck's id (what --deck takes), language, today's limits and what is left, description."""
        new_cap, review_cap = self.limits.get(deck.id, (0, 0))
        new_left, reviews_left = self.left.get(deck.id, (new_cap, review_cap))
        line = (f"[b]{deck.id}[/] · {deck.language} · new cards {new_left} of {new_cap} left today"
                f" · reviews {reviews_left} of {review_cap} left")
        return line + ("\n" + deck.description if deck.description else "")

    def _highlighted_deck(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if not self.app.ctx.decks:
            return None
        return self.app.ctx.decks[table.cursor_row].id

    def action_study_all(self) -> None:
        self.app.open_screen("study")

    def action_study_deck(self) -> None:
        self._open_deck(self._highlighted_deck())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open_deck(str(event.row_key.value))

    def _open_deck(self, deck_id: str | None) -> None:
        """Study the deck; a deck of scenario cards only is a drill deck, so it opens the drill."""
        if deck_id is None:
            return
        deck = self.app.ctx.deck(deck_id)
        drill_only = deck.cards and all(card.type == CardType.SCENARIO for card in deck.cards)
        self.app.open_screen("drill" if drill_only else "study", deck_id)

    def action_drill(self) -> None:
        self.app.open_screen("drill", self._highlighted_deck())

    def action_noop(self) -> None:
        pass

"""Home: every deck with what is waiting in it, today's reviews and the streak."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

# Room taken by the count and language columns (with DataTable's cell padding).
COUNTS_WIDTH = 44


def fit(title: str, width: int) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


class HomeScreen(Screen):
    """The start page; its keys open the other screens."""

    BINDINGS = [
        Binding("s", "study_all", "Study all"),
        Binding("enter", "study_deck", "Study deck", show=False),
        Binding("d", "drill", "Drill"),
        Binding("l", "app.open('lab')", "Lab"),
        Binding("t", "app.open('stats')", "Stats"),
        Binding("escape", "noop", show=False),
    ]
    KEY_HELP = {
        "enter": "study the highlighted deck",
        "s": "study every deck (due cards first, then new ones)",
        "d": "drill the scenario cards: predict a training run, then watch it",
        "l": "the lab: turn any knob and train",
        "t": "your statistics",
        "ctrl+p": "command palette",
    }

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="today")
            table = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            table.add_columns("Deck", "Language", "New", "Learn", "Due", "Cards")
            yield table
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
        reviews, streak = ctx.store.today(now)
        counts = ctx.store.deck_counts(now)
        total_due = sum(c.due for c in counts.values())
        total_new = sum(c.new for c in counts.values())
        days = "day" if streak == 1 else "days"
        self.query_one("#today", Static).update(
            f"Today: [b]{reviews}[/] reviews · streak [b]{streak}[/] {days} · "
            f"[b]{total_due}[/] due · [b]{total_new}[/] new"
        )
        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        table.clear()
        title_width = max(16, self.app.size.width - COUNTS_WIDTH)
        for deck in ctx.decks:
            c = counts.get(deck.id)
            new, learning, due, total = (c.new, c.learning, c.due, c.total) if c else (0, 0, 0, 0)
            table.add_row(
                fit(deck.title, title_width),
                deck.language,
                str(new),
                str(learning),
                str(due),
                str(total),
                key=deck.id,
            )
        if ctx.decks:
            table.move_cursor(row=min(cursor, len(ctx.decks) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        decks = self.app.ctx.decks
        if 0 <= event.cursor_row < len(decks):
            deck = decks[event.cursor_row]
            self.query_one("#deck-about", Static).update(deck.description or "")

    def _highlighted_deck(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if not self.app.ctx.decks:
            return None
        return self.app.ctx.decks[table.cursor_row].id

    def action_study_all(self) -> None:
        self.app.open_screen("study")

    def action_study_deck(self) -> None:
        self.app.open_screen("study", self._highlighted_deck())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.open_screen("study", str(event.row_key.value))

    def action_drill(self) -> None:
        self.app.open_screen("drill")

    def action_noop(self) -> None:
        pass

"""The card browser: find a card as you type, see its history, suspend, bury, flag, reset or open it.

The search is `hpquiz.browse` (the same as `hpquiz cards`): words, plus Anki-style
filters `deck:ID topic:T tag:X type:T state:S failed:today`. Every active card's
row is read once when the screen opens (two queries) and filtered in Python over
pre-lowered text, so a key costs a filter over the rows plus one page of table
rows: the table holds `PAGE` rows at a time and loads the next page when the
cursor comes near its end (20,000 cards do not become 20,000 table rows).

Writes (suspend, bury, flag, reset) go through `Saver`, like the study screen:
a database error is a message and the same key tries again.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from hpquiz.browse import FLAGS, Index, Row, parse_query, rows, search
from hpquiz.deck.model import CardType
from hpquiz.errors import HpquizError
from hpquiz.scheduler import Status, format_interval
from hpquiz.tui.honest_keys import HonestKeys
from hpquiz.tui.saving import Saver

PAGE = 60  # table rows loaded at a time: more than a 50-line terminal shows, few enough to draw in a frame
FRONT_WIDTH = 60
COLUMNS = ("Front", "State", "Due", "Flag", "Deck", "Card", "Type")
HISTORY_SHOWN = 8  # the latest reviews listed under a card


def due_text(row: Row, now: datetime) -> str:
    """When the card is due next, in the learner's words."""
    if row.label == "new" or row.state.status == Status.NEW:  # a suspended or buried card may be new too
        return "new"
    if row.state.due <= now:
        return "now"
    return f"in {format_interval(row.state.due - now)}"


CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}")


def one_line(text: str, width: int) -> str:
    """The text on one line, cloze markup shown as its answer, cut to `width` with an ellipsis."""
    flat = " ".join(CLOZE.sub(r"\1", text).split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class BrowserScreen(HonestKeys, Screen):
    """Search box above, matching cards below, the highlighted card's history at the bottom."""

    TITLE = "Cards"
    BINDINGS = [
        Binding("down", "to_table", "Cards", key_display="↓"),
        Binding("slash", "to_search", "Search", key_display="/"),
        Binding("s", "suspend", "Suspend/unsuspend"),
        Binding("b", "bury", "Bury/unbury"),
        Binding("f", "flag", "Flag"),
        Binding("r", "reset", "Reset"),
        Binding("o", "open", "Open"),
        Binding("escape", "app.pop_screen", "Home"),
    ]
    KEY_HELP = {
        "typing": "search as you type: words, and deck:ID topic:T tag:X type:T state:S failed:today",
        "↓ / tab": "from the search box to the cards; / goes back to the search",
        "s": "suspend the card (out of every queue) or unsuspend it",
        "b": "bury it until tomorrow, or unbury it",
        "f": "flag it: red, orange, green, blue, none, in turn",
        "r": "reset it to new (its history is kept); press r twice",
        "o / enter": "open it: study for a flashcard, drill for a scenario",
        "escape": "back to Home",
    }

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.index: Index | None = None
        self.all_rows: list[Row] = []
        self.matches: list[Row] = []
        self.loaded = 0
        self.error = ""
        self.resetting: str | None = None  # the card a first r asked about
        self.generation = 0  # counts reloads from the store: a card's detail is redrawn when it moves on
        self._last: tuple[str, list[Row]] | None = None  # the last words-only search and its matches
        self._drawn: tuple | None = None  # (card id, generation) of the detail on screen
        self._live: tuple | None = None  # what the dead keys depend on, when the footer was last refreshed
        self._columns_for: int | None = None  # the screen width the table's columns were made for

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="browser"):
            yield Input(self.initial_query, placeholder="search: words, deck:ID topic:T tag:X type:T state:S failed:today",
                        id="browse-search", select_on_focus=False)
            yield Static(id="browse-count")
            yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)  # columns: _show_matches
            with VerticalScroll(id="browse-detail-box"):
                yield Static(id="browse-detail")
        yield Footer()

    def on_mount(self) -> None:
        ctx = self.app.ctx
        self.index = ctx.card_index()
        self.saver = Saver(self, ctx.store, ctx.busy_limit)
        self.reload()
        self.query_one("#browse-search", Input).focus()

    def on_resize(self) -> None:
        if self.index is not None and self.size.width != self._columns_for:
            self._show_matches(keep=self.current.card.id if self.current else None)

    def on_screen_suspend(self) -> None:
        self.away = True

    def on_screen_resume(self) -> None:
        if getattr(self, "away", False):  # back from study or drill: states have moved on
            self.away = False
            self.reload(keep=self.current.card.id if self.current else None)

    # -- searching ---------------------------------------------------------------------

    @property
    def now(self) -> datetime:
        return self.app.ctx.now_fn()

    @property
    def current(self) -> Row | None:
        table = self.query_one("#browse-table", DataTable)
        if not self.loaded or table.cursor_row is None or not 0 <= table.cursor_row < self.loaded:
            return None
        return self.matches[table.cursor_row]

    def reload(self, keep: str | None = None, same_list: bool = False) -> None:
        """Read every card's state and controls again, then search (keeping the cursor on `keep`).

        `same_list` (after an action): the listed cards stay listed, with their new state, even
        when they no longer match (a card suspended under `state:new` does not vanish under the cursor).
        """
        self.all_rows = rows(self.app.ctx.store, self.index, self.now)
        self.generation += 1
        self._last = None
        if not same_list:
            self.refilter(keep)
            return
        by_id = {r.card.id: r for r in self.all_rows}
        self.matches = [by_id[r.card.id] for r in self.matches if r.card.id in by_id]
        self._show_matches(keep)

    def refilter(self, keep: str | None = None) -> None:
        text = self.query_one("#browse-search", Input).value
        try:
            query = parse_query(text)
        except HpquizError as exc:
            self.error = str(exc)
            self._show_count()
            return
        self.error = ""
        self.matches = self._search(text, query)
        self._show_matches(keep)

    def _show_matches(self, keep: str | None = None) -> None:
        table = self.query_one("#browse-table", DataTable)
        # A DataTable column only ever widens to its content: on a narrower screen the Front
        # column cut for the wider one would push State, Due and Flag off, so the columns are
        # made again whenever the width changed (typing keeps them: they do not jump per key).
        relayout = self.size.width != self._columns_for
        table.clear(columns=relayout)
        if relayout:
            table.add_columns(*COLUMNS)
            self._columns_for = self.size.width
        self.loaded = 0
        at = next((i for i, r in enumerate(self.matches) if r.card.id == keep), 0) if keep else 0
        self._load_until(at)
        if self.loaded:
            table.move_cursor(row=at, animate=False)
        self._show_count()
        self._show_detail()
        self._refresh_keys()

    def _search(self, text: str, query) -> list[Row]:
        """`browse.search`; while words are typed on, only the last matches can still match."""
        words_only = query == type(query)(query.text)
        pool = self.all_rows
        if words_only and self._last is not None and text.startswith(self._last[0]):
            pool = self._last[1]
        found = search(pool, self.index, query)
        self._last = (text, found) if words_only else None
        return found

    def _refresh_keys(self) -> None:
        """Redraw the footer only when what decides the dead keys changed (it is rebuilt each time)."""
        live = (self.current is not None, self.focused.id if self.focused is not None else None)
        if live != self._live:
            self._live = live
            self.refresh_bindings()

    def _load_until(self, row: int) -> None:
        """Add table rows page by page until `row` (and a margin after it) is loaded."""
        table = self.query_one("#browse-table", DataTable)
        now = self.now
        while self.loaded < len(self.matches) and self.loaded <= row + 10:
            # the first page only fills the screen: each key of a search redraws it
            size = PAGE if self.loaded else max(20, self.size.height)
            page = self.matches[self.loaded:self.loaded + size]
            front = max(24, min(FRONT_WIDTH, self.size.width - 60))  # the other columns stay on screen (at 80: State, Due, Flag)
            table.add_rows(
                (one_line(r.card.front, front), r.label, due_text(r, now), FLAGS[r.flag] if r.flag else "",
                 r.card.deck_id, r.card.id, r.card.type.value)
                for r in page
            )
            self.loaded += len(page)

    def _show_count(self) -> None:
        count = self.query_one("#browse-count", Static)
        if self.error:
            count.update(Text(self.error, style="bold red"))
            return
        total, found = len(self.all_rows), len(self.matches)
        more = f" · {self.loaded:,} listed, more as you scroll" if self.loaded < found else ""
        count.update(Text(f"{found:,} of {total:,} cards{more}", style="dim"))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "browse-search":
            self.resetting = None
            self.refilter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_to_table()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - 10:
            self._load_until(event.cursor_row)
            self._show_count()
        if self.current is None or self.current.card.id != self.resetting:
            self.resetting = None
        self._show_detail()
        self._refresh_keys()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_descendant_focus(self, event) -> None:
        self._refresh_keys()

    # -- the card's detail ------------------------------------------------------------------

    def _show_detail(self, force: bool = False) -> None:
        row = self.current
        drawn = (row.card.id if row else None, self.generation, self.error, self.resetting)
        if drawn == self._drawn and not force:
            return
        self._drawn = drawn
        detail = self.query_one("#browse-detail", Static)
        if row is None:
            detail.update(Text("No card matches." if not self.error else "", style="dim"))
            return
        card, now = row.card, self.now
        text = Text(one_line(card.front, 400) + "\n", style="bold")
        parts = [card.id, card.deck_id, card.topic, card.type.value] + ([", ".join(card.tags)] if card.tags else [])
        text.append(" · ".join(parts) + "\n", style="dim")
        state = row.label
        if row.state.status == Status.NEW:
            when = "not studied yet"
        elif row.state.due <= now:
            when = f"due now (since {row.state.due:%Y-%m-%d %H:%M})"
        else:
            when = f"due {due_text(row, now)}, {row.state.due:%Y-%m-%d %H:%M}"
        if row.suspended:
            when += " · s brings it back"
        elif row.buried:
            when += " · buried until tomorrow, b brings it back"
        text.append(f"State: {state}, {when}")
        if row.flag:
            text.append(f" · flag: {FLAGS[row.flag]}")
        text.append("\n")
        history = self.app.ctx.store.history(card.id)
        if not history:
            text.append("No reviews yet.", style="dim")
        else:
            text.append(f"Reviews ({len(history)}" + (f", the last {HISTORY_SHOWN}" if len(history) > HISTORY_SHOWN else "")
                        + "):\n", style="dim")
            text.append(f"  {'date':<16}   {'rating':<6}  {'interval':<8}  stability\n", style="dim")
            for h in history[-HISTORY_SHOWN:]:
                interval = "" if h.after.interval is None else format_interval(h.after.interval)
                stability = "" if h.after.stability is None else f"{h.after.stability:.1f} d"
                text.append(f"  {h.reviewed_at:%Y-%m-%d %H:%M}   {h.rating.name.title():<6}  {interval:<8}  {stability}\n")
        if self.resetting == card.id:
            # the key first: at 80 columns the panel shows the start of the line
            text.append("\nr again resets this card to new: its schedule starts over (its history stays).",
                        style="bold")
        detail.update(text)

    # -- keys --------------------------------------------------------------------------

    def dead_key(self, action: str) -> str | None:
        if action in ("suspend", "bury", "flag", "reset", "open"):
            if self.current is None:
                return "No card is highlighted: change the search."
            if self.focused is not None and self.focused.id == "browse-search":
                return "Typing a search: ↓ goes to the cards."
        if action == "to_table":
            if not self.loaded:
                return "No card matches the search."
            if self.focused is not None and self.focused.id == "browse-table":
                return "The cards have the keys already: / goes back to the search."
        if action == "to_search" and self.focused is not None and self.focused.id == "browse-search":
            return "The search box has the keys already."
        return None

    def action_to_table(self) -> None:
        if self.loaded:
            self.query_one("#browse-table", DataTable).focus()

    def action_to_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def _write(self, change, done: str) -> None:
        """One store write for the highlighted card; the row is read back once it is committed."""
        card_id = self.current.card.id

        def saved(_) -> None:
            self.reload(keep=card_id, same_list=True)
            self.notify(done, timeout=3)

        self.saver.save(change, saved, what="this change")

    def action_suspend(self) -> None:
        row, store = self.current, self.app.ctx.store
        self._write(lambda: store.suspend([row.card.id], not row.suspended),
                    f"{row.card.id}: {'back in study' if row.suspended else 'suspended, out of every queue'}.")

    def action_bury(self) -> None:
        from hpquiz.store import day_start
        from hpquiz.store.rows import next_day

        row, store, now = self.current, self.app.ctx.store, self.now
        if row.buried:
            self._write(lambda: store.bury([row.card.id], None), f"{row.card.id}: unburied, back in today's study.")
        else:
            until = next_day(day_start(now), timezone.utc)
            self._write(lambda: store.bury([row.card.id], until), f"{row.card.id}: buried until tomorrow.")

    def action_flag(self) -> None:
        row, store = self.current, self.app.ctx.store
        flag = (row.flag + 1) % len(FLAGS)
        self._write(lambda: store.flag([row.card.id], flag),
                    f"{row.card.id}: flag {FLAGS[flag]}." if flag else f"{row.card.id}: flag removed.")

    def action_reset(self) -> None:
        row, store, now = self.current, self.app.ctx.store, self.now
        if self.resetting != row.card.id:
            self.resetting = row.card.id
            self._show_detail(force=True)
            return
        self.resetting = None
        self._write(lambda: store.reset([row.card.id], now), f"{row.card.id}: new again (its history is kept).")

    def action_open(self) -> None:
        """A flashcard opens in study (this card alone), a scenario card in the drill."""
        row = self.current
        if row is None:
            return
        if row.card.type == CardType.SCENARIO:
            from hpquiz.tui.screens.drill import DrillScreen

            self.app.push_screen(DrillScreen(row.card.deck_id, first=row.card.id))
        else:
            from hpquiz.tui.screens.study import StudyScreen

            self.app.push_screen(StudyScreen(cards=[row.card.id]))

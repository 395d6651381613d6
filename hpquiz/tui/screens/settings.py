"""Settings: deck options (for all decks or one), theme and interface language, saved at once.

The screen only edits; `hpquiz.settings` checks each value and the store keeps it, so a
value refused here is refused by `hpquiz config set` with the same sentence.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from hpquiz.errors import HpquizError
from hpquiz.settings import SPECS, Settings, set_setting, unset_setting
from hpquiz.tui.saving import Saver

ALL_DECKS = None


class SettingsScreen(Screen):
    """One row a setting; enter edits the highlighted one, [ and ] pick which deck the options are for."""

    TITLE = "Settings"
    BINDINGS = [
        Binding("enter", "edit", "Edit"),
        Binding("left_square_bracket", "scope(-1)", "Prev deck", key_display="["),
        Binding("right_square_bracket", "scope(1)", "Next deck", key_display="]"),
        Binding("delete", "unset", "Use default", show=False),
        Binding("escape", "back", "Home"),
    ]
    KEY_HELP = {
        "up/down": "pick a setting",
        "enter": "edit it (enter saves, escape cancels)",
        "[ ]": "deck options for all decks, or for one deck",
        "delete": "this deck follows the default for all decks again",
        "escape": "back to Home",
    }

    def __init__(self) -> None:
        super().__init__()
        self.scope_index = 0

    @property
    def scope(self) -> str | None:
        decks = [ALL_DECKS, *(d.id for d in self.app.ctx.decks)]
        return decks[self.scope_index % len(decks)]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="settings"):
            yield Static(id="settings-scope")
            table = DataTable(id="settings-table", cursor_type="row")
            table.add_columns("Setting", "Value", "Allowed", "What it does")
            yield table
            yield Input(id="settings-input", classes="hidden")
            yield Static(id="settings-status")
        yield Footer()

    def on_mount(self) -> None:
        self.saver = Saver(self, self.app.ctx.store, self.app.ctx.busy_limit)
        self.draw()

    def keys(self) -> list[str]:
        return [k for k, spec in SPECS.items() if self.scope is ALL_DECKS or spec.per_deck]

    def draw(self) -> None:
        settings = Settings.load(self.app.ctx.store)
        scope = self.scope
        where = "every deck (the default)" if scope is ALL_DECKS else f"deck {scope}"
        self.query_one("#settings-scope", Static).update(f"Deck options for [b]{where}[/]   [dim][ ] other decks[/]")
        table = self.query_one("#settings-table", DataTable)
        row = table.cursor_row
        table.clear()
        for key in self.keys():
            spec = SPECS[key]
            value = spec.show(settings.get(key, scope if spec.per_deck else None))
            if scope is not ALL_DECKS and not settings.own(key, scope):
                value += " (default)"
            table.add_row(key, value, spec.allowed(), spec.about, key=key)
        table.move_cursor(row=min(row, len(self.keys()) - 1))

    def _key(self) -> str:
        return self.keys()[self.query_one("#settings-table", DataTable).cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        box = self.query_one("#settings-input", Input)
        box.remove_class("hidden")
        box.placeholder = f"{self._key()}: {SPECS[self._key()].allowed()}"
        box.value = ""
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        key = self._key()
        spec = SPECS[key]
        status = self.query_one("#settings-status", Static)
        choices = tuple(self.app.available_themes) if key == "theme" else ()
        try:
            spec.parse(event.value, choices)
        except HpquizError as error:
            status.update(f"[red]{error}[/]")
            return
        scope = self.scope if spec.per_deck else None

        def saved(value) -> None:
            if key == "theme":
                self.app.theme = str(value)
            if key == "language":
                self.app.ctx.interface_language = str(value)
            status.update(f"Saved: {key} = {spec.show(value)}")
            self._close_input()
            self.draw()

        # a database that refuses (busy, full, read-only) leaves the value typed in the box: enter tries again
        self.saver.save(lambda: set_setting(self.app.ctx.store, key, event.value, scope, choices), saved,
                        what="this setting", retry="press enter to try again")

    def _close_input(self) -> None:
        box = self.query_one("#settings-input", Input)
        box.add_class("hidden")
        self.query_one("#settings-table", DataTable).focus()

    def action_scope(self, step: int) -> None:
        self.scope_index = (self.scope_index + step) % (len(self.app.ctx.decks) + 1)
        self.draw()

    def action_unset(self) -> None:
        if self.scope is ALL_DECKS:
            self.query_one("#settings-status", Static).update("Pick a deck with [ ] first: the default has no default.")
            return
        key, scope = self._key(), self.scope
        self.saver.save(lambda: unset_setting(self.app.ctx.store, key, scope), lambda _: self.draw(),
                        what="this change", retry="press delete to try again")

    def action_back(self) -> None:
        if not self.query_one("#settings-input", Input).has_class("hidden"):
            self._close_input()
            return
        self.app.pop_screen()

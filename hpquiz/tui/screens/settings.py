"""Settings: deck options (for all decks or one), theme and interface language, saved at once.

The screen only edits; `hpquiz.settings` checks each value and the store keeps it, so a
value refused here is refused by `hpquiz config set` with the same sentence.

The table keeps to the columns that fit an 80-column terminal (setting, value); what
the highlighted setting does, what it allows and its default are the panel below it,
wrapped, so nobody reads a sentence by scrolling sideways. A message (saved, or why a
value was refused) is about one setting and one edit: it goes when the edit is
cancelled or another setting is highlighted.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
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
        Binding("escape", "cancel", "Cancel"),  # while a value is typed: the footer says what escape does now
        Binding("escape", "back", "Home"),
    ]
    KEY_HELP = {
        "up/down": "pick a setting (the panel below explains it)",
        "enter": "edit it (enter saves, escape cancels)",
        "[ / ]": "deck options for all decks, or for one deck",
        "delete": "this deck follows the default for all decks again",
        "escape": "cancel the edit; else back to Home",
    }

    def __init__(self) -> None:
        super().__init__()
        self.scope_index = 0
        self.editing: str | None = None  # the key the input box is for: the cursor may move meanwhile
        self.highlighted: str | None = None  # the key the status line speaks of

    @property
    def scope(self) -> str | None:
        decks = [ALL_DECKS, *(d.id for d in self.app.ctx.decks)]
        return decks[self.scope_index % len(decks)]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="settings"):
            yield Static(id="settings-scope")
            table = DataTable(id="settings-table", cursor_type="row")
            table.add_columns("Setting", "Value")
            yield table
            yield Static(id="settings-about")
            yield Input(id="settings-input", classes="hidden", compact=True)  # one row, as the lab's knobs: a theme's error needs the rest
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
        self.query_one("#settings-scope", Static).update(
            f"Deck options for [b]{escape(where)}[/]   [b]\\[[/] / [b]][/] other deck")
        table = self.query_one("#settings-table", DataTable)
        row = table.cursor_row
        table.clear()
        for key in self.keys():
            spec = SPECS[key]
            value = spec.show(settings.get(key, scope if spec.per_deck else None))
            if scope is not ALL_DECKS and not settings.own(key, scope):
                value += " (default)"
            table.add_row(key, value, key=key)
        table.move_cursor(row=min(row, len(self.keys()) - 1))
        self._highlight(settings)

    def _key(self) -> str:
        return self.keys()[self.query_one("#settings-table", DataTable).cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._highlight()

    def _highlight(self, settings: Settings | None = None) -> None:
        """Describe the setting under the cursor; a message about another setting goes, and so does its edit.

        Reads the cursor, not the event: `draw` rebuilds the table, and the events it
        posts on the way arrive after the cursor is back where it was.
        """
        key = self._key()
        if self.highlighted is not None and key != self.highlighted:
            self._close_input()
            self.query_one("#settings-status", Static).update("")
        self.highlighted = key
        self.query_one("#settings-about", Static).update(self._about(key, settings or Settings.load(self.app.ctx.store)))

    def _about(self, key: str, settings: Settings) -> str:
        """What `key` does, what it allows and its default, in full (the panel wraps it)."""
        spec = SPECS[key]
        choices = tuple(self.app.available_themes) if key == "theme" else ()
        lines = [f"[b]{key}[/]: {escape(spec.about)}",
                 f"Allowed: {escape(spec.allowed_with(choices))}.   Built-in default: {escape(spec.show(spec.default))}"]
        scope = self.scope
        if scope is not ALL_DECKS:
            for_all = escape(spec.show(settings.get(key)))
            if settings.own(key, scope):
                lines.append(f"Deck {escape(scope)} has its own value; [b]delete[/] follows every deck's ({for_all}) again.")
            else:
                lines.append(f"Deck {escape(scope)} follows every deck's value ({for_all}) until you give it its own.")
        return "\n".join(lines)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        self.editing = self._key()
        box = self.query_one("#settings-input", Input)
        box.remove_class("hidden")
        box.placeholder = f"{self.editing}: {SPECS[self.editing].allowed()}"
        box.value = ""
        box.focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.editing is None:
            return
        key = self.editing
        spec = SPECS[key]
        status = self.query_one("#settings-status", Static)
        choices = tuple(self.app.available_themes) if key == "theme" else ()
        try:
            spec.parse(event.value, choices)
        except HpquizError as error:
            status.update(f"[red]{escape(str(error))}[/]")
            return
        scope = self.scope if spec.per_deck else None

        def saved(value) -> None:
            if key == "theme":
                self.app.theme = str(value)
            if key == "language":
                self.app.ctx.interface_language = str(value)
            status.update(f"Saved: {key} = {escape(spec.show(value))}")
            self._close_input()
            self.draw()

        # a database that refuses (busy, full, read-only) leaves the value typed in the box: enter tries again
        self.saver.save(lambda: set_setting(self.app.ctx.store, key, event.value, scope, choices), saved,
                        what="this setting", retry="press enter to try again")

    def _close_input(self) -> None:
        if self.editing is None:
            return
        self.editing = None
        box = self.query_one("#settings-input", Input)
        box.add_class("hidden")
        self.query_one("#settings-table", DataTable).focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape cancels the edit while a value is typed, and goes Home otherwise: one of the two is offered."""
        if action == "cancel":
            return self.editing is not None
        if action == "back":
            return self.editing is None
        return True

    def action_scope(self, step: int) -> None:
        self.scope_index = (self.scope_index + step) % (len(self.app.ctx.decks) + 1)
        self.draw()

    def action_unset(self) -> None:
        if self.scope is ALL_DECKS:
            self.query_one("#settings-status", Static).update(
                "Pick a deck with [b]\\[[/] / [b]][/] first: the default has no default.")
            return
        key, scope = self._key(), self.scope

        def forgotten(_) -> None:  # said, so that no "Saved: …" of the value just forgotten stays up
            self.query_one("#settings-status", Static).update(
                f"{key}: deck {escape(scope)} follows every deck's value again")
            self.draw()

        self.saver.save(lambda: unset_setting(self.app.ctx.store, key, scope), forgotten,
                        what="this change", retry="press delete to try again")

    def action_cancel(self) -> None:
        """Escape while editing: the typed value is dropped, and so is what was said about it."""
        self._close_input()
        self.query_one("#settings-status", Static).update("")

    def action_back(self) -> None:
        self.app.pop_screen()

"""A one-line question in a modal: a file path or a name, typed and confirmed with enter.

The lab asks where to save a setup, what to open and which deck file gets a card;
the answer comes back through `ModalScreen.dismiss` (None when escape cancels).
The prompt's own footer covers the screen's underneath: there, letters are typed,
not keys.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; enter answers, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, hint: str, value: str = "") -> None:
        super().__init__()
        self.title_text, self.hint, self.value = title, hint, value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(f"[b]{self.title_text}[/]", id="prompt-title")
            yield Input(self.value, id="prompt-input")
            yield Static(self.hint, id="prompt-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)

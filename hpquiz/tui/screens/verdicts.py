"""`v`: how a run's verdict is decided, the look-alike pairs told apart, in a modal.

The text is `hpquiz.verdict_guide`'s, written from the thresholds in
simulator/diagnose.py, so the screen says exactly what the grader does. Its own
footer covers the one underneath, whose keys do nothing while the guide is open.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from hpquiz.verdict_guide import GUIDE, ORDER


def guide_rich() -> Text:
    text = Text("How a run's verdict is decided\n", style="bold")
    text.append("Rules are tried in this order; the first that matches wins:\n", style="dim")
    text.append("  " + " → ".join(ORDER) + "\n")
    for section in GUIDE:
        text.append("\n" + section.title.capitalize() + "\n", style="bold")
        text.append("Ask: " + section.ask + "\n", style="italic")
        for name, rule in section.rules:
            text.append(f"  {name}: ", style="bold")
            text.append(rule + "\n")
        text.append("  " + section.example + "\n", style="dim")
    text.append("\nescape closes · hpquiz verdicts prints this and what compare cards measure", style="dim")
    return text


class VerdictGuideScreen(ModalScreen[None]):
    """The verdict guide; dismissed by escape or v."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("v", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="verdicts-box"):
            yield Static(guide_rich(), id="verdicts-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

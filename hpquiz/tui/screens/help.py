"""`?`: the keys of the screen underneath, in a modal that any key closes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GLOBAL_KEYS = (
    ("?", "these keys"),
    ("v", "how verdicts are decided (unstable or diverged?…)"),
    ("escape", "back (to Home)"),
    ("ctrl+p", "command palette: jump to any screen"),
    ("q / ctrl+q", "quit (every answer is already saved)"),
)


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, what it does) for `screen`: its KEY_HELP texts (not `HELP`: Textual reads that as markdown for its own help panel), else its binding descriptions."""
    described = dict(getattr(screen, "KEY_HELP", {}) or {})
    if described:
        return list(described.items())
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in getattr(screen, "BINDINGS", []):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        key = binding.key_display or binding.key
        if key in seen:
            continue
        seen.add(key)
        rows.append((key, binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys of the current screen; dismissed by escape or ?."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        title = getattr(self.under, "TITLE", None) or type(self.under).__name__.removesuffix("Screen")
        lines = [f"[b]{title} keys[/]", ""]
        width = max((len(k) for k, _ in key_rows(self.under) + list(GLOBAL_KEYS)), default=4)
        for key, text in key_rows(self.under):
            lines.append(f"  [b]{key:<{width}}[/]  {text}")
        lines += ["", "[b]Everywhere[/]"]
        for key, text in GLOBAL_KEYS:
            lines.append(f"  [b]{key:<{width}}[/]  {text}")
        lines += ["", "[dim]escape closes[/]"]
        with VerticalScroll(id="help-box"):
            yield Static("\n".join(lines), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)

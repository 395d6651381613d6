"""`?`: the keys of the screen underneath, in a modal that escape (or ? again) closes.

The modal has a footer of its own: without one, the footer of the screen underneath
shows through and offers keys (the drill's "n Next scenario") that do nothing here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static

from hpquiz.tui.honest_keys import screen_name

GLOBAL_KEYS = (
    ("?", "these keys"),
    ("v", "how verdicts are decided (unstable or diverged?…)"),
    ("escape", "back to the screen before"),
    ("ctrl+p", "command palette: jump to any screen"),
    ("q / ctrl+q", "quit (every answer is already saved)"),
)


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, what it does) for `screen`: its KEY_HELP texts (not `HELP`: Textual reads that as markdown for its own help panel), else its binding descriptions.

    A text's `{back}` is the screen escape leads back to (`HonestKeys.back_to`): study opened
    from the card browser goes back there, not Home.
    """
    described = dict(getattr(screen, "KEY_HELP", {}) or {})
    if described:
        back = getattr(screen, "back_to", "Home")
        return [(key, text.replace("{back}", back)) for key, text in described.items()]
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
        title = screen_name(self.under)
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
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

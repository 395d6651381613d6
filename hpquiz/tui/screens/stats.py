"""Stats: the same figures and charts as `hpquiz stats`, scrollable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class StatsScreen(Screen):
    """Reviews per day, streak, retention, forecast, states, mastery, drill calibration."""

    TITLE = "Stats"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Home"),
        Binding("r", "reload", "Refresh"),
    ]
    KEY_HELP = {"up/down": "scroll", "r": "recompute", "escape": "back to Home"}

    stats = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="stats")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        from hpquiz.stats import compute_stats
        from hpquiz.stats_view import renderables

        ctx = self.app.ctx
        self.stats = stats = compute_stats(ctx.store, ctx.now_fn())
        box = self.query_one("#stats", VerticalScroll)
        box.remove_children()
        width = max(40, self.app.size.width - 4)
        box.mount_all(Static(part, classes="stats-part") for part in renderables(stats, width))
        box.focus()

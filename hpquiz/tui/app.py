"""The Textual app: global keys and which screen is shown. Nothing else.

Every screen is pushed on top of Home, so `escape` always leads back there.
Quitting is safe at any moment: each answer is committed when it is given, and
running simulations are cancelled (they hold nothing worth keeping).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from hpquiz.tui.context import AppContext

SCREENS = ("home", "study", "drill", "lab", "stats", "settings", "cards")


class HpquizApp(App[None]):
    """hpquiz in the terminal: study, drill, lab and stats over one progress database."""

    TITLE = "hpquiz"
    SUB_TITLE = "learn hyperparameters: predict, then see"
    CSS_PATH = "hpquiz.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q", "quit", "Quit", priority=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("v", "verdicts", "Verdicts", show=False),
    ]

    def __init__(self, ctx: AppContext, start: str = "home", deck_id: str | None = None, lab_setup=None) -> None:
        super().__init__()
        self.lab_setup = lab_setup  # the TrainConfig `hpquiz lab --setup` opens with
        if start not in SCREENS:
            raise ValueError(f"unknown screen {start!r}; choose one of {', '.join(SCREENS)}")
        self.ctx = ctx
        self.start = start
        self.deck_id = deck_id

    def on_mount(self) -> None:
        from hpquiz.settings import Settings
        from hpquiz.tui.screens.home import HomeScreen

        settings = Settings.load(self.ctx.store)
        self.ctx.interface_language = settings.language
        if settings.theme in self.available_themes:
            self.theme = settings.theme
        # a theme picked anywhere (the palette's Theme command, the settings screen) survives a restart
        self.theme_changed_signal.subscribe(self, self._save_theme)

        self.push_screen(HomeScreen())
        if self.start != "home":
            self.open_screen(self.start, self.deck_id)

    def open_screen(self, name: str, deck_id: str | None = None) -> None:
        """Show screen `name` on top of Home (replacing any other screen above it)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if name == "home":
            return
        self.push_screen(self._make(name, deck_id))

    def _make(self, name: str, deck_id: str | None) -> Screen:
        if name == "study":
            from hpquiz.tui.screens.study import StudyScreen

            return StudyScreen(deck_id)
        if name == "drill":
            from hpquiz.tui.screens.drill import DrillScreen

            return DrillScreen(deck_id)
        if name == "lab":
            from hpquiz.tui.screens.lab import LabScreen

            return LabScreen(self.lab_setup)
        if name == "stats":
            from hpquiz.tui.screens.stats import StatsScreen

            return StatsScreen()
        if name == "cards":
            from hpquiz.tui.screens.browser import BrowserScreen

            return BrowserScreen()
        if name == "settings":
            from hpquiz.tui.screens.settings import SettingsScreen

            return SettingsScreen()
        raise ValueError(f"unknown screen {name!r}")

    def _save_theme(self, theme) -> None:
        from hpquiz.settings import Settings, set_setting

        from hpquiz.store import StoreError

        try:
            if Settings.load(self.ctx.store).theme != theme.name:
                set_setting(self.ctx.store, "theme", theme.name, choices=tuple(self.available_themes))
        except StoreError as error:  # the theme still applies now; only keeping it for next time failed
            self.notify(f"{error}\nThe theme {theme.name} is used now but was not saved for next time.",
                        title="Theme not saved", severity="warning", timeout=10)

    def action_open(self, name: str) -> None:
        self.open_screen(name)

    def action_verdicts(self) -> None:
        from hpquiz.tui.screens.verdicts import VerdictGuideScreen

        if not isinstance(self.screen, VerdictGuideScreen):
            self.push_screen(VerdictGuideScreen())

    def action_help(self) -> None:
        from hpquiz.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Study", "Review the cards due now", lambda: self.open_screen("study"))
        yield SystemCommand("Drill", "Predict a training run, then watch it", lambda: self.open_screen("drill"))
        yield SystemCommand("Lab", "Turn the knobs and train a network", lambda: self.open_screen("lab"))
        yield SystemCommand("Stats", "Your progress: reviews, retention, mastery", lambda: self.open_screen("stats"))
        yield SystemCommand("Cards", "Browse and search every card: history, suspend, bury, flag, reset",
                            lambda: self.open_screen("cards"))
        yield SystemCommand("Settings", "Deck options, theme, language", lambda: self.open_screen("settings"))
        yield SystemCommand("Home", "Decks and today's counts", lambda: self.open_screen("home"))
        yield SystemCommand("Verdicts", "How a run's verdict is decided: unstable or diverged, too slow or underfitting",
                            self.action_verdicts)

    async def action_quit(self) -> None:
        self.workers.cancel_all()
        self.exit()

    def on_unmount(self) -> None:
        self.ctx.close()

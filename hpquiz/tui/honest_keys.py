"""Keys that tell the truth: the footer shows only keys that act now, and a dead key says why.

A screen mixes this in and answers `dead_key(action)`: None when the action
acts right now, else the sentence that explains why not. Textual's
`check_action` hides a dead binding from the footer; pressing its key anyway
puts the reason in the status line instead of doing nothing silently. When one
key has several bindings (escape: "Stop" while training, "Home" otherwise), the
key is dead only when all of them are.

Escape names where it really goes. Study and the drill open from Home and from the
card browser, so a fixed "esc Home" would lie in one of them; `back_keys()` gives
escape one binding per screen it may lead back to, `check_action` keeps the one
naming the screen beneath (`back_to`), and the help and the hints say the same.

Screens call `refresh_keys()` after a change instead of `refresh_bindings()`:
Textual's footer rebuilds all its key widgets on every refresh, which costs a
key press in study more than drawing the next card, so the footer is refreshed
only when some key's dead-or-alive actually changed.
"""

from __future__ import annotations

from textual.binding import Binding

from hpquiz.messages import say

BACK_NAMED = ("Home", "Cards")  # the screens study and the drill open from; any other is "Back"
BACK_WORDS = {"Home": "home", "Cards": "cards"}  # their names in the messages (`back.home`, `back.to_home`)


def screen_name(screen) -> str:
    """What the learner calls a screen: its title (the header's word), else its class's name: "Cards", "Home"."""
    return getattr(screen, "TITLE", None) or type(screen).__name__.removesuffix("Screen")


def back_keys() -> list[Binding]:
    """Escape's bindings on a screen opened from more than one place: "Home", "Cards" or "Back",
    of which only the one naming the screen beneath is alive (see `HonestKeys.check_action`)."""
    return [*(Binding("escape", f"go_back({name!r})", name) for name in BACK_NAMED),
            Binding("escape", "go_back", "Back")]


class HonestKeys:
    """Mixin for a Screen with BINDINGS: `dead_key` decides, the footer and the status line follow."""

    def dead_key(self, action: str) -> str | None:
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go_back":  # one of `back_keys()`: alive when it names where escape leads now
            return parameters[0] == self.back_to if parameters else self.back_to not in BACK_NAMED
        return self.dead_key(action) is None

    @property
    def back_to(self) -> str:
        """The screen escape leads back to: the one beneath this in the app's stack ("Home", "Cards")."""
        stack = self.app.screen_stack
        at = stack.index(self) if self in stack else 0
        return screen_name(stack[at - 1]) if at > 0 else "Home"

    def back_words(self, language: str | None, goes: bool = False) -> str:
        """Where escape leads, in `language`: for "escape: home" ("cards"), or with `goes`
        for "escape goes home" ("goes back to the cards")."""
        place = BACK_WORDS.get(self.back_to, "back")
        return say(f"back.to_{place}" if goes else f"back.{place}", language)

    def action_go_back(self, to: str | None = None) -> None:
        """Escape: back to the screen beneath (`to` only picks which binding's name the footer shows)."""
        self.app.pop_screen()

    def refresh_keys(self) -> None:
        """Refresh the footer if, and only if, a key came alive or died since the last time."""
        alive = (self.focused, tuple(self.check_action(b.action.split("(")[0], ()) for b in self.BINDINGS))
        if alive != getattr(self, "_keys_alive", None):  # Textual refreshes on a focus change itself
            self._keys_alive = alive
            self.refresh_bindings()

    def _widget_takes(self, key: str) -> bool:
        """Whether the focused widget (or a container of it) binds `key` itself: then it is not ours."""
        node = self.focused
        while node is not None and node is not self:
            if key in node._bindings.key_to_bindings:
                return True
            node = node.parent
        return False

    def on_key(self, event) -> None:
        actions = [b.action.split("(")[0] for b in self.BINDINGS
                   if b.key == event.key and not b.action.startswith("app.")]
        if not actions or self._widget_takes(event.key):
            return
        reasons = [self.dead_key(action) for action in actions]
        if all(reasons):
            self.notify(reasons[0], timeout=3)
            event.stop()

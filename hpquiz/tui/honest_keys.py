"""Keys that tell the truth: the footer shows only keys that act now, and a dead key says why.

A screen mixes this in and answers `dead_key(action)`: None when the action
acts right now, else the sentence that explains why not. Textual's
`check_action` hides a dead binding from the footer; pressing its key anyway
puts the reason in the status line instead of doing nothing silently. When one
key has several bindings (escape: "Stop" while training, "Home" otherwise), the
key is dead only when all of them are.

Screens call `refresh_keys()` after a change instead of `refresh_bindings()`:
Textual's footer rebuilds all its key widgets on every refresh, which costs a
key press in study more than drawing the next card, so the footer is refreshed
only when some key's dead-or-alive actually changed.
"""

from __future__ import annotations


class HonestKeys:
    """Mixin for a Screen with BINDINGS: `dead_key` decides, the footer and the status line follow."""

    def dead_key(self, action: str) -> str | None:
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.dead_key(action) is None

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

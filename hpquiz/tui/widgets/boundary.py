"""A widget showing what a run's network learned: its decision boundary or fitted curve.

The picture is computed for the widget's full size (two pixels a cell, in half
blocks) whenever the run or the size changes, and kept as strips; drawing it
again costs nothing. The first line names the run, its epoch and its verdict.
"""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from hpquiz.charts.boundary import can_picture, model_picture
from hpquiz.charts.halfblock import picture_cells, unpacked


class BoundaryView(Widget):
    """The plane coloured by p(class 1) with the data over it, or the fitted function."""

    DEFAULT_CSS = """
    BoundaryView {
        width: 1fr;
        height: 1fr;
        min-width: 12;
        min-height: 4;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.run = None
        self.caption = ""
        self.epoch: int | None = None
        self._strips: list[Strip] | None = None
        self._styles: dict = {}

    def show(self, run, caption: str = "", epoch: int | None = None) -> None:
        """Draw `run`'s model (its last parameters, or those kept at `epoch`) under `caption`."""
        self.run, self.caption, self.epoch = run, caption, epoch
        self._strips = None
        self.refresh()

    def on_resize(self) -> None:
        self._strips = None

    def render_line(self, y: int) -> Strip:
        if self._strips is None:
            self._strips = self._build()
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.size.width)

    def _style(self, fg, bg) -> Style:
        key = (fg, bg)
        style = self._styles.get(key)
        if style is None:
            if len(self._styles) > 4096:
                self._styles.clear()
            style = self._styles[key] = Style(color=Color.from_rgb(*unpacked(fg)), bgcolor=Color.from_rgb(*unpacked(bg)))
        return style

    def _build(self) -> list[Strip]:
        width, height = self.size.width, self.size.height
        if width <= 0 or height <= 0:
            return []
        caption = self.caption
        if self.run is not None and self.run.epochs_run:
            shown = self.run.epochs_run if self.epoch is None else self.run.params_at(self.epoch)[0]
            full = f"{caption} · epoch {shown}" if caption else f"epoch {shown}"
            caption = full if len(full) <= width else f"{caption} @{shown}"  # the epoch, not cut off
        title = Strip([Segment(caption[:width].ljust(width), Style(bold=True))])
        if self.run is None:
            return [title]
        reason = can_picture(self.run.config)
        if reason:
            return [title, Strip([Segment(reason[:width].ljust(width), Style(dim=True))])]
        rows = height - 1
        picture = model_picture(self.run, width, 2 * rows, self.epoch)
        strips = [title]
        for row in picture_cells(picture, width, rows):
            strips.append(Strip([Segment(char, self._style(fg, bg)) for char, fg, bg in row], width))
        return strips

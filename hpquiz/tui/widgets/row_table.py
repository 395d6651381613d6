"""A DataTable of rows that home and end move through as a list: first row, last row.

Textual's DataTable binds home and end to the first and last *column* (for a cell
or column cursor; with a row cursor they only scroll sideways, which a table that
fits its width cannot do), and the first and last row to ctrl+home and ctrl+end,
which many terminals and tmux do not pass on. On a table whose cursor is a row,
home and end going nowhere reads as a broken key; here they do what ctrl+home and
ctrl+end do.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable):
    """A DataTable with `cursor_type="row"` where home and end jump to the first and last row."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)

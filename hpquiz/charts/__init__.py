"""Chart rules shared by every picture hpquiz draws: the TUI, the command line, the PNGs.

Renderers draw what these pure functions decide: `ticks` (round values, log
ranges at least a decade tall), `styles` (a colour and a shape per run),
`curves` (loss charts with blow-up markers and step axes), `boundary` (the
decision boundary and fitted curve of a trained network).
"""

from hpquiz.charts.curves import Axis, Chart, Line, Marker, Series, loss_chart
from hpquiz.charts.styles import RunStyle, run_style, run_styles
from hpquiz.charts.ticks import linear_ticks, log_range, log_ticks, number_text

__all__ = [
    "Axis", "Chart", "Line", "Marker", "Series", "loss_chart",
    "RunStyle", "run_style", "run_styles",
    "linear_ticks", "log_range", "log_ticks", "number_text",
]

"""Terminal charts of training runs: loss curves, weight norms, sweeps.

The widgets draw what `hpquiz.charts` decides (round log ticks in real loss
values, blow-up markers, step axes, a colour and shape per run, other seeds
faint), with the same plotext drawing as the command line. The legend is a
separate `Text` (`legend`) placed beside the chart, never over the curves.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual_plotext import PlotextPlot

from hpquiz.charts import Chart, Series, loss_chart
from hpquiz.charts.norms import norms_chart
from hpquiz.charts.plotext_draw import draw_chart, legend_rows
from hpquiz.charts.styles import run_style
from hpquiz.charts.sweeps import sweep_chart


def swatch(index: int) -> Text:
    """The shape of the index-th run in its colour, to put before its name in a list."""
    style = run_style(index)
    return Text(f"{style.symbol} ", style=style.screen)


def legend(chart: Chart | None, columns: int = 2) -> Text:
    """Key: ━ train, • validation, then each run's shape, label, verdict and notes."""
    text = Text()
    text.append("━ train  • validation", style="dim")
    if chart is None:
        return text
    if any(line.replica for line in chart.lines):
        text.append("  faint: other seeds", style="dim")
    for i, (symbol, colour, label) in enumerate(legend_rows(chart)):
        text.append("\n" if i % columns == 0 else "   ")
        text.append(f"{symbol} ", style=colour)
        text.append(label, style="dim" if chart.series[i].dim else "")
    return text


class _ChartPlot(PlotextPlot):
    def _draw(self, chart: Chart, title: str) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        draw_chart(plt, chart, title)
        self.refresh()

    def _y_ticks(self) -> int:
        return max(3, (self.size.height or 20) // 3)


class LossChart(_ChartPlot):
    """Train (line) and validation (dots) loss of several runs, overlaid."""

    chart: Chart | None = None

    def show_series(self, series: Sequence[Series], title: str = "", until: int | None = None) -> Chart:
        """Draw `series`; `until` holds the epoch axis at a planned length while a run
        is still training. Returns the chart drawn, for its legend."""
        self.chart = loss_chart(series, until=until, max_y_ticks=self._y_ticks())
        self._draw(self.chart, title)
        return self.chart


class NormsChart(_ChartPlot):
    """The weight norm of each layer from epoch 0: the parameters the run learned."""

    def show_norms(self, run, title: str = "‖W‖ per layer") -> None:
        plt = self.plt
        if run is None:
            plt.clear_data()
            plt.clear_figure()
            plt.title(title)
            self.refresh()
            return
        chart = norms_chart(run, max_y_ticks=self._y_ticks())
        key = "  ".join(f"{style.symbol} {series.label}" for style, series in zip(chart.styles, chart.series))
        self._draw(chart, f"{title}  {key}")


class SweepChart(_ChartPlot):
    """Final train and validation loss against the value of one knob."""

    def show_sweep(self, field: str, values: Sequence, runs: Sequence) -> Chart:
        chart = sweep_chart(field, values, runs, max_y_ticks=self._y_ticks())
        self._draw(chart, "final loss")
        return chart

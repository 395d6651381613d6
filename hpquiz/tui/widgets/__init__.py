"""Reusable widgets: charts, the knob panel, the rating bar, a table of rows (home/end: first/last)."""

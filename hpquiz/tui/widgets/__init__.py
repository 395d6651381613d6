"""Reusable widgets: charts, the knob panel, the rating bar."""

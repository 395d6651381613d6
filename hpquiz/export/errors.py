"""The export's own error, in a module of its own so that every export module can raise it."""

from hpquiz.errors import HpquizError


class ExportError(HpquizError):
    """An export could not be written (bad output path, nothing to export…)."""

"""The terminal app (Textual): the only part of hpquiz that imports textual."""

"""Exports: one module per format (apkg, csv, gift, markdown/html) and `plots` for curve images.

Formats are imported by name when used, so importing `hpquiz.export` stays cheap
(matplotlib and genanki load only inside the functions that need them).
"""

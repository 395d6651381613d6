"""A `ModelPicture` as terminal cells: half blocks, two pixels a character.

"▀" painted with a foreground (the upper pixel) and a background colour (the
lower one) doubles the vertical resolution of a terminal, so a 100 x 40 cell
widget shows a 100 x 80 pixel plane. A cell holding a data point shows a glyph
instead, in the point's class colour: ● a training point, ○ a validation point
(drawn last, so the few held-out points are never hidden under training ones).
"""

from __future__ import annotations

import numpy as np

from hpquiz.charts.boundary import POINT_COLOURS, ModelPicture, probability_colours

__all__ = ["Cell", "picture_cells", "packed", "unpacked", "TRAIN_GLYPH", "VAL_GLYPH", "HALF"]

HALF = "▀"
TRAIN_GLYPH = "●"
VAL_GLYPH = "○"
Cell = tuple[str, int, int]  # (character, foreground, background), colours packed as 0xRRGGBB


def packed(pixels: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 RGB -> (...) int 0xRRGGBB: one number a pixel, so a whole picture
    becomes Python values in one `tolist` (per-channel lists cost ten times more)."""
    pixels = pixels.astype(np.int64)
    return (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]


def unpacked(colour: int) -> tuple[int, int, int]:
    return colour >> 16, (colour >> 8) & 0xFF, colour & 0xFF

_CURVE = (240, 180, 40)  # the fitted function
_BACKDROP = (24, 24, 32)  # behind a fitted function
_DATA = ((200, 200, 200), (110, 190, 255))  # regression points: training, validation
_DATA_PACKED = tuple(int(packed(np.array(c))) for c in _DATA)
_POINTS_PACKED = tuple(int(packed(np.array(c))) for c in POINT_COLOURS)


def picture_cells(picture: ModelPicture, cols: int, rows: int) -> list[list[Cell]]:
    """rows x cols cells; the picture must have been computed at cols x (2 * rows) pixels."""
    if picture.regression:
        pixels = _curve_pixels(picture, cols, 2 * rows)
    else:
        pixels = probability_colours(picture.values)
    colours = packed(pixels)
    top, bottom = colours[0 : 2 * rows : 2].tolist(), colours[1 : 2 * rows : 2].tolist()
    cells = [[(HALF, fg, bg) for fg, bg in zip(up, down)] for up, down in zip(top, bottom)]
    for (points, labels), glyph, split in ((picture.train, TRAIN_GLYPH, 0), (picture.val, VAL_GLYPH, 1)):
        if not len(points):
            continue
        columns, pixel_rows = picture.pixel_of(points, cols, 2 * rows)
        cell_rows = pixel_rows // 2
        under = packed((pixels[2 * cell_rows, columns].astype(int) + pixels[2 * cell_rows + 1, columns]) // 2).tolist()
        if picture.regression:
            glyph_colours = [_DATA_PACKED[split]] * len(under)
        else:
            glyph_colours = [_POINTS_PACKED[int(label > 0.5)] for label in labels]
        for c, r, below, colour in zip(columns.tolist(), cell_rows.tolist(), under, glyph_colours):
            cells[r][c] = (glyph, colour, below)
    return cells


def _curve_pixels(picture: ModelPicture, width: int, height: int) -> np.ndarray:
    """(height, width, 3): the fitted y per column as a connected line on a dark backdrop."""
    pixels = np.empty((height, width, 3), np.uint8)
    pixels[:] = _BACKDROP
    x0, x1, y0, y1 = picture.extent
    values = np.asarray(picture.values, float)
    finite = np.isfinite(values)
    rows = np.where(finite, (y1 - values) / (y1 - y0) * height, np.nan)
    previous = None
    for c in range(width):
        if not finite[c]:
            previous = None
            continue
        row = int(np.clip(rows[c], -1, height))
        low, high = (row, row) if previous is None else (min(row, previous), max(row, previous))
        low, high = max(low, 0), min(high, height - 1)
        if low <= high:
            pixels[low : high + 1, c] = _CURVE
        previous = row
    return pixels


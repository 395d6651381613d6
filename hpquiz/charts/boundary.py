"""What the network learned, as a picture: the decision boundary or the fitted curve.

TensorFlow Playground's most telling view: the plane coloured by the predicted
probability of class 1, the training points over it. An overfitting network's
boundary bends around single points; an underfitting one is a straight line
through both classes. For the `sine` regression the picture is the fitted
function over the data instead.

`model_picture(run, width, height)` computes one on a pixel grid (pure NumPy,
through `simulator.predict`); the terminal (half-block cells, two pixels a
character) and matplotlib both draw from it. The grid spans the data (training
and validation points, standardised as the network saw them) with a margin, so
the boundary's behaviour away from the points shows too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["ModelPicture", "model_picture", "can_picture", "probability_colours", "CLASS_COLOURS", "POINT_COLOURS", "data_of"]

MARGIN = 0.25  # share of the data's span added on each side of the plane
# class 0 and class 1: the region colours (pale) and the point colours (strong), RGB
CLASS_COLOURS = ((246, 190, 110), (120, 170, 235))
POINT_COLOURS = ((150, 60, 0), (0, 45, 130))
MIDDLE = (235, 235, 235)  # p = 0.5: the boundary itself
BANDS = 10  # probability bands of 0.1: 0-10%, 10-20%, ... sure of class 1
UNKNOWN = (128, 128, 128)  # a blown-up network predicts NaN: grey, not a colour it did not earn


@dataclass(frozen=True)
class ModelPicture:
    """A model drawn on a (height, width) pixel grid over `extent` = (x0, x1, y0, y1).

    classification: `values` (height, width) = p(class 1), row 0 at the top (y1).
    regression: `values` (width,) = the fitted y at each pixel column's x.
    `train` and `val`: (points (n, 2), labels (n,)); for regression the points are (x, y).
    """

    regression: bool
    extent: tuple[float, float, float, float]
    values: np.ndarray
    train: tuple[np.ndarray, np.ndarray]
    val: tuple[np.ndarray, np.ndarray]
    epoch: int

    @property
    def height(self) -> int:
        return int(self.values.shape[0]) if not self.regression else 0

    def pixel_of(self, points: np.ndarray, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
        """(column, row) of each point on a width x height grid over this extent."""
        x0, x1, y0, y1 = self.extent
        cols = np.clip(((points[:, 0] - x0) / (x1 - x0) * width).astype(int), 0, width - 1)
        rows = np.clip(((y1 - points[:, 1]) / (y1 - y0) * height).astype(int), 0, height - 1)
        return cols, rows


_DATA_CACHE: dict = {}


def data_of(config) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`make_dataset(config)`, remembered for the last few setups (the lab redraws often)."""
    from simulator import make_dataset

    key = config
    if key not in _DATA_CACHE:
        if len(_DATA_CACHE) > 16:
            _DATA_CACHE.pop(next(iter(_DATA_CACHE)))
        _DATA_CACHE[key] = make_dataset(config)
    return _DATA_CACHE[key]


def can_picture(config) -> str:
    """"" when the model can be drawn, else why not (a picture needs 2 inputs, or 1 for regression)."""
    inputs = data_of(config)[0].shape[1]
    wanted = 1 if config.is_regression else 2
    if inputs == wanted:
        return ""
    return f"no picture: the data has {inputs} inputs, a plane shows {wanted}"


def _extent(points: np.ndarray) -> tuple[float, float]:
    low, high = float(np.min(points)), float(np.max(points))
    span = max(high - low, 1e-6)
    return low - MARGIN * span, high + MARGIN * span


def model_picture(run, width: int, height: int, epoch: int | None = None) -> ModelPicture:
    """The run's model (its final parameters, or those kept at `epoch`) on a
    width x height pixel grid."""
    from simulator import predict

    config = run.config
    X_train, y_train, X_val, y_val = data_of(config)
    kept, params = (run.epochs_run, run.final_params) if epoch is None else run.params_at(epoch)
    width, height = max(1, int(width)), max(1, int(height))
    if config.is_regression:
        x0, x1 = _extent(np.concatenate([X_train[:, 0], X_val[:, 0]]))
        ys = np.concatenate([y_train, y_val])
        y0, y1 = _extent(ys)
        xs = x0 + (np.arange(width) + 0.5) / width * (x1 - x0)
        values = predict(params, xs[:, None], config)
        return ModelPicture(True, (x0, x1, y0, y1), values,
                            (np.column_stack([X_train[:, 0], y_train]), y_train),
                            (np.column_stack([X_val[:, 0], y_val]), y_val), kept)
    both = np.vstack([X_train, X_val])
    x0, x1 = _extent(both[:, 0])
    y0, y1 = _extent(both[:, 1])
    xs = x0 + (np.arange(width) + 0.5) / width * (x1 - x0)
    ys = y1 - (np.arange(height) + 0.5) / height * (y1 - y0)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    values = predict(params, grid, config).reshape(height, width)
    return ModelPicture(False, (x0, x1, y0, y1), values, (X_train, y_train), (X_val, y_val), kept)


def probability_colours(p: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 RGB for probabilities p: class 0's colour through pale grey at 0.5
    to class 1's, so the boundary is where the colour fades; NaN is grey.

    In `BANDS` steps of probability, like contour lines: the band edges read as
    "90% sure" lines, and a picture does not change colour with the last bits of a
    BLAS kernel (a continuous scale would shift some pixel by one shade).
    """
    p = np.asarray(p, dtype=float)
    known = np.isfinite(p)
    q = np.where(known, np.clip(p, 0.0, 1.0), 0.5)
    q = ((np.minimum(np.floor(q * BANDS), BANDS - 1) + 0.5) / BANDS)[..., None]  # each band's middle
    zero, one, middle = (np.array(c, float) for c in (*CLASS_COLOURS, MIDDLE))
    low_half = middle + (zero - middle) * (1 - 2 * np.minimum(q, 0.5))
    high_half = middle + (one - middle) * (2 * np.maximum(q, 0.5) - 1)
    rgb = np.where(q < 0.5, low_half, high_half)
    rgb = np.where(known[..., None], rgb, np.array(UNKNOWN, float))
    return np.rint(rgb).astype(np.uint8)

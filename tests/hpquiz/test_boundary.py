"""The picture of what a network learned: decision boundaries, fitted curves, half-block cells."""

from __future__ import annotations

import numpy as np
import pytest

from hpquiz.charts.boundary import CLASS_COLOURS, UNKNOWN, can_picture, model_picture, probability_colours
from hpquiz.charts.halfblock import HALF, TRAIN_GLYPH, VAL_GLYPH, packed, picture_cells
from simulator import TrainConfig, make_dataset, train


@pytest.fixture(scope="module")
def moons_run():
    return train(TrainConfig(epochs=150, seed=1))


def test_the_plane_is_coloured_by_the_class_the_network_predicts_at_each_point(moons_run):
    picture = model_picture(moons_run, 120, 90)
    X, y, _, _ = make_dataset(moons_run.config)
    cols, rows = picture.pixel_of(X, 120, 90)
    predicted = picture.values[rows, cols] > 0.5
    # the grid is coarser than the data, so a point near the boundary may sit in the other class's pixel
    assert np.mean(predicted == (y > 0.5)) == pytest.approx(moons_run.train_metric[-1], abs=0.03)


def test_the_plane_spans_every_training_and_validation_point(moons_run):
    picture = model_picture(moons_run, 40, 30)
    x0, x1, y0, y1 = picture.extent
    for points, _ in (picture.train, picture.val):
        assert np.all((points[:, 0] > x0) & (points[:, 0] < x1) & (points[:, 1] > y0) & (points[:, 1] < y1))


def test_a_network_without_hidden_layers_draws_a_straight_boundary():
    run = train(TrainConfig(hidden=(), dataset="circles", epochs=60))
    picture = model_picture(run, 200, 100)
    crossings = [np.flatnonzero(np.diff(row > 0.5))[0] for row in picture.values if np.any(np.diff(row > 0.5))]
    assert len(crossings) > 50
    rows = np.arange(len(crossings))
    residual = np.asarray(crossings) - np.polyval(np.polyfit(rows, crossings, 1), rows)
    assert np.max(np.abs(residual)) <= 1.0  # one straight line, to the pixel


def test_a_boundary_can_be_drawn_at_an_earlier_epoch(moons_run):
    early = model_picture(moons_run, 60, 40, epoch=1)
    late = model_picture(moons_run, 60, 40)
    assert early.epoch <= 1 < late.epoch == moons_run.epochs_run
    assert not np.allclose(early.values, late.values)


def test_the_sine_picture_is_the_fitted_function_at_each_column():
    run = train(TrainConfig(dataset="sine", epochs=80, learning_rate=0.05))
    picture = model_picture(run, 50, 20)
    assert picture.regression and picture.values.shape == (50,)
    x0, x1, _, _ = picture.extent
    xs = x0 + (np.arange(50) + 0.5) / 50 * (x1 - x0)
    assert np.allclose(picture.values, run.predict(xs[:, None]))


def test_probabilities_fade_from_one_class_colour_to_the_other_in_bands_and_nan_is_grey():
    colours = probability_colours(np.array([0.0, 0.5, 1.0, np.nan, 0.01, 0.09, 0.11]))
    assert np.all(np.abs(colours[0].astype(int) - CLASS_COLOURS[0]) <= 25)
    assert np.all(np.abs(colours[2].astype(int) - CLASS_COLOURS[1]) <= 25)
    assert min(colours[1]) > max(min(CLASS_COLOURS[0]), min(CLASS_COLOURS[1]))  # paler at the boundary
    assert tuple(colours[3]) == UNKNOWN
    assert tuple(colours[4]) == tuple(colours[5]) == tuple(colours[0]) != tuple(colours[6])  # one band: 0-10%


def test_half_blocks_put_two_pixels_in_each_cell_and_mark_the_points(moons_run):
    cols, rows = 50, 20
    picture = model_picture(moons_run, cols, 2 * rows)
    cells = picture_cells(picture, cols, rows)
    assert len(cells) == rows and all(len(row) == cols for row in cells)
    chars = [cell[0] for row in cells for cell in row]
    assert set(chars) <= {HALF, TRAIN_GLYPH, VAL_GLYPH}
    assert chars.count(VAL_GLYPH) > 0 and chars.count(TRAIN_GLYPH) > chars.count(VAL_GLYPH)
    colours = packed(probability_colours(picture.values))
    char, fg, bg = cells[0][0]
    assert char != HALF or (fg, bg) == (colours[0, 0], colours[1, 0])  # upper pixel, lower pixel


def test_a_blown_up_network_is_still_drawn_without_an_overflow_warning():
    run = train(TrainConfig(learning_rate=50.0, epochs=20))
    picture = model_picture(run, 20, 10)  # the suite turns warnings into errors
    assert run.diverged and probability_colours(picture.values).shape == (10, 20, 3)


def test_only_data_with_two_inputs_or_one_regressed_input_is_pictured():
    assert can_picture(TrainConfig()) == "" and can_picture(TrainConfig(dataset="sine")) == ""

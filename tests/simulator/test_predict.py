"""simulator.predict reproduces what training measured, and runs keep parameters to draw at chosen epochs."""

import numpy as np
import pytest

from simulator import TrainConfig, make_dataset, predict, train
from simulator.losses import mean_loss
from simulator.predict import logits
from simulator.training import SNAPSHOTS


def _bce(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "leaky_relu", "linear"])
def test_predicted_probabilities_give_the_validation_loss_training_reported(activation):
    config = TrainConfig(activation=activation, epochs=30, seed=3)
    run = train(config)
    _, _, X_val, y_val = make_dataset(config)
    p = predict(run.final_params, X_val, config)
    assert p.shape == y_val.shape and np.all((p >= 0) & (p <= 1))
    assert _bce(p, y_val) == pytest.approx(run.val_loss[-1], rel=1e-3)
    accuracy = np.mean((p > 0.5) == (y_val > 0.5))
    assert accuracy == pytest.approx(run.val_metric[-1], abs=1.5 / len(y_val))


def test_predicted_values_give_the_regression_loss_training_reported():
    config = TrainConfig(dataset="sine", epochs=40, learning_rate=0.05, seed=1)
    run = train(config)
    X_train, y_train, _, _ = make_dataset(config)
    values = predict(run.final_params, X_train, config)
    assert float(np.mean((values - y_train) ** 2)) == pytest.approx(run.train_loss[-1], rel=1e-3)


def test_logistic_regression_without_hidden_layers_predicts_through_one_layer():
    config = TrainConfig(hidden=(), epochs=20)
    run = train(config)
    X_train, y_train, _, _ = make_dataset(config)
    assert mean_loss(False, logits(run.final_params, X_train, config), y_train) == pytest.approx(run.train_loss[-1], rel=1e-3)


def test_a_run_keeps_parameters_every_few_epochs_from_untrained_to_final():
    config = TrainConfig(epochs=100, seed=2)
    run = train(config)
    epochs = [e for e, _ in run.snapshots]
    assert epochs[0] == 0 and epochs[-1] == 100
    assert len(epochs) <= SNAPSHOTS + 2 and epochs == sorted(set(epochs))
    assert np.array_equal(run.snapshots[0][1][0][0], run.initial_params[0][0])
    assert np.array_equal(run.snapshots[-1][1][0][0], run.final_params[0][0])
    kept, _ = run.params_at(37)
    assert kept <= 37 and 37 - kept < 100 / SNAPSHOTS


def test_parameters_kept_mid_run_are_the_ones_a_shorter_run_ends_with():
    long_run = train(TrainConfig(epochs=100, seed=4))
    kept, params = long_run.params_at(50)
    short_run = train(TrainConfig(epochs=kept, seed=4))
    for (W, b), (W2, b2) in zip(params, short_run.final_params):
        assert np.array_equal(W, W2) and np.array_equal(b, b2)


def test_a_diverged_run_keeps_the_parameters_it_blew_up_with_not_the_reset_ones():
    run = train(TrainConfig(learning_rate=50.0, epochs=100))
    assert run.diverged
    assert run.snapshots[-1][0] == run.epochs_run
    assert np.array_equal(run.snapshots[-1][1][0][0], run.final_params[0][0])
    grid = np.zeros((4, 2))
    assert predict(run.final_params, grid, run.config).shape == (4,)

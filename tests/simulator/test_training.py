"""Training runs are reproducible, batchable, stoppable, and blow-ups are results."""

import json
import warnings

import numpy as np
import pytest

from simulator import Run, TrainConfig, make_dataset, sweep, train, train_many
from simulator.training import stacks

SMALL = TrainConfig(n_samples=120, noise=0.2, hidden=(8,), epochs=15, batch_size=16)
CURVES = ("train_loss", "val_loss", "train_metric", "val_metric", "step_loss", "weight_norms")


def assert_same_run(a: Run, b: Run) -> None:
    for name in CURVES:
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for (wa, ba), (wb, bb) in zip(a.final_params + a.initial_params, b.final_params + b.initial_params):
        assert np.array_equal(wa, wb) and np.array_equal(ba, bb)
    assert (a.diverged, a.stopped_epoch, a.best_epoch) == (b.diverged, b.stopped_epoch, b.best_epoch)


def test_same_config_and_seed_give_identical_runs():
    config = SMALL.replace(dropout=0.2, optimizer="adam", learning_rate=0.01)
    assert_same_run(train(config), train(config))


def test_a_different_seed_gives_a_different_run():
    assert not np.array_equal(train(SMALL).train_loss, train(SMALL.replace(seed=1)).train_loss)


def test_train_many_equals_train_one_by_one_bit_for_bit():
    configs = [
        SMALL,
        SMALL.replace(learning_rate=0.5, seed=3),
        SMALL.replace(dropout=0.3, seed=1),
        SMALL.replace(weight_decay=0.01),
        SMALL.replace(dataset="circles", noise=0.05, init="he"),
        SMALL.replace(optimizer="momentum", momentum=0.5),
        SMALL.replace(optimizer="momentum", momentum=0.95, learning_rate=0.02),
        SMALL.replace(optimizer="adam", learning_rate=0.01, momentum=0.8, dropout=0.1),
        SMALL.replace(optimizer="adam", learning_rate=0.003, weight_decay=0.1),
        SMALL.replace(optimizer="rmsprop", learning_rate=0.003),
        SMALL.replace(learning_rate=60.0),  # diverges inside the batch
        SMALL.replace(early_stopping=2, epochs=15),
        SMALL.replace(hidden=(4, 4), activation="relu"),
        SMALL.replace(dataset="sine", activation="sigmoid", batch_size=None),
        SMALL.replace(batch_size=1, epochs=3),  # (1, 1) logits: a shape like a rate column's
        SMALL.replace(dataset="sine", hidden=(), batch_size=1, epochs=3),
    ]
    for one, many in zip([train(c) for c in configs], train_many(configs)):
        assert many.config == one.config
        assert_same_run(one, many)


def test_full_batch_runs_are_the_same_alone_or_stacked_including_blow_ups_and_early_stops():
    # full batch without dropout takes the fused loop: one forward pass an epoch serves
    # the evaluation and the next step
    full = SMALL.replace(batch_size=None, epochs=40)
    configs = [
        full,
        full.replace(learning_rate=2.0, seed=4),
        full.replace(learning_rate=80.0, seed=2),  # blows up, then sits frozen in the stack
        full.replace(optimizer="adam", learning_rate=0.05, weight_decay=0.01),
        full.replace(optimizer="adam", learning_rate=0.05, early_stopping=3, seed=1),
        full.replace(dataset="sine", activation="relu", seed=5),
        full.replace(batch_size=SMALL.n_train, seed=6),  # a batch of the whole split is the full batch
    ]
    runs = train_many(configs)
    assert runs[2].diverged and runs[2].epochs_run < 40
    assert runs[4].stopped_epoch is not None and not runs[4].diverged
    for config, many in zip(configs, runs):
        assert_same_run(train(config), many)


def test_runs_that_differ_only_in_epochs_or_patience_are_one_trajectory_cut_where_each_ends():
    wide = SMALL.replace(hidden=(64, 64), optimizer="adam", learning_rate=0.01, epochs=30)  # arithmetic-bound
    family = [wide, wide.replace(epochs=60), wide.replace(early_stopping=2), wide.replace(epochs=12),
              wide.replace(learning_rate=20.0, epochs=12), wide.replace(learning_rate=20.0)]  # and one that blows up
    assert sorted(map(len, stacks(family))) == [2, 4]  # stacked by longest run: 60 epochs, and 30
    runs = train_many(family)
    for config, many in zip(family, runs):
        alone = train(config)
        assert_same_run(alone, many)
        assert [e for e, _ in many.snapshots] == [e for e, _ in alone.snapshots]
    assert np.array_equal(runs[1].train_loss[:30], runs[0].train_loss)
    assert runs[2].stopped_epoch is not None and runs[3].epochs_run == 12
    assert runs[4].diverged and runs[5].diverged


def test_cheap_steps_stack_runs_of_any_length_and_a_cancel_stops_only_what_still_ran():
    configs = [SMALL, SMALL.replace(epochs=4), SMALL.replace(epochs=40, seed=2), SMALL.replace(batch_size=1, epochs=2)]
    assert sorted(map(len, stacks(configs))) == [1, 3]
    for config, many in zip(configs, train_many(configs)):
        assert_same_run(train(config), many)
    runs = train_many(configs[:3], on_progress=lambda done, total: done < 10)
    assert [(run.epochs_run, run.cancelled) for run in runs] == [(10, True), (4, False), (10, True)]
    assert np.array_equal(runs[0].train_loss, train(SMALL).train_loss[:10])


def test_a_full_batch_step_loss_is_the_training_loss_it_started_from():
    config = SMALL.replace(batch_size=None, epochs=10)
    run = train(config)
    X, y, _, _ = make_dataset(config)
    assert run.step_loss[0] == pytest.approx(bce(forward(run.initial_params, X), y), rel=1e-5)
    assert np.array_equal(run.step_loss[1:], run.train_loss[:-1])


def test_run_records_every_curve_with_the_documented_shapes():
    config = SMALL.replace(hidden=(8, 4))
    run = train(config)
    steps_per_epoch = -(-config.n_train // config.batch_size)
    assert run.epochs_run == 15
    assert run.train_loss.shape == run.val_loss.shape == run.train_metric.shape == (15,)
    assert run.step_loss.shape == (15 * steps_per_epoch,)
    assert run.weight_norms.shape == (15, 3)
    assert [W.shape for W, _ in run.final_params] == [(2, 8), (8, 4), (4, 1)]
    assert [b.shape for _, b in run.initial_params] == [(8,), (4,), (1,)]
    assert run.metric_name == "accuracy"
    assert 1 <= run.best_epoch <= 15 and run.val_loss[run.best_epoch - 1] == run.val_loss.min()
    assert not run.diverged and run.stopped_epoch is None and run.seconds > 0


def test_sensible_setup_learns_moons():
    run = train(TrainConfig(noise=0.2, epochs=100))
    assert run.train_loss[-1] < 0.5 * run.train_loss[0]
    assert run.val_metric[-1] > 0.9


def test_sine_is_regression_with_r2():
    run = train(TrainConfig(dataset="sine", optimizer="adam", learning_rate=0.01, epochs=100))
    assert run.metric_name == "r2"
    assert run.val_metric[-1] > 0.8


def test_weight_norms_track_the_weights():
    run = train(SMALL)
    for (W, _), norm in zip(run.final_params, run.weight_norms[-1]):
        assert norm == pytest.approx(np.linalg.norm(W), rel=1e-5)


def test_diverging_run_is_reported_not_raised():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train(TrainConfig(learning_rate=100.0, epochs=100))
    assert run.diverged
    assert run.stopped_epoch == run.epochs_run < 100
    assert run.best_epoch <= run.epochs_run
    json.dumps(run.to_dict())  # non-finite numbers become null


def test_early_stopping_stops_patience_epochs_after_the_best():
    config = TrainConfig(n_samples=60, noise=0.4, hidden=(64, 64), optimizer="adam", learning_rate=0.01, epochs=600, early_stopping=10)
    run = train(config)
    assert run.stopped_epoch is not None and run.stopped_epoch == run.epochs_run < 600
    assert run.stopped_epoch == run.best_epoch + 10
    assert not run.diverged


def test_on_epoch_returning_false_cancels_with_what_was_trained():
    seen = []

    def on_epoch(epoch, run_so_far):
        seen.append((epoch, run_so_far.epochs_run))
        return epoch < 4

    run = train(SMALL, on_epoch=on_epoch)
    assert seen == [(e, e + 1) for e in range(5)]
    assert run.cancelled and run.epochs_run == 5 and run.stopped_epoch is None
    assert np.array_equal(run.train_loss, train(SMALL).train_loss[:5])


def test_train_many_reports_progress_across_groups_of_shapes():
    configs = [SMALL, SMALL.replace(learning_rate=0.5), SMALL.replace(hidden=(4, 4), epochs=10)]
    progress = []
    runs = train_many(configs, on_progress=lambda done, total: progress.append((done, total)))
    assert progress == [(done, 25) for done in range(1, 26)]  # 15 epochs for two configs, then 10
    assert not any(run.cancelled for run in runs)
    assert_same_run(runs[2], train(configs[2]))


def test_train_many_progress_returning_false_stops_every_run_early():
    configs = [SMALL, SMALL.replace(learning_rate=0.5), SMALL.replace(hidden=(4, 4))]
    runs = train_many(configs, on_progress=lambda done, total: done < 3)
    assert [run.epochs_run for run in runs] == [3, 3, 1]  # the group not yet started trains one epoch
    assert all(run.cancelled for run in runs)
    assert np.array_equal(runs[0].train_loss, train(SMALL).train_loss[:3])


def forward(params, X, activation=np.tanh):
    h = X
    for W, b in params[:-1]:
        h = activation(h @ W + b)
    W, b = params[-1]
    return (h @ W + b)[:, 0]


def bce(z, y):
    return np.mean(np.logaddexp(0, z) - y * z)


def test_curves_are_the_data_loss_without_dropout_or_penalty():
    config = SMALL.replace(dropout=0.5, weight_decay=0.05)
    run = train(config)
    X, y, Xv, yv = make_dataset(config)
    assert run.train_loss[-1] == pytest.approx(bce(forward(run.final_params, X), y), rel=1e-4)
    assert run.val_loss[-1] == pytest.approx(bce(forward(run.final_params, Xv), yv), rel=1e-4)
    assert run.val_metric[-1] == np.mean((forward(run.final_params, Xv) > 0) == (yv > 0.5))


def test_dropout_changes_the_training_steps_from_the_very_first():
    plain, dropped = train(SMALL), train(SMALL.replace(dropout=0.5))
    # same data, same starting weights, same first minibatch: only the dropped units differ
    assert all(np.array_equal(a, b) for (a, _), (b, _) in zip(plain.initial_params, dropped.initial_params))
    assert plain.step_loss[0] != dropped.step_loss[0]


def test_full_batch_takes_one_step_per_epoch():
    run = train(SMALL.replace(batch_size=None))
    assert run.step_loss.shape == (SMALL.epochs,)


def test_sweep_varies_one_knob():
    runs = sweep(SMALL, "learning_rate", [0.01, 0.1, 1.0])
    assert [r.config.learning_rate for r in runs] == [0.01, 0.1, 1.0]
    assert_same_run(runs[1], train(SMALL.replace(learning_rate=0.1)))
    with pytest.raises(ValueError, match="unknown knob 'colour'"):
        sweep(SMALL, "colour", [1])


def test_run_to_dict_is_json():
    data = json.loads(json.dumps(train(SMALL).to_dict()))
    assert data["config"]["hidden"] == [8]
    assert len(data["train_loss"]) == 15 and data["metric_name"] == "accuracy"
    assert "15 epochs complete" in repr(train(SMALL))


@pytest.mark.parametrize("dataset", ["moons", "circles", "spiral", "xor", "blobs", "sine"])
def test_datasets_are_deterministic_standardised_and_split(dataset):
    config = TrainConfig(dataset=dataset, n_samples=200, val_fraction=0.25)
    X, y, Xv, yv = make_dataset(config)
    X2, *_ = make_dataset(config)
    assert np.array_equal(X, X2)
    assert X.shape == (150, 1 if dataset == "sine" else 2) and len(y) == 150 and len(yv) == 50 and Xv.shape[1] == X.shape[1]
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1, rtol=1e-12)
    if dataset != "sine":
        assert set(np.unique(np.r_[y, yv])) == {0.0, 1.0}
        assert 0.3 < y.mean() < 0.7


@pytest.mark.parametrize(
    "setup, knob, other",
    [
        (dict(optimizer="sgd"), "momentum", 0.2),
        (dict(optimizer="rmsprop", learning_rate=0.01), "momentum", 0.2),
        (dict(hidden=()), "activation", "relu"),
        (dict(hidden=()), "dropout", 0.5),
    ],
    ids=["momentum-under-sgd", "momentum-under-rmsprop", "activation-without-hidden", "dropout-without-hidden"],
)
def test_a_knob_the_setup_does_not_read_leaves_the_run_unchanged(setup, knob, other):
    config = TrainConfig(epochs=15, n_samples=200, **setup)
    assert knob in config.ignored_knobs()
    assert_same_run(train(config), train(config.replace(**{knob: other})))


def test_momentum_is_read_by_the_optimizers_that_have_one():
    for optimizer in ("momentum", "adam"):
        config = TrainConfig(optimizer=optimizer, learning_rate=0.01, epochs=15, n_samples=200)
        assert "momentum" not in config.ignored_knobs()
        assert not np.array_equal(train(config).step_loss, train(config.replace(momentum=0.2)).step_loss)

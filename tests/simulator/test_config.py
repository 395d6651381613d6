"""TrainConfig accepts every sensible setting and rejects nonsense with the allowed range."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import KNOBS, TrainConfig, train


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"learning_rate": -0.1}, r"learning_rate=-0.1 \(allowed: 0 < value <= 100\)"),
        ({"learning_rate": 0}, r"learning_rate=0.0 \(allowed: 0 < value <= 100\)"),
        ({"epochs": 0}, r"epochs=0 \(allowed: an integer 1 <= value <= 20000\)"),
        ({"dropout": 1.0}, r"dropout=1.0 \(allowed: 0 <= value < 1\)"),
        ({"momentum": 1.0}, r"momentum=1.0 \(allowed: 0 <= value < 1\)"),
        ({"activation": "swish"}, r"activation='swish' \(allowed: one of relu, tanh, sigmoid, leaky_relu, linear\)"),
        ({"optimizer": "lbfgs"}, r"optimizer='lbfgs' \(allowed: one of sgd, momentum, rmsprop, adam\)"),
        ({"dataset": "mnist"}, r"dataset='mnist' \(allowed: one of moons"),
        ({"batch_size": 301}, r"batch_size=301 \(allowed: None or an integer 1 <= value <= 300, the training split"),
        ({"batch_size": 0}, r"batch_size=0 \(allowed: None or an integer 1 <= value"),
        ({"hidden": (16, 0)}, r"hidden=\(16, 0\) \(allowed: a list of at most 8 layer widths"),
        ({"n_samples": 5}, r"n_samples=5 \(allowed: an integer 20 <= value"),
        ({"noise": -1}, r"noise=-1.0 \(allowed: 0 <= value <= 2\)"),
        ({"weight_decay": -0.01}, r"weight_decay=-0.01 \(allowed: 0 <= value <= 10\)"),
        ({"early_stopping": 0}, r"early_stopping=0 \(allowed: None or an integer 1 <= value"),
        ({"seed": -1}, r"seed=-1 \(allowed: an integer 0 <= value"),
        ({"learning_rate": float("nan")}, r"learning_rate=nan"),
        ({"epochs": 2.5}, r"epochs=2.5 \(allowed: an integer"),
        ({"epochs": True}, r"epochs=True \(allowed: an integer"),
        ({"learning_rate": "fast"}, r"learning_rate='fast'"),
    ],
)
def test_nonsense_setting_is_rejected_with_the_allowed_range(changes, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**changes)


def test_every_bad_field_is_named_in_one_error():
    with pytest.raises(ValueError) as error:
        TrainConfig(learning_rate=-1, epochs=0, dropout=1.0, activation="swish")
    text = str(error.value)
    for field in ("learning_rate", "epochs", "dropout", "activation"):
        assert field in text


def test_hidden_given_as_list_becomes_a_tuple_and_rates_become_floats():
    config = TrainConfig(hidden=[8, 4], learning_rate=1)
    assert config.hidden == (8, 4)
    assert isinstance(config.learning_rate, float)
    assert hash(config) == hash(TrainConfig(hidden=(8, 4), learning_rate=1.0))


def test_replace_validates_like_a_new_config():
    assert TrainConfig().replace(epochs=5).epochs == 5
    with pytest.raises(ValueError, match="epochs"):
        TrainConfig().replace(epochs=-5)


def test_repr_shows_only_what_differs_from_the_defaults():
    assert repr(TrainConfig()) == "TrainConfig()"
    assert repr(TrainConfig(learning_rate=0.5, hidden=(4,))) == "TrainConfig(hidden=(4,), learning_rate=0.5)"


def test_config_round_trips_through_json():
    config = TrainConfig(hidden=(3, 2), batch_size=None, early_stopping=5)
    assert TrainConfig(**json.loads(json.dumps(config.to_dict()))) == config


def test_every_field_has_a_knob_with_a_reason_and_its_default_is_allowed():
    fields = TrainConfig.__dataclass_fields__
    assert set(KNOBS) == set(fields)
    for name, knob in KNOBS.items():
        assert knob.help
        assert knob.check(getattr(TrainConfig(), name)), name
        assert knob.kind in ("int", "float", "choice", "layers", "optional_int", "path")


def _settings():
    return st.fixed_dictionaries(
        {},
        optional={
            "dataset": st.sampled_from(["moons", "circles", "spiral", "xor", "blobs", "sine", "nope"]),
            "n_samples": st.integers(-5, 80),
            "noise": st.one_of(st.floats(-1, 3), st.just(float("nan"))),
            "val_fraction": st.floats(-0.5, 1.5),
            "hidden": st.lists(st.integers(-1, 6), max_size=3),
            "activation": st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu", "linear", "elu"]),
            "init": st.sampled_from(["he", "xavier", "normal", "zeros"]),
            "optimizer": st.sampled_from(["sgd", "momentum", "rmsprop", "adam", "newton"]),
            "learning_rate": st.one_of(st.floats(-1, 200), st.sampled_from([1e-9, float("nan"), float("inf")])),
            "momentum": st.floats(-0.5, 1.5),
            "batch_size": st.one_of(st.none(), st.integers(-2, 90)),
            "epochs": st.integers(-1, 4),
            "dropout": st.floats(-0.2, 1.2),
            "weight_decay": st.floats(-1, 20),
            "early_stopping": st.one_of(st.none(), st.integers(-1, 3)),
            "seed": st.integers(-3, 2**33),
        },
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_settings())
def test_random_settings_either_train_or_raise_value_error(changes):
    try:
        config = TrainConfig(**changes)
    except ValueError:
        return
    run = train(config)
    assert 1 <= run.epochs_run <= config.epochs
    assert len(run.train_loss) == len(run.val_loss) == len(run.train_metric) == run.epochs_run
    json.dumps(run.to_dict())


@settings(max_examples=200, deadline=None)
@given(_settings(), st.integers(-3, 2**33))
def test_another_seed_gives_the_config_a_validated_copy_would_or_the_same_refusal(changes, seed):
    """Replicas are made without validating the config anew (a warm deck check makes
    thousands): they must be the very configs, and cache keys, that `replace` gives."""
    from simulator.cache import cache_key

    try:
        config = TrainConfig(**changes)
    except ValueError:
        return
    try:
        expected = config.replace(seed=seed)
    except ValueError as refusal:
        with pytest.raises(ValueError, match=r"seed=.*\(allowed: an integer 0 <= value <= 4294967295\)"):
            config.with_seed(seed)
        assert "4294967295" in str(refusal)
        return
    copy = config.with_seed(seed)
    assert copy == expected and hash(copy) == hash(expected) and repr(copy) == repr(expected)
    assert copy.to_dict() == expected.to_dict() and cache_key(copy) == cache_key(expected)
    assert config.seed == changes.get("seed", 0)  # the original is untouched

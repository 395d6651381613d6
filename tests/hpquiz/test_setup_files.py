"""Saved setups: the lab's knobs as a `[setup]` table that reloads to the same config."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpquiz.setup_files import SetupError, inline_table, parse_setup, read_setup_file, setup_table, write_setup_file
from simulator import TrainConfig

DATA = Path(__file__).resolve().parents[2] / "decks" / "data"

configs = st.builds(
    TrainConfig,
    dataset=st.sampled_from(["moons", "circles", "spiral", "xor", "blobs", "sine"]),
    n_samples=st.integers(200, 2000),
    noise=st.floats(0, 2),
    val_fraction=st.floats(0.05, 0.5),
    hidden=st.lists(st.integers(1, 64), max_size=4).map(tuple),
    activation=st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu", "linear"]),
    init=st.sampled_from(["he", "xavier", "normal"]),
    optimizer=st.sampled_from(["sgd", "momentum", "rmsprop", "adam"]),
    learning_rate=st.floats(1e-6, 100, exclude_min=True),
    momentum=st.floats(0, 0.999),
    batch_size=st.none() | st.integers(1, 100),  # n_samples >= 200 and val_fraction <= 0.5: 100 training points at least
    epochs=st.integers(1, 20000),
    dropout=st.floats(0, 0.95),
    weight_decay=st.floats(0, 10),
    early_stopping=st.none() | st.integers(1, 20000),
    seed=st.integers(0, 2**32 - 1),
)


@settings(max_examples=200, deadline=None)
@given(configs)
def test_a_saved_setup_reloads_identically(config):
    text = "[setup]\n" + "\n".join(f"{k} = {v}" for k, v in _pairs(config))
    assert parse_setup(text, "lab.toml") == config


def _pairs(config):
    from hpquiz.setup_files import toml_value

    return [(k, toml_value(v)) for k, v in setup_table(config).items()]


def test_a_setup_file_is_a_cards_setup_table(tmp_path):
    config = TrainConfig(hidden=(8, 8), learning_rate=0.5, batch_size=None, early_stopping=20)
    path = write_setup_file(config, tmp_path / "mine.toml")
    document = tomllib.loads(path.read_text())
    assert document == {"setup": {"hidden": [8, 8], "learning_rate": 0.5, "batch_size": "full", "early_stopping": 20}}
    card = f'setup = {inline_table(document["setup"])}'
    assert tomllib.loads(card)["setup"] == document["setup"]
    assert read_setup_file(path) == config


def test_a_data_path_is_saved_relative_to_the_setup_file_and_read_back(tmp_path):
    config = TrainConfig(dataset="csv", data=str(DATA / "study-hours.csv"))
    folder = tmp_path / "setups"
    folder.mkdir()
    path = write_setup_file(config, folder / "csv.toml")
    saved = tomllib.loads(path.read_text())["setup"]["data"]
    assert not Path(saved).is_absolute() and saved.endswith("study-hours.csv")
    loaded = read_setup_file(path)
    assert Path(loaded.data).resolve() == (DATA / "study-hours.csv").resolve()
    assert loaded.data_hash == config.data_hash


@pytest.mark.parametrize(
    "text, message",
    [
        ("[setup]\nlearning_rate = -1\n", r"mine.toml: field 'setup.learning_rate' is -1.0, but the simulator allows 0 < value"),
        ("[setup]\nlerning_rate = 0.1\n", r"field 'setup.lerning_rate' is not a simulator knob; did you mean 'learning_rate'"),
        ("learning_rate = 0.1\n", r"mine.toml: no \[setup\] table"),
        ("[setup\n", r"mine.toml: not valid TOML"),
        ("[setup]\n[cards]\n", r"'cards' is not part of a setup file"),
        ('[setup]\ndata = "nope.csv"\n', r"field 'setup.data' cannot be used: .*nope.csv: cannot read the file"),
    ],
)
def test_a_bad_setup_file_is_one_line_naming_file_and_field(tmp_path, text, message):
    path = tmp_path / "mine.toml"
    path.write_text(text)
    with pytest.raises(SetupError, match=message) as caught:
        read_setup_file(path)
    assert "\n" not in str(caught.value)

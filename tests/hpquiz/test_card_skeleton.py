"""An experiment written as a scenario card: the file passes `deck check` as it stands."""

from __future__ import annotations

import pytest

from hpquiz.card_skeleton import SkeletonError, append_card
from hpquiz.cli import main
from simulator import TrainConfig

SETUP = TrainConfig(learning_rate=20.0, epochs=100)


def test_pinned_runs_become_options_and_the_answer_is_what_deck_check_finds(tmp_path, capsys):
    path = tmp_path / "class.toml"
    pins = [SETUP.replace(learning_rate=0.1), SETUP.replace(learning_rate=0.0001), SETUP.replace(batch_size=None)]
    skeleton = append_card(SETUP, pins, path)
    assert skeleton.goal == "good" and skeleton.checkable
    text = path.read_text()
    assert "setup = { learning_rate = 20.0, epochs = 100 }" in text
    assert 'change = { batch_size = "full" }' in text and "on 5 of 5 seeds" in text
    assert main(["deck", "check", str(path)]) == 0
    assert "1 of 1 scenario card agree" in capsys.readouterr().out


def test_a_second_experiment_is_appended_with_a_new_id(tmp_path):
    path = tmp_path / "class.toml"
    pins = [SETUP.replace(learning_rate=0.1), SETUP.replace(learning_rate=0.0001)]
    append_card(SETUP, pins, path)
    second = append_card(SETUP.replace(learning_rate=30.0), pins, path)
    assert second.card_id == "lab-experiment-2"
    assert path.read_text().count("[[cards]]") == 2 and path.read_text().count("[deck]") == 1


def test_fewer_than_two_differing_pins_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "class.toml"
    with pytest.raises(SkeletonError, match=r"pin at least two runs that differ from the setup \(1 so far\)"):
        append_card(SETUP, [SETUP, SETUP.replace(learning_rate=0.1)], path)
    assert not path.exists()

"""tanh takes the faster of its two forms on this CPU, measured once and kept for the
machine; a command's worker processes use their parent's form, and the form is part of a
run's key."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from simulator import TrainConfig, tanh_choice, train, train_many
from simulator.activations import EXP_TANH_MIN_SIZE, forward_ops
from simulator.cache import cache_key
from simulator.tanh_choice import ENV as TANH_ENV
from simulator.tanh_choice import tanh_form

PROBE = """
import json
import numpy as np
from simulator.activations import forward_ops
from simulator.tanh_choice import tanh_form
z = np.random.default_rng(0).standard_normal((2, 16, 400)).astype(np.float32) * 4
a = z.copy()
ops = forward_ops("tanh", a, np.empty_like(a))
for f, args in ops:
    f(*args)
print(json.dumps([tanh_form(), [f.__name__ for f, _ in ops], float(np.abs(a - np.tanh(z)).max())]))
"""
EXP_CALLS = ["multiply", "exp", "add", "divide", "add"]


def whole_split_in_a_new_process(**env_extra: str) -> tuple[str, list[str], float]:
    """(the process's form, the calls tanh makes on two configs' whole split, max error)."""
    env = {**{k: v for k, v in os.environ.items() if k != TANH_ENV}, **env_extra}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return tuple(json.loads(out.stdout))


@pytest.fixture
def form(monkeypatch):
    """Set this process's tanh form for one test; the measured one comes back after it."""
    monkeypatch.setattr(tanh_choice, "_chosen", {})

    def use(name: str) -> None:
        tanh_choice.adopt({"float32": name, "float64": name})

    return use


def test_hpquiz_tanh_forces_either_form_and_both_give_tanh():
    chosen, calls, error = whole_split_in_a_new_process(**{TANH_ENV: "exp"})
    assert (chosen, calls) == ("exp", EXP_CALLS) and error < 3e-7
    chosen, calls, error = whole_split_in_a_new_process(**{TANH_ENV: "tanh"})
    assert (chosen, calls, error) == ("tanh", ["tanh"], 0.0)


def test_unforced_the_process_measures_and_takes_one_of_the_two_forms(tmp_path):
    chosen, calls, error = whole_split_in_a_new_process(HPQUIZ_CACHE=str(tmp_path))
    assert calls == (["tanh"] if chosen == "tanh" else EXP_CALLS) and error < 3e-7


def kept_file(folder, forms: dict, machine: dict | None = None) -> None:
    (folder / tanh_choice.FILE).write_text(json.dumps({"machine": machine or tanh_choice.machine(), "forms": forms}))


def test_a_form_kept_for_this_machine_is_what_every_later_process_uses(tmp_path):
    measured, _, _ = whole_split_in_a_new_process(HPQUIZ_CACHE=str(tmp_path))
    other = "exp" if measured == "tanh" else "tanh"
    kept_file(tmp_path, {"float32": other})
    for _ in range(2):
        assert whole_split_in_a_new_process(HPQUIZ_CACHE=str(tmp_path))[0] == other


@pytest.mark.parametrize("content", ["not json {", json.dumps(["a", "list"]), json.dumps({"machine": 3, "forms": 4})])
def test_a_damaged_kept_file_is_measured_again_and_replaced(tmp_path, content):
    (tmp_path / tanh_choice.FILE).write_text(content)
    chosen, _, _ = whole_split_in_a_new_process(HPQUIZ_CACHE=str(tmp_path))
    kept = json.loads((tmp_path / tanh_choice.FILE).read_text())
    assert kept == {"machine": tanh_choice.machine(), "forms": {"float32": chosen}}


def test_a_form_kept_for_another_cpu_is_not_used(tmp_path):
    elsewhere = {**tanh_choice.machine(), "cpu": {"model name": "another CPU"}}
    kept_file(tmp_path, {"float32": "exp"}, elsewhere)
    chosen, _, _ = whole_split_in_a_new_process(HPQUIZ_CACHE=str(tmp_path))
    kept = json.loads((tmp_path / tanh_choice.FILE).read_text())
    assert kept == {"machine": tanh_choice.machine(), "forms": {"float32": chosen}}


class Ticks:
    """A clock on which every call of either form takes one tick, as if they were equally fast."""

    def __init__(self) -> None:
        self.now, self.calls = 0.0, 0

    def __call__(self) -> float:
        self.now += 1.0
        self.calls += 1
        return self.now


def test_forms_too_close_to_call_are_measured_again_then_settle_on_np_tanh_and_are_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("HPQUIZ_CACHE", str(tmp_path))
    clock = Ticks()
    assert tanh_choice._measured("float32", clock) == "tanh"
    # every batch: a warm-up pair of calls, then ROUNDS pairs, each call timed by two reads
    assert clock.calls == (1 + tanh_choice.RETRIES) * (1 + tanh_choice.ROUNDS) * 2 * 2
    # the next command reads the kept answer, so it trains (and finds in the cache) the same bits
    assert whole_split_in_a_new_process(HPQUIZ_CACHE=str(tmp_path))[:2] == ("tanh", ["tanh"])


def test_a_nonsensical_hpquiz_tanh_names_the_allowed_values():
    out = subprocess.run([sys.executable, "-c", PROBE], env={**os.environ, TANH_ENV: "fast"},
                         capture_output=True, text=True)
    assert out.returncode != 0 and "HPQUIZ_TANH='fast': allowed values are tanh, exp" in out.stderr


def test_a_minibatch_sized_array_always_takes_np_tanh(form):
    form("exp")
    small = np.zeros((32, 16, EXP_TANH_MIN_SIZE // 16 - 1), np.float32)  # per config under the threshold
    assert [f for f, _ in forward_ops("tanh", small, np.empty_like(small))] == [np.tanh]
    large = np.zeros((1, 16, EXP_TANH_MIN_SIZE // 16), np.float32)
    assert [f.__name__ for f, _ in forward_ops("tanh", large, np.empty_like(large))] == EXP_CALLS


@pytest.mark.parametrize("name", ["tanh", "exp"])
def test_in_either_form_a_run_is_the_same_bits_alone_or_stacked(form, name):
    form(name)
    whole_split = TrainConfig(n_samples=400, hidden=(16, 16), epochs=12, batch_size=32)  # 16 x 400 a layer to evaluate
    sigmoid_full_batch = whole_split.replace(activation="sigmoid", batch_size=None, seed=2)
    configs = [whole_split, whole_split.replace(seed=1, learning_rate=0.5), sigmoid_full_batch]
    for one, many in zip([train(c) for c in configs], train_many(configs)):
        assert one.train_loss.tobytes() == many.train_loss.tobytes()
        assert one.val_loss.tobytes() == many.val_loss.tobytes()
        assert all(a.tobytes() == b.tobytes() for layer_a, layer_b in zip(one.final_params, many.final_params)
                   for a, b in zip(layer_a, layer_b))


def test_the_two_forms_train_different_bits_and_so_are_different_cache_keys(form):
    config = TrainConfig(n_samples=400, hidden=(16, 16), epochs=5)
    form("tanh")
    direct, direct_key = train(config), cache_key(config)
    form("exp")
    through_exp, exp_key = train(config), cache_key(config)
    assert direct.train_loss.tobytes() != through_exp.train_loss.tobytes()
    assert np.allclose(direct.train_loss, through_exp.train_loss, rtol=1e-4)
    assert direct_key != exp_key and json.loads(exp_key)["tanh"] == "exp"


def test_worker_processes_compute_tanh_in_their_parents_form(form):
    from hpquiz.parallel import map_in_processes

    measured = tanh_form()
    other = "exp" if measured == "tanh" else "tanh"
    form(other)
    assert map_in_processes(tanh_form, ["float32", "float32"], jobs=2) == [other, other]

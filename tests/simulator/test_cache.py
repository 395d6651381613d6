"""Runs read back from the result cache are the runs training gives; bad entries are retrained."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from simulator import TrainConfig, consensus, train
from simulator.cache import ResultCache, blas_signature, cache_key, default_cache, numpy_simd, simulator_version

SMALL = TrainConfig(n_samples=120, noise=0.2, hidden=(8, 4), epochs=12, batch_size=16, dropout=0.1)
FIELDS = ("train_loss", "val_loss", "train_metric", "val_metric", "step_loss", "weight_norms")


def assert_same_run(a, b):
    assert a.config == b.config
    for name in FIELDS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and x.shape == y.shape and np.array_equal(x, y, equal_nan=True), name
    for which in ("initial_params", "final_params"):
        for (wa, ba), (wb, bb) in zip(getattr(a, which), getattr(b, which), strict=True):
            assert wa.dtype == wb.dtype and np.array_equal(wa, wb) and np.array_equal(ba, bb)
    assert [e for e, _ in a.snapshots] == [e for e, _ in b.snapshots]
    for (_, pa), (_, pb) in zip(a.snapshots, b.snapshots):
        for (wa, ba), (wb, bb) in zip(pa, pb, strict=True):
            assert wa.dtype == wb.dtype and np.array_equal(wa, wb) and np.array_equal(ba, bb)
    assert (a.diverged, a.stopped_epoch, a.best_epoch, a.cancelled) == (b.diverged, b.stopped_epoch, b.best_epoch, b.cancelled)


@pytest.mark.parametrize("config", [
    SMALL,
    SMALL.replace(learning_rate=80.0),  # diverges: inf and nan in its curves
    SMALL.replace(early_stopping=2, epochs=30, optimizer="adam", learning_rate=0.05),
    SMALL.replace(dataset="sine", hidden=(), batch_size=None),
], ids=["plain", "diverged", "early-stopped", "linear-regression"])
def test_a_cached_run_equals_a_fresh_one(tmp_path, config):
    cache = ResultCache(tmp_path)
    first = cache.train_many([config])[0]
    again = ResultCache(tmp_path).train_many([config])[0]
    assert_same_run(again, train(config))
    assert_same_run(first, again)


def test_a_second_consensus_is_read_from_the_cache(tmp_path):
    cache = ResultCache(tmp_path)
    fresh = consensus(SMALL, k=3, cache=cache)
    assert (cache.hits, cache.misses) == (0, 3) and len(cache.entries()) == 3
    again = consensus(SMALL, k=3, cache=cache)
    assert (cache.hits, cache.misses) == (3, 3)
    assert again.verdicts == fresh.verdicts
    for a, b in zip(again.runs, fresh.runs):
        assert_same_run(a, b)


def entry_of(cache, config):
    return cache.path(cache_key(config))


def cache_with_damaged_entry(folder, damage) -> ResultCache:
    """A cache holding SMALL's run, its entry's bytes then passed through `damage`."""
    cache = ResultCache(folder)
    cache.train_many([SMALL])
    path = entry_of(cache, SMALL)
    path.write_bytes(damage(path.read_bytes()))
    return cache


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated by a full disk
    lambda data: data[:-10] + b"x" * 10,  # payload garbled
    lambda data: b"",  # empty
    lambda data: b"PK\x03\x04 some zip file",  # not ours
    lambda data: data[:20] + b"\xff" * 40 + data[60:],  # header garbled
], ids=["truncated", "garbled-payload", "empty", "foreign-format", "garbled-header"])
def test_a_damaged_entry_is_retrained_and_replaced(tmp_path, damage):
    cache = cache_with_damaged_entry(tmp_path, damage)
    assert cache.get(SMALL) is None
    run = cache.train_many([SMALL])[0]
    assert_same_run(run, train(SMALL))
    assert cache.get(SMALL) is not None  # replaced by a sound entry


def _payload_start(data: bytes) -> int:
    from simulator.cache import MAGIC

    return len(MAGIC) + 8 + int.from_bytes(data[len(MAGIC):len(MAGIC) + 8], "little")


def test_a_run_read_for_judging_has_every_curve_and_parameter_but_no_snapshots(tmp_path):
    cache = ResultCache(tmp_path)
    cache.train_many([SMALL])
    judged = ResultCache(tmp_path).get(SMALL, snapshots=False)
    fresh = train(SMALL)
    assert judged.snapshots == () and len(fresh.snapshots) > 2
    fresh.snapshots = ()
    assert_same_run(judged, fresh)
    assert judged.params_at(5) == (judged.epochs_run, judged.final_params)  # drawn, it shows the end


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: data[:-1],  # one byte short: the length is checked, not only the part read
    lambda data: data + b"\0",  # one byte too many
    lambda data: data[:_payload_start(data) + 3] + b"\xff\xfe" + data[_payload_start(data) + 5:],  # curves garbled
    lambda data: data[:20] + b"\xff" * 40 + data[60:],  # header garbled
], ids=["truncated", "short", "long", "garbled-curves", "garbled-header"])
def test_a_judging_read_refuses_an_entry_damaged_anywhere_but_the_snapshots(tmp_path, damage):
    cache = cache_with_damaged_entry(tmp_path, damage)
    assert cache.get(SMALL, snapshots=False) is None and cache.get(SMALL) is None


def test_garbled_snapshots_pass_a_judging_read_and_are_retrained_by_the_next_full_one(tmp_path):
    garble = lambda data: data[:-10] + b"x" * 10  # noqa: E731  the last bytes are the last snapshot's
    cache = cache_with_damaged_entry(tmp_path, garble)
    path = entry_of(cache, SMALL)
    damaged = path.read_bytes()
    judged = cache.get(SMALL, snapshots=False)
    fresh = train(SMALL)
    assert judged is not None and np.array_equal(judged.train_loss, fresh.train_loss)
    assert cache.get(SMALL) is None
    assert_same_run(cache.train_many([SMALL])[0], fresh)
    assert path.read_bytes() != damaged and cache.get(SMALL) is not None


def test_an_entry_holding_another_configs_run_is_not_served(tmp_path):
    cache = ResultCache(tmp_path)
    other = SMALL.replace(learning_rate=0.7)
    cache.train_many([other])
    os.replace(entry_of(cache, other), entry_of(cache, SMALL))
    assert cache.get(SMALL) is None
    assert_same_run(cache.train_many([SMALL])[0], train(SMALL))


def test_the_oldest_used_entries_are_dropped_first_past_the_size_bound(tmp_path):
    configs = [SMALL.replace(seed=s) for s in range(4)]
    cache = ResultCache(tmp_path)
    cache.train_many(configs[:1])
    size = cache.entries()[0].stat().st_size
    cache = ResultCache(tmp_path, max_bytes=int(2.5 * size))
    for age, config in enumerate(configs[1:3], start=1):
        cache.train_many([config])
        os.utime(entry_of(cache, config), (1000 + age, 1000 + age))
    os.utime(entry_of(cache, configs[0]), (1000, 1000))
    cache.get(configs[0])  # used again: now the newest
    cache.train_many(configs[3:])
    kept = {c.seed for c in configs if entry_of(cache, c).exists()}
    assert kept == {0, 3}


def test_an_unwritable_cache_folder_only_means_training(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ResultCache(blocker / "runs")
    assert_same_run(cache.train_many([SMALL])[0], train(SMALL))
    assert cache.get(SMALL) is None


def test_a_cancelled_run_is_not_stored(tmp_path):
    cache = ResultCache(tmp_path)
    run = cache.train_many([SMALL], on_progress=lambda done, total: done < 3)[0]
    assert run.cancelled and cache.entries() == []


def test_hpquiz_cache_names_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HPQUIZ_CACHE", str(tmp_path / "mine"))
    assert default_cache().folder == tmp_path / "mine"


def test_the_key_holds_the_whole_config_the_simulator_numpy_and_the_blas_kernel():
    key = json.loads(cache_key(SMALL))
    assert key["config"] == SMALL.to_dict()
    assert key["simulator"] == simulator_version()
    assert key["numpy"] == np.__version__
    assert key["blas"] == blas_signature()["blas"]
    assert cache_key(SMALL) != cache_key(SMALL.replace(seed=1))


def test_the_simulator_version_is_a_hash_of_every_simulator_module(tmp_path):
    import simulator

    package = os.path.dirname(simulator.__file__)
    copy = tmp_path / "simulator"
    copy.mkdir()
    for name in os.listdir(package):
        if name.endswith(".py"):
            shutil.copy(os.path.join(package, name), copy / name)
    probe = "import simulator.cache as c; print(c.simulator_version())"
    same = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert same.stdout.strip() == simulator_version()
    with open(copy / "diagnose.py", "a") as f:
        f.write("\n# a changed rule\n")
    changed = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert changed.stdout.strip() != simulator_version()


def test_numpy_without_its_simd_loops_is_another_key():
    if not numpy_simd():
        pytest.skip("NumPy dispatches to no SIMD target here")
    probe = "import json, simulator.cache as c; print(json.dumps(c.blas_signature()['numpy_simd']))"
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(numpy_simd())}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [] and json.loads(cache_key(SMALL))["numpy_simd"] == numpy_simd()


def test_another_openblas_kernel_is_another_key():
    kernels = [info[2] for info in blas_signature()["blas"] if info[0] == "openblas"]
    if not kernels:
        pytest.skip("NumPy does not use OpenBLAS here")
    other = "Sandybridge" if kernels[0] != "Sandybridge" else "Haswell"
    probe = "import simulator, simulator.cache as c; print(c.blas_signature()['blas'])"
    env = {**os.environ, "OPENBLAS_CORETYPE": other}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert other in out.stdout and str(blas_signature()["blas"]) != out.stdout.strip()

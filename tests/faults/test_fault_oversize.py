"""Work too big for the machine is refused before it starts; long runs say how long they will take."""

from __future__ import annotations

import tracemalloc

import pytest

from hpquiz.cli import main
from hpquiz.commands.long_run import LongRunProgress
from simulator import TooMuchMemory, TrainConfig, sweep, train, train_many
from simulator.budget import ENV_LIMIT, group_bytes, memory_limit

WIDE_AND_DEEP = ["--n-samples", "20000", "--batch-size", "full", "--hidden", ",".join(["512"] * 8), "--epochs", "1"]


def test_the_issues_oversize_sweep_is_refused_at_once_naming_estimate_and_limit(monkeypatch, capsys):
    monkeypatch.setenv(ENV_LIMIT, "4G")
    tracemalloc.start()
    code = main(["sweep", "seed", *map(str, range(1, 13)), *WIDE_AND_DEEP])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert "needs about 2" in err and " GB of memory" in err  # 12 x about 2.3 GB
    assert "4.3 GB allowed by HPQUIZ_MEMORY_LIMIT" in err
    assert peak < 50e6  # refused before the loop allocated its buffers


def test_without_a_configured_limit_the_machines_available_memory_is_the_limit(monkeypatch, capsys):
    monkeypatch.delenv(ENV_LIMIT, raising=False)
    limit, source = memory_limit()
    assert limit is not None and "this machine has available" in source
    seeds = max(2, int(limit / 2.3e9) * 2 + 2)  # twice what fits here, whatever the machine
    assert main(["sweep", "seed", *map(str, range(seeds)), *WIDE_AND_DEEP]) == 1
    assert "this machine has available" in capsys.readouterr().err


def test_one_oversize_run_is_refused_by_train_and_sim_alike(monkeypatch, capsys):
    monkeypatch.setenv(ENV_LIMIT, "100M")
    big = TrainConfig(n_samples=20000, hidden=(512, 512), batch_size=None, epochs=1)
    with pytest.raises(TooMuchMemory, match="needs about .* MB of memory, more than the 104.9 MB"):
        train(big)
    with pytest.raises(TooMuchMemory):
        train_many([TrainConfig(epochs=2), big])  # nothing trains, not even the small one first
    assert main(["sim", "--n-samples", "20000", "--hidden", "512,512", "--batch-size", "full"]) == 1
    assert "needs about" in capsys.readouterr().err


@pytest.mark.parametrize(
    "knobs",
    [
        dict(n_samples=5000, hidden=(128, 128), epochs=3),
        dict(n_samples=5000, hidden=(128, 128), epochs=3, batch_size=None),
        dict(n_samples=3000, hidden=(64,) * 4, epochs=2, dropout=0.2, optimizer="adam"),
        dict(n_samples=2000, hidden=(256, 256, 256), batch_size=None, epochs=2),
        dict(n_samples=20000, hidden=(32,), epochs=2, batch_size=1000, dataset="sine"),
    ],
)
def test_the_memory_estimate_is_within_15_percent_of_what_training_allocates(knobs):
    configs = [TrainConfig(**knobs).replace(seed=s) for s in range(3)]
    train_many(configs[:1])  # first-call allocations (caches, imports) are not the loop's
    tracemalloc.start()
    sweep(configs[0], "seed", [c.seed for c in configs])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert 0.85 < group_bytes(configs) / peak < 1.15


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_long_run_shows_its_estimate_and_a_bar_a_short_one_prints_nothing():
    from io import StringIO

    from rich.console import Console

    clock, out = FakeClock(), StringIO()
    with LongRunProgress("training", clock=clock, console=Console(file=out, width=100)) as progress:
        clock.now = 0.6  # the first 10 of 20000 epochs took 0.6 s: about 20 min in all
        progress.on_progress(10, 20000)
        clock.now = 1.2
        progress.on_progress(20, 20000)
    assert "training: about 20 min by the first epochs' pace; ctrl-c stops it" in out.getvalue()
    assert progress.progress is not None and progress.progress.tasks[0].completed == 20

    clock, out = FakeClock(), StringIO()
    with LongRunProgress("training", clock=clock, console=Console(file=out)) as progress:
        clock.now = 0.6
        progress.on_progress(100, 200)  # 1.2 s in all
    assert out.getvalue() == "" and progress.progress is None

"""Speed of the simulator on the drill-size run, side by side with the alternatives.

Run: `.venv/bin/python benchmarks/bench_simulator.py [--repeats 7]`

The drill-size run is the one a drill card trains while the learner waits:
2 -> 16 -> 16 -> 1 tanh on `moons` (400 samples), SGD, batch 32, 200 epochs.
Timed here, all in the same process so the ratios are fair:

1. `simulator.train` (median over repeats)                 target <= 60 ms
2. the obvious per-layer NumPy loop (`reference_numpy.py`)  target: simulator >= 3x faster
3. `train_many` of 32 such configurations vs one `train`    target: <= 4x one run
4. PyTorch eager on CPU, same network, float64, one thread, if `torch` is importable
                                                            target: simulator faster

Every contender computes the full-split train and validation loss once per epoch,
as the simulator does (it also records metrics, per-step loss and weight norms).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_numpy import train_reference  # noqa: E402

from simulator import TrainConfig, make_dataset, train, train_many  # noqa: E402

DRILL = dict(
    dataset="moons",
    n_samples=400,
    hidden=(16, 16),
    activation="tanh",
    optimizer="sgd",
    learning_rate=0.1,
    batch_size=32,
    epochs=200,
    dropout=0.0,
    weight_decay=0.0,
    early_stopping=None,
    seed=0,
)


def median_seconds(fn, repeats: int) -> float:
    fn()  # warm-up: imports, caches, first-touch allocations
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def torch_trainer(X, y, X_val, y_val, config):
    """The same training in PyTorch eager, or None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)  # tiny matrices: one thread is torch's fastest setting here
    dtype = torch.float64
    Xt, yt = torch.tensor(X, dtype=dtype), torch.tensor(y, dtype=dtype).reshape(-1, 1)
    Xv, yv = torch.tensor(X_val, dtype=dtype), torch.tensor(y_val, dtype=dtype).reshape(-1, 1)

    def run():
        torch.manual_seed(config.seed)
        layers, width = [], X.shape[1]
        for h in config.hidden:
            layers += [torch.nn.Linear(width, h, dtype=dtype), torch.nn.Tanh()]
            width = h
        model = torch.nn.Sequential(*layers, torch.nn.Linear(width, 1, dtype=dtype))
        loss_fn = torch.nn.BCEWithLogitsLoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=config.learning_rate)
        n = len(Xt)
        for _ in range(config.epochs):
            order = torch.randperm(n)
            for start in range(0, n, config.batch_size):
                idx = order[start : start + config.batch_size]
                optimizer.zero_grad()
                loss = loss_fn(model(Xt[idx]), yt[idx])
                loss.backward()
                optimizer.step()
            with torch.no_grad():
                loss_fn(model(Xt), yt).item()
                loss_fn(model(Xv), yv).item()

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--many", type=int, default=32)
    args = parser.parse_args()

    config = TrainConfig(**DRILL)
    X, y, X_val, y_val = make_dataset(config)
    many = [config.replace(seed=seed) for seed in range(args.many)]
    rows = []

    ours = median_seconds(lambda: train(config), args.repeats)
    rows.append(("simulator.train (1 run)", ours, "1.00x", "<= 60 ms"))

    reference = median_seconds(
        lambda: train_reference(X, y, X_val, y_val, config.hidden, config.learning_rate, config.batch_size, config.epochs),
        args.repeats,
    )
    rows.append(("per-layer NumPy reference", reference, f"{reference / ours:.2f}x slower", ">= 3x slower"))

    batched = median_seconds(lambda: train_many(many), max(3, args.repeats // 2))
    rows.append((f"train_many ({args.many} runs)", batched, f"{batched / ours:.2f}x one run", "<= 4x one run"))

    torch_run = torch_trainer(X, y, X_val, y_val, config)
    if torch_run is not None:
        import torch

        torch_seconds = median_seconds(torch_run, args.repeats)
        rows.append(
            (f"PyTorch {torch.__version__} eager, float64, 1 thread", torch_seconds, f"{torch_seconds / ours:.2f}x slower", "> 1x slower")
        )
    else:
        rows.append(("PyTorch eager", float("nan"), "torch not installed", "> 1x slower"))

    print(f"drill-size run: 2-16-16-1 tanh, moons 400 samples, SGD, batch 32, 200 epochs; median of {args.repeats}")
    width = max(len(r[0]) for r in rows)
    print(f"{'contender'.ljust(width)}  {'median':>10}  {'ratio':<22}  target")
    for name, seconds, ratio, target in rows:
        print(f"{name.ljust(width)}  {seconds * 1000:8.1f} ms  {ratio:<22}  {target}")


if __name__ == "__main__":
    main()

"""How fast the model's picture is: the decision boundary the lab redraws after each epoch.

Run: `.venv/bin/python benchmarks/bench_boundary.py`. Prints each figure next to
its target and the ratio (measured / target; below 1.0 meets it); median of 200.

1. `simulator.predict` on an 80 x 80 grid through a 2-16-16-1 tanh network
   (issue 15's target: 2 ms), beside the same products done by hand in NumPy
   (the floor: float32, one BLAS thread, three products and two tanh).
2. The whole terminal picture at 100 x 40 cells (100 x 80 pixels): the grid
   predicted, coloured and cut into half-block cells with the data points over it,
   which is what the lab does per redraw; the target is the lab's redraw interval
   (50 ms), so training never waits on the picture.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from hpquiz.charts.boundary import model_picture
from hpquiz.charts.halfblock import picture_cells
from simulator import TrainConfig, predict, train
from simulator.blas import single_threaded_blas

REPEATS = 200
PREDICT_TARGET = 2e-3
PICTURE_TARGET = 50e-3


def median_seconds(f, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    run = train(TrainConfig(hidden=(16, 16), activation="tanh", epochs=20))
    xs = np.linspace(-2.5, 2.5, 80)
    grid = np.stack(np.meshgrid(xs, xs), axis=-1).reshape(-1, 2)
    params = run.final_params
    (W1, b1), (W2, b2), (W3, b3) = [(W.astype(np.float32), b.astype(np.float32)) for W, b in params]
    points = grid.astype(np.float32)

    def by_hand():
        with single_threaded_blas():
            return np.tanh(np.tanh(points @ W1 + b1) @ W2 + b2) @ W3 + b3

    predicted = median_seconds(lambda: predict(params, grid, run.config))
    floor = median_seconds(by_hand)
    picture = median_seconds(lambda: picture_cells(model_picture(run, 100, 80), 100, 40), repeats=50)
    print("=== bench_boundary")
    print(f"predict, 80x80 grid, 2-16-16-1 tanh   {predicted * 1e3:7.3f} ms   target {PREDICT_TARGET * 1e3:.0f} ms"
          f"   ratio {predicted / PREDICT_TARGET:.2f}   (NumPy by hand {floor * 1e3:.3f} ms: {predicted / floor:.2f}x)")
    print(f"terminal picture, 100x40 cells          {picture * 1e3:7.3f} ms   target {PICTURE_TARGET * 1e3:.0f} ms"
          f"   ratio {picture / PICTURE_TARGET:.2f}")


if __name__ == "__main__":
    main()

"""`hpquiz sim`: train one network with the knobs you give and see what it did.

Prints the setup, a terminal chart of training/validation loss per epoch, the
verdict with its reasons, the final numbers and the time taken; `--json` prints the
run instead, `--plot FILE.png` also writes the chart as an image.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys

from hpquiz.errors import HpquizError
from hpquiz.commands.knob_flags import add_knob_flags, build_config, knob_changes
from hpquiz.knobs import describe


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "sim",
        parents=[common],
        help="train one small network and diagnose its cost curves",
        description="Train one small network with the simulator and show its cost curves and verdict. "
        "Every knob has a flag; unset knobs keep a sensible default.",
    )
    add_output_flags(parser)
    add_knob_flags(parser)
    parser.set_defaults(handler=run_sim)


def add_output_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON instead of a chart")
    parser.add_argument("--plot", metavar="FILE.png", help="also write the chart as a PNG image")


def chart_size() -> tuple[int, int]:
    columns = shutil.get_terminal_size((100, 30)).columns
    return max(40, min(columns, 110)), 20


def run_sim(args: argparse.Namespace) -> int:
    from simulator import diagnose, train

    from hpquiz.commands.long_run import LongRunProgress

    config = build_config(knob_changes(args))
    check_plot_path(args.plot)
    with LongRunProgress("training") as progress:
        run = train(config, on_epoch=progress.on_epoch)
    diagnosis = diagnose(run)
    if args.plot:
        from hpquiz.export.plots import render_curves_png

        write_plot(render_curves_png, [run], ["run"], args.plot, title=describe(config), verdicts=[diagnosis.verdict],
                   models=True)
    if args.json:
        payload = run.to_dict()
        payload["diagnosis"] = diagnosis.to_dict()
        json.dump(payload, sys.stdout, indent=2)
        print()
        return 0
    from hpquiz.export.plots import terminal_curves
    from hpquiz.words import verdict_label

    width, height = chart_size()
    print(describe(config))
    print(terminal_curves([run], ["run"], width, height))
    print(f"verdict: {verdict_label(diagnosis.verdict)}")
    for reason in diagnosis.reasons:
        print(f"  - {reason}")
    print(final_numbers(run))
    print(f"trained in {run.seconds:.2f} s")
    if args.plot:
        print(f"chart written to {args.plot}")
    return 0


def check_plot_path(plot: str | None) -> None:
    """Refuse a `--plot` path that cannot be written before any training (its folder is never created)."""
    if not plot:
        return
    import os
    from pathlib import Path

    path = Path(plot).expanduser()
    if path.is_dir():
        raise HpquizError(f"--plot {plot}: is a folder; give the name of the .png file to write")
    if not path.parent.is_dir():
        raise HpquizError(f"--plot {plot}: the folder {path.parent} does not exist (hpquiz does not create it)")
    if not os.access(path.parent, os.W_OK):
        raise HpquizError(f"--plot {plot}: the folder {path.parent} is not writable")


def write_plot(render, *args, **kwargs) -> None:
    """Call a PNG renderer; a path that cannot be written is the user's error, not a crash."""
    try:
        render(*args, **kwargs)
    except OSError as exc:
        raise HpquizError(f"cannot write the chart: {exc}") from None


def final_numbers(run) -> str:
    """The last epoch's losses and metrics in one line."""
    def metric(value: float) -> str:
        return f"{value:.1%}" if run.metric_name == "accuracy" else f"{value:.3f}"

    epochs = f"epoch {run.epochs_run} of {run.config.epochs}"
    if run.diverged:
        epochs += ", stopped: diverged"
    elif run.epochs_run < run.config.epochs and run.config.early_stopping is not None:
        epochs += ", stopped early"
    return (
        f"final: train loss {run.train_loss[-1]:.4g}, validation loss {run.val_loss[-1]:.4g}, "
        f"train {run.metric_name} {metric(run.train_metric[-1])}, "
        f"validation {run.metric_name} {metric(run.val_metric[-1])} ({epochs})"
    )

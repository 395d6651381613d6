"""`hpquiz sweep FIELD V1 V2 …`: train one network per value of a knob, all at once.

The runs are trained together by `simulator.sweep` (one batched `train_many` call),
then a table gives each value's final losses and verdict, and a chart shows final
loss against the value (log10 positions for knobs whose `KNOBS` entry says `log`).
The other knobs take the same flags as `hpquiz sim`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from hpquiz.commands import UsageError
from hpquiz.commands.knob_flags import add_knob_flags, build_config, knob_changes, parse_values
from hpquiz.knobs import describe, one_line
from hpquiz.commands.sim import add_output_flags, chart_size, check_plot_path, write_plot


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "sweep",
        parents=[common],
        help="train one network per value of a knob and compare final loss and verdicts",
        description="Train the same setup once per value of one knob (all together, batched) and compare. "
        "Example: hpquiz sweep learning_rate 0.0001 0.001 0.01 0.1 1 10",
    )
    parser.add_argument("field", metavar="KNOB", help="the knob to vary, e.g. learning_rate, batch_size, hidden")
    parser.add_argument("values", metavar="VALUE", nargs="+", help="the values to try, written like the knob's flag")
    add_output_flags(parser)
    add_knob_flags(parser)
    parser.set_defaults(handler=run_sweep)


def run_sweep(args: argparse.Namespace) -> int:
    from simulator import diagnose, sweep

    from hpquiz.commands.long_run import LongRunProgress

    field = args.field.replace("-", "_")
    values = parse_values(field, args.values)
    config = build_config(knob_changes(args))
    check_plot_path(args.plot)
    started = time.perf_counter()
    try:
        with LongRunProgress(f"sweeping {field}") as progress:
            runs = sweep(config, field, values, progress.on_progress)
    except ValueError as exc:
        raise UsageError(one_line(exc)) from None
    seconds = time.perf_counter() - started
    diagnoses = [diagnose(run) for run in runs]
    if args.plot:
        from hpquiz.export.plots import render_sweep_png

        write_plot(render_sweep_png, field, values, runs, args.plot, verdicts=[d.verdict for d in diagnoses])
    if args.json:
        payload = {
            "field": field,
            "values": [list(v) if isinstance(v, tuple) else v for v in values],
            "runs": [dict(run.to_dict(), diagnosis=d.to_dict()) for run, d in zip(runs, diagnoses)],
        }
        json.dump(payload, sys.stdout, indent=2)
        print()
        return 0
    from hpquiz.export.plots import terminal_sweep

    print(describe(config) + f"; sweeping {field}")
    print(table(field, values, runs, diagnoses))
    width, height = chart_size()
    print(terminal_sweep(field, values, runs, width, height))
    print(f"trained {len(runs)} runs together in {seconds:.2f} s")
    if args.plot:
        print(f"chart written to {args.plot}")
    return 0


def table(field: str, values, runs, diagnoses) -> str:
    """One row per value: final train/validation loss and metric, epochs run, verdict."""
    from hpquiz.export.plots import sweep_axis
    from hpquiz.words import verdict_label

    _, labels, _ = sweep_axis(field, values, log=False)
    metric = runs[0].metric_name if runs else "metric"
    header = (field, "train loss", "val loss", f"val {metric}", "epochs", "verdict")
    rows = [header]
    for label, run, diagnosis in zip(labels, runs, diagnoses):
        value = run.val_metric[-1]
        shown = f"{value:.1%}" if metric == "accuracy" else f"{value:.3f}"
        rows.append(
            (
                label,
                f"{run.train_loss[-1]:.4g}",
                f"{run.val_loss[-1]:.4g}",
                shown,
                str(run.epochs_run),
                verdict_label(diagnosis.verdict),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)

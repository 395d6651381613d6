"""`hpquiz sweep2 KNOB_X VALUES KNOB_Y VALUES`: a two-knob map, every pair trained together.

Example: `hpquiz sweep2 learning_rate 1e-3,1e-2,0.1,1 batch_size 8,32,128 --plot map.png`.
Each cell is judged on the seed consensus (`--seeds`, default 5): its colour is the
median final validation loss, its mark the verdict (and how many seeds agreed).
Values are comma-separated as on the knob's flag; architectures for `hidden` are
separated by ';' (`"16;16,16;64,64"`).
"""

from __future__ import annotations

import argparse
import json
import sys

from hpquiz.commands import UsageError
from hpquiz.commands.knob_flags import add_knob_flags, build_config, knob_changes
from hpquiz.commands.sim import write_plot
from hpquiz.knobs import KnobError, describe, parse_values, split_sweep


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "sweep2",
        parents=[common],
        help="map two knobs at once: final validation loss and verdict for every pair of values",
        description="Train the same setup for every pair of values of two knobs (all together, batched, each on "
        "several seeds) and show the final validation loss as a heatmap marked with verdicts. "
        "Example: hpquiz sweep2 learning_rate 1e-3,1e-2,0.1,1 batch_size 8,32,128 --plot map.png",
    )
    parser.add_argument("x", metavar="KNOB_X", help="the knob along the columns")
    parser.add_argument("x_values", metavar="VALUES_X", help="its values, comma-separated (hidden: ';')")
    parser.add_argument("y", metavar="KNOB_Y", help="the knob along the rows")
    parser.add_argument("y_values", metavar="VALUES_Y", help="its values")
    parser.add_argument("--seeds", type=int, default=5, metavar="K", help="seeds per cell (default 5; 1 = fastest)")
    parser.add_argument("--plot", metavar="FILE.png", help="also write the map as a PNG heatmap")
    parser.add_argument("--json", action="store_true", help="print the cells as JSON")
    add_knob_flags(parser)
    parser.set_defaults(handler=run_sweep2)


def _values(field: str, text: str) -> list:
    field = field.replace("-", "_")
    try:
        values = parse_values(field, split_sweep(field, text))
    except KnobError as exc:
        raise UsageError(str(exc)) from None
    if not values:
        raise UsageError(f"no values given for {field}")
    return values


def run_sweep2(args: argparse.Namespace) -> int:
    from hpquiz.knob_map import knob_map
    from simulator.cache import default_cache

    x, y = args.x.replace("-", "_"), args.y.replace("-", "_")
    x_values, y_values = _values(x, args.x_values), _values(y, args.y_values)
    if not 1 <= args.seeds <= 20:
        raise UsageError(f"--seeds {args.seeds}: allowed 1 to 20")
    config = build_config(knob_changes(args))
    kmap = knob_map(config, x, x_values, y, y_values, seeds=args.seeds, cache=default_cache())
    if args.plot:
        from hpquiz.export.map_plots import render_map_png

        write_plot(render_map_png, kmap, args.plot, title=describe(config))
    if args.json:
        cells = [
            {x: _plain(c.config, x), y: _plain(c.config, y), "val_loss": c.val_loss if c.val_loss != float("inf") else None,
             "verdict": c.verdict, "agreed": c.agreement[0], "seeds": c.agreement[1]}
            for row in kmap.cells for c in row
        ]
        json.dump({"x": x, "y": y, "cells": cells}, sys.stdout, indent=2)
        print()
        return 0
    from hpquiz.export.map_plots import terminal_map
    from hpquiz.words import verdict_label

    print(describe(config) + f"; mapping {x} x {y}")
    print(terminal_map(kmap, colour=sys.stdout.isatty()))
    best = kmap.best()
    if best is not None:
        print(f"best: {x}={_plain(best.config, x)}, {y}={_plain(best.config, y)}: validation loss "
              f"{best.val_loss:.4g}, {verdict_label(best.verdict)}")
    runs = sum(len(c.consensus.runs) for row in kmap.cells for c in row)
    print(f"{runs} runs ({len(x_values)} x {len(y_values)} cells x {args.seeds} seeds) in {kmap.seconds:.2f} s")
    if args.plot:
        print(f"map written to {args.plot}")
    return 0


def _plain(config, field: str):
    value = getattr(config, field)
    return list(value) if isinstance(value, tuple) else value

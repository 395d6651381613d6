"""`hpquiz challenge [ID]`: tune a setup yourself, then see what grid and random search reach.

Without an id: the challenges of the decks, easiest first, with your best so far.
With one: its setup, the knobs you may turn, the budget and the target; then one
prompt per trial (`learning_rate=0.1 batch_size=32`; `q` ends early), each trial
trained at once on 5 seeds, judged on their mean, and saved to the store as it is
made. At the end your best is set beside the best of a grid search and of a random
search with the same budget.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from hpquiz.commands import db_path_from
from hpquiz.errors import HpquizError


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "challenge",
        parents=[common],
        help="a tuning challenge: beat a target in N trials, then compare with grid and random search",
        description="List the tuning challenges, or play one: propose setups one at a time within a budget of "
        "trials, then see your best beside a grid search and a random search of the same budget.",
    )
    parser.add_argument("id", nargs="?", metavar="ID", help="the challenge to play (omit to list them)")
    parser.add_argument("--deck-file", action="append", default=[], metavar="PATH",
                        help="also load this deck file of your own (repeatable)")
    parser.set_defaults(handler=run_challenge)


def _challenges(args):
    from hpquiz.deck import load_decks, shipped_deck_paths

    decks = load_decks([*shipped_deck_paths(), *args.deck_file]) if args.deck_file else load_decks()
    return [c for deck in decks for c in deck.challenges]


def run_challenge(args: argparse.Namespace) -> int:
    from hpquiz.store import Store

    challenges = _challenges(args)
    with Store.open(db_path_from(args)) as store:
        if args.id is None:
            return list_challenges(challenges, store)
        chosen = next((c for c in challenges if c.id == args.id), None)
        if chosen is None:
            known = ", ".join(c.id for c in challenges) or "none"
            raise HpquizError(f"no challenge {args.id!r}; the challenges are: {known}")
        return play(chosen, store, sys.stdin, print)


def list_challenges(challenges, store) -> int:
    if not challenges:
        print("no challenges in the decks")
        return 0
    for c in sorted(challenges, key=lambda c: (c.level, c.id)):
        attempts = [a for a in store.attempts(c.id) if a.best is not None]
        best = min((a.best for a in attempts), default=None)
        mine = f"your best {best:.3g}{' (won)' if any(a.won for a in attempts) else ''}" if best is not None else "not tried"
        print(f"level {c.level}  {c.id}  {c.title}: {c.budget} trials, target {c.target:g}  [{mine}]")
    print("play one: hpquiz challenge ID")
    return 0


def play(challenge, store, lines, say, now_fn=None, cache=None) -> int:
    """Play `challenge` reading trials from `lines` (a file of text lines), saying results with `say`."""
    from hpquiz.challenge import SEEDS, ChallengePlay, TrialError, change_text, parse_change
    from hpquiz.knobs import describe
    from simulator.cache import default_cache

    cache = cache or default_cache()
    say(f"{challenge.title} (level {challenge.level})")
    say(challenge.prompt)
    say(f"setup: {describe(challenge.setup)}")
    say("you may turn: " + "; ".join(k.describe() for k in challenge.space))
    say(f"budget: {challenge.budget} trials · target: final validation loss <= {challenge.target:g}, "
        f"the mean of {SEEDS} seeds (a trial trains on each; one seed's split can be easy or hard)")
    say("type knob=value pairs for each trial (q ends early)")
    game = ChallengePlay(challenge, store, now_fn or (lambda: datetime.now(timezone.utc)))
    while game.left:
        say(f"trial {len(game.trials) + 1} of {challenge.budget}> ", end="")
        line = lines.readline()
        if not line or line.strip().lower() in ("q", "quit"):
            say("")
            break
        try:
            change = parse_change(challenge, line)
        except TrialError as exc:
            say(f"  not a trial: {exc}")
            continue
        result = game.record(game.judge(change, cache))
        reached = " ✓ target reached" if result.reaches(challenge.target) else ""
        say(f"  {change_text(result.change)} -> validation loss {result.describe()}{reached}")
    say("searching with the same budget: grid and random …")
    for line in game.finish(cache):
        say("  " + line if not line.startswith(("You won", "Not this time")) else line)
    if challenge.explanation:
        say(challenge.explanation)
    return 0


def _loss(value: float) -> str:
    from hpquiz.challenge import loss_text

    return loss_text(value)


def check_table(challenges, cache):
    """(rich Table, failed checks) for `deck check`: each challenge's grid and random best
    against its target, their runs from `cache` (the deck check's pool)."""
    from rich.table import Table

    from hpquiz.challenge import SEEDS, check_challenge

    table = Table(title="Challenges: reachable in their budget by grid or random search? "
                        f"(a trial's loss: the mean of {SEEDS} seeds)")
    for column in ("challenge", "target", "grid best", "random best", "ok"):
        table.add_column(column, no_wrap=column == "challenge")
    failed = []
    for challenge in challenges:
        check = check_challenge(challenge, cache)
        if not check.ok:
            failed.append(check)
        mark = "[green]ok[/]" if check.ok else f"[red]FAIL[/]\n[red]{check.problem}[/]"
        table.add_row(challenge.id, f"{challenge.target:g} in {challenge.budget}", _loss(check.grid_best),
                      _loss(check.random_best), mark)
    return table, failed

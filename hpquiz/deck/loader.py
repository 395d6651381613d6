"""Loading and validating deck files (TOML, one deck per file).

`load_decks()` reads every file, collects every problem of every file (a TOML
syntax error, an unknown field, a duplicate id across decks, a setup the
simulator rejects…) and either returns all decks or raises one `DeckError`
listing them all: nothing is ever half-loaded, so the store never syncs a deck
with cards silently missing. The file format is described in `docs` and in the
template written by `hpquiz deck new`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from hpquiz.deck.model import Card, CardType, Deck, Scenario
from hpquiz.deck.cards import read_card
from hpquiz.deck.challenges import read_challenges
from hpquiz.deck.problems import DeckError, DeckProblem, display_path
from hpquiz.deck.fields import Reader, describe

LANGUAGES = ("en", "tr")
DECK_FIELDS = ("id", "title", "language", "description")
TOP_LEVEL = ("deck", "cards", "challenges")
MISPLACED = {name: "it belongs in the [deck] table" for name in DECK_FIELDS} | {
    name: "it belongs in a [[cards]] table" for name in ("type", "topic", "front", "back", "text", "question",
                                                         "options", "answer", "prompt", "setup")
}

PACKAGE_DECKS = Path(__file__).resolve().parent.parent / "decks"
REPO_DECKS = Path(__file__).resolve().parent.parent.parent / "decks"


def shipped_deck_paths() -> list[Path]:
    """The decks that come with hpquiz: `hpquiz/decks/` in a wheel, else the repository's `decks/`."""
    for folder in (PACKAGE_DECKS, REPO_DECKS):
        files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        if files:
            return files
    return []


def deck_files(paths: Iterable[str | PathLike[str]], problems: list[DeckProblem]) -> list[Path]:
    """The deck files named by `paths` (files, or folders whose *.toml files are taken)."""
    files: dict[Path, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                problems.append(DeckProblem(display_path(path), None, None, "is a folder with no .toml deck files"))
            files.update((f.resolve(), f) for f in found if f.resolve() not in files)
        elif path.is_file():
            files.setdefault(path.resolve(), path)
        else:
            problems.append(DeckProblem(display_path(path), None, None, "does not exist"))
    return list(files.values())


@dataclass
class ParsedFile:
    """What one file gave: its deck if it is sound, and the ids it uses (for cross-file checks)."""

    shown: str
    deck: Deck | None = None
    deck_id: str | None = None
    card_ids: list[str] = field(default_factory=list)
    challenge_ids: list[str] = field(default_factory=list)


def parse_file(path: Path, problems: list[DeckProblem]) -> ParsedFile:
    """One file -> a Deck (or None after noting its problems; duplicates across files aside)."""
    shown = display_path(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")  # a byte order mark (Windows editors write one) is fine
    except UnicodeDecodeError as exc:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        start = exc.start + bom
        line = data[:start].count(b"\n") + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        problems.append(DeckProblem(shown, None, None, f"line {line}, column {column}: is not UTF-8 text "
                                    f"(byte 0x{data[start]:02x}); save the file as UTF-8"))
        return ParsedFile(shown)
    except OSError as exc:
        problems.append(DeckProblem(shown, None, None, f"cannot be read: {exc.strerror or exc}"))
        return ParsedFile(shown)
    return parse_text(text, shown, problems, path)


def parse_text(text: str, shown: str, problems: list[DeckProblem], path: Path | None = None) -> ParsedFile:
    """Parse deck TOML `text`; `shown` is the file name used in messages."""
    parsed = ParsedFile(shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(DeckProblem(shown, None, None, toml_message(exc)))
        return parsed
    except RecursionError:  # tomllib parses nested arrays and inline tables recursively
        data = None
    if data is None or nesting_depth(data) > MAX_NESTING:
        problems.append(DeckProblem(shown, None, None, f"nests arrays or tables inside each other more than "
                                    f"{MAX_NESTING} levels deep (a deck needs a few: cards, their options and setups)"))
        return parsed
    before = len(problems)
    r = Reader(shown, None, problems)
    r.unknown_keys(data, TOP_LEVEL, "a deck file", elsewhere=MISPLACED)
    meta = read_meta(r, data)
    deck_table = data.get("deck")
    if isinstance(deck_table, dict) and isinstance(deck_table.get("id"), str):
        parsed.deck_id = deck_table["id"]
    cards = read_cards(shown, meta["id"] if meta else "", data, problems)
    raw_cards = data.get("cards")
    if isinstance(raw_cards, list):
        parsed.card_ids = [c["id"] for c in raw_cards if isinstance(c, dict) and isinstance(c.get("id"), str)]
    challenges = read_challenges(shown, meta["id"] if meta else "", data, problems)
    raw_challenges = data.get("challenges")
    if isinstance(raw_challenges, list):
        parsed.challenge_ids = [c["id"] for c in raw_challenges if isinstance(c, dict) and isinstance(c.get("id"), str)]
    if len(problems) == before and meta is not None and cards is not None:
        parsed.deck = Deck(cards=cards, path=path, challenges=challenges or (), **meta)
    return parsed


MAX_NESTING = 32


def nesting_depth(value: object) -> int:
    """How deeply lists and tables nest in `value`, counted without recursion (so any depth is safe)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_NESTING:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def toml_message(exc: tomllib.TOMLDecodeError) -> str:
    """'line 5, column 3: TOML syntax error: …' from tomllib's message."""
    message = str(exc)
    where = re.search(r"\(at line (\d+), column (\d+)\)", message)
    detail = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    if where:
        return f"line {where.group(1)}, column {where.group(2)}: TOML syntax error: {detail}"
    if "end of document" in message:
        return f"at the end of the file: TOML syntax error: {detail}"
    return f"TOML syntax error: {detail}"


def read_meta(r: Reader, data: dict) -> dict | None:
    if "deck" not in data:
        r.problem(None, "has no [deck] table (with id, title and language)")
        return None
    table = data["deck"]
    if not isinstance(table, dict):
        r.problem("deck", f"must be a [deck] table, not {describe(table)}")
        return None
    r.unknown_keys(table, DECK_FIELDS, "[deck]", prefix="deck.")
    meta = dict(
        id=r.slug(table, "id", prefix="deck."),
        title=r.text(table, "title", prefix="deck."),
        language=r.text(table, "language", prefix="deck."),
        description=r.text(table, "description", required=False, prefix="deck.") or "",
    )
    if meta["language"] is not None and meta["language"] not in LANGUAGES:
        r.problem("deck.language", f"is {meta['language']!r}, but must be one of {', '.join(LANGUAGES)}")
        return None
    return None if any(v is None for v in meta.values()) else meta


def read_cards(shown: str, deck_id: str, data: dict, problems: list[DeckProblem]) -> tuple[Card, ...] | None:
    cards = data.get("cards")
    if cards is None:
        problems.append(DeckProblem(shown, None, None, "has no cards: add [[cards]] tables"))
        return None
    if not isinstance(cards, list):
        problems.append(DeckProblem(shown, None, "cards", f"must be [[cards]] tables, not {describe(cards)}"))
        return None
    result = [read_card(shown, deck_id, i, table, problems) for i, table in enumerate(cards)]
    first_seen: dict[str, int] = {}
    for i, table in enumerate(cards):
        card_id = table.get("id") if isinstance(table, dict) else None
        if not isinstance(card_id, str):
            continue
        if card_id in first_seen:
            problems.append(DeckProblem(shown, card_id, "id", f"is used twice in this file "
                                        f"(cards #{first_seen[card_id] + 1} and #{i + 1})"))
        else:
            first_seen[card_id] = i
    if not cards:
        problems.append(DeckProblem(shown, None, "cards", "is empty: a deck needs at least one card"))
    if any(card is None for card in result) or not cards:
        return None
    return tuple(result)


def cross_deck_problems(files: Sequence[ParsedFile]) -> list[DeckProblem]:
    """Deck, card and challenge ids must be unique over all files (progress and a
    challenge's history are keyed on them)."""
    problems: list[DeckProblem] = []
    deck_owner: dict[str, str] = {}
    for parsed in files:
        if parsed.deck_id is not None:
            if parsed.deck_id in deck_owner:
                problems.append(DeckProblem(parsed.shown, None, "deck.id", f"is {parsed.deck_id!r}, "
                                            f"already the id of the deck in {deck_owner[parsed.deck_id]}"))
            deck_owner.setdefault(parsed.deck_id, parsed.shown)
    for ids_of, kind in ((lambda p: p.card_ids, "card"), (lambda p: p.challenge_ids, "challenge")):
        owner: dict[str, str] = {}
        for parsed in files:
            mine = dict.fromkeys(ids_of(parsed))  # a repeat inside one file is that file's own problem
            problems.extend(DeckProblem(parsed.shown, item_id, "id", f"is already used by a {kind} in {owner[item_id]}",
                                        kind) for item_id in mine if item_id in owner)
            for item_id in mine:
                owner.setdefault(item_id, parsed.shown)
    return problems


def decks_in_play(paths: Iterable[str | PathLike[str]]) -> tuple[list[Deck], list[Deck]]:
    """(every deck in play, the decks of `paths`): the shipped decks together with deck files.

    One rule everywhere (study, drill, export, deck check): a deck file whose deck id
    is a shipped deck's is an edited copy of that deck and replaces it, keeping its
    place and the learners' progress on the card ids it shares. Any other card id a
    shipped deck already uses is an error (progress and Anki note GUIDs are keyed on
    card ids, so two cards with one id would share both).
    """
    own = load_decks(paths)
    replaced = {deck.id: deck for deck in own}
    shipped = load_decks()
    kept = [deck for deck in shipped if deck.id not in replaced]
    owner = {card.id: deck for deck in kept for card in deck.cards}
    challenge_owner = {challenge.id: deck for deck in kept for challenge in deck.challenges}
    problems = [
        DeckProblem(display_path(deck.path) if deck.path else deck.id, item.id, "id",
                    f"is already used by a {kind} of the shipped deck {owners[item.id].id!r}; "
                    f"give the {kind} an id of its own", kind)
        for deck in own
        for items, owners, kind in ((deck.cards, owner, "card"), (deck.challenges, challenge_owner, "challenge"))
        for item in items if item.id in owners
    ]
    if problems:
        raise DeckError(problems)
    in_play = [replaced.pop(deck.id, deck) for deck in shipped]
    return [*in_play, *replaced.values()], own


def load_deck(path: str | PathLike[str]) -> Deck:
    """One deck file, fully validated; raises DeckError listing every problem."""
    if Path(path).is_dir():
        raise DeckError([DeckProblem(display_path(Path(path)), None, None,
                                     "is a folder; give one deck file (or use load_decks for a folder)")])
    return load_decks([path])[0]


def load_decks(paths: Iterable[str | PathLike[str]] | None = None) -> list[Deck]:
    """All decks from `paths` (files or folders; None = the shipped decks), fully validated.

    Raises DeckError with every problem of every file; returns nothing partial.
    """
    problems: list[DeckProblem] = []
    files = shipped_deck_paths() if paths is None else deck_files(paths, problems)
    parsed = [parse_file(path, problems) for path in files]
    problems.extend(cross_deck_problems(parsed))
    order = {p.shown: i for i, p in enumerate(parsed)}
    problems.sort(key=lambda problem: order.get(problem.path, -1))
    if problems:
        raise DeckError(problems)
    return [p.deck for p in parsed if p.deck is not None]

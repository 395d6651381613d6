"""One `[[cards]]` table -> one `Card`, or the list of what is wrong with it.

Each card type has its own required and optional fields on top of the common
ones (id, type, topic, tags, source). A field that belongs to another type is
reported as such ("it belongs to choice cards"), since that is the usual
mistake when an author copies a card and changes its type.
"""

from __future__ import annotations

import re
from typing import Any

from hpquiz.deck.model import Card, CardType, Scenario, frozen_mapping
from hpquiz.deck.problems import DeckProblem
from hpquiz.deck.fields import SLUG, Reader, describe, is_number, suggestion
from hpquiz.deck.setups import read_change, read_setup
from simulator import MEASURES, Claim, Direction, Verdict

COMMON = ("id", "type", "topic", "tags", "source")
FIELDS: dict[CardType, tuple[str, ...]] = {
    CardType.BASIC: ("front", "back"),
    CardType.REVERSE: ("front", "back"),
    CardType.CLOZE: ("text", "extra"),
    CardType.CHOICE: ("question", "options", "answer", "explanation"),
    CardType.SCENARIO: ("prompt", "setup", "predict", "goal", "options", "answer", "explanation",
                        "claim", "claimed", "change", "measure", "min_effect", "target", "seeds"),
}
# `seeds`: "all" (the default: the answer holds on every seed) or "most" (4 of 5 seeds; the card
# must say so in its text, in one of these words, so the learner is told the lesson is seed-dependent).
SEED_RULES = ("all", "most")
MOST_WORDS = re.compile(r"\bmost\b|\bçoğu", re.IGNORECASE)
VERDICTS = tuple(v.value for v in Verdict)
DIRECTIONS = tuple(d.value for d in Direction)
# fields of one scenario kind that another kind must not carry
WHICH_KNOB_ONLY = ("goal", "options")
COMPARE_ONLY = ("claim", "claimed", "change", "measure", "min_effect", "target")

# `{{c1::answer}}` or `{{c1::answer::hint}}`; the answer must not be blank.
DELETION = re.compile(r"c([1-9][0-9]*)::(.+?)(?:::(.*))?", re.DOTALL)


def owners(card_type: CardType) -> dict[str, str]:
    """Fields of other card types, mapped to a phrase naming the types that use them."""
    mine = set(FIELDS[card_type])
    found: dict[str, list[str]] = {}
    for other, fields in FIELDS.items():
        for name in fields:
            if name not in mine:
                found.setdefault(name, []).append(f"{other.value} cards")
    return {name: "it belongs to " + " and ".join(types) for name, types in found.items()}


def card_label(table: dict, position: int) -> str | int:
    """The card's id for messages when it is a usable id, else its 1-based position."""
    value = table.get("id")
    return value if isinstance(value, str) and SLUG.fullmatch(value) else position


def read_card(path: str, deck_id: str, position: int, table: Any, problems: list[DeckProblem]) -> Card | None:
    """Parse the card at 0-based `position`; returns None if it has any problem."""
    if not isinstance(table, dict):
        problems.append(DeckProblem(path, position + 1, None, f"must be a [[cards]] table, not {describe(table)}"))
        return None
    before = len(problems)
    r = Reader(path, card_label(table, position + 1), problems)
    card_id = r.slug(table, "id")
    type_name = r.choice(table, "type", [t.value for t in CardType], "card type")
    topic = r.slug(table, "topic")
    tags = r.strings(table, "tags")
    source = r.strings(table, "source", allow_single=True, min_items=1)
    if type_name is None:
        r.unknown_keys(table, [*COMMON, *{f for fs in FIELDS.values() for f in fs}], "any card")
        return None
    card_type = CardType(type_name)
    r.unknown_keys(table, [*COMMON, *FIELDS[card_type]], f"a {card_type.value} card", elsewhere=owners(card_type))
    body = READERS[card_type](r, table)
    if body is not None:
        body = with_thresholds(r, body)
    if len(problems) > before or body is None:
        return None
    return Card(id=card_id, deck_id=deck_id, type=card_type, topic=topic, tags=tags, source=source,
                position=position, **body)


def with_thresholds(r: Reader, body: dict) -> dict:
    """The card's texts with `{diagnose.NAME}` replaced by the grader's threshold of that name
    (simulator/diagnose.py), so reference cards never restate a number by hand."""
    from hpquiz.verdict_guide import fill_thresholds

    filled = dict(body)
    for key in ("front", "back", "explanation"):
        if isinstance(body.get(key), str):
            filled[key], unknown = fill_thresholds(body[key])
            for name in unknown:
                r.problem(FIELD_NAMES.get(key, key), f"cites {{diagnose.{name}}}, which is not a threshold "
                                                     "in simulator/diagnose.py")
    if body.get("options"):
        texts = [fill_thresholds(o) for o in body["options"]]
        for i, (_, unknown) in enumerate(texts):
            for name in unknown:
                r.problem(f"options[{i}]", f"cites {{diagnose.{name}}}, which is not a threshold in "
                                           "simulator/diagnose.py")
        filled["options"] = tuple(text for text, _ in texts)
    return filled


# the TOML field each Card text comes from, for messages
FIELD_NAMES = {"front": "front", "back": "back", "explanation": "explanation"}


def read_front_back(r: Reader, table: dict) -> dict | None:
    front, back = r.text(table, "front"), r.text(table, "back")
    return dict(front=front, back=back)


def cloze_problem(text: str) -> str | None:
    """What is malformed in a cloze text, or None when it has well-formed deletions."""
    count, rest = 0, text
    while True:
        start = rest.find("{{")
        stray = rest.find("}}")
        if stray != -1 and (start == -1 or stray < start):
            return "has a '}}' without a matching '{{'"
        if start == -1:
            break
        end = rest.find("}}", start + 2)
        if end == -1:
            return "has a '{{' that is never closed with '}}'"
        inner = rest[start + 2:end]
        if "{{" in inner:
            return f"has a deletion inside another one near {rest[start:end + 2]!r}"
        match = DELETION.fullmatch(inner)
        if match is None or not match.group(2).strip():
            return (f"has a malformed deletion {rest[start:end + 2]!r}: write {{{{c1::answer}}}} "
                    "or {{c1::answer::hint}}")
        count += 1
        rest = rest[end + 2:]
    if count == 0:
        return "has no deletions: mark what to hide like {{c1::the learning rate}}"
    return None


def read_cloze(r: Reader, table: dict) -> dict | None:
    text = r.text(table, "text")
    extra = r.text(table, "extra", required=False)
    if text is not None:
        problem = cloze_problem(text)
        if problem:
            r.problem("text", problem)
    return dict(front=text, back=extra or "")


def read_choice(r: Reader, table: dict) -> dict | None:
    question = r.text(table, "question")
    options = r.strings(table, "options", min_items=2) if "options" in table else None
    if "options" not in table:
        r.problem("options", "is missing")
    if options:
        duplicate_options(r, options, "options")
    answer = r.indexes(table, "answer", len(options) if options else None, "option")
    explanation = r.text(table, "explanation", required=False)
    return dict(front=question, options=options, answer=answer, explanation=explanation or "")


def duplicate_options(r: Reader, labels, key: str) -> None:
    """Two options that read the same cannot be told apart by a learner (nor graded)."""
    seen: dict[str, int] = {}
    for i, label in enumerate(labels):
        if not isinstance(label, str):
            continue
        norm = " ".join(label.split()).casefold()
        if norm in seen:
            r.problem(key, f"has the option {label!r} twice (#{seen[norm] + 1} and #{i + 1})")
        seen.setdefault(norm, i)


def read_scenario(r: Reader, table: dict) -> dict | None:
    prompt = r.text(table, "prompt")
    explanation = r.text(table, "explanation", required=False)
    setup = read_setup(r, table)
    predict = r.boolean(table, "predict", default=False)
    seeds = read_seed_rule(r, table, prompt, explanation)
    common = dict(front=prompt, explanation=explanation or "")
    if predict is None or seeds is None:
        return None
    if "measure" in table:
        return read_compare(r, table, setup, common, predict)
    for name in COMPARE_ONLY:
        if name in table:
            r.problem(name, "is only for compare scenarios, which also name a 'measure' "
                            f"({', '.join(MEASURES)})")
    if predict:
        for name in WHICH_KNOB_ONLY:
            if name in table:
                r.problem(name, "is only for which-knob scenarios; remove it or remove 'predict = true'")
        verdict = read_verdict(r, table, "answer", "the verdict the baseline run gets")
        if setup is None or verdict is None:
            return None
        return dict(**common, scenario=Scenario(setup=setup, verdict=Verdict(verdict), seeds=seeds))
    if "goal" not in table:
        r.problem("goal", "is missing: a which-knob scenario names the verdict its right options reach "
                          "(or set 'predict = true' for a predict-the-outcome card)")
        goal = None
    else:
        goal = read_verdict(r, table, "goal", "the verdict a right option's run reaches")
    labels, changes = read_options(r, table, setup)
    answer = r.indexes(table, "answer", len(labels) if labels else None, "option")
    if setup is None or goal is None or labels is None or changes is None or answer is None:
        return None
    scenario = Scenario(setup=setup, changes=tuple(frozen_mapping(c) for c in changes), goal=Verdict(goal),
                        seeds=seeds)
    return dict(**common, options=labels, answer=answer, scenario=scenario)


def read_compare(r: Reader, table: dict, setup, common: dict, predict: bool) -> dict | None:
    """A compare scenario: `change` applied to `setup` moves `measure`; `answer` is the
    direction (higher, lower, same) that must hold on every seed."""
    before = len(r.problems)
    if predict:
        r.problem("predict", "is for predict-the-verdict cards; a compare card (it has a 'measure') "
                             "predicts a direction instead: remove 'predict = true'")
    for name in WHICH_KNOB_ONLY:
        if name in table:
            r.problem(name, "is only for which-knob scenarios; a compare card tests one 'change'")
    statement = r.text(table, "claim", required=False)
    claimed = read_claimed(r, table, statement)
    measure = r.choice(table, "measure", MEASURES, "measure")
    change = read_change(r, table, "", setup)
    direction = r.choice(table, "answer", DIRECTIONS, "direction") if "answer" in table else None
    if "answer" not in table:
        r.problem("answer", f"is missing: it must be the direction the measure moves ({', '.join(DIRECTIONS)})")
    min_effect = positive_number(r, table, "min_effect")
    target = positive_number(r, table, "target")
    if measure is not None and MEASURES[measure].needs_target and "target" not in table:
        r.problem("target", f"is missing: measure {measure!r} counts the epochs until the training loss "
                            "reaches this value")
    elif measure is not None and not MEASURES[measure].needs_target and "target" in table:
        r.problem("target", f"is only for the measure epochs_to_target, not {measure!r}")
    if change is not None and not change:
        r.problem("change", "is empty: a compare card tests what one change of knobs does")
        return None
    if None in (setup, measure, change, direction) or len(r.problems) > before:
        return None
    claim = Claim(setup, frozen_mapping(change), measure, min_effect, target)
    scenario = Scenario(setup=setup, changes=(claim.change,), claim=claim, expect=Direction(direction),
                        statement=statement or "", claimed=Direction(claimed) if claimed else None)
    return dict(**common, scenario=scenario)


def read_claimed(r: Reader, table: dict, statement: str | None) -> str | None:
    """`claimed`: the direction the `claim` itself states for the measure (the material may
    be wrong, so it can differ from `answer`). Required with a claim, since a true/false
    question ("do the runs bear the claim out?") is only fair when the claim's direction
    is written down, not guessed from its words; meaningless without one."""
    if "claimed" not in table:
        if statement:
            r.problem("claimed", "is missing: a card with a 'claim' says which way the claim says the measure "
                                 f"moves ({', '.join(DIRECTIONS)}), whatever the runs show")
        return None
    if not statement:
        r.problem("claimed", "is the direction a 'claim' states: add the claim's words in 'claim', or remove it")
        return None
    return r.choice(table, "claimed", DIRECTIONS, "direction")


def positive_number(r: Reader, table: dict, key: str) -> float | None | bool:
    """An optional number > 0: None when absent, False after noting a problem."""
    if key not in table:
        return None
    value = table[key]
    if not is_number(value) or not 0 < value < float("inf"):
        r.problem(key, f"must be a number greater than 0, not {describe(value) if not is_number(value) else value}")
        return False
    return float(value)


def read_seed_rule(r: Reader, table: dict, prompt: str | None, explanation: str | None) -> str | None:
    """`seeds = "most"` declares a seed-dependent lesson; the text must tell the learner."""
    value = table.get("seeds", "all")
    if value not in SEED_RULES:
        shown = repr(value) if isinstance(value, str) else describe(value)
        r.problem("seeds", f'is {shown}, but must be "all" (the default: the answer holds on every seed) '
                           f'or "most" (on at least 4 of 5 seeds)')
        return None
    if value == "most" and not MOST_WORDS.search(f"{prompt or ''} {explanation or ''}"):
        r.problem("seeds", 'is "most", but neither the prompt nor the explanation says so: a seed-dependent '
                           'lesson must tell the learner (for example "on most seeds …")')
        return None
    return value


def read_verdict(r: Reader, table: dict, key: str, meaning: str) -> str | None:
    if key not in table:
        r.problem(key, f"is missing: it must be {meaning} ({', '.join(VERDICTS)})")
        return None
    value = table[key]
    if not isinstance(value, str) or value not in VERDICTS:
        shown = repr(value) if isinstance(value, str) else describe(value)
        hint = suggestion(value, VERDICTS) if isinstance(value, str) else ""
        r.problem(key, f"is {shown}, not a verdict{hint} (verdicts: {', '.join(VERDICTS)})")
        return None
    return value


MAX_OPTIONS = 9  # keys 1-9 in the drill; with the baseline, the 10 distinct colours of hpquiz.charts


def read_options(r: Reader, table: dict, setup) -> tuple[tuple[str, ...] | None, list | None]:
    """Which-knob options: a list of at least two `{ label = "…", change = { … } }` tables."""
    if "options" not in table:
        r.problem("options", "is missing")
        return None, None
    options = table["options"]
    if not isinstance(options, list) or not all(isinstance(o, dict) for o in options):
        r.problem("options", "must be a list of tables like { label = \"Lower the learning rate\", "
                             f"change = {{ learning_rate = 0.1 }} }}, not {describe(options)}")
        return None, None
    if len(options) < 2:
        r.problem("options", f"has {len(options)} option(s), but a which-knob scenario needs at least 2")
        return None, None
    if len(options) > MAX_OPTIONS:
        r.problem("options", f"has {len(options)} options, but a which-knob scenario has at most {MAX_OPTIONS} "
                             "(the drill's keys 1–9; its chart gives each run a colour of its own)")
        return None, None
    labels, changes, ok = [], [], True
    for i, option in enumerate(options):
        prefix = f"options[{i}]."
        r.unknown_keys(option, ("label", "change"), "an option", prefix=prefix)
        label = r.text(option, "label", prefix=prefix)
        change = read_change(r, option, prefix, setup)
        ok = ok and label is not None and change is not None
        labels.append(label)
        changes.append(change)
    duplicate_options(r, labels, "options")
    return (tuple(labels), changes) if ok else (tuple(labels), None)


READERS = {
    CardType.BASIC: read_front_back,
    CardType.REVERSE: read_front_back,
    CardType.CLOZE: read_cloze,
    CardType.CHOICE: read_choice,
    CardType.SCENARIO: read_scenario,
}

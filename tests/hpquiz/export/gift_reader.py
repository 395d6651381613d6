"""A small GIFT reader for the tests, following Moodle's rules.

Escapes are resolved first into (char, escaped) pairs, so structure is found only
at unescaped `::`, `{`, `}`, `~`, `=`, `#` and `%` — as Moodle's importer does.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field


@dataclass
class Answer:
    right: bool
    weight: float | None
    text: str
    feedback: str


@dataclass
class Question:
    category: str
    name: str
    text: str
    answers: list[Answer] = field(default_factory=list)
    general_feedback: str = ""


Chars = list[tuple[str, bool]]


def tokens(raw: str) -> Chars:
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            out.append((raw[i + 1], True))
            i += 2
        else:
            out.append((raw[i], False))
            i += 1
    return out


def text(chars: Chars, is_html: bool = True) -> str:
    s = "".join(c for c, _ in chars).strip()
    return html.unescape(s.replace("<br>", "\n")) if is_html else s


def find(chars: Chars, needle: str, start: int = 0) -> int:
    for i in range(start, len(chars) - len(needle) + 1):
        if all(chars[i + k] == (needle[k], False) for k in range(len(needle))):
            return i
    return -1


def split_at(chars: Chars, marks: str) -> list[Chars]:
    parts, current = [], []
    for c in chars:
        if c[0] in marks and not c[1]:
            parts.append(current)
            current = [c]
        else:
            current.append(c)
    parts.append(current)
    return parts


WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def parse_answers(body: Chars, is_html: bool) -> tuple[list[Answer], str]:
    """Answers and general feedback, read as Moodle's `qformat_gift::readquestion` does.

    Multiple choice (any unescaped `~`): an `=` answer is fully right and its text is
    taken as is (no `%n%` grade is read after `=`); a `~` answer takes a grade only
    when it starts with a well-formed `%n%`, else 0. Short answer (only `=`): a grade
    when well-formed, else 100. Short-answer answers are plain text, never HTML.
    """
    general = ""
    cut = find(body, "####")
    if cut >= 0:
        general, body = text(body[cut + 4 :], is_html), body[:cut]
    parts = [p for p in split_at(body, "~=") if "".join(c for c, _ in p).strip()]
    multichoice = any(p[0] == ("~", False) for p in parts)
    answers = []
    for part in parts:
        if part[0][1] or part[0][0] not in "~=":
            raise ValueError(f"stray text in answers: {part}")
        rest = part[1:]
        while rest and rest[0][0].isspace():
            rest = rest[1:]
        weight = 100.0 if part[0][0] == "=" else 0.0
        raw = "".join(c if not escaped else "\\" for c, escaped in rest)
        if not (multichoice and part[0][0] == "=") and WEIGHT.match(raw):
            end = raw.index("%", 1)
            weight = float(raw[1:end])
            rest = rest[end + 1 :]
        hash_at = find(rest, "#")
        answer, feedback = (rest, []) if hash_at < 0 else (rest[:hash_at], rest[hash_at + 1 :])
        answers.append(Answer(weight > 0, weight, text(answer, is_html and multichoice), text(feedback, is_html)))
    return answers, general


def matches_short_answer(response: str, pattern: str) -> bool:
    """Moodle's `qtype_shortanswer::compare_string_with_wildcard` (case-insensitive):
    unescaped runs of `*` match anything, `\\*` matches a star."""
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    return re.fullmatch(regexp, response.strip(), re.IGNORECASE) is not None


def parse_gift(source: str) -> list[Question]:
    questions, category = [], ""
    lines = [ln for ln in source.split("\n") if not ln.lstrip().startswith("//")]
    for block in "\n".join(lines).split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            category = block[len("$CATEGORY:") :].strip()
            continue
        chars = tokens(block)
        name = ""
        if find(chars, "::") == 0:
            end = find(chars, "::", 2)
            name, chars = text(chars[2:end], False), chars[end + 2 :]
        is_html = "".join(c for c, _ in chars[:6]) == "[html]"
        if is_html:
            chars = chars[6:]
        open_at, close_at = find(chars, "{"), max(i for i, c in enumerate(chars) if c == ("}", False))
        answers, general = parse_answers(chars[open_at + 1 : close_at], is_html)
        questions.append(Question(category, name, text(chars[:open_at], is_html), answers, general))
    return questions

"""Moodle XML read back as Moodle's importer (`qformat_xml`) reads it, for the tests.

Parsed by expat (strict: a stray `&` or `<` fails). It then checks what Moodle
would refuse or show wrongly: the `<quiz>` root, a known `type` on every
`<question>`, a name and a `<questiontext format="html">`, answer fractions on
Moodle's grade list (within its 0.00001), 100% reachable (single) or positive
grades adding up to 100% (multiple answer), every `@@PLUGINFILE@@/x.png` backed
by a base64 `<file name="x.png">` in the same block (and no unused file), and
embedded cloze answers parsed with a port of `qtype_multianswer`'s ANSWER_REGEX,
and true/false as `qformat_xml::import_truefalse` reads it: two answers whose
texts are exactly `true` and `false` (anything else is read by position, with a
warning), the right one `fraction="100"`, the other `0`, each with its feedback.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from hpquiz.export.moodle_grades import ALLOWED

TYPES = {"category", "multichoice", "shortanswer", "truefalse", "multianswer"}
PLUGINFILE = re.compile(r'@@PLUGINFILE@@/([^"\'<>\s]+)')
# qtype_multianswer: ANSWER_START_REGEX and ANSWER_ALTERNATIVE_REGEX (short answers only).
ALTERNATIVE = r"(=|%(-?[0-9]+(?:[.,][0-9]*)?)%)?(.+?(?<!\\|&)(?<!&amp;)(?=[~#}]|$))(#(.*?(?<!\\)(?=[~}]|$)))?"
EMBEDDED = re.compile(r"\{([0-9]*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC):(" + ALTERNATIVE + r"(~" + ALTERNATIVE + r")*)\}", re.S)


class Refused(AssertionError):
    """Moodle's importer would refuse this question (or show it wrongly)."""


@dataclass
class Answer:
    fraction: float
    text: str
    feedback: str


@dataclass
class Question:
    type: str
    category: str
    name: str = ""
    text: str = ""
    general_feedback: str = ""
    idnumber: str = ""
    single: bool | None = None
    answers: list[Answer] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    embedded: list[list[Answer]] = field(default_factory=list)
    right: str = ""  # truefalse: "true" or "false", the answer Moodle marks right


def on_moodle_list(fraction: float) -> bool:
    return any(abs(abs(fraction) - f) < 0.00001 for f in (0.0, *ALLOWED))


def block(element: ET.Element, tag: str, where: str) -> tuple[str, dict[str, bytes]]:
    found = element.find(tag)
    if found is None:
        return "", {}
    text = found.findtext("text")
    if text is None:
        raise Refused(f"{where}: <{tag}> without <text>")
    files = {}
    for f in found.findall("file"):
        if f.get("encoding") != "base64" or not f.get("name"):
            raise Refused(f"{where}: <file> needs name and encoding=base64")
        files[f.get("name")] = base64.b64decode(f.text or "", validate=True)
    used = set(PLUGINFILE.findall(text))
    if used != set(files):
        raise Refused(f"{where}: <{tag}> refers to {sorted(used)} but carries {sorted(files)}")
    return text, files


def embedded_answers(text: str, where: str) -> list[list[Answer]]:
    subs = []
    for m in EMBEDDED.finditer(text):
        alternatives = []
        for alt in re.finditer(r"~?" + ALTERNATIVE, m.group(3), re.S):
            fraction = 1.0 if alt.group(1) == "=" else float(alt.group(2) or 0) / 100
            answer = html.unescape(alt.group(3)).replace("\\}", "}").replace("\\#", "#")
            alternatives.append(Answer(fraction, answer, alt.group(5) or ""))
        if not any(a.fraction == 1.0 for a in alternatives):
            raise Refused(f"{where}: embedded answer without a 100% alternative")
        subs.append(alternatives)
    if not subs:
        raise Refused(f"{where}: a multianswer question with no embedded answer")
    return subs


def true_false(q: Question, where: str) -> None:
    """import_truefalse: the `true` answer's fraction decides which is right (100 = true)."""
    texts = sorted(a.text for a in q.answers)
    if texts != ["false", "true"]:
        raise Refused(f"{where}: a true/false question needs answers 'true' and 'false', not {texts}")
    if sorted(a.fraction for a in q.answers) != [0.0, 1.0]:
        raise Refused(f"{where}: one of true/false must be fraction 100 and the other 0")
    if not all(a.feedback.strip() for a in q.answers):
        raise Refused(f"{where}: a true/false answer without feedback")
    q.right = next(a.text for a in q.answers if a.fraction == 1.0)


def parse_moodle_xml(data: bytes) -> list[Question]:
    root = ET.fromstring(data)
    if root.tag != "quiz":
        raise Refused(f"root is <{root.tag}>, not <quiz>")
    questions, category = [], ""
    for element in root:
        if element.tag is ET.Comment:
            continue
        if element.tag != "question" or element.get("type") not in TYPES:
            raise Refused(f"unexpected <{element.tag} type={element.get('type')!r}>")
        kind = element.get("type")
        if kind == "category":
            category = element.findtext("category/text") or ""
            continue
        name = element.findtext("name/text") or ""
        where = f"question {name!r}"
        if not name.strip():
            raise Refused("a question without a name")
        qtext = element.find("questiontext")
        if qtext is None or qtext.get("format") != "html":
            raise Refused(f'{where}: needs <questiontext format="html">')
        text, files = block(element, "questiontext", where)
        general, general_files = block(element, "generalfeedback", where)
        q = Question(kind, category, name, text, general, element.findtext("idnumber") or "",
                     files={**files, **general_files})
        for a in element.findall("answer"):
            fraction = float(a.get("fraction")) / 100
            if not on_moodle_list(fraction):
                raise Refused(f"{where}: grade {a.get('fraction')}% is not one Moodle accepts")
            q.answers.append(Answer(fraction, a.findtext("text") or "", a.findtext("feedback/text") or ""))
        if kind == "multichoice":
            q.single = element.findtext("single") == "true"
            if len(q.answers) < 2:
                raise Refused(f"{where}: fewer than two choices")
            if q.single and max(a.fraction for a in q.answers) != 1.0:
                raise Refused(f"{where}: no 100% choice")
            if not q.single and round(sum(a.fraction for a in q.answers if a.fraction > 0), 2) != 1.0:
                raise Refused(f"{where}: positive grades do not add up to 100%")
        elif kind == "truefalse":
            true_false(q, where)
        elif kind == "shortanswer" and not any(a.fraction == 1.0 for a in q.answers):
            raise Refused(f"{where}: no 100% answer")
        elif kind == "multianswer":
            q.embedded = embedded_answers(text, where)
        questions.append(q)
    return questions

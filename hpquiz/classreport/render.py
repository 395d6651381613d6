"""The class report as one self-contained HTML page, and the gradebook as CSV."""

from __future__ import annotations

import csv
import html
from pathlib import Path

from hpquiz.classreport.summary import ClassReport
from hpquiz.words import plural

CSS = """body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #1b1b1b; }
table { border-collapse: collapse; margin: .6em 0 1.4em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f2f2f2; }
.diag { font-weight: bold; background: #eef6ee; }
.skipped li, .twice { color: #8a1c1c; }
.explanation { color: #333; font-size: .92em; }
"""

GRADEBOOK = ("learner", "file", "cards_studied", "reviews", "retention", "streak_days", "drills", "drill_accuracy")


def pct(value) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def esc(text) -> str:
    return html.escape(str(text))


def gradebook_rows(report: ClassReport) -> list[list[str]]:
    rows = []
    for learner in report.learners:
        s = learner.summary
        rows.append([learner.name, learner.source.name, str(s.get("cards_studied", 0)), str(s.get("reviews", 0)),
                     "" if s.get("retention") is None else f"{s['retention']:.3f}", str(s.get("streak_days", 0)),
                     str(s.get("drills", 0)),
                     "" if s.get("drill_accuracy") is None else f"{s['drill_accuracy']:.3f}"])
    return rows


def twice(report: ClassReport) -> dict[str, list[str]]:
    """Learners found in more than one file (a database and its export, say): the file
    counted first, then the repeats, by the counted learner's name."""
    files: dict[str, list[str]] = {}
    for repeat in report.repeats:
        files.setdefault(repeat.name, [repeat.counted.name]).append(repeat.source.name)
    return files


def write_csv(report: ClassReport, path: Path) -> None:
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(GRADEBOOK)
        writer.writerows(gradebook_rows(report))
    tmp.replace(path)


def table(headers, rows, numeric=()) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{esc(v)}</td>' if i in numeric else f"<td>{esc(v)}</td>"
                         for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def confusion_html(report: ClassReport) -> str:
    if not report.confusion:
        return "<p>No predict drills in these files.</p>"
    predicted = sorted({p for p, _ in report.confusion})
    simulated = sorted({s for _, s in report.confusion})
    head = "<th>predicted ↓ / simulated →</th>" + "".join(f"<th>{esc(s.replace('_', ' '))}</th>" for s in simulated)
    rows = []
    for p in predicted:
        cells = []
        for s in simulated:
            n = report.confusion.get((p, s), 0)
            cells.append(f'<td class="n{" diag" if p == s else ""}">{n or ""}</td>')
        rows.append(f"<tr><th>{esc(p.replace('_', ' '))}</th>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def render_html(report: ClassReport, title: str = "Class report") -> str:
    n = len(report.learners)
    parts = [f"<h1>{esc(title)}</h1>", f"<p>{plural(n, 'learner')} from {plural(n + len(report.repeats), 'file')} read; {len(report.skipped)} skipped.</p>"]
    for name, files in twice(report).items():
        whys = sorted({r.why for r in report.repeats if r.name == name})
        parts.append(f'<p class="twice">{esc(name)} handed in {len(files)} files ({esc(", ".join(files))}), '
                     f"{esc(' and '.join(whys))}: counted once, from {esc(files[0])} (the one with the most "
                     "reviews).</p>")
    parts.append("<h2>Learners</h2>")
    parts.append(table(("learner", "file", "cards studied", "reviews", "true retention", "streak (days)", "drills",
                        "drill accuracy"),
                       [[r[0], r[1], r[2], r[3], pct(l.summary.get("retention")), r[5], r[6],
                         pct(l.summary.get("drill_accuracy"))]
                        for r, l in zip(gradebook_rows(report), report.learners, strict=True)],
                       numeric=(2, 3, 4, 5, 6, 7)))
    parts.append("<h2>Topics</h2>")
    parts.append(table(("topic", "learners who got a card wrong", "learners who studied it"),
                       [(t.replace("-", " "), w, s) for t, w, s in report.topics], numeric=(1, 2)))
    parts.append("<h2>Cards most often wrong</h2>")
    parts.append(table(("card", "deck", "topic", "learners wrong", "of learners", "wrong answers"),
                       [(c.card_id, c.deck, c.topic, c.wrong, c.learners, c.wrong_answers)
                        for c in report.cards if c.wrong][:40], numeric=(3, 4, 5)))
    parts.append("<h2>Drills: predicted against simulated verdict</h2>")
    parts.append(confusion_html(report))
    parts.append("<h2>Most-missed scenario cards</h2>")
    if report.missed:
        items = []
        for m in report.missed:
            text = f"<li><b>{esc(m.card_id)}</b>: missed {m.misses} of {m.drills} drills"
            if m.prompt:
                text += f"<br>{esc(m.prompt)}"
            if m.explanation:
                text += f'<div class="explanation">{esc(m.explanation)}</div>'
            items.append(text + "</li>")
        parts.append("<ol>" + "".join(items) + "</ol>")
    else:
        parts.append("<p>No missed drill.</p>")
    if report.skipped:
        parts.append("<h2>Skipped files</h2><ul class=\"skipped\">"
                     + "".join(f"<li>{esc(p.name)}: {esc(reason)}</li>" for p, reason in report.skipped) + "</ul>")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head>\n<body>\n" + "\n".join(parts) + "\n</body>\n</html>\n")


def write_html(report: ClassReport, path: Path) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(render_html(report), encoding="utf-8")
    tmp.replace(path)

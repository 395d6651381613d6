"""Printing on a terminal that cannot show Unicode (`LC_ALL=C`, an old SSH session, a pipe to ASCII).

hpquiz prints ellipses, box lines, arrows, Greek letters and Turkish text. Where
the output stream's encoding cannot represent a character, Python raises
`UnicodeEncodeError` in the middle of a table. Instead, the CLI switches its
streams to the `hpquiz-plain` error handler: a character that does not fit is
written as its closest ASCII spelling ("…" as "...", "ğ" as "g", "β" as "beta"),
else as "?". Nothing changes on a UTF-8 terminal.
"""

from __future__ import annotations

import codecs
import io
import unicodedata

HANDLER = "hpquiz-plain"

# Characters NFKD does not reduce to ASCII, spelled as a reader would expect.
SPELLED = {
    "…": "...", "–": "-", "—": "-", "−": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"',
    "·": ".", "•": "*", "●": "*", "○": "o", "◆": "*", "▪": "*", "✓": "v", "✔": "v", "✗": "x", "✘": "x",
    "×": "x", "÷": "/", "→": "->", "←": "<-", "↑": "^", "↓": "v", "⇒": "=>", "≈": "~", "≤": "<=", "≥": ">=",
    "≠": "!=", "±": "+/-", "°": " deg", "²": "^2", "³": "^3", "√": "sqrt", "∞": "inf", "∑": "sum",
    "ı": "i", "İ": "I", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta",
    "λ": "lambda", "μ": "mu", "σ": "sigma", "τ": "tau", "Δ": "Delta", "Σ": "Sigma",
    "─": "-", "━": "-", "│": "|", "┃": "|", "═": "=", "║": "|", "█": "#", "▇": "#", "▆": "#", "▅": "=",
    "▄": "=", "▃": "-", "▂": "_", "▁": "_", "░": ".", "▒": ":", "▓": "#", "⣿": "#",
}


def plain(char: str) -> str:
    """The ASCII spelling of one character ("?" when there is none)."""
    if char in SPELLED:
        return SPELLED[char]
    if 0x2500 <= ord(char) <= 0x257F:  # box drawing corners and joints
        return "+"
    if 0x2800 <= ord(char) <= 0x28FF:  # braille dots (terminal charts)
        return "." if char != "\u2800" else " "
    decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return decomposed or "?"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(plain(c) for c in text), error.end


codecs.register_error(HANDLER, _fallback)


def can_encode(stream: object, sample: str = "…─ğβ✓") -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def make_printable(*streams: object) -> None:
    """Give each text stream that cannot encode Unicode the ASCII fallback (others are left alone)."""
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper) and not can_encode(stream):
            stream.reconfigure(errors=HANDLER)

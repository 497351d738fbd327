"""Chinese line breaking for the ticket and the notices (禁则: what may not start or end a line).

A line may break between any two CJK characters, but

* never before a closing punctuation mark: none of 、，。：；？！）」』 (and their kin) starts
  a line;
* never after an opening mark — （「『《 do not end a line;
* never inside a run of Latin letters and digits — document numbers, phone numbers, dates, codes
  and URLs move to the next line whole (a run wider than a whole line is the only exception).

When the break point would put a closing mark at the start of a line, the break moves back: the
character before it goes down with it (追い出し). The width is measured by a function the caller
gives, in whatever unit it draws in (pixels for Pillow, points for reportlab).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["NO_LINE_END", "NO_LINE_START", "break_lines", "tokens"]

# Closing punctuation, full and half width, and marks that lean on the character before them.
NO_LINE_START = frozenset("、，。．：；？！）」』】〕〗》〉”’…‥—～％‰·・,.:;?!)]}%々ー")
NO_LINE_END = frozenset("（「『【〔〖《〈“‘([{")

# A run of letters and digits, joined by the separators codes and URLs use inside them.
_RUN = re.compile(r"[A-Za-z0-9]+(?:[-._/:?=&#+@~*]+[A-Za-z0-9*]+)*\*?")


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: a Latin/digit run, or one other character."""
    out: list[str] = []
    pos = 0
    for match in _RUN.finditer(text):
        out.extend(text[pos : match.start()])
        out.append(match.group())
        pos = match.end()
    out.extend(text[pos:])
    return out


def _bad_break(before: str, after: str) -> bool:
    return after[0] in NO_LINE_START or before[-1] in NO_LINE_END


def _break_paragraph(
    text: str, width: float, measure: Callable[[str], float], first_indent: float
) -> list[str]:
    toks = tokens(text)
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    i = 0
    while i < len(toks):
        tok = toks[i]
        w = measure(tok)
        if not cur and tok.isspace():
            i += 1  # no line starts with a space
            continue
        limit = width - first_indent if not lines else width
        if not cur or cur_w + w <= limit:
            if not cur and w > limit and len(tok) > 1:
                toks[i : i + 1] = list(tok)  # wider than a line on its own: split it
                continue
            cur.append(tok)
            cur_w += w
            i += 1
            continue
        # `tok` does not fit: break before it, or further back if that breaks a rule.
        b = len(cur)
        while b > 0 and _bad_break(cur[b - 1], cur[b] if b < len(cur) else tok):
            b -= 1
        if b == 0:  # the whole line is one unbreakable piece: let the mark hang
            cur.append(tok)
            cur_w += w
            i += 1
            continue
        lines.append("".join(cur[:b]).rstrip())
        cur = cur[b:]
        while cur and cur[0].isspace():
            cur.pop(0)
        cur_w = sum(measure(t) for t in cur)
    if cur or not lines:
        lines.append("".join(cur).rstrip())
    return lines


def break_lines(
    text: str, width: float, measure: Callable[[str], float], first_indent: float = 0.0
) -> list[str]:
    """`text` broken into lines no wider than `width`; explicit newlines are kept, and the first
    line of each paragraph is `first_indent` narrower."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_break_paragraph(paragraph, width, measure, first_indent))
    return lines

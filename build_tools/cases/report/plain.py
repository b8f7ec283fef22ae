"""Case text (Markdown) as plain text for the report: labels, table cells, a prompt's paragraphs.

The case tools do not render Markdown (that is the site's job, and they never import it), and
a prompt reads well as its source: paragraphs, list items on their own lines, emphasis marks
dropped. The result is text; the templates escape it.

>>> paragraphs("请把客服的 K3、K4 两句\\n改成一段**合格的回应**。\\n\\n- 称呼得体\\n- 先安抚")
['请把客服的 K3、K4 两句改成一段合格的回应。', '- 称呼得体\\n- 先安抚']
>>> label("致歉或表示理解（不只是「别着急」）", 16)
'致歉或表示理解…'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["label", "one_line", "paragraphs"]

_MARKS = re.compile(r"\*\*|__|`")
_BLOCK_LINE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\|)")
"""A line that stands on its own in Markdown: a list item or a table row."""


def paragraphs(markdown: str) -> list[str]:
    """The paragraphs of a case text; a paragraph of list items or table rows keeps its lines."""
    found = []
    for block in re.split(r"\n\s*\n", str(markdown or "").strip()):
        lines = [line.rstrip() for line in _MARKS.sub("", block).splitlines() if line.strip()]
        if not lines:
            continue
        if any(_BLOCK_LINE.match(line) for line in lines):
            found.append("\n".join(lines))
        else:
            found.append(_joined(line.strip() for line in lines))
    return found


def one_line(markdown: str) -> str:
    """A case text on one line, without emphasis marks."""
    return _joined(_MARKS.sub("", str(markdown or "")).split())


def label(text: str, width: int) -> str:
    """`text` in at most `width` half-width columns (a Chinese character is two): cut, with an
    ellipsis in the last column, when it is wider."""
    if sum(2 if _wide(char) else 1 for char in text) <= width:
        return text
    used = 0
    for index, char in enumerate(text):
        used += 2 if _wide(char) else 1
        if used > width - 1:
            return text[:index] + "…"
    return text


def _joined(pieces) -> str:
    """Pieces joined as Chinese text is: no space next to a Chinese character, a space between words."""
    text = ""
    for piece in pieces:
        if text and not (_wide(text[-1]) or _wide(piece[0])):
            text += " "
        text += piece
    return text


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")

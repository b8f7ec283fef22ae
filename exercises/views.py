"""What a question shows before its widget runs, as data: the case page's view without JavaScript.

Each question type describes its own (``static_view`` in :class:`exercises.QuestionType`), so a
new type brings its page fallback with it; ``build_tools.site.pages`` turns the blocks into
HTML. Why data and not HTML: the grader package stays free of markup, and one renderer
escapes every piece of case text alike. Nothing here may reveal the key: options and items
are listed in the order shown, without correctness or feedback.

>>> Listing(ListKind.OPTIONS, (("a", "甲"),)).entries
(('a', '甲'),)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

__all__ = ["Block", "Hint", "ListKind", "Listing", "listing"]


class ListKind(Enum):
    """What a listing holds; the page marks each entry with ``data-<value>="<id>"``."""

    OPTIONS = "option"
    ITEMS = "item"
    CATEGORIES = "category"
    TAGS = "tag"
    LINES = "line"  # transcript lines, shown as links to the lines in the dialogue


@dataclass(frozen=True)
class Hint:
    """One sentence telling the reader what to do (plain text)."""

    text: str


@dataclass(frozen=True)
class Listing:
    """Entries the question offers, as (id, plain text) in the order shown; `ids_shown`: print each id before its text."""

    kind: ListKind
    entries: tuple[tuple[str, str], ...]
    ids_shown: bool = False


Block = Hint | Listing


def listing(kind: ListKind, entries: list[dict[str, Any]], text_key: str = "text", *, ids_shown: bool = False) -> Listing:
    """A listing of the case file's entries (each a mapping with ``id`` and `text_key`)."""
    return Listing(kind, tuple((str(entry["id"]), str(entry[text_key])) for entry in entries), ids_shown)

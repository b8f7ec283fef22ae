"""Two fixes to the pages Material's template renders, applied to the finished HTML.

1. **Names.** Material 9 renders, on every page, a loading bar ``role="progressbar"``
   and the search box ``role="dialog"`` with no name: axe rates both "serious"
   (aria-progressbar-name, aria-dialog-name), and a screen reader announces a bare
   "progress bar" and "dialog". Each gets an ``aria-label``.
2. **Storage that throws.** Material's inline ``__md_get`` reads ``localStorage`` with
   no ``try``, and ``__md_set`` reads it in a default argument before its ``try``: where
   the browser forbids storage (a locked-down school profile, some privacy modes) every
   page throws uncaught SecurityErrors while loading. A one-line script right after
   Material's makes both return quietly; the course keeps answers in memory then and
   says so.

Overriding Material's partials would mean carrying copies of its templates; adding the
missing pieces to the rendered page is smaller and survives theme updates. A page where
an element no longer looks as expected is left as it is, and ``unfixed`` tells the plugin,
which warns (and ``mkdocs build --strict`` fails).

    >>> fix_theme('<div class="md-progress" data-md-component="progress" role="progressbar">')
    '<div class="md-progress" data-md-component="progress" role="progressbar" aria-label="页面加载进度">'
"""

from __future__ import annotations

import re

__all__ = ["LABELS", "SAFE_STORAGE", "fix_theme", "unfixed"]

LABELS: dict[str, str] = {
    '<div class="md-progress" data-md-component="progress" role="progressbar">': "页面加载进度",
    '<div class="md-search" data-md-component="search" role="dialog">': "搜索",
}
"""Opening tag as Material renders it → the name it gets."""

SAFE_STORAGE = (
    "<script>{const get=__md_get,set=__md_set;"
    "__md_get=(...a)=>{try{return get(...a)}catch{return null}};"
    "__md_set=(...a)=>{try{set(...a)}catch{}}}</script>"
)
"""Wraps Material's storage helpers so a refused ``localStorage`` reads as empty."""

_STORAGE_HELPERS = re.compile(r"<script>__md_scope=(?:(?!</script>).)*?__md_get=(?:(?!</script>).)*?__md_set=(?:(?!</script>).)*?</script>", re.S)


def fix_theme(page_html: str) -> str:
    """`page_html` with the known unnamed elements named and Material's storage helpers made safe."""
    for tag, label in LABELS.items():
        page_html = page_html.replace(tag, f'{tag[:-1]} aria-label="{label}">', 1)
    return _STORAGE_HELPERS.sub(lambda match: match.group(0) + SAFE_STORAGE, page_html, count=1)


def unfixed(page_html: str) -> list[str]:
    """What a full page has but not in the form expected (the theme changed), before fixing."""
    problems = [tag for tag in LABELS if tag.split(" ", 2)[1] in page_html and tag not in page_html]
    if "__md_get=" in page_html and not _STORAGE_HELPERS.search(page_html):
        problems.append("__md_get/__md_set")
    return problems

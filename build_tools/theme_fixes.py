"""Accessible names for two elements of Material's page template that ship without one.

Material 9 renders, on every page, a loading bar ``role="progressbar"`` and the search
box ``role="dialog"`` with no name: axe rates both "serious" (aria-progressbar-name,
aria-dialog-name), and a screen reader announces them as a bare "progress bar" and
"dialog". Overriding the two partials would mean carrying copies of Material's
templates; adding the one missing attribute to the rendered page is smaller and
survives theme updates. A page where the element no longer looks as expected is left
as it is (``missing_labels`` tells the plugin, which warns).

    >>> label_theme('<div class="md-progress" data-md-component="progress" role="progressbar">')
    '<div class="md-progress" data-md-component="progress" role="progressbar" aria-label="页面加载进度">'
"""

from __future__ import annotations

__all__ = ["LABELS", "label_theme", "missing_labels"]

LABELS: dict[str, str] = {
    '<div class="md-progress" data-md-component="progress" role="progressbar">': "页面加载进度",
    '<div class="md-search" data-md-component="search" role="dialog">': "搜索",
}
"""Opening tag as Material renders it → the name it gets."""


def label_theme(page_html: str) -> str:
    """`page_html` with each known unnamed element given its ``aria-label``."""
    for tag, label in LABELS.items():
        page_html = page_html.replace(tag, f'{tag[:-1]} aria-label="{label}">', 1)
    return page_html


def missing_labels(page_html: str) -> list[str]:
    """The known elements a full page has, unnamed, but not in the expected form (theme changed)."""
    return [tag for tag in LABELS if tag.split(" ", 2)[1] in page_html and tag not in page_html]

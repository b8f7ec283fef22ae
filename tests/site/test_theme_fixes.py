"""build_tools.theme_labels: Material's unnamed loading bar and search dialog get names."""

from __future__ import annotations

import pytest

from build_tools.theme_labels import label_theme, missing_labels

PROGRESS = '<div class="md-progress" data-md-component="progress" role="progressbar">'
SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'

CASES = [
    ("loading bar", PROGRESS, '<div class="md-progress" data-md-component="progress" role="progressbar" aria-label="页面加载进度">'),
    ("search dialog", SEARCH, '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'),
    ("anything else stays", '<div class="md-header">', '<div class="md-header">'),
]


@pytest.mark.parametrize("label, page, expected", CASES, ids=[c[0] for c in CASES])
def test_label_theme(label: str, page: str, expected: str) -> None:
    assert label_theme(page) == expected


MISSING = [
    ("as Material renders it", PROGRESS + SEARCH, []),
    ("no such element (a page without search)", "<div></div>", []),
    ("the template changed", '<div class="md-progress" role="progressbar" data-x>', [PROGRESS]),
]


@pytest.mark.parametrize("label, page, expected", MISSING, ids=[c[0] for c in MISSING])
def test_missing_labels_reports_a_changed_template(label: str, page: str, expected: list[str]) -> None:
    assert missing_labels(page) == expected


def test_every_built_page_names_both(built_site) -> None:
    unnamed = [str(p.relative_to(built_site.root)) for p in built_site.pages()
               if 'aria-label="页面加载进度"' not in (text := p.read_text(encoding="utf-8")) or 'role="dialog" aria-label="搜索"' not in text]
    assert unnamed == []

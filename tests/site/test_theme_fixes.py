"""build_tools.site.theme_fixes: Material's unnamed loading bar and search dialog get names,
and its storage helpers stop throwing where storage is forbidden."""

from __future__ import annotations

import pytest

from build_tools.site.theme_fixes import SAFE_STORAGE, fix_theme, unfixed

PROGRESS = '<div class="md-progress" data-md-component="progress" role="progressbar">'
SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'
HELPERS = ('<script>__md_scope=new URL(".",location),__md_get=(e,_=localStorage)=>JSON.parse(_.getItem(e)),'
           '__md_set=(e,_,t=localStorage)=>{try{t.setItem(e,_)}catch(e){}}</script>')

CASES = [
    ("loading bar", PROGRESS, '<div class="md-progress" data-md-component="progress" role="progressbar" aria-label="页面加载进度">'),
    ("search dialog", SEARCH, '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'),
    ("storage helpers are wrapped right after", HELPERS + "<p>", HELPERS + SAFE_STORAGE + "<p>"),
    ("anything else stays", '<div class="md-header">', '<div class="md-header">'),
]


@pytest.mark.parametrize("label, page, expected", CASES, ids=[c[0] for c in CASES])
def test_fix_theme(label: str, page: str, expected: str) -> None:
    assert fix_theme(page) == expected


UNFIXED = [
    ("as Material renders it", PROGRESS + SEARCH + HELPERS, []),
    ("no such element (a page without search)", "<div></div>", []),
    ("the loading bar changed", '<div class="md-progress" role="progressbar" data-x>', [PROGRESS]),
    ("the storage helpers changed", "<script>__md_get=function(){}</script>", ["__md_get/__md_set"]),
]


@pytest.mark.parametrize("label, page, expected", UNFIXED, ids=[c[0] for c in UNFIXED])
def test_unfixed_reports_a_changed_template(label: str, page: str, expected: list[str]) -> None:
    assert unfixed(page) == expected


FIXED_MARKS = ('aria-label="页面加载进度"', 'role="dialog" aria-label="搜索"', SAFE_STORAGE)


def test_every_built_page_is_fixed(built_site) -> None:
    texts = {str(p.relative_to(built_site.root)): p.read_text(encoding="utf-8") for p in built_site.pages()}
    assert [name for name, text in texts.items() if not all(mark in text for mark in FIXED_MARKS)] == []

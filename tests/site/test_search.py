"""Chinese search works in a real browser: a course term puts its chapter first.

Typed into Material's search box exactly as a student would. Material reacts to
``keyup``, which Playwright's typing of CJK text does not send, so the test presses
End afterwards. Needs jieba at build time, the zh separator and the segmenter fix
(build_tools/site/search.py); without any of them at least one row fails.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SEARCHES = [
    ("服务补救", "chapters/recovery/"),
    ("关键时刻", "chapters/encounters/"),
    ("SERVQUAL", "chapters/quality/"),
    ("差距模型", "chapters/quality/"),
    ("servqual", "chapters/quality/"),
    ("三元组合", "chapters/encounters/"),
    ("移情性", "chapters/quality/"),
    ("补救悖论", "chapters/recovery/"),
    ("复原性", "chapters/encounters/"),
]


def result_pages(site_page, query: str) -> list[str]:
    """The URL paths of the pages the search results for `query` list, in order."""
    first_result(site_page, query)
    hrefs = site_page.page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href') || '')")
    paths = [href.split("?", 1)[0].split("#", 1)[0].replace(site_page.base, "") for href in hrefs]
    return list(dict.fromkeys(paths))


def first_result(site_page, query: str) -> str:
    """The URL path of the first search result for `query`."""
    page = site_page.page
    box = page.locator("input.md-search__input")
    box.click()  # desktop width: the search box is in the header
    box.fill("")
    box.type(query)
    box.press("End")
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    first.wait_for(state="attached", timeout=15_000)
    href = first.get_attribute("href") or ""
    return href.split("?", 1)[0].split("#", 1)[0].replace(site_page.base, "")


def test_each_term_finds_its_chapter_first(site_page) -> None:
    """The chapter that teaches the term comes first, or right after the term's own entry in the
    glossary (a one-line definition that links to that chapter; its exact title wins in Material's
    ranking even at a tenth of the weight)."""
    found = {}
    for query, _ in SEARCHES:
        site_page.open("")  # a fresh results list: an old one would answer for the next query
        found[query] = result_pages(site_page, query)
    wrong = [f"{query}: results {found[query][:3]!r}, expected {expected!r} first (after the glossary at most)"
             for query, expected in SEARCHES
             if found[query][:1] != [expected] and found[query][:2] != ["glossary/", expected]]
    assert not wrong, "\n".join(wrong)


def test_results_show_no_zero_width_spaces(site_page) -> None:
    """The index keeps jieba's U+200B (search splits on it); the results shown do not."""
    page = site_page.page
    site_page.open("")
    first_result(site_page, "服务补救")
    page.wait_for_function("document.querySelector('.md-search-result__list').textContent.includes('补救')")
    shown = page.locator(".md-search-result__list").evaluate("list => list.textContent")
    indexed = page.evaluate(
        "fetch(new URL('search/search_index.json', document.baseURI).href).then(r => r.text())"
    )
    assert "\\u200b" in indexed or "\u200b" in indexed, "the index lost its word separators: the test would prove nothing"
    assert "\u200b" not in shown, f"zero-width space shown in a result: {shown[:200]!r}"


def test_highlight_marks_the_term_on_the_result_page(site_page) -> None:
    site_page.open("")
    first_result(site_page, "服务补救")
    site_page.page.locator(".md-search-result__item > a.md-search-result__link").first.click()
    site_page.page.wait_for_url("**/chapters/recovery/**")
    marks = site_page.page.locator("article mark")
    marks.first.wait_for(state="attached", timeout=10_000)
    assert set(marks.all_text_contents()) == {"服务补救"}

"""Case pages start Material's search worker only once the grader no longer needs the CPU.

Building the search index takes a few hundred milliseconds of CPU; on a two-core machine
that time came out of CPython's start (grader-boot.js). So on a case page the search
worker is held back until the grader is ready, or at once when the student opens search.
Search must work in both cases, and chapter pages must not be held back at all.

The grader is kept loading by holding the checker bundle's request in Playwright's
router until the test lets it go.
"""

from __future__ import annotations

import pytest

from course_ui import wait_ready

pytestmark = pytest.mark.browser

B1 = "b1-phone-drops"
SEARCH_WORKER = "workers/search."
HELD_MS = 1500


def is_search_worker(url: str) -> bool:
    return SEARCH_WORKER in url


def hold_checker(page) -> list:
    """Hold every request for the checker bundle; returns the held routes."""
    held: list = []
    page.route("**/assets/checker/*.zip", lambda route: held.append(route))
    return held


def search_results(page, query: str) -> list[str]:
    """Type `query` in the header's search box; the result links' paths."""
    box = page.locator("input.md-search__input")
    box.click()
    box.type(query)
    box.press("End")
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    first.wait_for(state="attached", timeout=15_000)
    return page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


def test_the_search_worker_waits_until_the_grader_is_ready(page, site_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if is_search_worker(request.url) else None)
    held = hold_checker(page)
    page.goto(f"{site_url}cases/{B1}/")
    page.wait_for_selector(f'[data-case="{B1}"][data-case-ready]')
    page.wait_for_timeout(HELD_MS)
    assert page.evaluate("document.documentElement.dataset.searchGate") == "held"
    assert requested == []

    for route in held:
        route.continue_()
    wait_ready(page, B1)
    page.wait_for_function("document.documentElement.dataset.searchGate === 'open'")
    page.wait_for_timeout(300)
    assert len(requested) == 1


def test_search_works_on_a_case_page_once_the_grader_is_ready(page, site_url):
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    assert "/chapters/recovery/" in search_results(page, "服务补救")


def test_opening_search_starts_it_while_the_grader_is_still_loading(page, site_url):
    held = hold_checker(page)
    page.goto(f"{site_url}cases/{B1}/")
    page.wait_for_selector(f'[data-case="{B1}"][data-case-ready]')
    assert "/chapters/recovery/" in search_results(page, "服务补救")
    assert page.evaluate("document.documentElement.dataset.searchGate") == "open"
    assert page.locator(f'[data-case="{B1}"]').get_attribute("data-grader") == "loading"
    for route in held:
        route.continue_()


def test_the_search_shortcut_opens_the_gate(page, site_url):
    hold_checker(page)
    page.goto(f"{site_url}cases/{B1}/")
    page.wait_for_selector(f'[data-case="{B1}"][data-case-ready]')
    page.keyboard.press("/")
    page.wait_for_function("document.documentElement.dataset.searchGate === 'open'", timeout=5_000)


def test_chapter_pages_start_search_at_once(page, site_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url) if is_search_worker(request.url) else None)
    page.goto(f"{site_url}chapters/recovery/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.evaluate("document.documentElement.dataset.searchGate") is None
    assert len(requested) == 1

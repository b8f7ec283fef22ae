"""Fixtures of the exercise-runtime browser tests (the site, server and Chromium come from tests/conftest.py).

* ``case_data(case_id)`` — the per-case JSON the built site ships (what the browser grades);
* ``python_grade(case_id, qid, answer)`` — CPython's ``exercises.grade`` on that same question;
* ``fresh_page`` — one page in a new, empty browser profile (1300 px wide), no page errors allowed;
* ``case_pages`` — one browser context per test module, with one open, graded-ready page per
  case, reused by the table-driven widget tests (each test resets its question first), so a
  module pays Pyodide's cold start once per case instead of once per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import exercises
from course_ui import wait_ready


@pytest.fixture(scope="session")
def case_data(built_site) -> Callable[[str], dict]:
    """The shipped JSON of a case, by id."""
    cache: dict[str, dict] = {}

    def load(case_id: str) -> dict:
        if case_id not in cache:
            (path,) = Path(built_site.root, "assets", "cases").glob(f"{case_id}.*.json")
            cache[case_id] = json.loads(path.read_text(encoding="utf-8"))
        return cache[case_id]

    return load


@pytest.fixture(scope="session")
def python_grade(case_data) -> Callable[[str, str, Any], dict]:
    """CPython's grade of `answer` for question `qid` exactly as the browser receives it."""

    def grade(case_id: str, qid: str, answer: Any) -> dict:
        q = next(q for q in case_data(case_id)["questions"] if q["id"] == qid)
        return exercises.grade(q, json.loads(json.dumps(answer)))

    return grade


class CasePages:
    """Lazily opened, ready case pages of one browser context."""

    def __init__(self, context, base: str) -> None:
        self.context = context
        self.base = base
        self.pages: dict[str, Any] = {}
        self.errors: list[str] = []

    def __call__(self, case_id: str):
        if case_id not in self.pages:
            page = self.context.new_page()
            page.on("pageerror", lambda error: self.errors.append(str(error)))
            page.goto(f"{self.base}cases/{case_id}/")
            wait_ready(page)
            self.pages[case_id] = page
        page = self.pages[case_id]
        page.bring_to_front()  # a background tab gets no animation frames: clicks would wait ~2 s for "stable"
        return page


@pytest.fixture(scope="module")
def case_pages(browser, site_url: str) -> Iterator[CasePages]:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    pages = CasePages(context, site_url)
    yield pages
    context.close()
    assert pages.errors == [], "页面抛出了未捕获的错误"


@pytest.fixture
def fresh_page(browser, site_url):
    """A page in a new, empty browser profile, wide enough for Material's navigation sidebar."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []

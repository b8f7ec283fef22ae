"""A single-choice option with ``credit`` earns that share of the points in the browser.

No shipped case gives a single-choice option partial credit, so this module builds a
variant of the course with one more case whose wrong-but-reasonable option carries
``credit: 0.5``, and answers each option of it in Chromium. The shown result must say
how right the choice was: full, partial (◐ 部分正确) or none.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from build_tools.devtools.local_browser import free_port, serve_static
from course_ui import answer_by_mouse, question, reset, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

CASE_ID = "t1-half-credit"
CASE = f"""\
id: {CASE_ID}
title: 测试：单选题的部分得分
summary: 只用于浏览器测试：一道单选题，其中一个错项可得一半分。
chapters: [recovery]
narrative: |
  顾客的快递晚到了两天，打电话来投诉。
questions:
  - id: q1
    type: single_choice
    prompt: 客服接起电话，第一句最好说什么？
    points: 2
    options:
      - {{id: a, text: 「非常抱歉让您久等了，我马上帮您查。」, correct: true, feedback: 先致歉，再行动。}}
      - {{id: b, text: 「请提供一下您的单号。」, credit: 0.5, feedback: 单号要问，但应先致歉。}}
      - {{id: c, text: 「快递晚到不归我们管。」, feedback: 这是推卸责任。}}
    samples:
      - {{answer: a, mark: 2}}
      - {{answer: b, mark: 1}}
      - {{answer: c, mark: 0}}
"""


@pytest.fixture(scope="module")
def credit_page(browser, build_variant) -> Iterator:
    """The half-credit case, graded-ready, in a site built with it."""
    port = free_port()
    site = build_variant("credit", port, cases={f"{CASE_ID}.yaml": CASE})
    errors: list[str] = []
    with serve_static(site.root, port) as base:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}cases/{CASE_ID}/")
        wait_ready(page, CASE_ID)
        yield page
        context.close()
    assert errors == [], "页面抛出了未捕获的错误"


CHOICES = [
    # name                  answer  score  outcome     mark  feedback
    ("correct option",      "a",    2,     "ok",       "✓",  "正确。 先致歉，再行动。"),
    ("half-credit option",  "b",    1,     "partial",  "◐",  "部分正确。 单号要问，但应先致歉。"),
    ("wrong option",        "c",    0,     "wrong",    "✗",  "不正确。 这是推卸责任。"),
]


@pytest.mark.parametrize(("answer", "score", "outcome", "mark", "feedback"),
                         [pytest.param(*row[1:], id=row[0]) for row in CHOICES])
def test_each_option_earns_its_credit_and_says_how_right_it_was(credit_page, answer, score, outcome, mark, feedback):
    section = question(credit_page, "q1")
    reset(credit_page, section)
    answer_by_mouse(credit_page, section, "single_choice", answer)
    submit_by_mouse(section)
    shown = wait_result(section)

    box = section.locator("[data-result]")
    part = box.locator(".case-part")
    assert (shown["status"], shown["score"], shown["max"]) == ("graded", score, 2)
    assert box.locator(".case-score strong").inner_text() == f"得分 {score} / 2"
    assert f"is-{outcome}" in box.get_attribute("class").split()
    assert part.get_attribute("class").split() == ["case-part", f"is-{outcome}"]
    assert part.locator(".case-part-mark").inner_text() == mark
    assert part.locator(".case-part-feedback").inner_text() == feedback

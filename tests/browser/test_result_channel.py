"""A grade's result reaches the page on a BroadcastChannel private to that page, and arrives without one too.

Why a channel (grader-client.mjs): after a click Chromium holds the page's ordinary tasks,
worker messages among them, until it has painted the next frame, so a result posted as a
worker message was shown a frame late. The worker therefore posts each result twice: on the
page's reply channel (a random name per worker) and as a plain message; the page keeps the
first copy. These tests pin the three promises that come with that: the results really come
on the channel, another tab of the same page never receives them, and a browser without a
usable channel still gets every result.
"""

from __future__ import annotations

import pytest

from course_ui import answer_by_mouse, question, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

B1 = "b1-phone-drops"
ANSWER = ("q2", "single_choice", "c")

CHANNEL_SPY = """
(() => {
  const Real = window.BroadcastChannel;
  window.__channels = [];
  window.BroadcastChannel = class extends Real {
    constructor(name) {
      super(name);
      const seen = { name, received: [] };
      window.__channels.push(seen);
      this.addEventListener("message", (event) => seen.received.push(event.data));
    }
  };
})();
"""

NO_CHANNEL = "delete window.BroadcastChannel;"

SILENT_CHANNEL = """
window.BroadcastChannel = class {
  constructor(name) { this.name = name; this.onmessage = null; }
  postMessage() {}
  addEventListener() {}
  removeEventListener() {}
  close() {}
};
"""


def grade_once(page, case_id: str = B1) -> dict:
    qid, qtype, answer = ANSWER
    section = question(page, qid)
    answer_by_mouse(page, section, qtype, answer)
    submit_by_mouse(section)
    return wait_result(section)


def test_results_come_on_a_channel_that_another_tab_of_the_page_does_not_hear(browser, site_url, python_grade):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.add_init_script(CHANNEL_SPY)
    grading, other = context.new_page(), context.new_page()
    for page in (grading, other):
        page.goto(f"{site_url}cases/{B1}/")
        wait_ready(page, B1)
    shown = grade_once(grading)
    mine = grading.evaluate("() => window.__channels")
    theirs = other.evaluate("() => window.__channels")
    context.close()

    expected = python_grade(B1, ANSWER[0], ANSWER[2])
    assert (shown["status"], shown["score"]) == ("graded", expected["score"])
    replies = [c for c in mine if c["name"].startswith("svc-course-grades:")]
    assert len(replies) == 1
    assert [m["type"] for m in replies[0]["received"]] == ["result"]
    assert all(not c["received"] for c in theirs)
    assert replies[0]["name"] not in {c["name"] for c in theirs}


@pytest.mark.parametrize(
    "browser_setup",
    [NO_CHANNEL, SILENT_CHANNEL],
    ids=["without_broadcast_channel", "with_a_channel_that_delivers_nothing"],
)
def test_every_result_arrives_without_a_usable_channel(browser, site_url, python_grade, browser_setup):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.add_init_script(browser_setup)
    page = context.new_page()
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    first = grade_once(page)
    second = grade_once(page)  # the next request goes out only once the previous result came back
    context.close()

    expected = python_grade(B1, ANSWER[0], ANSWER[2])
    assert [(r["status"], r["score"], r["attempt"]) for r in (first, second)] == [
        ("graded", expected["score"], 1),
        ("graded", expected["score"], 2),
    ]

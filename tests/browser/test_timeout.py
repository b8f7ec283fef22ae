"""A grade that never returns hits the time limit; the worker is restarted, the student is told,
no attempt is spent, and the next answer is graded.

The looping checker is test-only and never part of the product: the test serves the real
checker bundle with one addition, through Playwright's routing — ``exercises.grade`` loops
forever on one sentinel answer and otherwise grades as usual.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course_ui import answer_by_mouse, attempts_of, patched_bundle, question, result_of, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

B1 = "b1-phone-drops"
LOOP = "__test_loop_forever__"
LOOPING_GRADE = f'''

# --- added by tests/browser/test_timeout.py: a grade that never returns ---
_real_grade = grade


def grade(question, answer):
    if answer == {LOOP!r}:
        while True:
            pass
    return _real_grade(question, answer)
'''
SHIPPED_LIMIT = "export const GRADE_TIMEOUT_MS = 8000;"
"""The time limit as grader-client.mjs ships it."""
TIME_LIMIT_S = 3
"""The limit this test serves instead: the runaway grade spins a core until it is stopped, and the
mechanism (timer, restart, message, attempt not spent) is the same for any limit. Long enough for
an ordinary grade on a restarted worker on a busy machine (a few hundred ms)."""


def with_time_limit(seconds: int):
    """A route handler serving grader-client.mjs with GRADE_TIMEOUT_MS set to `seconds`."""
    def serve(route):
        source = route.fetch().text()
        assert SHIPPED_LIMIT in source, "grader-client.mjs no longer declares GRADE_TIMEOUT_MS as this test expects"
        route.fulfill(status=200, content_type="text/javascript",
                      body=source.replace(SHIPPED_LIMIT, f"export const GRADE_TIMEOUT_MS = {seconds * 1000};"))
    return serve


def test_runaway_grade_is_stopped_and_the_page_recovers(browser, site_url, built_site):
    (bundle,) = Path(built_site.root, "assets", "checker").glob("exercises.*.zip")
    patched = patched_bundle(bundle.read_bytes(), LOOPING_GRADE)
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    served = []

    def serve_looping_bundle(route):
        served.append(route.request.url)
        route.fulfill(body=patched, content_type="application/zip")

    context.route("**/assets/checker/exercises.*.zip", serve_looping_bundle)
    context.route("**/assets/course/grader-client.mjs", with_time_limit(TIME_LIMIT_S))
    page = context.new_page()
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    text = question(page, "q6")

    answer_by_mouse(page, text, "text", LOOP)
    submit_by_mouse(text)
    # The status is read in the same turn that sees the restart: a worker restored from the
    # memory snapshot is ready again within a second, so a later read could miss it.
    status_while_restarting = page.wait_for_function(
        """(id) => { const root = document.querySelector(`[data-case="${id}"]`);
                     return root.dataset.grader === "loading" && root.querySelector(".case-status").textContent; }""",
        arg=B1, timeout=(TIME_LIMIT_S + 5) * 1000, polling=20,
    ).json_value()
    stopped = result_of(text)
    attempts_after_timeout = attempts_of(text)
    # The page is not frozen while the worker restarts: another question can be answered.
    answer_by_mouse(page, question(page, "q2"), "single_choice", "c")
    wait_ready(page, B1)
    answer_by_mouse(page, text, "text", "非常抱歉给您添麻烦了，我马上帮您查一下。")
    submit_by_mouse(text)
    graded = wait_result(text)
    context.close()

    assert len(served) == 2  # the first worker, and the one started after the time limit
    assert stopped["status"] == "timeout"
    assert stopped["message"] == (
        f"判分超时：判分程序运行超过 {TIME_LIMIT_S} 秒，已停止并重新启动判分引擎。本次不计作答次数，请稍后再提交。"
    )
    assert attempts_after_timeout == 0
    assert status_while_restarting.startswith("正在重新启动判分引擎…")
    assert (graded["status"], graded["score"], graded["max"], graded["attempt"]) == ("graded", 5, 10, 1)

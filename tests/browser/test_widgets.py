"""Every question type, answered by mouse and by keyboard alone, is graded as specified.

For each row: the answer is produced through the widget, the stored answer must be exactly
that answer, and the shown result must be the expected score — which must also be what
CPython's ``exercises.grade`` gives for the same question and answer (the browser only
displays the Python result). A graded answer costs one attempt; an invalid one shows
what to fix and costs none.
"""

from __future__ import annotations

import pytest

from course_ui import (
    answer_by_keyboard,
    answer_by_mouse,
    attempts_of,
    question,
    reset,
    stored_record,
    submit_by_keyboard,
    submit_by_mouse,
    wait_ready,
    wait_result,
)

pytestmark = pytest.mark.browser

B1, B2 = "b1-phone-drops", "b2-call-wait"
B1_ANNOTATE_KEY = {
    "K1": ["T1"], "K3": ["T1", "T2"], "K4": ["T3", "T4"], "K5": ["T4", "T5"],
    "K6": ["T2", "T3", "T8"], "K7": ["T6", "T8"], "K8": ["T3", "T4", "T7"], "K9": ["T9"],
}
B1_TEXT_KEY = "给您添麻烦了，断线确实很影响使用。请问您的号码是多少？一般在什么时间、哪个地方断线？我马上为您提交网络检测，24小时内给您回电。"

# Answers are written in the order the widget produces them (options / tags in list order).
ROWS = [
    # id                  case qid    type               answer                                      status      score max
    ("single-full",       B1, "q2",  "single_choice",   "c",                                        "graded",   2, 2),
    # no single-choice question of the cases gives partial credit: a wrong option scores 0
    ("single-wrong",      B1, "q2",  "single_choice",   "a",                                        "graded",   0, 2),
    ("single-invalid",    B1, "q2",  "single_choice",   None,                                       "invalid",  0, 2),
    ("multiple-full",     B1, "q3",  "multiple_choice", ["c", "d", "e"],                            "graded",   4, 4),
    ("multiple-partial",  B1, "q3",  "multiple_choice", ["a", "c", "d"],                            "graded",   2, 4),
    ("multiple-invalid",  B1, "q3",  "multiple_choice", [],                                         "invalid",  0, 4),
    ("ordering-full",     B1, "q5",  "ordering",        ["ask", "apologise", "solve", "follow"],    "graded",   4, 4),
    ("ordering-partial",  B1, "q5",  "ordering",        ["ask", "solve", "apologise", "follow"],    "graded",   2, 4),
    # ordering: the widget always sends every item once, so it cannot produce an invalid answer
    ("classify-full",     B2, "q3",  "classify",        {"k2": "q13", "c2": "q17"},                 "graded",   2, 2),
    ("classify-partial",  B2, "q3",  "classify",        {"k2": "q13", "c2": "q5"},                  "graded",   1, 2),
    ("classify-invalid",  B2, "q3",  "classify",        {"k2": "q13"},                              "invalid",  0, 2),
    ("numeric-full",      B1, "q4a", "numeric",         "630",                                      "graded",   2, 2),
    # numeric has no partial credit: a known wrong value scores 0 with its targeted feedback
    ("numeric-wrong",     B1, "q4a", "numeric",         "730",                                      "graded",   0, 2),
    ("numeric-invalid",   B1, "q4a", "numeric",         "abc",                                      "invalid",  0, 2),
    ("annotate-full",     B1, "q1",  "annotate",        B1_ANNOTATE_KEY,                            "graded",  16, 16),
    ("annotate-partial",  B1, "q1",  "annotate",        {"K1": ["T1"], "C1": ["T1"], "K3": ["T2"]}, "graded",   3, 16),
    ("annotate-untagged", B1, "q1",  "annotate",        {"K1": ["T1"], "C1": []},                   "invalid",  0, 16),
    ("annotate-invalid",  B1, "q1",  "annotate",        {},                                         "invalid",  0, 16),
    ("text-full",         B1, "q6",  "text",            B1_TEXT_KEY,                                "graded",  10, 10),
    ("text-partial",      B1, "q6",  "text",            "非常抱歉给您添麻烦了，我马上帮您查一下。",     "graded",   5, 10),
    ("text-invalid",      B1, "q6",  "text",            "您好",                                     "invalid",  0, 10),
]

METHODS = ["mouse", "keyboard"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("case_id", "qid", "qtype", "answer", "status", "score", "maximum"),
    [pytest.param(*row[1:], id=row[0]) for row in ROWS],
)
def test_answer_is_graded_as_specified(case_pages, python_grade, method, case_id, qid, qtype, answer, status, score, maximum):
    page = case_pages(case_id)
    section = question(page, qid)
    reset(page, section)
    attempts_before = attempts_of(section)

    if method == "mouse":
        answer_by_mouse(page, section, qtype, answer)
        submit_by_mouse(section)
    else:
        answer_by_keyboard(page, section, qtype, answer)
        submit_by_keyboard(page, section)
    shown = wait_result(section)

    expected = python_grade(case_id, qid, answer)
    assert stored_record(page, case_id)["answers"][qid] == answer
    assert (shown["status"], shown["score"], shown["max"]) == (status, score, maximum)
    assert (expected["status"], expected["score"], expected["max"]) == (status, score, maximum)
    assert shown["message"] == expected["message"]
    assert attempts_of(section) == attempts_before + (1 if status == "graded" else 0)
    if status == "graded":
        assert shown["attempt"] == attempts_before + 1


def test_ordering_by_touch_drag_on_a_phone(browser, site_url, python_grade):
    """A finger drags the last item to the top by its ⠿ handle (real touch events, 360 px wide)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    section = question(page, "q5")
    section.locator(".cw-order").evaluate("list => list.scrollIntoView({block: 'center'})")
    rows = section.locator(".cw-order-item")
    before = [rows.nth(i).get_attribute("data-item") for i in range(rows.count())]
    handle = rows.nth(len(before) - 1).locator(".cw-handle").bounding_box()
    top = rows.nth(0).bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    touch = context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y + (top["y"] + 4 - y) * step / 10}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    submit_by_mouse(section)
    shown = wait_result(section)
    stored = stored_record(page, B1)["answers"]["q5"]
    context.close()

    expected_order = [before[-1], *before[:-1]]
    assert before == ["solve", "apologise", "follow", "ask"]
    assert stored == expected_order
    assert shown["score"] == python_grade(B1, "q5", expected_order)["score"]


def test_a_mounted_case_page_keeps_no_hidden_copies_and_makes_tags_for_selected_lines_only(fresh_page, site_url):
    """The page's elements are what the student can use: once a widget is mounted the no-JavaScript view
    is gone (not hidden), and an annotation line gets its tag group when it is first selected. An
    unselected line's tags are hidden and come back ticked as they were when it is selected again."""
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    section = question(page, "q1")
    before = {
        "static views": page.locator("[data-case] .case-static").count(),
        "tag groups": section.locator(".cw-tags").count(),
        "hidden in widgets": page.locator("[data-case] .case-widget [hidden]").count(),
    }
    row = section.locator('.cw-line[data-line="K3"]')
    row.locator(".cw-line-text").click()
    row.locator('label.cw-choice:has(> input[value="T2"])').click()
    after_select = (section.locator(".cw-tags").count(), row.locator(".cw-tags").is_visible())
    row.locator(".cw-line-text").click()  # unselect
    after_unselect = (row.locator(".cw-tags").is_hidden(), stored_record(page, B1)["answers"]["q1"])
    row.locator(".cw-line-text").click()  # select again

    assert before == {"static views": 0, "tag groups": 0, "hidden in widgets": 0}
    assert after_select == (1, True)
    assert after_unselect == (True, {})
    assert stored_record(page, B1)["answers"]["q1"] == {"K3": ["T2"]}

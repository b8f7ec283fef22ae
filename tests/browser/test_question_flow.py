"""One question's life: explanation revealed as configured, attempts counted, reset,
and student text shown only as text.
"""

from __future__ import annotations

import json

import pytest

from course_ui import (
    answer_by_mouse,
    attempts_of,
    question,
    reset,
    shown_answer,
    stored_record,
    submit_by_mouse,
    wait_ready,
    wait_result,
)

pytestmark = pytest.mark.browser

B1 = "b1-phone-drops"


@pytest.fixture
def b1_page(browser, site_url):
    """The broken-phone case in a new profile; `reveal_after` overrides patch the shipped case JSON."""
    contexts = []

    def open_page(reveal_after: dict[str, int] | None = None):
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        contexts.append(context)
        if reveal_after:
            def patch(route):
                data = route.fetch().json()
                for qid, after in reveal_after.items():
                    data["reveal"][qid]["after"] = after
                route.fulfill(body=json.dumps(data, ensure_ascii=False), content_type="application/json")
            context.route(f"**/assets/cases/{B1}.*.json", patch)
        page = context.new_page()
        page.goto(f"{site_url}cases/{B1}/")
        wait_ready(page, B1)
        return page

    yield open_page
    for context in contexts:
        context.close()


def reveal_state(section) -> str:
    """"shown", the waiting hint's text, or "none"."""
    if section.locator("[data-reveal]").count():
        return "shown"
    hint = section.locator(".case-reveal-wait")
    return hint.inner_text() if hint.count() else "none"


# (reveal_after, answers submitted in turn, what the reveal area shows after each)
REVEAL_ROWS = [
    (0, [], []),
    (1, [None, "a"], ["作答 1 次后可查看解析（还差 1 次）。", "shown"]),
    (2, ["a", "c"], ["作答 2 次后可查看解析（还差 1 次）。", "shown"]),
]


@pytest.mark.parametrize(("after", "answers", "states"), REVEAL_ROWS, ids=["at-once", "after-1", "after-2"])
def test_explanation_is_revealed_after_the_configured_graded_attempts(b1_page, after, answers, states):
    page = b1_page({"q2": after})
    section = question(page, "q2")
    initially = reveal_state(section)
    seen = []
    for answer in answers:
        answer_by_mouse(page, section, "single_choice", answer)
        submit_by_mouse(section)
        wait_result(section)
        seen.append(reveal_state(section))

    assert initially == ("shown" if after == 0 else f"作答 {after} 次后可查看解析（还差 {after} 次）。")
    assert seen == states  # an invalid answer (None) reveals nothing: it is not an attempt


def test_text_question_shows_its_model_answer_only_after_full_marks(b1_page, case_data, python_grade):
    """The course default (model_answer: after_full_marks): after a partial answer the explanation opens
    but the model answer waits, so it is never a shortcut to full marks; it appears once they are earned."""
    page = b1_page()
    section = question(page, "q6")
    partial = "非常抱歉给您添麻烦了，我马上帮您查一下。"
    answer_by_mouse(page, section, "text", partial)
    submit_by_mouse(section)
    wait_result(section)
    section.locator("[data-reveal] summary").click()
    before = (section.locator(".case-model-answer").count(), section.locator(".case-model-later").inner_text(),
              section.locator(".case-explanation-body").inner_text() != "")
    model = next(q for q in case_data(B1)["questions"] if q["id"] == "q6")
    reveal = case_data(B1)["reveal"]["q6"]
    answer_by_mouse(page, section, "text", reveal["model_answer"])
    submit_by_mouse(section)
    wait_result(section)

    assert python_grade(B1, "q6", partial)["score"] < python_grade(B1, "q6", reveal["model_answer"])["score"]
    assert "key" not in model  # the case JSON carries the model answer only in reveal
    assert before == (0, "参考答案要等你这道题得过满分后才显示：先按上面的解析和反馈改一改再交。", True)
    assert section.locator(".case-model-answer").inner_text() == reveal["model_answer"]
    assert section.locator("[data-reveal]").evaluate("d => d.open") is True  # still open: the student opened it


def test_attempts_count_graded_answers_only_and_survive_reset(b1_page):
    page = b1_page()
    section = question(page, "q2")
    counts = []
    for answer in [None, "a", "b", "c"]:  # None: nothing chosen, an invalid answer
        answer_by_mouse(page, section, "single_choice", answer)
        submit_by_mouse(section)
        wait_result(section)
        counts.append((attempts_of(section), section.locator(".case-attempts").inner_text()))
    reset(page, section)

    assert counts == [(0, "尚未作答"), (1, "已作答 1 次"), (2, "已作答 2 次"), (3, "已作答 3 次")]
    assert shown_answer(section, "single_choice") is None
    assert section.locator("[data-result]").count() == 0
    assert stored_record(page, B1)["attempts"] == {"q2": 3}
    assert "q2" not in stored_record(page, B1)["answers"]
    page.reload()
    wait_ready(page, B1)
    assert (attempts_of(question(page, "q2")), shown_answer(question(page, "q2"), "single_choice")) == (3, None)


def test_student_text_is_shown_as_text_never_as_html(b1_page):
    page = b1_page()
    section = question(page, "q6")
    hostile = '<img src=x onerror="window.__owned=1">非常抱歉给您添麻烦了<b>马上</b>帮您查'
    answer_by_mouse(page, section, "text", hostile)
    submit_by_mouse(section)
    wait_result(section)
    page.reload()
    wait_ready(page, B1)

    assert shown_answer(question(page, "q6"), "text") == hostile
    assert page.locator(".case-root img, .case-root b").count() == 0
    assert page.evaluate("window.__owned") is None


def test_answer_submitted_while_the_engine_loads_is_graded_once_it_is_ready(browser, site_url):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    held = []
    context.route("**/assets/checker/exercises.*.zip", lambda route: held.append(route))  # keep the grader loading
    page = context.new_page()
    page.goto(f"{site_url}cases/{B1}/")
    page.wait_for_selector(f'[data-case="{B1}"][data-grader=loading][data-case-ready]')
    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    submit_by_mouse(section)
    pending = section.locator("[data-pending]").inner_text()
    while not held:
        page.wait_for_timeout(50)
    held[0].continue_()
    shown = wait_result(section)
    context.close()

    assert pending == "判分引擎加载完成后会自动判分…"
    assert (shown["status"], shown["score"], shown["attempt"]) == ("graded", 2, 1)

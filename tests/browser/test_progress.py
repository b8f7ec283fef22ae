"""A sense of progress from the work saved in the browser: the summary on a case page, marks after
links to cases on the index, chapter and case pages, and the dialogue shown once when a question
lists it line by line.
"""

from __future__ import annotations

import pytest

import exercises
from course_ui import answer_by_mouse, do_work, question, result_of, stored_record, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

B1, B2 = "b1-phone-drops", "b2-call-wait"


def summary(page) -> list[str]:
    return [line.inner_text() for line in page.locator("[data-case] [data-progress]").all()]


def marks(page, case_id: str) -> list[str]:
    """The progress marks after every link to `case_id` in the page's article."""
    return page.evaluate("""id => [...document.querySelectorAll('.md-content a[href]')]
        .filter(a => new URL(a.href).pathname.endsWith(`/cases/${id}/`) && !new URL(a.href).hash)
        .map(a => a.nextElementSibling?.dataset.progressMark !== undefined ? a.nextElementSibling.textContent : '')""", case_id)


def test_the_case_summary_counts_done_questions_points_and_submissions(fresh_page, site_url, case_data):
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    data = case_data(B1)
    total = len(data["questions"])
    full = float(sum(exercises.max_points(q) for q in data["questions"]))
    before = summary(page)
    do_work(page, [("q2", "single_choice", "a", True)])
    first = result_of(question(page, "q2"))
    do_work(page, [("q2", "single_choice", "c", True)])
    after = summary(page)
    q2 = exercises.grade(next(q for q in data["questions"] if q["id"] == "q2"), "c")

    assert before == [f"进度：还没有提交过答案（共 {total} 题，{full:g} 分）。"] * 2
    assert first["status"] == "graded"
    assert after == [f"进度：已完成 1 / {total} 题，得分 {float(q2['score']):g} / {full:g}，共提交 2 次。"] * 2


def test_links_to_a_case_worked_on_are_marked_on_the_index_and_chapter_pages(fresh_page, site_url, case_data):
    page = fresh_page
    page.goto(f"{site_url}cases/")
    page.wait_for_function("() => document.querySelector('.md-content a[href$=\"b1-phone-drops/\"]')")
    page.wait_for_timeout(300)  # marks are added after the page is shown
    unmarked = marks(page, B1)
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    do_work(page, [("q2", "single_choice", "c", True)])
    total = len(case_data(B1)["questions"])

    page.goto(f"{site_url}cases/")
    page.wait_for_selector("[data-progress-mark]")
    on_index = marks(page, B1)
    page.goto(f"{site_url}chapters/communication/")  # b1's main chapter
    page.wait_for_selector("[data-progress-mark]")
    on_chapter = marks(page, B1)

    assert unmarked and set(unmarked) == {""}
    assert on_index and set(on_index) == {f"已完成 1/{total} 题"}
    assert on_chapter and set(on_chapter) == {f"已完成 1/{total} 题"}


def test_a_dialogue_listed_line_by_line_in_a_question_is_shown_once(fresh_page, site_url, case_data):
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    data = case_data(B1)
    annotate = next(i for i, q in enumerate(data["questions"]) if q["type"] == "annotate")
    lines = {line["id"] for line in data["transcript"]}
    assert set(data["questions"][annotate].get("selectable") or lines) == lines  # the premise: every line listed

    transcripts_left = page.locator("[data-case] .case-transcript").count()  # given way, not hidden
    note = page.locator("[data-case] .case-transcript-moved")
    link = note.locator("a").get_attribute("href")

    assert transcripts_left == 0
    assert note.inner_text() == f"整段对话在第 {annotate + 1} 题里逐句列出，可以边读边标注。"
    assert link == f"#q-{data['questions'][annotate]['id']}"
    assert page.locator(f"{link} .cw-line").count() == len(lines)


def test_the_record_keeps_first_and_best_score_and_when_the_explanation_was_read(fresh_page, site_url, python_grade):
    """What the instructor's --details report shows comes from here: b1 q2 wrong, explanation read, then right."""
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    do_work(page, [("q2", "single_choice", "a", True)])
    question(page, "q2").locator("[data-reveal] summary").click()
    do_work(page, [("q2", "single_choice", "c", True)])
    history = stored_record(page, B1)["history"]["q2"]

    wrong, right = (float(python_grade(B1, "q2", answer)["score"]) for answer in ("a", "c"))
    assert history == {"first": wrong, "best": max(wrong, right), "openedAt": 1}


def test_a_wrong_attempt_before_the_explanation_gets_hints_not_the_key(fresh_page, site_url, case_data):
    """b1 q1 (annotation, explanation after one attempt): the first wrong attempt is told which lines are
    wrong, not their tags; once the explanation is open, the next attempt gets the full feedback."""
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    data = case_data(B1)
    q1 = next(q for q in data["questions"] if q["id"] == "q1")
    labels = [tag["label"] for tag in q1["tags"]]
    assert data["reveal"]["q1"]["hints"] is True and data["reveal"]["q1"]["after"] == 1
    section = question(page, "q1")
    wrong = {line: [q1["tags"][-1]["id"]] for line in q1["selectable"][:1]}  # one line, probably the wrong tag
    answer_by_mouse(page, section, "annotate", wrong)
    submit_by_mouse(section)
    wait_result(section)
    first = section.locator("[data-result]").inner_text()
    submit_by_mouse(section)
    page.wait_for_function("s => s.querySelector('[data-result]')?.dataset.attempt === '2'", arg=section.element_handle())
    second = section.locator("[data-result]").inner_text()

    assert "漏掉了：这一句有问题。" in first
    assert not any(f"「{label}」" in first for label in labels)
    assert any(f"「{label}」" in second for label in labels)

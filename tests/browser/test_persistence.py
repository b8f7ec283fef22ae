"""Answers, attempts and results survive reload, back/forward and instant navigation;
damaged or full storage never costs a student the page.
"""

from __future__ import annotations

import json

import pytest

from course_ui import (
    B1_WORK,
    answer_by_mouse,
    attempts_of,
    do_work,
    result_attrs,
    question,
    shown_answer,
    snapshot,
    storage_key,
    stored_record,
    submit_by_mouse,
    wait_ready,
    wait_result,
)

pytestmark = pytest.mark.browser

B1, B2 = "b1-phone-drops", "b2-call-wait"


def test_reload_keeps_every_answer_result_and_attempt(fresh_page, site_url):
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    do_work(page, B1_WORK)
    before = snapshot(page, B1_WORK)

    page.reload()
    wait_ready(page)

    assert snapshot(page, B1_WORK) == before
    assert {qid: answer for qid, (answer, _, _) in before.items()} == {qid: a for qid, _, a, _ in B1_WORK}
    assert {qid: (r or {}).get("status") for qid, (_, r, _) in before.items()} == {
        "q1": "graded", "q2": "graded", "q3": "graded", "q4a": "invalid", "q4b": None, "q5": "graded", "q6": None,
    }
    assert {qid: n for qid, (_, _, n) in before.items()} == {
        "q1": 1, "q2": 1, "q3": 1, "q4a": 0, "q4b": 0, "q5": 1, "q6": 0,
    }


def test_back_and_forward_with_instant_navigation_keep_answers(fresh_page, site_url):
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    answer_by_mouse(page, question(page, "q2"), "single_choice", "c")
    page.evaluate("window.__sameDocument = true")

    page.locator(f'.md-sidebar--primary a[href$="{B2}/"]').click()
    page.wait_for_url(lambda url: f"/cases/{B2}/" in url)
    wait_ready(page, B2)
    answer_by_mouse(page, question(page, "q3"), "classify", {"k2": "q13"})

    page.go_back()
    page.wait_for_url(lambda url: f"/cases/{B1}/" in url)
    wait_ready(page, B1)
    assert shown_answer(question(page, "q2"), "single_choice") == "c"

    page.go_forward()
    page.wait_for_url(lambda url: f"/cases/{B2}/" in url)
    wait_ready(page, B2)
    assert shown_answer(question(page, "q3"), "classify") == {"k2": "q13"}
    assert page.evaluate("window.__sameDocument") is True  # all of it was instant navigation


def test_changed_case_is_announced_and_answers_kept(fresh_page, site_url):
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    old = {"version": 1, "caseHash": "000000000000", "answers": {"q2": "a"}, "attempts": {"q2": 1},
           "results": {}, "savedAt": "2026-01-01T00:00:00.000Z"}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [storage_key(B1), json.dumps(old)])

    page.reload()
    wait_ready(page)

    assert page.locator('[data-notice="changed"]').inner_text() == "本案例已更新，你之前的答案可能需要重新检查"
    assert shown_answer(question(page, "q2"), "single_choice") == "a"
    assert attempts_of(question(page, "q2")) == 1


def test_corrupt_storage_is_set_aside_reported_and_the_page_still_grades(fresh_page, site_url):
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    page.evaluate("k => localStorage.setItem(k, '{\"version\": 1, \"answers\": ')", storage_key(B1))

    page.reload()
    wait_ready(page)

    backups = page.evaluate(
        "p => Object.keys(localStorage).filter(k => k.startsWith(p)).map(k => [k, localStorage.getItem(k)])",
        storage_key(B1) + ":corrupt:",
    )
    assert [value for _, value in backups] == ['{"version": 1, "answers": ']
    assert backups[0][0] in page.locator('[data-notice="corrupt"]').inner_text()
    assert stored_record(page, B1) is None
    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    submit_by_mouse(section)
    assert (wait_result(section)["status"], stored_record(page, B1)["answers"]) == ("graded", {"q2": "c"})


FILL_STORAGE = """() => {
    const chunk = "x".repeat(256 * 1024);
    let i = 0;
    for (let size = chunk.length; size >= 16; ) {
        try { localStorage.setItem("filler:" + i++, chunk.slice(0, size)); }
        catch (e) { size = Math.floor(size / 2); }
    }
    return i;
}"""


def test_full_storage_keeps_answers_in_memory_warns_and_still_exports(fresh_page, site_url):
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    page.evaluate(FILL_STORAGE)

    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    submit_by_mouse(section)
    result = wait_result(section)

    assert stored_record(page, B1) is None  # the browser refused to store it
    assert "浏览器存储空间已满" in page.locator('[data-notice="storage"]').inner_text()
    with page.expect_download() as download:
        page.locator('[data-action="export"]').first.click()
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    case = exported["cases"][B1]
    assert (case["answers"], case["attempts"], case["results"]["q2"]["score"]) == ({"q2": "c"}, {"q2": 1}, result["score"])


def test_a_result_is_shown_stale_under_a_changed_answer_after_a_reload_too(fresh_page, site_url):
    """The screen never pairs an answer with another answer's result: b1 q3 graded, then changed."""
    page = fresh_page
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page)
    section = question(page, "q3")
    answer_by_mouse(page, section, "multiple_choice", ["c", "d"])
    submit_by_mouse(section)
    wait_result(section)
    fresh = section.locator("[data-result].is-stale").count()
    answer_by_mouse(page, section, "multiple_choice", ["b", "c", "d"])
    changed = section.locator("[data-result].is-stale .case-stale").count()
    answer_by_mouse(page, section, "multiple_choice", ["c", "d"])  # back to what was graded: its result again
    same_again = section.locator("[data-result].is-stale, .case-stale").count()
    page.reload()
    wait_ready(page)
    section = question(page, "q3")
    same_after_reload = section.locator("[data-result].is-stale").count()
    answer_by_mouse(page, section, "multiple_choice", ["b", "c", "d"])
    page.reload()
    wait_ready(page)
    section = question(page, "q3")
    stale_after_reload = section.locator("[data-result].is-stale .case-stale").inner_text()

    assert (fresh, changed, same_again, same_after_reload) == (0, 1, 0, 0)
    assert stale_after_reload == "答案已修改，提交后重新判分。"
    assert shown_answer(section, "multiple_choice") == ["b", "c", "d"]


def test_two_tabs_of_a_case_show_the_same_work_and_export_what_they_show(fresh_page, site_url):
    """Work done in one tab appears in the other without a reload (storage events)."""
    first = fresh_page
    first.goto(f"{site_url}cases/{B1}/")
    wait_ready(first)
    second = first.context.new_page()
    second.goto(f"{site_url}cases/{B1}/")
    wait_ready(second)

    answer_by_mouse(first, question(first, "q2"), "single_choice", "c")
    submit_by_mouse(question(first, "q2"))
    wait_result(question(first, "q2"))
    answer_by_mouse(first, question(first, "q3"), "multiple_choice", ["b", "c"])
    second.wait_for_function("() => document.querySelector('[data-question=\"q3\"] input[value=\"b\"]')?.checked === true")

    assert shown_answer(question(second, "q2"), "single_choice") == "c"
    assert shown_answer(question(second, "q3"), "multiple_choice") == ["b", "c"]
    assert result_attrs(question(second, "q2")) == result_attrs(question(first, "q2"))
    assert attempts_of(question(second, "q2")) == 1
    assert stored_record(second, B1)["answers"] == {"q2": "c", "q3": ["b", "c"]}

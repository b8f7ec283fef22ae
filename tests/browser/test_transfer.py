"""导出答案 / 导入答案: the answers file round-trips into a fresh browser profile, is validated,
and never silently overwrites newer local work.
"""

from __future__ import annotations

import json

import pytest

from course_ui import (
    B1_WORK,
    answer_by_mouse,
    do_work,
    import_file,
    question,
    shown_answer,
    snapshot,
    stored_record,
    submit_by_mouse,
    wait_ready,
    wait_result,
)

pytestmark = pytest.mark.browser

B1, B2 = "b1-phone-drops", "b2-call-wait"
B2_WORK = [("q3", "classify", {"k2": "q13", "c2": "q5"}, True)]


@pytest.fixture
def new_profile(browser):
    """Open pages in new, empty browser profiles; all closed at the end."""
    contexts = []

    def open_page(url: str, case_id: str):
        context = browser.new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        wait_ready(page, case_id)
        return page

    yield open_page
    for context in contexts:
        context.close()


def export(page) -> dict:
    with page.expect_download() as download:
        page.locator('[data-action="export"]').first.click()
    return json.loads(open(download.value.path(), encoding="utf-8").read())


def test_export_then_import_into_a_fresh_profile_restores_answers_attempts_and_results(new_profile, site_url):
    first = new_profile(f"{site_url}cases/{B1}/", B1)
    do_work(first, B1_WORK)
    b1_before = snapshot(first, B1_WORK)
    first.goto(f"{site_url}cases/{B2}/")
    wait_ready(first, B2)
    do_work(first, B2_WORK)
    b2_before = snapshot(first, B2_WORK)
    exported = export(first)

    second = new_profile(f"{site_url}cases/{B1}/", B1)
    report = import_file(second, exported)

    assert (exported["format"], exported["version"], exported["site"]) == ("service-course-answers", 1, site_url)
    assert sorted(exported["cases"]) == [B1, B2]
    assert report == f"已导入 2 个案例（{B1}、{B2}）。"
    assert snapshot(second, B1_WORK) == b1_before
    second.goto(f"{site_url}cases/{B2}/")
    wait_ready(second, B2)
    assert snapshot(second, B2_WORK) == b2_before


@pytest.mark.parametrize(
    ("student_agrees", "q2_after", "report"),
    [
        (False, "c", f"没有导入任何案例；保留本机较新的答案 1 个（{B1}）。"),
        (True, "a", f"已导入 1 个案例（{B1}）。"),
    ],
    ids=["keeps-local-when-declined", "overwrites-when-confirmed"],
)
def test_import_asks_before_overwriting_newer_local_answers(new_profile, site_url, student_agrees, q2_after, report):
    page = new_profile(f"{site_url}cases/{B1}/", B1)
    answer_by_mouse(page, question(page, "q2"), "single_choice", "a")
    older = export(page)
    page.wait_for_timeout(20)  # the local save below must be strictly newer
    answer_by_mouse(page, question(page, "q2"), "single_choice", "c")

    dialogs = []

    def answer_dialog(dialog):
        dialogs.append(dialog.message)
        dialog.accept() if student_agrees else dialog.dismiss()

    page.on("dialog", answer_dialog)
    shown = import_file(page, older)

    assert len(dialogs) == 1 and B1 in dialogs[0]
    assert shown == report
    assert shown_answer(question(page, "q2"), "single_choice") == q2_after
    assert stored_record(page, B1)["answers"]["q2"] == q2_after


GOOD_ENTRY = {"caseHash": "x", "answers": {"q2": "a"}, "attempts": {}, "results": {}, "savedAt": "2026-01-01T00:00:00Z"}


INVALID_FILES = [
    # (what, file, the report shown)
    ("not JSON", "{not json", "无法导入：文件不是有效的 JSON。"),
    ("another format", {"format": "something-else", "version": 1, "cases": {}}, "无法导入：这不是本课程导出的答案文件。"),
    ("a future version", {"format": "service-course-answers", "version": 2, "cases": {}},
     "无法导入：文件版本 2 不受支持（本页面支持版本 1）。"),
    ("no cases", {"format": "service-course-answers", "version": 1}, "无法导入：文件缺少 cases。"),
    ("negative attempts", {"format": "service-course-answers", "version": 1, "cases": {B1: {**GOOD_ENTRY, "attempts": {"q2": -1}}}},
     f"没有导入任何案例；跳过 1 个（{B1}：attempts 应为非负整数）。"),
]


def test_invalid_file_is_refused_with_a_reason_and_changes_nothing(new_profile, site_url):
    """Each invalid file in turn on one page with graded work: refused with its reason, the stored
    record and the widgets as they were."""
    page = new_profile(f"{site_url}cases/{B1}/", B1)
    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    submit_by_mouse(section)
    wait_result(section)
    before = stored_record(page, B1)
    wrong = []
    for what, file, report in INVALID_FILES:
        shown = import_file(page, file)
        after, answer = stored_record(page, B1), shown_answer(section, "single_choice")
        if (shown, after, answer) != (report, before, "c"):
            wrong.append(f"{what}: report {shown!r}, record changed: {after != before}, answer shown {answer!r}")
    assert wrong == []

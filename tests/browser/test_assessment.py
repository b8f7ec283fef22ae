"""The assessment site in a browser, served beside the practice site on one origin (/exam/ and /practice/):

* a student answers a case there, the checker still refuses answers of the wrong shape (with the
  grader's own message), every good answer shows 已保存, no score; 提交作业 asks for a name and a
  student number once and downloads the answers file;
* ``cases grade`` scores that file exactly as the practice site scores the same answers, and the file
  carries the student, the mode, the case's content hash and when each answer was given;
* the two sites keep their work apart, and a practice export names the student too, once known;
* screenshots of the case page and the hand-in dialog at 360 px and 1280 px (for a person to look at);
* an axe-core audit of the assessment case page, with saved and refused answers and the dialog open, in both
  colour schemes, and no request leaving 127.0.0.1.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import exercises
from shipped import shipped_cases
from build_tools.devtools.local_browser import free_port, serve_static
from course_ui import answer_by_mouse, authored, question, submit_by_mouse, wait_ready
from test_accessibility import audit, axe_source, describe, open_in_scheme  # noqa: F401 (axe_source: a fixture)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CASE = "b2-call-wait"
CASE_HASH = next(case.content_hash for case in shipped_cases() if case.id == CASE)
STUDENT = {"name": "王小明", "number": "2023001"}
WORK = [  # (question, type, answer as the student gives it): right, partly right and wrong answers of every type here
    ("q1", "annotate", {"K2": ["T8"], "K3": ["T3"], "C1": ["T1"]}),
    ("q2", "single_choice", "b"),
    ("q3", "classify", {"k2": "q5", "c2": "q17"}),
    ("q4", "single_choice", "a"),
    ("q5", "numeric", "180人"),
    ("q6", "text", "很抱歉让您等了这么久，感谢您的耐心。您的意见我会记下来反映给上级。请问您办理什么业务？我这就为您办理。"),
]
WRONG_SHAPES = [("q5", "numeric", "六百"), ("q6", "text", "sorry, we are busy")]
"""Answers the checker must refuse on the assessment site, as the grader would on the practice site."""


@pytest.fixture(scope="module")
def sites(build_variant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The practice site at /practice/ and the assessment site (mkdocs.yml's ``assessment: true``) at /exam/
    of one server, as an instructor may publish them side by side; yields the server's base URL."""
    port = free_port()
    www = tmp_path_factory.mktemp("www")
    for name, options in (("practice", {}), ("exam", {"assessment": True})):
        shutil.copytree(build_variant(name, port, options=options, path=f"/{name}/").root, www / name)
    with serve_static(www, port):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture
def student(browser, sites) -> Iterator:
    """``student(site)``: a case page of `site` ("practice" or "exam") in one new browser profile (downloads
    and service workers allowed, no uncaught page errors, no request leaving 127.0.0.1)."""
    context = browser.new_context(viewport={"width": 1000, "height": 900}, accept_downloads=True, service_workers="allow")
    errors: list[str] = []
    context.on("request", lambda request: errors.append(request.url) if "//127.0.0.1:" not in request.url
               and request.url.startswith("http") else None)

    def open_case(site: str, case_id: str = CASE):
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{sites}{site}/cases/{case_id}/")
        wait_ready(page, case_id)
        return page

    yield open_case
    context.close()
    assert errors == []


def save(page, qid: str, qtype: str, answer) -> dict:
    """Answer one question by mouse and press its button; the result shown (status, text, data-score)."""
    section = question(page, qid)
    answer_by_mouse(page, section, qtype, answer)
    submit_by_mouse(section)
    page.wait_for_function("s => !s.hasAttribute('data-grading') && s.querySelector('[data-result]')",
                           arg=section.element_handle())
    box = section.locator("[data-result]")
    return {"status": box.get_attribute("data-status"), "text": box.inner_text(), "score": box.get_attribute("data-score")}


def hand_in(page, fill: dict | None) -> dict:
    """提交作业: fill in the dialog when it asks (`fill`), and read the downloaded file."""
    with page.expect_download() as download:
        page.locator('[data-action="hand-in"]').click()
        if fill is not None:
            dialog = page.locator("[data-identity-dialog]")
            dialog.locator('[data-action="identity-save"]').click()  # empty: refused, in Chinese
            assert dialog.locator(".case-dialog-error").inner_text() == "请填写姓名和学号。"
            dialog.locator('input[name="name"]').fill(fill["name"])
            dialog.locator('input[name="number"]').fill(fill["number"])
            dialog.locator('[data-action="identity-save"]').click()
    return json.loads(Path(download.value.path()).read_text(encoding="utf-8"))


def test_handed_in_answers_score_in_cases_grade_as_on_the_practice_site(student, tmp_path):
    exam = student("exam")
    refused = {}
    for qid, qtype, answer in WRONG_SHAPES:
        shown = save(exam, qid, qtype, answer)
        refused[qid] = (shown["status"], exercises.grade(authored(CASE, qid), answer)["message"] in shown["text"])
    assert refused == {qid: ("invalid", True) for qid, _, _ in WRONG_SHAPES}  # the grader's own message, no key needed

    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    shown = {qid: save(exam, qid, qtype, answer) for qid, qtype, answer in WORK}
    assert {qid: (s["status"], s["text"].startswith("已保存（"), s["score"]) for qid, s in shown.items()} == {
        qid: ("checked", True, None) for qid, _, _ in WORK}
    assert "已保存 6 / 6 题" in exam.locator('[data-progress="top"]').inner_text()

    handed = hand_in(exam, STUDENT)
    entry = handed["cases"][CASE]
    times = [datetime.fromisoformat(entry["answeredAt"][qid].replace("Z", "+00:00")) for qid, _, _ in WORK]
    assert (handed["mode"], handed["student"], list(handed["cases"]), entry["caseHash"]) == ("assessment", STUDENT, [CASE], CASE_HASH)
    assert sorted(entry) == ["answeredAt", "answers", "caseHash", "savedAt"]  # no results: the site had no keys
    assert all(before <= time <= datetime.now(timezone.utc) for time in times)
    assert hand_in(exam, None)["student"] == STUDENT  # asked once: the second hand-in downloads at once

    path = tmp_path / "handed-in.json"
    path.write_text(json.dumps(handed, ensure_ascii=False), encoding="utf-8")
    graded = subprocess.run([sys.executable, "-m", "build_tools.cases.cli", "grade", str(path), "--cases", str(REPO / "cases"),
                             "--out", str(tmp_path / "grades.csv")], cwd=REPO, capture_output=True, text=True)
    assert graded.returncode == 0, graded.stderr
    (row,) = csv.DictReader((tmp_path / "grades.csv").open(encoding="utf-8-sig"))

    practice = student("practice")
    on_practice = {qid: float(save(practice, qid, qtype, answer)["score"]) for qid, qtype, answer in WORK}
    in_gradebook = {qid: float(row[f"{CASE}/{qid}"]) for qid, _, _ in WORK}
    in_python = {qid: float(exercises.grade(authored(CASE, qid), entry["answers"][qid])["score"]) for qid, _, _ in WORK}
    assert in_gradebook == on_practice == in_python
    assert 0 < sum(on_practice.values()) < float(row["max"])  # right, partial and wrong answers, not all one kind
    assert row["student"] == STUDENT["name"]


def test_practice_and_assessment_sites_keep_their_work_and_student_apart(student):
    exam = student("exam")
    assert save(exam, "q2", "single_choice", "a")["status"] == "checked"
    exam.locator('[data-action="identity"]').click()
    dialog = exam.locator("[data-identity-dialog]")
    dialog.locator('input[name="name"]').fill(STUDENT["name"])
    dialog.locator('input[name="number"]').fill(STUDENT["number"])
    dialog.locator('[data-action="identity-save"]').click()
    assert exam.locator("[data-identity]").inner_text().startswith("提交人：王小明（学号 2023001）")

    practice = student("practice")
    assert practice.locator('[data-question="q2"] input:checked').count() == 0  # nothing of the exam's work here
    assert "未填写" in practice.locator("[data-identity]").inner_text()
    assert save(practice, "q2", "single_choice", "c")["status"] == "graded"
    keys = sorted(k for k in practice.evaluate("() => Object.keys(localStorage)") if k.startswith("svc-course:"))
    assert keys == ["svc-course:v1:/practice/:b2-call-wait", "svc-course:v1:assessment:/exam/::student",
                    "svc-course:v1:assessment:/exam/:b2-call-wait"]

    exam.reload()
    wait_ready(exam, CASE)
    assert exam.locator('[data-question="q2"] input:checked').get_attribute("value") == "a"
    for page in (exam, practice):  # each site keeps its own offline copy, and neither deletes the other's
        page.wait_for_function("(document.documentElement.dataset.offlineCopy || '').startsWith('ready:')", timeout=60_000)
    caches = sorted(name.rsplit(":", 1)[0] for name in practice.evaluate("async () => await caches.keys()")
                    if name.startswith("svc-course-site-"))
    assert caches == ["svc-course-site-/exam/", "svc-course-site-/practice/"]
    assert exam.locator('[data-question="q2"] [data-result]').get_attribute("data-status") == "checked"

    practice.locator('[data-action="identity"]').click()  # a practice export names the student too, once known
    dialog = practice.locator("[data-identity-dialog]")
    dialog.locator('input[name="name"]').fill("李华")
    dialog.locator('input[name="number"]').fill("2023002")
    dialog.locator('[data-action="identity-save"]').click()
    with practice.expect_download() as download:
        practice.locator('[data-action="export"]').click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    entry = exported["cases"][CASE]
    assert ("mode" not in exported, exported["student"]) == (True, {"name": "李华", "number": "2023002"})
    assert (sorted(entry["answeredAt"]), entry["results"]["q2"]["status"]) == (["q2"], "graded")

    exam.once("dialog", lambda dialog: dialog.accept())  # the exam's own answer is newer: overwrite it
    exam.locator("[data-import-file]").set_input_files(files=[{"name": "practice.json", "mimeType": "application/json",
                                                              "buffer": json.dumps(exported).encode("utf-8")}])
    exam.wait_for_function("() => document.querySelector('[data-question=\"q2\"] input:checked')?.value === 'c'")
    assert exam.locator('[data-question="q2"] [data-result]').count() == 0  # the practice site's score stays out


def test_the_assessment_case_page_and_hand_in_dialog_fit_the_screen(browser, sites, output_path):
    """Screenshots for a person to look at (test-results/…); measured here: nothing wider than the screen."""
    overflow = {}
    for width, height in ((360, 740), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                      has_touch=width < 600, is_mobile=width < 600)
        page = context.new_page()
        page.goto(f"{sites}exam/cases/{CASE}/")
        wait_ready(page, CASE)
        for qid, qtype, answer in WORK[1:3]:
            save(page, qid, qtype, answer)
        question(page, "q2").scroll_into_view_if_needed()
        page.screenshot(path=Path(output_path, f"assessment-{CASE}-{width}.png"), full_page=False)
        page.locator(".case-status").evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=Path(output_path, f"assessment-toolbar-{width}.png"), full_page=False)
        page.locator('[data-action="hand-in"]').click()
        dialog = page.locator("[data-identity-dialog]")
        dialog.wait_for(state="visible")
        focused = page.evaluate("() => document.activeElement.name")
        box = dialog.bounding_box()
        page.screenshot(path=Path(output_path, f"assessment-hand-in-{width}.png"))
        page.keyboard.press("Escape")  # the native dialog closes on Esc
        dialog.wait_for(state="hidden")
        overflow[width] = (page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"),
                           box["x"] >= 0 and box["x"] + box["width"] <= width, focused)
        context.close()
    assert overflow == {360: (0, True, "name"), 1280: (0, True, "name")}


def test_the_assessment_case_page_and_its_dialog_pass_the_accessibility_audit(browser, sites, axe_source):
    failures, foreign = [], []
    for scheme in ("light", "dark"):
        context, page = open_in_scheme(browser, f"{sites}exam/cases/{CASE}/", scheme, foreign)
        wait_ready(page, CASE)
        save(page, *WRONG_SHAPES[0])
        for qid, qtype, answer in WORK[1:]:
            save(page, qid, qtype, answer)
        violations = audit(page, axe_source)
        page.locator('[data-action="hand-in"]').click()
        page.locator('[data-identity-dialog] [data-action="identity-save"]').click()  # with its error shown
        violations += audit(page, axe_source)
        if violations:
            failures.append(describe(violations, f"测验版 {CASE}（{scheme}）"))
        context.close()
    assert failures == [], "\n\n".join(failures)
    assert foreign == []

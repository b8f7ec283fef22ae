"""Hostile input and a hostile browser: the case page keeps grading, keeps the student's work, says what happened.

What a student can throw at a case page: 1 MB pasted into a text box, markup and script in
an answer or in a hand-edited answers file, emoji and right-to-left text; what the browser
can do to it: hand back corrupt saved data, refuse to store anything (full or disabled
storage), lose the network after the page loaded. In each case the page must still mount and
grade, never run the student's markup, never silently destroy saved work, and tell the
student in Chinese what is going on.

Cost: most tests share one browser page (``student``, module scope) and move between case
pages with Material's instant navigation, which keeps the grader running; only the tests
that need a browser set up differently before the page loads (storage refused, network
going away) open their own page and pay Pyodide's start-up.

"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page

from course_ui import (
    answer_by_mouse,
    attempts_of,
    import_file,
    question,
    result_of,
    shown_answer,
    storage_key,
    stored_record,
    submit_by_mouse,
    wait_ready,
    wait_result,
)

pytestmark = pytest.mark.browser

B1, B2, B4 = "b1-phone-drops", "b2-call-wait", "b4-disneyland-ctrip"
GRADER_TIME_LIMIT_S = 8.0
"""grader-client.mjs GRADE_TIMEOUT_MS: past it the grade is stopped and reported as 判分超时."""

# What the student is told (strings.mjs), spelled out: these are the specification.
QUOTA = "浏览器存储空间已满：答案暂时只保存在本页内存中，关闭页面会丢失。请先点「导出答案」保存到文件。"
STORAGE_OFF = "浏览器不允许保存数据：答案只保存在本页内存中，关闭页面会丢失。请用「导出答案」保存到文件。"
CHANGED = "本案例已更新，你之前的答案可能需要重新检查"


def corrupt_notice(backup_key: str) -> str:
    return f"本案例保存的答案已损坏，无法读取；原数据已另存为 {backup_key}，本页从空白开始。"


# --------------------------------------------------------------------------- pages


class Student:
    """One browser page that walks between case pages by instant navigation (the grader keeps running)."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base

    def visit(self, case_id: str, *, fresh: bool = False) -> Page:
        """Open a case page by clicking its link in the navigation; `fresh` empties storage first.

        Arriving on a case page mounts it again from storage, so leaving first (to another
        case) when already there makes the visit read what is stored now.
        """
        page = self.page
        if fresh:
            page.evaluate("localStorage.clear()")
        if f"/cases/{case_id}/" in page.url:
            instant_go(page, B4 if case_id != B4 else B2, ready=False)
        instant_go(page, case_id)
        return page

    @contextmanager
    def reopened(self, case_id: str) -> Iterator[Page]:
        """The case opened again in a new tab of the same profile: a full page load that has only the saved data.

        (A new tab rather than a reload, so this page's grader keeps running for the next test.)
        """
        tab = self.page.context.new_page()
        errors, foreign = watch(tab, self.base)
        try:
            tab.goto(f"{self.base}cases/{case_id}/")
            tab.wait_for_selector(f'[data-case="{case_id}"][data-case-ready]')
            yield tab
            assert (errors, foreign) == ([], []), "页面抛出了未捕获的错误，或请求了其他来源的资源"
        finally:
            tab.close()


def watch(page: Page, site_url: str) -> tuple[list[str], list[str]]:
    """Record the page's uncaught errors and its requests to other origins."""
    errors: list[str] = []
    foreign: list[str] = []
    origin = urlsplit(site_url)[:2]

    def on_request(request: Any) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url[:2] != origin:
            foreign.append(request.url)

    page.on("pageerror", lambda error: errors.append(f"{error.name}: {error.message}"))
    page.on("request", on_request)
    return errors, foreign


@pytest.fixture(scope="module")
def student(browser: Browser, site_url: str) -> Iterator[Student]:
    """One wide page (the navigation sidebar shows) for the module; no uncaught error, no foreign request."""
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors, foreign = watch(page, site_url)
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    yield Student(page, site_url)
    context.close()
    assert errors == [], "页面抛出了未捕获的错误"
    assert foreign == [], "页面请求了其他来源的资源"


@pytest.fixture
def own_page(browser: Browser, site_url: str) -> Iterator[Callable[..., tuple[Page, list[str]]]]:
    """A page in a new browser profile, prepared by `init_script` before anything loads.

    Returns (page, uncaught errors); requests to other origins are checked at the end.
    """
    contexts = []
    watched: list[list[str]] = []

    def open_page(case_id: str, init_script: str | None = None, *, ready: bool = True) -> tuple[Page, list[str]]:
        context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
        contexts.append(context)
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        errors, foreign = watch(page, site_url)
        watched.append(foreign)
        page.goto(f"{site_url}cases/{case_id}/")
        if ready:
            wait_ready(page, case_id)
        else:
            page.wait_for_selector(f'[data-case="{case_id}"][data-case-ready]')
        page.evaluate("window.__sameDocument = true")
        return page, errors

    yield open_page
    for context in contexts:
        context.close()
    assert all(foreign == [] for foreign in watched), "页面请求了其他来源的资源"


def instant_go(page: Page, case_id: str, *, ready: bool = True) -> None:
    """Click a link to the case; wait until it is mounted (and, if `ready`, its grader is).

    The sidebar lists only the open chapter's cases (``navigation.prune``); a case of another
    chapter is reached from a chapter page or the index. A link added to the article stands in
    for those: instant navigation handles every same-site link alike.
    """
    link = page.locator(f'.md-sidebar--primary a[href$="/{case_id}/"]')
    if link.count() == 0:
        page.evaluate("""id => {
            const a = document.createElement("a");
            a.href = new URL(`../${id}/`, location.href).href;
            a.textContent = id;
            a.className = "test-link";
            document.querySelector("article").append(a);
        }""", case_id)
        link = page.locator("article a.test-link")
    link.first.click()
    page.wait_for_url(lambda url: f"/cases/{case_id}/" in url)
    if ready:
        wait_ready(page, case_id)
    else:
        page.wait_for_selector(f'[data-case="{case_id}"][data-case-ready]')


def set_value(field: Locator, value: str) -> float:
    """Put `value` into a text field as a paste would (one input event); returns the handler's time in ms."""
    return field.evaluate(
        """(f, v) => {
            const t0 = performance.now();
            f.value = v;
            f.dispatchEvent(new Event("input", {bubbles: true}));
            return performance.now() - t0;
        }""",
        value,
    )


def frame_delay_ms(page: Page) -> float:
    """How long the page takes to paint its next frame: a frozen main thread shows up here."""
    return page.evaluate("() => new Promise(r => { const t0 = performance.now(); requestAnimationFrame(() => r(performance.now() - t0)); })")


def timed_submit(section: Locator) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    submit_by_mouse(section)
    result = wait_result(section)
    return result, time.perf_counter() - started


# --------------------------------------------------------------------------- 1 MB


MEGABYTE_TEXT = "非常抱歉给您添麻烦了，我马上帮您查一下。" * ((1 << 20) // 20)  # 1,048,560 characters


def test_megabyte_text_answer_is_refused_in_time_and_survives_reload(student: Student) -> None:
    """1 MB pasted into a text box: the page keeps painting, the grade says why it is refused, reload keeps it all.

    The grader refuses it (q6 allows 80 characters) with the invalid message and costs no
    attempt; the answer is stored (1 MB fits Chromium's ~5 M-character quota) and comes back.
    """
    page = student.visit(B1, fresh=True)
    section = question(page, "q6")

    handler_ms = set_value(section.locator("textarea"), MEGABYTE_TEXT)
    paint_ms = frame_delay_ms(page)
    result, seconds = timed_submit(section)
    print(f"\n1 MB 文字：输入处理 {handler_ms:.0f} ms，下一帧 {paint_ms:.0f} ms，判分 {seconds * 1000:.0f} ms")

    assert handler_ms < 1000, "粘贴 1 MB 后页面卡住了"
    assert paint_ms < 1000, "粘贴 1 MB 后页面卡住了"
    assert seconds < GRADER_TIME_LIMIT_S
    assert result["status"] == "invalid"
    assert f"字数超出上限：最多 80 字，现在是 {len(MEGABYTE_TEXT)} 字" in result["message"]  # the count the widget shows
    assert attempts_of(section) == 0
    assert page.locator('[data-notice="storage"]').count() == 0
    assert stored_record(page, B1)["answers"]["q6"] == MEGABYTE_TEXT

    with student.reopened(B1) as again:
        section = question(again, "q6")
        assert section.locator("textarea").input_value() == MEGABYTE_TEXT
        assert result_of(section)["status"] == "invalid"
        assert section.locator(".cw-count").get_attribute("data-count") == str(len(MEGABYTE_TEXT))


# --------------------------------------------------------------------------- markup


PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload="window.__pwned=2">',
    "<script>window.__pwned=3</script>",
]
MARKUP = "非常抱歉让您久等了，" + "".join(PAYLOADS)  # Chinese first: a text answer without any is refused


def injected(page: Page) -> dict[str, Any]:
    """Anything the payloads would have created had they been inserted as HTML."""
    page.wait_for_timeout(200)  # an injected <img src=x> would have fired onerror by now
    return page.evaluate(
        """() => ({
            pwned: window.__pwned ?? null,
            elements: document.querySelectorAll('img[src="x"], svg[onload], [onerror]').length,
            scripts: [...document.scripts].filter(s => s.text.includes("__pwned")).length,
        })"""
    )


NOTHING_INJECTED = {"pwned": None, "elements": 0, "scripts": 0}


def test_markup_typed_into_answers_is_shown_as_text_never_run(student: Student) -> None:
    """HTML and script typed into a text and a number box: graded or refused, echoed as text, after reload too."""
    page = student.visit(B2, fresh=True)
    text, number = question(page, "q6"), question(page, "q5")
    answer_by_mouse(page, text, "text", MARKUP)
    answer_by_mouse(page, number, "numeric", PAYLOADS[0])

    submit_by_mouse(text)
    text_result = wait_result(text)
    submit_by_mouse(number)
    number_result = wait_result(number)

    assert (text_result["status"], number_result["status"]) == ("graded", "invalid")
    assert f"「{PAYLOADS[0][:20]}…」不是一个数字" in number_result["message"]  # echoed, as text (cut, with …)
    assert injected(page) == NOTHING_INJECTED

    with student.reopened(B2) as again:
        assert question(again, "q6").locator("textarea").input_value() == MARKUP
        assert question(again, "q5").locator("input").input_value() == PAYLOADS[0]
        assert f"「{PAYLOADS[0][:20]}…」" in result_of(question(again, "q5"))["message"]
        assert injected(again) == NOTHING_INJECTED


def test_markup_in_an_imported_file_is_shown_as_text_never_run(student: Student, site_url: str) -> None:
    """A hand-edited answers file full of markup: case ids, answers and a forged result all reach the page as text."""
    page = student.visit(B1, fresh=True)
    forged = {"status": "graded", "score": 1, "max": 2, "message": MARKUP,
              "parts": [{"id": p, "label": p, "feedback": p, "score": 1, "max": 2, "ok": False} for p in PAYLOADS]}
    file = {
        "format": "service-course-answers", "version": 1, "site": site_url,
        "cases": {
            PAYLOADS[0]: {"caseHash": "x", "answers": {}, "attempts": {}, "results": {}, "savedAt": None},
            B1: {"caseHash": "x", "savedAt": "2026-01-01T00:00:00.000Z", "attempts": {"q2": 1},
                 "answers": {"q6": MARKUP, "q4a": PAYLOADS[1], "q5": PAYLOADS, "q1": {PAYLOADS[0]: PAYLOADS}, "q2": PAYLOADS[2]},
                 "results": {"q2": forged}},
        },
    }

    report = import_file(page, file)

    assert report == f"已导入 1 个案例（{B1}）；跳过 1 个（案例编号「{PAYLOADS[0]}」无效）。"
    shown = question(page, "q2").locator("[data-result]")
    assert shown.locator(".case-message").inner_text() == MARKUP
    assert shown.locator(".case-part-feedback").all_inner_texts() == PAYLOADS
    assert question(page, "q6").locator("textarea").input_value() == MARKUP
    assert injected(page) == NOTHING_INJECTED

    with student.reopened(B1) as again:
        assert question(again, "q2").locator(".case-message").inner_text() == MARKUP
        assert injected(again) == NOTHING_INJECTED


# --------------------------------------------------------------------------- emoji and right-to-left


WORLD_TEXT = (
    "非常抱歉👨\u200d👩\u200d👧\u200d👦🏳️\u200d🌈，我们马上处理🙏🏽。"
    "مرحبا، نحن آسفون جدا。 שלום, אנחנו מצטערים。"
    "\u202e倒过来的字\u202c \u202dLTR\u202c e\u0301 𠀀𪚥"
)


def test_emoji_and_right_to_left_text_round_trip_exactly(student: Student, python_grade: Callable) -> None:
    """ZWJ sequences, flags, skin tones, Arabic, Hebrew, bidi overrides and astral CJK survive save, grading and reload unchanged."""
    page = student.visit(B4, fresh=True)
    section = question(page, "q4")
    answer_by_mouse(page, section, "text", WORLD_TEXT)
    submit_by_mouse(section)
    shown = wait_result(section)

    expected = python_grade(B4, "q4", WORLD_TEXT)  # CPython on the very same string
    assert (shown["status"], shown["score"]) == (expected["status"], float(expected["score"]))
    assert stored_record(page, B4)["answers"]["q4"] == WORLD_TEXT
    assert stored_record(page, B4)["results"]["q4"] == {**expected, "answer": WORLD_TEXT}  # with the answer it graded

    with student.reopened(B4) as again:
        assert question(again, "q4").locator("textarea").input_value() == WORLD_TEXT


# --------------------------------------------------------------------------- corrupt storage


def record(**fields: Any) -> dict[str, Any]:
    return {"version": 1, "caseHash": "CURRENT", "answers": {}, "attempts": {}, "results": {}, "savedAt": None, **fields}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# name, stored value (str: raw text; dict: JSON of it; "CURRENT" is replaced by the case's hash),
# expected notice (None, "corrupt", "changed"), and q2's answer the page shows.
CORRUPT: list[tuple[str, str | dict, str | None, str | None]] = [
    ("not JSON", '{"version": 1, "answers": ', "corrupt", None),
    ("JSON null", "null", "corrupt", None),
    ("JSON array", "[1, 2, 3]", "corrupt", None),
    ("wrong shape", {"answers": "q2"}, "corrupt", None),
    ("negative attempts", record(attempts={"q2": -1}), "corrupt", None),
    ("result without status", record(results={"q2": {"score": 1}}), "corrupt", None),
    ("result with a null part", record(results={"q2": {"status": "graded", "score": 1, "max": 2, "parts": [None]}}), "corrupt", None),
    ("answer nested 10,000 deep", '{"version":1,"caseHash":"x","answers":{"q4a":' + nested(10_000) + '},"attempts":{},"results":{},"savedAt":null}', "corrupt", None),
    ("1 MB of garbage", "\x00垃圾" * ((1 << 20) // 3), "corrupt", None),
    ("answers of the wrong types", record(answers={"q1": "K1", "q2": 42, "q3": {"a": 1}, "q5": "solve", "q6": ["text"]}), None, None),
    ("10,000-id selections", record(answers={"q2": "c", "q3": ["c", "d"] * 5_000, "q1": {f"K{i}": ["T1"] * 3 for i in range(10_000)}}), None, "c"),
    ("another version of the case", record(caseHash="000000000000", answers={"q2": "a"}), "changed", "a"),
]


@pytest.mark.parametrize(("name", "value", "notice", "q2"), CORRUPT, ids=[row[0] for row in CORRUPT])
def test_corrupt_storage_never_blocks_the_page(
    student: Student, case_data: Callable[[str], dict], name: str, value: str | dict, notice: str | None, q2: str | None
) -> None:
    """Whatever is stored under the case's key, the page mounts and grades; damaged data is kept aside, never lost.

    store.mjs promises: a value it cannot use is moved to `<key>:corrupt:<time>` unchanged
    and the student is told where; a usable record (even with odd answers) is left as it is,
    its answers judged by the grader only when submitted.
    """
    page = student.visit(B2, fresh=True)
    raw = value if isinstance(value, str) else json.dumps(value).replace('"CURRENT"', json.dumps(case_data(B1)["hash"]))
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [storage_key(B1), raw])

    instant_go(page, B1)

    notices = {n.get_attribute("data-notice"): n.inner_text() for n in page.locator("[data-notice]").all()}
    backups = page.evaluate(
        "p => Object.keys(localStorage).filter(k => k.startsWith(p)).map(k => [k, localStorage.getItem(k)])",
        storage_key(B1) + ":corrupt:",
    )
    if notice == "corrupt":
        assert [kept for _, kept in backups] == [raw]  # kept aside, byte for byte
        assert notices == {"corrupt": corrupt_notice(backups[0][0])}
        assert stored_record(page, B1) is None
    else:
        assert backups == []
        assert notices == ({"changed": CHANGED} if notice == "changed" else {})
        assert page.evaluate("k => localStorage.getItem(k)", storage_key(B1)) == raw  # untouched until the student acts
    assert shown_answer(question(page, "q2"), "single_choice") == q2

    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    submit_by_mouse(section)
    assert wait_result(section)["status"] == "graded"
    saved = stored_record(page, B1)
    assert saved["answers"]["q2"] == "c"
    if notice != "corrupt":  # the student's other answers, odd as they are, were not thrown away
        before = json.loads(raw)["answers"]
        assert {k: v for k, v in saved["answers"].items() if k != "q2"} == {k: v for k, v in before.items() if k != "q2"}


# --------------------------------------------------------------------------- storage refused


QUOTA_EXCEEDED = """Storage.prototype.setItem = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};"""

# Storage switched off: reading the localStorage property itself throws (Chrome with site data
# blocked), or every method throws.
_INSECURE = """const insecure = () => new DOMException("The operation is insecure.", "SecurityError");"""
STORAGE_DISABLED = {
    "property-throws": _INSECURE + """
        Object.defineProperty(window, "localStorage", {configurable: true, get() { throw insecure(); }});""",
    "methods-throw": _INSECURE + """
        for (const name of ["getItem", "setItem", "removeItem", "key", "clear"]) {
            Storage.prototype[name] = function () { throw insecure(); };
        }""",
}


def answer_and_grade(page: Page) -> None:
    """Type an answer and grade another on B1."""
    answer_by_mouse(page, question(page, "q6"), "text", "非常抱歉，我马上帮您查询。")
    choice = question(page, "q2")
    answer_by_mouse(page, choice, "single_choice", "c")
    submit_by_mouse(choice)
    assert wait_result(choice)["status"] == "graded"


def work_is_still_there_after_a_round_trip(page: Page) -> None:
    """Go to B2 and back (instant navigation): the typed and the graded answer are both still on the page."""
    instant_go(page, B2)
    instant_go(page, B1)
    assert page.evaluate("window.__sameDocument") is True
    assert shown_answer(question(page, "q2"), "single_choice") == "c"
    assert (result_of(question(page, "q2"))["status"], attempts_of(question(page, "q2"))) == ("graded", 1)
    assert shown_answer(question(page, "q6"), "text") == "非常抱歉，我马上帮您查询。"


def test_full_storage_keeps_work_for_the_visit_and_says_so(own_page: Callable) -> None:
    """Every save refused with QuotaExceededError: grading goes on, the student is told to export, work stays for the visit."""
    page, errors = own_page(B1, QUOTA_EXCEEDED)

    answer_and_grade(page)
    assert page.locator('[data-notice="storage"]').inner_text() == QUOTA
    assert stored_record(page, B1) is None

    work_is_still_there_after_a_round_trip(page)
    assert errors == []


@pytest.mark.parametrize("how", list(STORAGE_DISABLED))
def test_disabled_storage_keeps_work_for_the_visit_and_says_so(own_page: Callable, how: str) -> None:
    """Storage that throws SecurityError on every use: grading goes on, the student is told, work stays for the visit."""
    page, errors = own_page(B1, STORAGE_DISABLED[how])

    answer_and_grade(page)
    assert page.locator('[data-notice="storage"]').inner_text() == STORAGE_OFF

    work_is_still_there_after_a_round_trip(page)
    assert errors == []  # neither the course's code nor Material's (theme_fixes.py) raised


def test_unsaved_work_is_still_flagged_after_coming_back(own_page: Callable) -> None:
    """Back on a case whose answers exist only in memory, the student is still told that closing the page loses them."""
    page, _ = own_page(B1, QUOTA_EXCEEDED, ready=False)
    answer_by_mouse(page, question(page, "q2"), "single_choice", "c")
    assert page.locator('[data-notice="storage"]').inner_text() == QUOTA

    instant_go(page, B2, ready=False)
    instant_go(page, B1, ready=False)

    assert shown_answer(question(page, "q2"), "single_choice") == "c"
    assert page.locator('[data-notice="storage"]').count() == 1


def test_disabled_storage_raises_no_uncaught_error(own_page: Callable) -> None:
    """With storage disabled, no script on the page (Material's included) throws an uncaught error."""
    page, errors = own_page(B1, STORAGE_DISABLED["property-throws"], ready=False)
    assert errors == []


# --------------------------------------------------------------------------- network gone


def test_grading_and_saving_go_on_when_the_network_goes_away(own_page: Callable) -> None:
    """Once the grader is ready the page needs no network: answers are graded and saved offline; back online, navigation works."""
    page, errors = own_page(B1)
    page.context.set_offline(True)

    section = question(page, "q3")
    answer_by_mouse(page, section, "multiple_choice", ["c", "d"])
    submit_by_mouse(section)
    result = wait_result(section)

    assert result["status"] == "graded"
    assert stored_record(page, B1)["answers"]["q3"] == ["c", "d"]
    assert stored_record(page, B1)["results"]["q3"]["score"] == result["score"]

    page.context.set_offline(False)
    instant_go(page, B2)
    assert page.evaluate("window.__sameDocument") is True
    instant_go(page, B1)
    assert shown_answer(question(page, "q3"), "multiple_choice") == ["c", "d"]
    assert errors == []


def test_navigating_offline_explains_itself_in_chinese(own_page: Callable) -> None:
    """A link clicked while offline leaves the student on the page with a Chinese explanation, not the browser's error page."""
    page, errors = own_page(B1, ready=False)
    page.context.set_offline(True)

    page.locator(f'.md-sidebar--primary a[href$="/{B2}/"]').click()
    page.wait_for_timeout(1500)

    assert urlsplit(page.url).scheme == "http" and f"/cases/{B1}/" in page.url
    assert page.evaluate("window.__sameDocument ?? false") is True
    alert = page.locator('[role="alert"], [role="status"], [aria-live]').filter(has_text=re.compile("网络"))
    assert alert.count() >= 1 and alert.first.is_visible()
    assert errors == []

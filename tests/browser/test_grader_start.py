"""How the grader starts and survives: the memory snapshots, and a crashing worker.

Shipped snapshot: a first visit restores the heap the build made (build_tools/site/snapshot.py);
if that file is missing, truncated, foreign or made with another checker, the same page load
starts CPython normally. Browser-made snapshot (a site without a shipped one, here the shipped
file answered with 404): the first visit starts normally and then saves Pyodide's heap in Cache
Storage; the next visit restores it. A snapshot that does not fit (corrupt, another checker
bundle) is never used: the grader starts normally and grades exactly as before.

Crash: the runtime dying in the middle of a grade (here Python's ``os.abort()``, which kills
Pyodide the way a fatal error does) must not lose the submission: the page starts a new
worker and grades the same answer again. The aborting checker is test-only: the test serves
the real bundle with one addition through Playwright's routing, as test_timeout.py does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from course_ui import answer_by_mouse, attempts_of, patched_bundle, question, start_of, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

B1 = "b1-phone-drops"
APOLOGY = "非常抱歉给您添麻烦了，我马上帮您查一下。"
SNAPSHOT_TIMEOUT_MS = 60_000


def prepared_of(page) -> str:
    """How many questions the worker prepared for this page, once it has."""
    page.wait_for_function("document.documentElement.dataset.graderPrepared", timeout=SNAPSHOT_TIMEOUT_MS)
    return page.evaluate("document.documentElement.dataset.graderPrepared")


def grade_apology(page) -> dict:
    text = question(page, "q6")
    answer_by_mouse(page, text, "text", APOLOGY)
    submit_by_mouse(text)
    return wait_result(text)


def is_shipped_snapshot(url: str) -> bool:
    return url.split("?", 1)[0].endswith(".svcs.gz")  # not the worker's URL, which names it in its query


def without_shipped_snapshot(context):
    """`context` as a browser of a site that ships no snapshot (the file answers 404)."""
    context.route(is_shipped_snapshot, lambda route: route.fulfill(status=404, body="not found"))
    return context


def open_case(context, site_url: str):
    page = context.new_page()
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    return page


# --------------------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class FirstVisit:
    """What the first visit of a profile showed: start-up marks, how it started, its grade."""

    marks: list[str]
    start: list[str]
    prepared: str
    apology: dict


@pytest.fixture(scope="module")
def made_here(browser, site_url) -> Iterator[tuple[object, FirstVisit]]:
    """One profile of a site that ships no snapshot, after its first visit: the page started
    plainly, graded the apology and stored Pyodide's heap. Tests that spoil the stored heap
    leave a good one behind (the next plain start stores it), so every test finds one."""
    context = without_shipped_snapshot(browser.new_context())
    first = open_case(context, site_url)
    marks = start_up_marks(first)
    visit = FirstVisit(marks, start_of(first), prepared_of(first), grade_apology(first))
    first.close()
    yield context, visit
    context.close()


def test_a_repeat_visit_restores_the_snapshot_the_first_visit_stored(made_here, site_url):
    context, first = made_here
    second = open_case(context, site_url)
    second_start = start_of(second)
    second_result = grade_apology(second)
    second.close()

    assert first.start == ["plain", "stored"]
    assert second_start == ["snapshot", "restored"]
    assert {k: second_result[k] for k in ("status", "score", "max")} == {k: first.apology[k] for k in ("status", "score", "max")}
    assert second_result["message"] == first.apology["message"]


START_UP_MARKS = ["svc-course:grader-start", "svc-course:phase:worker", "svc-course:phase:runtime-files",
                  "svc-course:phase:runtime", "svc-course:phase:ready", "svc-course:grader-ready"]


def start_up_marks(page) -> list[str]:
    """The grader's marks on the page's timeline, in time order."""
    return page.evaluate(
        """() => performance.getEntriesByType("mark").filter((m) => m.name.startsWith("svc-course:"))
                 .sort((a, b) => a.startTime - b.startTime).map((m) => m.name)"""
    )


def test_both_visits_mark_where_the_start_up_time_went_in_time_order(made_here, site_url):
    context, first = made_here
    second = open_case(context, site_url)
    second_marks = start_up_marks(second)
    second_start = start_of(second)
    second.close()

    assert first.marks == START_UP_MARKS
    assert second_marks == START_UP_MARKS
    assert second_start[0] == "snapshot"


SPOILED_SNAPSHOTS = [
    ("bytes of the right size but no snapshot", "random"),
    ("a short text", "text"),
    ("a truncated snapshot", "truncated"),
    ("a snapshot of another checker bundle (a rebuilt site)", "other-bundle"),
]


def test_a_stored_snapshot_that_does_not_fit_is_replaced_and_the_grader_starts_normally(made_here, site_url, built_site):
    """Each kind of damage in turn, in the one profile: every visit after one starts plainly, grades,
    and stores a good snapshot in place of the bad one (one entry, named by the page's checker),
    which the next kind of damage then spoils."""
    (bundle,) = Path(built_site.root, "assets", "checker").glob("exercises.*.zip")
    context, _ = made_here
    tool = context.new_page()  # a page of the site without a grader, to reach its Cache Storage
    tool.goto(f"{site_url}404.html")
    wrong = []
    for label, kind in SPOILED_SNAPSHOTS:
        tool.evaluate(
            """async ([kind, bundle]) => {
              const cache = await caches.open("svc-course-grader");
              const [request] = await cache.keys();
              const stored = await cache.match(request);
              const size = (await stored.clone().arrayBuffer()).byteLength;
              if (kind === "other-bundle") {  // it claims to belong to a different bundle
                await cache.delete(request);
                await cache.put(request.url.replace(encodeURIComponent(bundle), encodeURIComponent("exercises.000000000000.zip")), stored);
                return;
              }
              let body;
              if (kind === "random") body = new Blob([crypto.getRandomValues(new Uint8Array(65536)), new Uint8Array(size - 65536)]);
              else if (kind === "text") body = new Blob(["这不是快照"]);
              else body = (await stored.blob()).slice(0, size - 4096);
              await cache.put(request, new Response(body, {headers: stored.headers}));
            }""",
            [kind, bundle.name],
        )
        page = open_case(context, site_url)
        started = start_of(page)
        result = grade_apology(page)
        page.close()
        keys = tool.evaluate("async () => (await (await caches.open('svc-course-grader')).keys()).map((r) => r.url)")
        if started != ["plain", "stored"] or (result["status"], result["score"], result["max"]) != ("graded", 5, 10):
            wrong.append((label, started, result.get("score")))
        if len(keys) != 1 or bundle.name not in keys[0]:
            wrong.append((label, "stored entries", keys))
    tool.close()
    assert wrong == []


def test_a_first_visit_restores_the_shipped_snapshot_and_grades_as_a_plain_start(browser, site_url, made_here):
    """The shipped heap is also kept in Cache Storage (as the file's packed bytes): the next visit restores it."""
    _, plain = made_here
    shipped = browser.new_context()
    try:
        fast = open_case(shipped, site_url)
        start, prepared = start_of(fast), prepared_of(fast)
        questions = str(fast.locator(f'[data-case="{B1}"] [data-question]').count())
        result = grade_apology(fast)
        fast.close()
        again = open_case(shipped, site_url)
        repeat_start, repeat_result = start_of(again), grade_apology(again)
    finally:
        shipped.close()
    assert (start, plain.start, repeat_start) == (["snapshot", "shipped"], ["plain", "stored"], ["snapshot", "restored"])
    assert (prepared, plain.prepared) == (questions, questions), "the worker prepares every question of the page (exercises.prepare_json)"
    assert result == plain.apology
    assert {**repeat_result, "attempt": 1} == plain.apology and repeat_result["attempt"] == 2  # same profile: its second attempt


def _damaged_snapshot(kind: str, good: bytes) -> bytes:
    import gzip

    if kind == "truncated download":
        return good[: len(good) // 2]
    if kind == "not gzip, not a snapshot":
        return b"<html>404 page of a host that answers 200</html>"
    if kind == "gzip of something else":
        return gzip.compress(b"\0" * 100_000)
    raise ValueError(kind)


def _answer_with(body: bytes):
    return lambda route: route.fulfill(status=200, body=body)


SHIPPED_FAILURES = ["missing", "truncated download", "not gzip, not a snapshot", "gzip of something else", "another checker"]


def test_a_shipped_snapshot_that_cannot_be_used_falls_back_to_a_plain_start_in_the_same_visit(browser, site_url, built_site):
    """Each failure in a fresh profile: the grader starts normally, grades, and stores its own snapshot."""
    (shipped,) = Path(built_site.root, "assets", "checker").glob("grader.*.svcs.gz")
    (bundle,) = Path(built_site.root, "assets", "checker").glob("exercises.*.zip")
    good = shipped.read_bytes()
    wrong = []
    for kind in SHIPPED_FAILURES:
        context = browser.new_context()
        if kind == "missing":
            without_shipped_snapshot(context)
        elif kind == "another checker":  # the page's checker differs from the one in the heap by one file
            other = patched_bundle(bundle.read_bytes(), "", {"exercises/_another_build.py": "X = 1\n"})
            context.route(lambda url: url.split("?", 1)[0].endswith(bundle.name),
                          lambda route: route.fulfill(status=200, body=other, content_type="application/zip"))
        else:
            context.route(is_shipped_snapshot, _answer_with(_damaged_snapshot(kind, good)))
        try:
            page = open_case(context, site_url)
            started, result = start_of(page), grade_apology(page)
        finally:
            context.close()
        if started != ["plain", "stored"] or (result["status"], result["score"], result["max"]) != ("graded", 5, 10):
            wrong.append((kind, started, result.get("score")))
    assert wrong == []


# --------------------------------------------------------------------------- crash

ABORT = "判分测试__test_abort_runtime__"  # Chinese: a text answer without any is refused before grading
ABORTING_GRADE = f'''

# --- added by tests/browser/test_grader_start.py: a grade that kills the runtime ---
import os as _os

_real_grade_for_abort = grade


def grade(question, answer):
    if answer == {ABORT!r} and _os.path.exists(_os.path.join(_os.path.dirname(__file__), "_abort_marker")):
        _os.abort()
    return _real_grade_for_abort(question, answer)
'''


CRASHES = [
    # (label, marker in the 1st, 2nd, 3rd … bundle served, expected status, attempts after)
    ("a one-off crash is graded again by a new worker", [True, False], "graded", 1),
    ("an answer that crashes twice fails without costing an attempt", [True, True, False], "error", 0),
]


@pytest.mark.parametrize("label, markers, status, attempts", CRASHES, ids=[c[0] for c in CRASHES])
def test_a_worker_crashing_mid_grade_is_replaced(browser, site_url, built_site, label, markers, status, attempts):
    (bundle,) = Path(built_site.root, "assets", "checker").glob("exercises.*.zip")
    real = bundle.read_bytes()
    served: list[bool] = []
    context = browser.new_context()

    def serve(route):
        marker = markers[min(len(served), len(markers) - 1)]
        served.append(marker)
        route.fulfill(body=patched_bundle(real, ABORTING_GRADE, {"exercises/_abort_marker": ""} if marker else None), content_type="application/zip")

    context.route("**/assets/checker/exercises.*.zip", serve)
    page = open_case(context, site_url)
    text = question(page, "q6")
    answer_by_mouse(page, text, "text", ABORT)
    submit_by_mouse(text)
    crashed = wait_result(text, timeout=60_000)
    crashed_attempts = attempts_of(text)
    wait_ready(page, B1)
    after = grade_apology(page)
    context.close()

    assert crashed["status"] == status
    if status == "graded":
        assert crashed["message"]  # the answer itself was graded normally by the new worker
    else:
        assert crashed["message"] == "判分程序出错，本次不计作答次数。请导出答案并告诉老师。"
    assert crashed_attempts == attempts
    assert len(served) == len(markers)  # one worker per crash, plus the first
    assert (after["status"], after["score"], after["max"]) == ("graded", 5, 10)

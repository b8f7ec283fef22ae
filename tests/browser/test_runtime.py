"""The grader's runtime: loaded only where there are exercises, once per visit, off the main thread,
with its progress shown.

That no page ever reaches another origin is shown where every page is opened anyway: the
accessibility audits open every page (at 1280 and 360 px) and answer and grade every question
of every case (test_accessibility.py), recording every request of their browser profiles.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

from course_ui import answer_by_mouse, question, stored_record, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

B1, B2 = "b1-phone-drops", "b2-call-wait"
RUNTIME = ("/assets/pyodide/", "/assets/checker/", "/assets/course/grader-worker.mjs", "/assets/course/restored-stdlib.zip")


@pytest.fixture
def recorded(browser):
    """A new browser profile whose every request (pages and workers) is recorded by path."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, requests
    context.close()
    assert errors == []


def runtime_requests(requests: list[str]) -> Counter:
    return Counter(urlsplit(url).path.rsplit("/", 1)[-1] for url in requests
                   if any(part in urlsplit(url).path for part in RUNTIME))


def test_pages_without_exercises_never_start_the_grader(recorded, site_url):
    """Home, a chapter, the case index and the student guide, one after another in one profile."""
    page, requests = recorded
    wrong = []
    for path in ["", "chapters/recovery/", "cases/", "guide/student/"]:
        requests.clear()
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        if page.locator("[data-case]").count() or runtime_requests(requests):
            wrong.append((path or "首页", page.locator("[data-case]").count(), runtime_requests(requests)))
    assert wrong == []


def test_instant_navigation_between_case_pages_downloads_the_runtime_once(recorded, site_url, record_property):
    page, requests = recorded
    page.goto(site_url + "cases/")  # the case index: no exercises, so no grader yet
    page.evaluate("window.__sameDocument = true")
    assert runtime_requests(requests) == Counter()

    page.locator(f'.md-content a[href$="{B1}/"]').first.click()
    page.wait_for_url(lambda url: f"/cases/{B1}/" in url)
    assert page.locator(f'[data-case="{B1}"] .case-status').inner_text().startswith("正在加载判分引擎…")
    wait_ready(page, B1)
    page.locator(f'.md-sidebar--primary a[href$="{B2}/"]').click()
    page.wait_for_url(lambda url: f"/cases/{B2}/" in url)
    wait_ready(page, B2, timeout=5_000)  # the grader is already running: ready at once
    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "b")
    submit_by_mouse(section)

    assert wait_result(page.locator(f'[data-case="{B2}"] [data-question="q2"]'))["status"] == "graded"
    assert page.evaluate("window.__sameDocument") is True
    counts = runtime_requests(requests)
    assert counts["pyodide.asm.wasm"] == 1
    assert counts == Counter({name: 1 for name in counts})  # every runtime file exactly once
    # Started from the shipped snapshot: the standard library is the empty stand-in (grader-core.mjs).
    assert page.evaluate("document.documentElement.dataset.graderStart") == "snapshot"
    assert set(counts) >= {"pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "restored-stdlib.zip",
                           "pyodide-lock.json", "grader-worker.mjs"} and "python_stdlib.zip" not in counts


def test_grader_loads_off_the_main_thread(browser, site_url, record_property):
    """The page stays responsive while CPython starts in the worker (PMT blocks it ≈3 s)."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script("""
        window.__longTasks = [];
        new PerformanceObserver(list => window.__longTasks.push(...list.getEntries().map(e => e.duration)))
            .observe({type: "longtask", buffered: true});
    """)
    page.goto(f"{site_url}cases/{B1}/")
    wait_ready(page, B1)
    ready_ms = page.evaluate("performance.now()")
    longest = page.evaluate("Math.max(0, ...window.__longTasks)")
    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    started = page.evaluate("performance.now()")
    submit_by_mouse(section)
    wait_result(section)
    round_trip = page.evaluate("performance.now()") - started
    context.close()

    record_property("cold_ready_ms", round(ready_ms))
    record_property("longest_main_thread_task_ms", round(longest))
    record_property("grade_click_to_result_ms", round(round_trip))
    print(f"\ncold ready {ready_ms:.0f} ms; longest main-thread task {longest:.0f} ms; grade round trip {round_trip:.0f} ms")
    assert longest < 1000


BROKEN_RUNTIME = [  # (what fails, the route pattern, how the request fails, retried here?)
    ("pyodide.mjs 404", "**/assets/pyodide/pyodide.mjs", lambda route: route.fulfill(status=404, body="not here"), False),
    ("wasm blocked", "**/assets/pyodide/pyodide.asm.wasm", lambda route: route.abort(), True),
    ("wasm truncated", "**/assets/pyodide/pyodide.asm.wasm",
     lambda route: route.fulfill(status=200, content_type="application/wasm", body=b"\x00asm\x01\x00\x00\x00\x01"), False),
    # A start from the shipped snapshot never asks for the standard library: without the snapshot it does.
    ("stdlib 404 (no shipped snapshot)", lambda url: urlsplit(url).path.endswith(("/python_stdlib.zip", ".svcs.gz")),
     lambda route: route.fulfill(status=404, body="not here"), False),
]


def test_engine_that_cannot_load_fails_fast_and_a_retry_grades_the_waiting_answer(browser, site_url, record_property):
    """Any runtime file missing or broken: the page says so in seconds (not at its two-minute limit),
    keeps the submitted answer waiting (no attempt used), and 「重试」 without a reload grades it."""
    failed_after = {}
    for name, pattern, fail, retried in BROKEN_RUNTIME:
        context = browser.new_context()
        context.route(pattern, fail)
        page = context.new_page()
        page.goto(f"{site_url}cases/{B1}/")
        page.wait_for_selector(f'[data-case="{B1}"][data-grader=error][data-case-ready]', timeout=20_000)
        failed_after[name] = page.evaluate("performance.now()")
        status = page.locator(".case-status").inner_text()
        section = question(page, "q2")
        answer_by_mouse(page, section, "single_choice", "c")
        submit_by_mouse(section)
        waiting = section.locator("[data-pending]").inner_text()
        stored = stored_record(page, B1)

        if retried:  # the way out is the same whatever failed: one retry, once the file arrives, is enough
            context.unroute(pattern)
            page.locator(".case-retry").click()
            shown = wait_result(section)
            after = stored_record(page, B1)
            retry_left = page.locator(".case-retry").count()
        context.close()

        assert status.startswith("判分引擎没能加载"), name
        assert waiting == "判分引擎没能加载；点本页上方的「重试」，就绪后会自动判分。", name
        assert (stored["answers"], stored["attempts"]) == ({"q2": "c"}, {}), name
        if retried:
            assert shown["status"] == "graded" and after["attempts"] == {"q2": 1} and retry_left == 0, name
    for name, ms in failed_after.items():
        record_property(f"failed_after_ms[{name}]", round(ms))
    print("\nengine failure reported after (ms since navigation):", {k: round(v) for k, v in failed_after.items()})
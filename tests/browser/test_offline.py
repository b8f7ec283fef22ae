"""A case page a student has opened works without a network; a new deploy replaces the offline copy whole.

Service workers are allowed here only (tests/conftest.py blocks them elsewhere). Each test serves its own copy of the built site and then stops the server, so "offline" means
that nothing answers at all, whatever Chromium's network emulation covers (service workers).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.devtools.local_browser import free_port, serve_static
from build_tools.site import offline
from course_ui import answer_by_mouse, question, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

B1 = "b1-phone-drops"
COPY_TIMEOUT_MS = 60_000


def offline_copy(page) -> str:
    """The deploy version whose copy holds this page, once the page has been kept."""
    page.wait_for_function("(document.documentElement.dataset.offlineCopy || '').startsWith('ready:')",
                           timeout=COPY_TIMEOUT_MS)
    return page.evaluate("document.documentElement.dataset.offlineCopy").split(":", 1)[1]


def own_site(built_site, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(built_site.root, site)
    return site


def open_kept(context, base: str):
    """B1 opened online and kept in the offline copy: (page, the copy's version)."""
    page = context.new_page()
    page.goto(f"{base}cases/{B1}/")
    wait_ready(page, B1)
    return page, offline_copy(page)


def grade_q2(page) -> dict:
    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    submit_by_mouse(section)
    return wait_result(section)


def test_a_visited_case_page_reloads_and_grades_with_no_server(browser, built_site, tmp_path) -> None:
    site, port = own_site(built_site, tmp_path), free_port()
    base = f"http://127.0.0.1:{port}/"
    context = browser.new_context(service_workers="allow")
    try:
        with serve_static(site, port):
            page, version = open_kept(context, base)
        context.set_offline(True)
        page.reload()
        wait_ready(page, B1)
        result = grade_q2(page)
        never_opened = context.new_page()
        never_opened.goto(f"{base}chapters/recovery/")
        shown = never_opened.locator("body").inner_text()
    finally:
        context.close()
    assert version == offline.site_version(site)
    assert (result["status"], result["score"]) == ("graded", 2)
    assert "现在没有网络" in shown and "打开过" in shown


def test_offline_the_case_page_says_it_is_offline_and_still_grades(browser, built_site, tmp_path) -> None:
    site, port = own_site(built_site, tmp_path), free_port()
    context = browser.new_context(service_workers="allow")
    try:
        with serve_static(site, port):
            page, _ = open_kept(context, f"http://127.0.0.1:{port}/")
        context.set_offline(True)
        page.reload()
        wait_ready(page, B1)
        notice = page.locator('[data-notice="offline"]').inner_text()
        context.set_offline(False)
        page.wait_for_function("!document.querySelector('[data-notice=\"offline\"]')")
    finally:
        context.close()
    assert notice.startswith("离线模式")


def test_a_new_deploy_replaces_the_offline_copy_whole(browser, built_site, tmp_path) -> None:
    """After a deploy, the page online shows the new version, the copy is the new deploy's only,
    and offline the page is the new one (never the old page with new files or the reverse)."""
    site, port = own_site(built_site, tmp_path), free_port()
    base = f"http://127.0.0.1:{port}/"
    page_file = site / "cases" / B1 / "index.html"
    context = browser.new_context(service_workers="allow")
    try:
        with serve_static(site, port):
            page, first = open_kept(context, base)
            # the deploy: a changed page, and the worker the build writes for it
            html = page_file.read_text(encoding="utf-8")
            page_file.write_text(re.sub(r"(<h1[^>]*>)", r"\1新版·", html, count=1), encoding="utf-8")
            (site / offline.WORKER).write_text(offline.service_worker(site), encoding="utf-8")
            page.reload()
            wait_ready(page, B1)
            second = offline_copy(page)
            online_title = page.locator("h1").first.inner_text()
        context.set_offline(True)
        page.reload()
        wait_ready(page, B1)
        offline_title = page.locator("h1").first.inner_text()
        caches = page.evaluate("async () => (await caches.keys()).filter((name) => name.startsWith('svc-course-site-'))")
    finally:
        context.close()
    assert first != second == offline.site_version(site)
    assert online_title.startswith("新版") and offline_title.startswith("新版")
    assert caches == [f"svc-course-site-/:{second}"]  # named by the site's path too: see test_assessment.py

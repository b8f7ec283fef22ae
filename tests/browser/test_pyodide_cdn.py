"""``pyodide_cdn``: a site built with it loads Pyodide from that other origin, and grades.

The option must name an ``https://`` folder, and the test machine has no network: the
site is built with ``https://cdn.test/pyodide/`` and Playwright's routing answers that
origin from the verified local Pyodide files (``build_tools.site.vendor``), with the CORS
header a real CDN must send (a module worker's cross-origin ``import()`` and Pyodide's
``fetch`` of the wasm both need it). Playwright adds that header to a fulfilled
cross-origin response by itself, so these tests cannot catch a CDN that omits it.
The site itself is served by a server that records every path it was asked for: none
may be a Pyodide file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_tools.site import vendor
from build_tools.devtools.local_browser import StaticHandler, free_port, serve_static
from course_ui import answer_by_mouse, question, start_of, submit_by_mouse, wait_ready, wait_result

pytestmark = pytest.mark.browser

CDN = "https://cdn.test/pyodide/"
B1 = "b1-phone-drops"
APOLOGY = "非常抱歉给您添麻烦了，我马上帮您查一下。"


@dataclass
class CdnSite:
    """The served variant site, and who was asked for what."""

    base: str
    root: Path
    site_paths: list[str] = field(default_factory=list)
    cdn_paths: list[str] = field(default_factory=list)


def recording_handler(paths: list[str]) -> type[StaticHandler]:
    """A :class:`StaticHandler` that appends the path of every request to `paths`."""

    class Recording(StaticHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            paths.append(self.path)

    return Recording


@pytest.fixture(scope="module")
def cdn_site(build_variant) -> Iterator[CdnSite]:
    """The course built with ``pyodide_cdn``, served by a recording server."""
    port = free_port()
    built = build_variant("cdn", port, options={"pyodide_cdn": CDN})
    site_paths: list[str] = []
    with serve_static(built.root, port, handler=recording_handler(site_paths)) as base:
        yield CdnSite(base, built.root, site_paths)


def open_case(browser, site: CdnSite):
    """A new profile whose requests to the CDN are answered from the local Pyodide files."""
    files = vendor.package_files(vendor.PYODIDE)
    context = browser.new_context()

    def cdn(route) -> None:
        name = route.request.url.removeprefix(CDN).split("?")[0]
        site.cdn_paths.append(name)
        if name not in files:
            route.fulfill(status=404, headers={"Access-Control-Allow-Origin": "*"})
            return
        route.fulfill(body=files[name].read_bytes(), headers={
            "Content-Type": StaticHandler.extensions_map[Path(name).suffix], "Access-Control-Allow-Origin": "*"})

    context.route(f"{CDN}**", cdn)
    page = context.new_page()
    page.goto(f"{site.base}cases/{B1}/")
    return context, page


def test_the_case_page_names_the_cdn_and_the_site_ships_no_pyodide(cdn_site):
    page = (cdn_site.root / "cases" / B1 / "index.html").read_text(encoding="utf-8")
    assert f'data-pyodide="{CDN}"' in page
    assert not (cdn_site.root / "assets" / "pyodide").exists()


@dataclass
class FirstVisit:
    """A first visit to the CDN site's case page: the answer it graded, how it started, its console."""

    context: object
    shown: dict
    start: list[str]
    console: list[str]


@pytest.fixture(scope="module")
def first_visit(browser, cdn_site) -> Iterator[FirstVisit]:
    """One profile's first visit, graded and its snapshot settled; the repeat-visit test goes on in
    the same profile (a plain start from the CDN and its snapshot cost the most of this module)."""
    context, page = open_case(browser, cdn_site)
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    try:
        wait_ready(page, B1)
        section = question(page, "q6")
        answer_by_mouse(page, section, "text", APOLOGY)
        submit_by_mouse(section)
        shown = wait_result(section)
        start = start_of(page)
        page.close()
        yield FirstVisit(context, shown, start, console)
    finally:
        context.close()


def test_the_grader_loads_pyodide_from_the_cdn_and_grades(first_visit, cdn_site):
    shown = first_visit.shown
    assert (shown["status"], shown["score"], shown["max"]) == ("graded", 5, 10), first_visit.console
    assert {"pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"} <= set(cdn_site.cdn_paths)
    assert [p for p in cdn_site.site_paths if "pyodide" in urlsplit(p).path] == []


def test_a_repeat_visit_restores_the_snapshot_keyed_by_the_cdn_folder(first_visit, cdn_site):
    """The snapshot is keyed by the Pyodide folder, here on another origin; the site's own Cache Storage keeps it."""
    second = first_visit.context.new_page()
    second.goto(f"{cdn_site.base}cases/{B1}/")
    wait_ready(second, B1)
    second_start = start_of(second)
    second.close()
    assert (first_visit.start, second_start) == (["plain", "stored"], ["snapshot", "restored"])

"""On a 360 px wide phone no page scrolls sideways, and diagrams stay legible.

Students often read on a phone. Every page of the built site without exercises is opened at
360×740; the document must not be wider than the viewport. Wide content (tables, diagrams)
has to wrap or scroll inside its own box. When a page fails, the message names the elements
that stick out. Case pages are checked the same way once every question is answered, graded
and explained (their widest state), in tests/browser/test_accessibility.py, which finishes each
case page once for its audits (reflow is WCAG 2.1's success criterion 1.4.10).

A diagram is not shrunk to the phone's width until its labels are unreadable: it keeps
labels of at least 12 px and scrolls sideways inside its own box, by touch or by keyboard.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.site import course_pages
from build_tools.site.pages import CHAPTERS
from build_tools.site.printing import PRINT_URL
from site_page_watch import PHONE_WIDTH, assert_clean, sideways_problem, watch

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
WIDTH = PHONE_WIDTH


def site_paths() -> list[str]:
    """Site-relative URLs of every page the build will produce but the case pages."""
    docs = REPO / "docs"
    paths = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs).with_suffix("")
        if rel.name == "index":  # docs/guide/teaching/index.md is served at guide/teaching/
            rel = rel.parent
        paths.append("" if rel.as_posix() == "." else rel.as_posix() + "/")
    paths += [page.removesuffix(".md") + "/" for page in course_pages.made_pages(REPO / "course")]  # glossary, references
    paths.append("cases/")
    paths.append(PRINT_URL)  # the print edition: the whole course on one page
    paths.append("404.html")
    return paths


@pytest.fixture(scope="module")
def phone_context(browser):
    """One phone-sized browser profile for the module, as one student's phone."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 740})
    yield context
    context.close()


@pytest.fixture
def phone(phone_context, site_url):
    page = phone_context.new_page()
    state = watch(page, site_url)
    yield state
    page.close()
    assert_clean(state)


def test_no_page_scrolls_sideways_at_360px(phone) -> None:
    """Every page in turn in one phone tab; a failure lists each page that is too wide, with the
    elements that stick out."""
    too_wide = []
    for path in site_paths():
        response = phone.open(path)
        if response is None or (response.status != 200 and path != "404.html"):
            too_wide.append(f"{path or '首页'}：HTTP {response and response.status}")
            continue
        phone.page.evaluate("() => document.fonts.ready.then(() => true)")
        problem = sideways_problem(phone.page, WIDTH)
        if problem:
            too_wide.append(f"{path or '首页'}：{problem}")
    assert too_wide == [], "\n".join(too_wide)


def test_every_page_is_checked() -> None:
    paths = site_paths()
    assert {"", "chapters/recovery/", "guide/instructor/", "cases/", PRINT_URL, "404.html"} <= set(paths)
    assert len(paths) == len(set(paths))


def test_the_probe_sees_a_page_that_is_too_wide(phone) -> None:
    """Guard against a vacuous pass (e.g. overflow hidden hiding the scroll width)."""
    phone.open("chapters/recovery/")
    phone.page.evaluate("""() => { const d = document.createElement("div");
        d.style.width = "600px"; d.style.height = "1px";
        document.querySelector("article").appendChild(d); }""")
    assert sideways_problem(phone.page, WIDTH) is not None


LABEL_SIZES = """() => [...document.querySelectorAll("article .mermaid-static > svg")].map((svg) => {
  const label = svg.querySelector("foreignObject span, foreignObject div, text");
  const size = label ? parseFloat(getComputedStyle(label).fontSize) : 16;
  return [svg.parentElement.dataset.diagram, size * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width];
})"""


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[ch.slug for ch in CHAPTERS])
def test_diagram_labels_are_at_least_12px_on_a_phone(phone, chapter) -> None:
    phone.open(f"chapters/{chapter.slug}/")
    sizes = phone.page.evaluate(LABEL_SIZES)
    assert sizes, "这一章没有图"
    assert [(key, round(size, 1)) for key, size in sizes if size < 11.9] == []


def test_a_wide_diagram_scrolls_sideways_from_the_keyboard(phone) -> None:
    page = phone.page
    phone.open("chapters/communication/")
    widest = page.evaluate("""() => { const boxes = [...document.querySelectorAll("article .mermaid-static")];
        const box = boxes.reduce((a, b) => (b.scrollWidth > a.scrollWidth ? b : a));
        return box.dataset.diagram; }""")
    box = page.locator(f'[data-diagram="{widest}"]')
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => document.querySelector('[data-diagram=\"{widest}\"]').scrollLeft > 0", timeout=5_000)
    assert box.get_attribute("aria-label") and box.get_attribute("role") == "group"

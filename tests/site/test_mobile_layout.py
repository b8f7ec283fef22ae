"""On a 360 px wide phone diagrams stay legible, and the probe that finds sideways scrolling works.

Students often read on a phone. That no page scrolls sideways at 360 px (WCAG 2.1's success
criterion 1.4.10, reflow) is checked in tests/browser/test_accessibility.py, with this module's
probe (site_page_watch.sideways_problem): every page without exercises by the walk that audits
it, each case page in its widest state (every question answered, graded and explained).

A diagram is not shrunk to the phone's width until its labels are unreadable: it keeps
labels of at least 12 px and scrolls sideways inside its own box, by touch or by keyboard.
"""

from __future__ import annotations


import pytest

from build_tools.site.pages import CHAPTERS
from site_page_watch import PHONE_WIDTH, assert_clean, sideways_problem, watch

pytestmark = pytest.mark.browser

WIDTH = PHONE_WIDTH


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


def test_diagram_labels_are_at_least_12px_on_a_phone(phone) -> None:
    """Every chapter in turn in one phone tab; a failure names the chapter and the diagram."""
    wrong = []
    for chapter in CHAPTERS:
        phone.open(f"chapters/{chapter.slug}/")
        sizes = phone.page.evaluate(LABEL_SIZES)
        if not sizes:
            wrong.append((chapter.slug, "这一章没有图"))
        wrong += [(chapter.slug, key, round(size, 1)) for key, size in sizes if size < 11.9]
    assert wrong == []


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

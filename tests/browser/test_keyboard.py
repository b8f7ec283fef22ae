"""A keyboard user's way through a case page: straight to the exercises, and a moved step that stays
in view."""

from __future__ import annotations

import pytest

from course_ui import question, wait_ready

pytestmark = pytest.mark.browser

B1, B8 = "b1-phone-drops", "b8-late-passenger"


def focused(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement; const box = el.getBoundingClientRect();
        return {text: el.textContent.trim(), skip: el.hasAttribute("data-skip-to-exercise"),
                question: el.closest("[data-question]")?.dataset.question ?? null,
                top: box.top, bottom: box.bottom, height: innerHeight}; }""")


def test_the_second_tab_stop_skips_to_the_first_question(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{site_url}cases/{B1}/")
        wait_ready(page, B1)
        page.keyboard.press("Tab")  # Material's own 「跳转至」
        page.keyboard.press("Tab")
        stop = focused(page)
        assert stop["skip"] and stop["text"] == "跳到练习", stop
        assert stop["bottom"] > 0 and stop["top"] < stop["height"]  # shown while it has focus
        page.keyboard.press("Enter")  # focus moves to the first question's first control
        first = page.evaluate("document.querySelector('[data-case] [data-question]').dataset.question")
        page.wait_for_function("(q) => document.activeElement?.closest('[data-question]')?.dataset.question === q",
                               arg=first, timeout=5_000)
        assert focused(page)["question"] == first
        # a page without exercises has no such link, also after instant navigation from a case page
        page.locator('.md-tabs__link[href$="chapters/recovery/"]').first.click()
        page.wait_for_url(lambda url: url.endswith("/chapters/recovery/"))
        page.wait_for_function("() => !document.querySelector('[data-case]')")
        page.wait_for_function("() => !document.querySelector('[data-skip-to-exercise]')")
    finally:
        context.close()


@pytest.mark.parametrize("case_id, qid", [(B8, "q4"), (B1, "q5")])
def test_a_step_moved_with_the_keyboard_keeps_its_focused_button_on_screen(browser, site_url, case_id, qid):
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    try:
        page.goto(f"{site_url}cases/{case_id}/")
        wait_ready(page, case_id)
        section = question(page, qid)
        steps = section.locator(".cw-order-item").count()
        section.locator('.cw-order-item [data-move="down"]').first.focus()
        off_screen = []
        for move in range(steps - 1):
            page.keyboard.press("Enter")
            where = focused(page)
            if not (where["top"] >= 0 and where["bottom"] <= where["height"]):
                off_screen.append((move + 1, where))
        assert off_screen == []
        assert section.locator(".cw-order-item").last.get_attribute("data-item") is not None
    finally:
        context.close()

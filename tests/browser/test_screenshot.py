"""The broken-phone case, fully answered, on a 360 px wide phone: nothing overflows, every result shows.

The screenshots are written to pytest-playwright's output folder (``test-results/<test>/``,
kept by CI as artifacts) for a person to look at (360 px phone and 1280 px desktop); the
test itself asserts what can be measured.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import exercises
from course_ui import authored, question, result_of, set_answers, submit_in_turn, wait_ready

pytestmark = pytest.mark.browser

CASE = "b1-phone-drops"


@pytest.mark.parametrize(("width", "height"), [(360, 740), (1280, 900)], ids=["phone-360", "desktop-1280"])
def test_answered_case_fits_the_screen(browser, site_url, case_data, output_path, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  has_touch=width < 600, is_mobile=width < 600)
    page = context.new_page()
    page.goto(f"{site_url}cases/{CASE}/")
    wait_ready(page)

    # Every key answer put in at once (entering them is test_widgets' subject), then submitted with
    # each 提交 button in turn, and each 查看解析 opened.
    questions = case_data(CASE)["questions"]
    set_answers(page, [(q["id"], exercises.key_answer(authored(CASE, q["id"]))) for q in questions])
    submit_in_turn(page, [q["id"] for q in questions])
    results = {q["id"]: result_of(question(page, q["id"])) for q in questions}

    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=Path(output_path, f"{CASE}-{width}.png"), full_page=True)
    context.close()

    assert overflow == 0
    assert {qid: (r["status"], r["score"] == r["max"]) for qid, r in results.items()} == {
        q["id"]: ("graded", True) for q in case_data(CASE)["questions"]
    }

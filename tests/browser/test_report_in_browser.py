"""The class report and a student's page, opened from disk in Chromium with JavaScript off.

Every chart is drawn (an SVG of real size with as many visible bars as its data has values above
zero), nothing is fetched, nothing overflows a 360 px phone or a 1280 px desktop, and a student's
page shows each question's result with the grader's own parts. Screenshots of both pages at both
widths go to pytest-playwright's output folder (``test-results/<test>/``) for a person to look at.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import exercises
from shipped import shipped_cases
from class_reports import ROOT, write_class_report

pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)

FIGURES = """() => [...document.querySelectorAll('figure.chart')].map(figure => {
  const svg = figure.querySelector('.chart-svg > svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const visible = svg ? [...svg.querySelectorAll('rect.rect')].filter(rect => {
    const size = rect.getBoundingClientRect();
    return size.width >= 0.5 && size.height >= 0.5;
  }).length : 0;
  const labels = svg ? [...svg.querySelectorAll('.axis text')].filter(t => t.getComputedTextLength() > 0).length : 0;
  return {key: figure.dataset.chart, marks: Number(figure.dataset.marks), rows: Number(figure.dataset.rows),
          width: box.width, height: box.height, visible, labels};
})"""

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    run = write_class_report(tmp_path_factory.mktemp("class"), students=120)
    assert run.status == 0, run.output
    return run


def open_without_javascript(browser, path: Path, width: int):
    """A page on `path` (file://) in a profile with JavaScript off, and the URLs it requested."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900},
                                  device_scale_factor=1, is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path.as_uri())
    return context, page, requested


def test_every_chart_of_the_class_report_is_drawn(browser, report, output_path):
    cases = shipped_cases()
    expected = 1 + sum(2 + len(case.questions) for case in cases)  # the class total, per case two, one per question
    for width in WIDTHS:
        context, page, requested = open_without_javascript(browser, report.index, width)
        figures = page.evaluate(FIGURES)
        overflow = page.evaluate(OVERFLOW)
        page.screenshot(path=Path(output_path, f"class-report-{width}.png"))
        page.locator("#chart-b1-phone-drops-q6").screenshot(path=Path(output_path, f"class-report-text-chart-{width}.png"))
        context.close()

        wrong = [f"{width}px {f['key']}: {f['visible']} bars of {f['marks']}, {f['width']:.0f}×{f['height']:.0f}, "
                 f"{f['labels']} labels for {f['rows']} rows"
                 for f in figures
                 if f["marks"] == 0 or f["visible"] != f["marks"] or f["width"] < 0.8 * min(width - 60, 600)
                 or f["height"] < 40 or f["labels"] < f["rows"]]
        assert (len(figures), wrong, overflow) == (expected, [], 0), width
        assert [url for url in requested if not url.startswith("file://")] == []


def test_a_students_page_shows_every_answer_with_the_graders_feedback(browser, report, output_path):
    path = report.files[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = {case.id: case for case in shipped_cases()}
    page_file = report.folder / "report" / "students" / f"{data['student']['number']}.html"
    for width in WIDTHS:
        context, page, requested = open_without_javascript(browser, page_file, width)
        shown = page.evaluate("""() => [...document.querySelectorAll('article.question')].map(article => ({
            id: article.id, status: article.querySelector('.result').dataset.status,
            parts: [...article.querySelectorAll('.parts li')].map(li => li.dataset.part)}))""")
        overflow = page.evaluate(OVERFLOW)
        page.screenshot(path=Path(output_path, f"student-page-{width}.png"))
        context.close()

        wanted = []
        for case_id, entry in data["cases"].items():
            for question in cases[case_id].questions:
                answer = entry["answers"].get(question["id"])
                result = exercises.grade(question, answer) if question["id"] in entry["answers"] else None
                wanted.append({"id": f"{case_id}-{question['id']}",
                               "status": result["status"] if result else "unanswered",
                               "parts": [p["id"] for p in result["parts"]] if result else []})
        assert shown == wanted
        assert overflow == 0 and [url for url in requested if not url.startswith("file://")] == []

"""Write the class report and the students' pages: HTML from Jinja2 templates with autoescaping on.

Everything a student wrote, and everything from their file, reaches the page through Jinja2's
autoescape as text, and so does case text (prompts as plain paragraphs, :mod:`.plain`); the only
markup put in unescaped is ours: the charts' SVG (made by pygal, whose XML writer escapes every
label) and the stylesheet.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

import exercises

from ..gradebook import Batch, Flag, GradedAnswer, GradedCase, GradedSubmission, Severity
from ..load import Case
from . import answers, charts, plain, stats
from .stats import Chart, ChartKind, SecondLook

__all__ = ["CaseSection", "Figure", "QuestionSection", "Written", "write_report"]

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
MAX_LOOKS = 12
"""Answers worth a second look listed per question (the closest to a threshold first)."""



@dataclass(frozen=True)
class Figure:
    """A chart ready for the page: its data (for the table under it), its SVG and its legend."""

    chart: Chart
    svg: Markup
    legend: tuple[tuple[str, str], ...]
    """(name, colour) of each colour the chart uses."""


@dataclass(frozen=True)
class QuestionSection:
    """One question in the class report."""

    question: dict[str, Any]
    prompt: tuple[str, ...]
    """The prompt's paragraphs, as plain text."""
    maximum: float
    mean: float | None
    figure: Figure | None
    looks: tuple[SecondLook, ...] = ()
    more_looks: int = 0


@dataclass(frozen=True)
class CaseSection:
    """One case in the class report."""

    case: Case
    taken: int
    maximum: float
    mean: float
    median: float
    full_marks: int
    histogram: Figure | None
    outcomes: Figure | None
    questions: tuple[QuestionSection, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Written:
    """What :func:`write_report` wrote."""

    index: Path
    students: int
    charts: int


def write_report(batch: Batch, folder: Path) -> Written:
    """Write ``folder/index.html`` (the class report) and ``folder/students/<id>.html`` (one per
    readable file); the folder is created if needed. An earlier report in the same folder is replaced:
    its pages are overwritten, and student pages this batch does not have are deleted.

    A prompt is made plain once per question, not once per student page."""
    (folder / "students").mkdir(parents=True, exist_ok=True)
    env = _environment()
    css = Markup((HERE / "report.css").read_text(encoding="utf-8"))
    generated = datetime.now().strftime("%Y-%m-%d %H:%M")
    prompts = {id(q): tuple(plain.paragraphs(q.get("prompt", ""))) for case in batch.answered_cases for q in case.questions}
    sections = [_case_section(batch, case, prompts) for case in batch.answered_cases]
    total = _figure(stats.total_histogram(batch))
    figures = [f for s in sections for f in (s.histogram, s.outcomes, *(q.figure for q in s.questions))] + [total]
    looks = [look for s in sections for q in s.questions for look in q.looks]
    index = folder / "index.html"
    index.write_text(env.get_template("class.html").render(
        batch=batch, sections=sections, total=total, css=css, generated=generated, looks=len(looks),
        flags=_ordered(batch.flags), max_looks=MAX_LOOKS), encoding="utf-8")
    student_page = env.get_template("student.html")
    written = set()
    for item in batch.graded:
        page = folder / "students" / f"{item.page_id}.html"
        page.write_text(student_page.render(
            item=item, cases=[_student_case(graded, prompts) for graded in item.cases.values()], css=css,
            generated=generated), encoding="utf-8")
        written.add(page.name)
    for stale in (folder / "students").glob("*.html"):
        if stale.name not in written:  # a page of an earlier run in this folder: never hand it out by mistake
            stale.unlink()
    return Written(index, len(batch.graded), sum(1 for f in figures if f is not None))


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["score"] = score_text
    env.filters["when"] = when_text
    env.filters["mean"] = lambda value: f"{float(value):.1f}".removesuffix(".0")
    env.filters["percent"] = lambda value: f"{value * 100:.0f}%"
    env.filters["type_label"] = exercises.type_label
    env.globals["Severity"] = Severity
    env.globals["page_link"] = page_link
    return env


def when_text(stamp: str) -> str:
    """A time from a student's file (ISO 8601) as 2025-03-01 17:25 in this computer's time zone; as
    written when it is not a time (the file is the student's: never trusted to be well formed)."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)[:40]
    return (moment.astimezone() if moment.tzinfo else moment).strftime("%Y-%m-%d %H:%M")


def score_text(value: float) -> str:
    """A score as the site shows it: 3, 1.5, 0.6667 (as :func:`exercises.common.fmt`, which is exact but
    slow through Fraction; a page shows thousands of scores that are already rounded floats)."""
    return f"{round(float(value), 4):.4f}".rstrip("0").rstrip(".")


def _case_section(batch: Batch, case: Case, prompts: dict[int, tuple[str, ...]]) -> CaseSection:
    taken = [s.cases[case.id] for s in batch.graded if case.id in s.cases]
    scores = [graded.score for graded in taken]
    maximum = round(sum(float(exercises.max_points(q)) for q in case.questions), 4)
    questions = tuple(_question_section(batch, case, index, [graded.answers[index] for graded in taken], prompts)
                      for index in range(len(case.questions)))
    return CaseSection(case, len(taken), maximum, statistics.fmean(scores), statistics.median(scores),
                       sum(1 for score in scores if score >= maximum), _figure(stats.case_histogram(batch, case)),
                       _figure(stats.question_outcomes(batch, case)), questions)


def _question_section(batch: Batch, case: Case, index: int, graded: list[GradedAnswer],
                      prompts: dict[int, tuple[str, ...]]) -> QuestionSection:
    question = case.questions[index]
    answered = [a.score for a in graded if a.answered]
    looks = stats.second_looks(batch, case, question)
    return QuestionSection(question, prompts[id(question)],
                           float(exercises.max_points(question)), statistics.fmean(answered) if answered else None,
                           _figure(stats.question_chart(case, question, graded)), tuple(looks[:MAX_LOOKS]),
                           max(0, len(looks) - MAX_LOOKS))


def _figure(chart: Chart | None) -> Figure | None:
    if chart is None:
        return None
    if chart.kind is ChartKind.STACKED:
        legend = tuple((s.name, charts.COLOURS[s.tone]) for s in chart.series)
    else:
        used = {row.tone or chart.series[0].tone for row in chart.rows}
        legend = tuple((name, charts.COLOURS[tone]) for tone, name in chart.legend if tone in used)
    return Figure(chart, Markup(charts.svg(chart)), legend)


def _ordered(flags: list[Flag]) -> list[Flag]:
    """Problems first, then notes; each in the order of the files."""
    return sorted(flags, key=lambda flag: flag.severity is Severity.NOTE)


@dataclass(frozen=True)
class StudentQuestion:
    """One question on a student's page."""

    question: dict[str, Any]
    prompt: tuple[str, ...]
    answer: GradedAnswer
    view: answers.AnswerView | None


def _student_case(graded: GradedCase, prompts: dict[int, tuple[str, ...]]) -> tuple[GradedCase, list[StudentQuestion]]:
    case = graded.case
    transcript = {str(line.get("id")): f"{line.get('speaker', '')}：{line.get('text', '')}"
                  for line in case.data.get("transcript") or [] if isinstance(line, dict)}
    items = [StudentQuestion(answer.question, prompts[id(answer.question)], answer,
                             answers.view(answer.question, answer.answer, transcript) if answer.answered else None)
             for answer in graded.answers]
    return graded, items


def page_link(item: GradedSubmission, anchor: str = "") -> str:
    """The class report's link to a student's page (a relative URL: the report opens from disk)."""
    return f"students/{item.page_id}.html" + (f"#{anchor}" if anchor else "")

"""The CSV sheets ``cases grade`` writes from a graded batch (:mod:`build_tools.cases.gradebook`).

* the grade sheet: one row per file — ``file``, ``student`` (the name, or the student number when
  the file gives no name), ``number`` (the student number, or the file name when the file has none),
  one column ``<case>/<question>`` per question of the course (blank: not answered), ``total``,
  ``max`` (full marks of the whole course), ``notes`` (every flag of the file);
* the detail sheet (``--details``): one row per student and question of each case they worked on,
  with what the student's browser recorded about how the score was reached.

Both are UTF-8 with a byte-order mark, so that Excel and WPS open the Chinese correctly.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import exercises

from .gradebook import Batch, GradedAnswer, GradedCase, GradedSubmission

__all__ = ["DETAIL_COLUMNS", "detail_rows", "grade_columns", "grade_rows", "write_csv"]

DETAIL_COLUMNS = ["file", "student", "number", "case", "question", "score", "max", "attempts", "first_score",
                  "best_score", "explanation_opened_at", "answered_after_explanation"]
"""One row per student and question (``--details``). ``score`` is graded now from the answer; the
columns after ``attempts`` are what the student's browser recorded (reported, not trusted for a score)."""


def grade_columns(batch: Batch) -> list[str]:
    """The grade sheet's header."""
    questions = [f"{case.id}/{q['id']}" for case in batch.cases for q in case.questions]
    return ["file", "student", "number", *questions, "total", "max", "notes"]


def grade_rows(batch: Batch) -> list[dict[str, Any]]:
    """One row per file, in the order given. A file that could not be read has no question columns
    (so a reader of the rows can tell it had no grade) and its reason in ``notes``."""
    course_max = round(sum(float(exercises.max_points(q)) for case in batch.cases for q in case.questions), 4)
    rows = []
    for item in batch.submissions:
        row: dict[str, Any] = {"file": item.file, "student": item.name, "number": item.number, "total": 0,
                               "max": course_max, "notes": "；".join(flag.text for flag in item.flags)}
        if item.readable:
            for case in batch.cases:
                graded = item.cases.get(case.id)
                for index, question in enumerate(case.questions):
                    answer = graded.answers[index] if graded else None
                    row[f"{case.id}/{question['id']}"] = _score(answer.score) if answer and answer.answered else ""
            row["total"] = _score(item.total)
        else:
            row["max"] = 0
        rows.append(row)
    return rows


def detail_rows(batch: Batch) -> list[dict[str, Any]]:
    """One row per question of every case a student worked on (unanswered questions have a blank score)."""
    return [_detail_row(item, graded, answer)
            for item in batch.graded for graded in item.cases.values() for answer in graded.answers]


def write_csv(out: Path | None, header: list[str], rows: list[dict[str, Any]]) -> None:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese correctly; stdout without a file."""
    handle = out.open("w", newline="", encoding="utf-8-sig") if out else sys.stdout
    try:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if out:
            handle.close()


def _detail_row(item: GradedSubmission, graded: GradedCase, answer: GradedAnswer) -> dict[str, Any]:
    """One student's one question: the score now, and the browser's record of how it was reached."""
    entry = graded.entry
    qid = answer.qid
    attempts = _count(entry["attempts"].get(qid) if isinstance(entry.get("attempts"), dict) else None)
    history = entry.get("history") if isinstance(entry.get("history"), dict) else {}
    kept = history.get(qid) if isinstance(history.get(qid), dict) else {}
    opened = _count(kept.get("openedAt"))
    return {
        "file": item.file, "student": item.name, "number": item.number, "case": graded.case.id, "question": qid,
        "score": _score(answer.score) if answer.answered else "", "max": answer.maximum, "attempts": attempts,
        "first_score": _stored(kept.get("first")), "best_score": _stored(kept.get("best")),
        "explanation_opened_at": opened,
        "answered_after_explanation": "" if opened == "" else ("是" if (attempts or 0) > opened else "否"),
    }


def _score(value: float) -> int | float:
    """A score as the sheet shows it: 3, not 3.0."""
    return int(value) if value == int(value) else round(value, 4)


def _count(value: Any) -> int | str:
    """A non-negative whole number from a student's file, or blank."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else ""


def _stored(value: Any) -> float | str:
    """A score from a student's file, or blank."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value else ""

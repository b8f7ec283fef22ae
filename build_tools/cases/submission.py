"""The answers file a student exports from a case page and ``cases grade`` reads back.

One definition of the format: the browser's writer and reader (``assets/course/transfer.mjs``)
take these constants from ``contract.mjs``, which the site build generates from this module
(:func:`build_tools.site.assets.contract_js`), so the two sides cannot drift apart.

Format: ``{format: FORMAT, version: VERSION, site, exportedAt, mode?, student?,
cases: {<case id>: {caseHash, answers, attempts, results, savedAt, answeredAt?, history?}}}``:

* ``mode``: ``"practice"`` (default when absent) or ``"assessment"`` — a file handed in from an
  assessment build, which holds no keys and so no ``results``.
* ``student``: ``{name, number}`` as the student typed them once on the site (an older file may
  hold a plain string, read as the name); :func:`student_of` reads either.
* ``caseHash``: the content hash of the case file the answers were given to (an outdated case
  is flagged when grading); ``answeredAt``: per question, when its answer last changed (ISO 8601).
* ``history`` (per question: ``first`` and ``best`` graded score, ``openedAt`` = graded attempts
  when the explanation was first opened) is what the student's browser recorded.

Everything but the answers is reported, never trusted for a score: ``cases grade`` regrades
every answer with the current keys. New fields are optional, so version 1 files of any age load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["FORMAT", "MODES", "VERSION", "Student", "problem", "student_of"]

FORMAT = "service-course-answers"
VERSION = 1

MODES = ("practice", "assessment")
"""What built the site a file came from: ``mode`` in the file, ``practice`` when absent."""


@dataclass(frozen=True)
class Student:
    """Who handed a file in, as typed on the site; empty strings when the file does not say."""

    name: str = ""
    number: str = ""


def problem(data: Any) -> str | None:
    """Why parsed JSON is not an answers file this version can read, in words for the instructor, or None."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return f"不是本课程导出的答案文件（缺少 format: {FORMAT}）"
    if data.get("version") != VERSION:
        return f"答案文件的版本 {data.get('version')!r} 不受支持（支持版本 {VERSION}）"
    if not isinstance(data.get("cases"), dict):
        return "答案文件缺少 cases"
    return None


def student_of(data: dict[str, Any]) -> Student:
    """The student a (readable) answers file names: ``{name, number}``, or a plain string as the name."""
    student = data.get("student")
    if isinstance(student, str):
        return Student(name=student.strip())
    if isinstance(student, dict):
        return Student(name=str(student.get("name") or "").strip(), number=str(student.get("number") or "").strip())
    return Student()

"""The answers file a student exports from a case page and ``cases grade`` reads back.

One definition of the format: the browser's writer and reader (``assets/course/transfer.mjs``)
take these constants from ``contract.mjs``, which the site build generates from this module
(:func:`build_tools.site.assets.contract_js`), so the two sides cannot drift apart.

Format: ``{format: FORMAT, version: VERSION, site, exportedAt, student?,
cases: {<case id>: {caseHash, answers, attempts, results, savedAt, history?}}}``; ``history``
(per question: ``first`` and ``best`` graded score, ``openedAt`` = graded attempts when the
explanation was first opened) is what the student's browser recorded: reported, never trusted
for a score (``cases grade`` regrades every answer).
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMAT", "VERSION", "problem"]

FORMAT = "service-course-answers"
VERSION = 1


def problem(data: Any) -> str | None:
    """Why parsed JSON is not an answers file this version can read, in words for the instructor, or None."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return f"不是本课程导出的答案文件（缺少 format: {FORMAT}）"
    if data.get("version") != VERSION:
        return f"答案文件的版本 {data.get('version')!r} 不受支持（支持版本 {VERSION}）"
    if not isinstance(data.get("cases"), dict):
        return "答案文件缺少 cases"
    return None

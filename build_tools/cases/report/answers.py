"""A student's answer as a person reads it on their feedback page: option texts instead of ids,
steps in the order given, items with the category chosen, marked lines with their tags.

The answer is the student's own data, never trusted: anything of an unexpected shape is shown as
its JSON, cut short. The result is plain text; the page template escapes it.

>>> view({"type": "single_choice", "options": [{"id": "a", "text": "先道歉"}]}, "a").lines
('a. 先道歉',)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from exercises.common import short

__all__ = ["AnswerView", "view"]

LONGEST_RAW = 300
"""How many characters of an answer of unexpected shape the page shows."""


@dataclass(frozen=True)
class AnswerView:
    """What the page shows as the student's answer."""

    lines: tuple[str, ...]
    ordered: bool = False
    """A sequence (steps in order): shown as a numbered list."""
    prose: bool = False
    """Written text: shown as a block that keeps the student's line breaks."""


def view(question: dict[str, Any], answer: Any, transcript: dict[str, str] | None = None) -> AnswerView:
    """The answer to `question` in readable form; `transcript` maps line ids to ``说话人：text``."""
    shown = _VIEWS.get(question.get("type"), _raw)
    try:
        return shown(question, answer, transcript or {})
    except (TypeError, AttributeError, KeyError):
        return _raw(question, answer, {})


def _choice(question: dict[str, Any], answer: Any, _: dict[str, str]) -> AnswerView:
    texts = {o["id"]: o.get("text", "") for o in question["options"]}
    picked = [answer] if isinstance(answer, str) else answer if isinstance(answer, list) else None
    if picked is None or not all(isinstance(p, str) for p in picked):
        return _raw(question, answer, {})
    return AnswerView(tuple(f"{p}. {texts[p]}" if p in texts else f"{p}（没有这个选项）" for p in picked))


def _numeric(question: dict[str, Any], answer: Any, _: dict[str, str]) -> AnswerView:
    if isinstance(answer, (str, int, float)) and not isinstance(answer, bool):
        return AnswerView((short(str(answer), LONGEST_RAW),))
    return _raw(question, answer, {})


def _ordering(question: dict[str, Any], answer: Any, _: dict[str, str]) -> AnswerView:
    texts = {i["id"]: i.get("text", i["id"]) for i in question["items"]}
    if not isinstance(answer, list) or not all(isinstance(step, str) for step in answer):
        return _raw(question, answer, {})
    return AnswerView(tuple(texts.get(step, f"{step}（没有这个步骤）") for step in answer), ordered=True)


def _classify(question: dict[str, Any], answer: Any, _: dict[str, str]) -> AnswerView:
    if not isinstance(answer, dict):
        return _raw(question, answer, {})
    labels = {c["id"]: c.get("label", c["id"]) for c in question["categories"]}
    lines = []
    for item in question["items"]:
        chosen = answer.get(item["id"])
        where = f"「{labels[chosen]}」" if isinstance(chosen, str) and chosen in labels else "（没有分类）"
        lines.append(f"{item.get('text', item['id'])} → {where}")
    return AnswerView(tuple(lines))


def _annotate(question: dict[str, Any], answer: Any, transcript: dict[str, str]) -> AnswerView:
    if isinstance(answer, list):
        answer = {line: [] for line in answer if isinstance(line, str)}
    if not isinstance(answer, dict):
        return _raw(question, answer, {})
    tags = {t["id"]: t.get("label", t["id"]) for t in question.get("tags") or []}
    lines = []
    for line, chosen in answer.items():
        said = f"（{short(transcript[line], 30)}）" if line in transcript else ""
        marked = "、".join(f"「{tags.get(t, t)}」" for t in chosen if isinstance(t, str)) if isinstance(chosen, list) else ""
        lines.append(f"句子 {short(str(line), 20)}{said}：{marked or '没有标签'}")
    return AnswerView(tuple(lines) or ("（没有选出句子）",))


def _text(question: dict[str, Any], answer: Any, _: dict[str, str]) -> AnswerView:
    if not isinstance(answer, str):
        return _raw(question, answer, {})
    return AnswerView((answer,), prose=True)


def _raw(question: dict[str, Any], answer: Any, _: dict[str, str]) -> AnswerView:
    try:
        text = json.dumps(answer, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(type(answer))
    return AnswerView((short(text, LONGEST_RAW),))


_VIEWS: dict[Any, Callable[[dict[str, Any], Any, dict[str, str]], AnswerView]] = {
    "single_choice": _choice,
    "multiple_choice": _choice,
    "numeric": _numeric,
    "ordering": _ordering,
    "classify": _classify,
    "annotate": _annotate,
    "text": _text,
}
"""How each question type's answer reads; any other type shows its JSON."""

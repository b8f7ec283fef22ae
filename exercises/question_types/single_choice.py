"""Single choice: the student picks one option; each option may carry partial credit.

>>> q = {"id": "q", "type": "single_choice", "options": [
...     {"id": "a", "text": "甲"}, {"id": "b", "text": "乙", "correct": True}]}
>>> grade(q, "b")["score"], grade(q, "a")["score"], grade(q, "z")["status"]
(1, 0, 'invalid')
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..common import Problem, describe, duplicate_problems, graded, part, points_of, short
from ..views import Block, Hint, ListKind, listing

if TYPE_CHECKING:  # annotations only: the browser never imports random for grading
    import random

LABEL = "单选"
"""The type's name in Chinese, as pages and reports show it."""

DEFAULT_POINTS = 1


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks: ``points``, or DEFAULT_POINTS."""
    return points_of(question, DEFAULT_POINTS)


def validate(question: dict[str, Any]) -> list[Problem]:
    options = question.get("options") or []
    problems = duplicate_problems(options, "options", "选项")
    correct = [i for i, o in enumerate(options) if isinstance(o, dict) and o.get("correct") is True]
    if len(correct) != 1:
        problems.append(
            Problem(("options",), f"单选题必须恰好有一个选项写 `correct: true`，现在有 {len(correct)} 个。")
        )
    for index in correct:
        if "credit" in options[index]:
            problems.append(
                Problem(("options", index, "credit"), "正确选项总是得满分，不要再写 `credit`；部分得分只用于其他选项。")
            )
    if len(options) < 2:
        problems.append(Problem(("options",), "单选题至少要有两个选项。"))
    return problems


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why `answer` is not one option of the question (it costs no attempt), or None. Reads only the
    option ids, so a keyless definition (:func:`keyless`) checks exactly as the full one does."""
    if answer is None or answer == "" or answer == []:
        return "还没有选择答案：请选一个选项再提交。"
    answer = _unwrapped(answer)
    if not isinstance(answer, str):
        return f"单选题的答案应是一个选项，收到的是{describe(answer)}。请选一个选项再提交。"
    if not any(o["id"] == answer for o in question["options"]):
        return f"没有「{short(answer)}」这个选项，请从列出的选项中选一个。"
    return None


def _unwrapped(answer: Any) -> Any:
    """A one-element list is the option it holds (a widget may send either)."""
    return answer[0] if isinstance(answer, list) and len(answer) == 1 else answer


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = max_points(question)
    answer = _unwrapped(answer)
    chosen = next(o for o in question["options"] if o["id"] == answer)
    if chosen.get("correct") is True:
        credit = Fraction(1)
    else:
        credit = Fraction(str(chosen.get("credit", 0)))
    score = maximum * credit
    if credit == 1:
        verdict = "正确。"
    elif credit > 0:
        verdict = "部分正确。"
    else:
        verdict = "不正确。"
    feedback = (verdict + " " + chosen.get("feedback", "")).strip()
    return graded(score, maximum, [part(answer, chosen.get("text", answer), score, maximum, feedback)], "")


def key_answer(question: dict[str, Any]) -> str:
    return next(o["id"] for o in question["options"] if o.get("correct") is True)


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        (f"选了错误选项 {o['id']}", o["id"]) for o in question["options"] if o.get("correct") is not True
    ]


def random_answer(question: dict[str, Any], rng: random.Random) -> str:
    """Any one option."""
    return rng.choice([o["id"] for o in question["options"]])


def keyless(question: dict[str, Any]) -> dict[str, Any]:
    """The options as shown, without `correct`, `credit` or `feedback`."""
    return {"options": [{"id": o["id"], "text": o["text"]} for o in question["options"]]}


def static_view(question: dict[str, Any]) -> list[Block]:
    """The options, in the order shown, without correctness."""
    return [Hint("选择一项："), listing(ListKind.OPTIONS, question["options"], ids_shown=True)]

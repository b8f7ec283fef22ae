"""Numeric: the student types a number, optionally with its unit.

Comparison is exact (decimal arithmetic via Fraction), within an absolute
`tolerance` or a `relative_tolerance`. Known wrong values (`common_errors`)
get targeted feedback, e.g. a SERVQUAL item scored without reversing it.

>>> q = {"id": "q", "type": "numeric", "key": 630, "unit": "人"}
>>> grade(q, "630人")["score"], grade(q, "６３０")["score"], grade(q, "六百")["status"]
(1, 1, 'invalid')
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..common import Problem, fmt, graded, invalid, is_number, part, points_of, short
from ..views import Block, Hint

if TYPE_CHECKING:  # annotations only: the browser never imports random for grading
    import random

LABEL = "数值"
"""The type's name in Chinese, as pages and reports show it."""

DEFAULT_POINTS = 1
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$")
_MAX_INPUT = 64
_MAX_MAGNITUDE = 400
"""Largest decimal exponent accepted, either way (floats end near 1e308). Without a bound
a ten-character answer such as ``1e99999999`` builds a 40 MB integer (the browser's time
limit stops the grade) and ``1e5000`` becomes a number too long for ``str()``. A JSON
integer is held to the same bound: at most 401 digits, as many as ``1e400`` has."""
_TOO_LARGE = "这个数的数量级超出了合理范围，请检查后直接写出数字，例如 630。"


def _exact(value: Any) -> Fraction:
    return Fraction(str(value))


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks: ``points``, or DEFAULT_POINTS."""
    return points_of(question, DEFAULT_POINTS)


def validate(question: dict[str, Any]) -> list[Problem]:
    problems = []
    if not is_number(question.get("key")):
        problems.append(Problem(("key",), "数值题的 key 必须是一个数字。"))
    if "tolerance" in question and "relative_tolerance" in question:
        problems.append(Problem(("tolerance",), "tolerance 和 relative_tolerance 只能写一个。"))
    for field in ("tolerance", "relative_tolerance"):
        if field in question and (not is_number(question[field]) or question[field] < 0):
            problems.append(Problem((field,), f"{field} 必须是不小于 0 的数字。"))
    if not problems:
        for index, error in enumerate(question.get("common_errors", []) or []):
            if is_number(error.get("value")) and _within(question, _exact(error["value"])):
                problems.append(
                    Problem(("common_errors", index, "value"), "这个「常见错误」的值在容差之内，会被判为正确，请改值或缩小容差。")
                )
    return problems


def _tolerance(question: dict[str, Any]) -> Fraction:
    key = _exact(question["key"])
    if "relative_tolerance" in question:
        return abs(key) * _exact(question["relative_tolerance"])
    return _exact(question.get("tolerance", 0))


def _within(question: dict[str, Any], value: Fraction) -> bool:
    return abs(value - _exact(question["key"])) <= _tolerance(question)


def parse(question: dict[str, Any], answer: Any) -> Fraction | str:
    """The answer as an exact number, or a Chinese message saying what to fix."""
    if is_number(answer):
        if answer != answer or answer in (float("inf"), float("-inf")):
            return "请输入一个有限的数字。"
        if isinstance(answer, int) and abs(answer) >= 10 ** (_MAX_MAGNITUDE + 1):
            return _TOO_LARGE
        return _exact(answer)
    if not isinstance(answer, str):
        return "请输入一个数字。"
    text = unicodedata.normalize("NFKC", answer[: _MAX_INPUT * 4]).strip().lower()
    if not text:
        return "还没有填写数字，请输入后再提交。"
    if len(text) > _MAX_INPUT:
        return "输入太长了，请只填写一个数字。"
    unit = unicodedata.normalize("NFKC", str(question.get("unit", ""))).strip().lower()
    if unit and text.endswith(unit):
        text = text[: -len(unit)].strip()
    text = text.replace(",", "").replace(" ", "")
    if text.endswith("%") and unit != "%":
        return "请直接填写数字，不要加百分号。"
    match = _NUMBER.match(text)
    if not match:
        hint = f"（单位是「{question['unit']}」，可以不写）" if unit else ""
        return f"「{short(answer.strip())}」不是一个数字，请用阿拉伯数字填写，例如 630{hint}。"
    if match.group(3) and abs(int(match.group(3)[1:])) > _MAX_MAGNITUDE:
        return _TOO_LARGE
    return Fraction(text)


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why `answer` is not a number (it costs no attempt), or None. Reads only the ``unit``
    (:func:`parse`), so a keyless definition (:func:`keyless`) checks exactly as the full one does."""
    value = parse(question, answer)
    return value if isinstance(value, str) else None


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = max_points(question)
    value = parse(question, answer)
    if isinstance(value, str):
        return invalid(maximum, value)
    unit = question.get("unit", "")
    shown = f"{fmt(value)}{unit}"
    if _within(question, value):
        return graded(maximum, maximum, [part("value", "数值", maximum, maximum, f"{shown} 正确。")], "")
    for error in question.get("common_errors", []) or []:
        if value == _exact(error["value"]):
            return graded(0, maximum, [part("value", "数值", 0, maximum, f"{shown} 不对。{error['feedback']}")], "")
    return graded(0, maximum, [part("value", "数值", 0, maximum, f"{shown} 不对，请检查计算过程。")], "")


def key_answer(question: dict[str, Any]) -> int | float:
    return question["key"]


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    key = _exact(question["key"])
    step = _tolerance(question) + Fraction(1, 1000)
    return [
        ("比答案大出容差一点点", float(key + step)),
        ("比答案小出容差一点点", float(key - step)),
    ]


def random_answer(question: dict[str, Any], rng: random.Random) -> str:
    """The key off by up to 20 % (and sometimes 1), typed with 0–2 decimals, sometimes with the unit."""
    key = float(key_answer(question))
    value = key * (1 + rng.uniform(-0.2, 0.2)) + rng.choice((0, 0, 1, -1))
    shown = f"{value:.{rng.randint(0, 2)}f}"
    return shown if rng.random() < 0.7 else shown + str(question.get("unit") or "")


def keyless(question: dict[str, Any]) -> dict[str, Any]:
    """The unit, if any (the widget shows it, :func:`parse` strips it); no key, tolerance or common errors."""
    return {"unit": question["unit"]} if "unit" in question else {}


def static_view(question: dict[str, Any]) -> list[Block]:
    """What to enter, with the unit."""
    unit = f"（单位：{question['unit']}）" if question.get("unit") else ""
    return [Hint(f"填写一个数值{unit}。")]

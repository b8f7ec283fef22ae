"""Pieces every question type shares: results, score arithmetic, definition problems.

Scores are computed with :class:`fractions.Fraction` so that two-thirds of three
points is exactly two, and are only turned into numbers at the very end, rounded
to four decimals, so CPython and Pyodide print the same JSON.

>>> graded(Fraction(2), 3, [], "")["score"]
2
"""

from __future__ import annotations

from fractions import Fraction
from enum import Enum
from typing import Any, TypeVar

from .problems import Path, Problem, QuestionError

SchemeT = TypeVar("SchemeT", bound=Enum)

__all__ = ["Path", "Problem", "QuestionError", "number", "fmt", "part", "graded", "invalid", "points_of",
           "ids_of", "duplicate_problems", "is_number", "describe", "short", "quoted", "scheme_of"]


def number(value: Fraction | int | float) -> int | float:
    """A JSON-friendly number: an int when whole, otherwise rounded to 4 decimals.

    Every score and maximum of every part passes through here, so the common cases (an int,
    a Fraction with a small denominator) skip the conversions that would change nothing.
    """
    if type(value) is int:
        return value
    fraction = value if isinstance(value, Fraction) else Fraction(value)
    if fraction.denominator > 10**9:
        fraction = fraction.limit_denominator(10**9)
    if fraction.denominator == 1:
        return int(fraction)
    rounded = round(float(fraction), 4)
    return int(rounded) if rounded == int(rounded) else rounded


def fmt(value: Fraction | int | float) -> str:
    """A score as a student reads it: 2, 1.5, 0.6667."""
    return str(number(value))


def part(
    part_id: str,
    label: str,
    score: Fraction | int,
    maximum: Fraction | int,
    feedback: str,
    ok: bool | None = None,
) -> dict[str, Any]:
    """One scored part of a result (an option, an item, a concept...)."""
    if ok is None:
        ok = Fraction(score) >= Fraction(maximum)
    return {
        "id": part_id,
        "label": label,
        "score": number(score),
        "max": number(maximum),
        "ok": bool(ok),
        "feedback": feedback,
    }


def graded(
    score: Fraction | int, maximum: Fraction | int, parts: list[dict[str, Any]], message: str
) -> dict[str, Any]:
    """A graded result; the score is clamped to [0, maximum] whatever the parts say."""
    score = min(max(Fraction(score), Fraction(0)), Fraction(maximum))
    head = f"得分 {fmt(score)} / {fmt(maximum)}。"
    if score == maximum:
        head += "全部正确！"
    return {
        "status": "graded",
        "score": number(score),
        "max": number(maximum),
        "parts": parts,
        "message": (head + (" " + message if message else "")).strip(),
    }


def invalid(maximum: Fraction | int, message: str) -> dict[str, Any]:
    """An answer of the wrong shape: says what to fix, costs no attempt."""
    return {"status": "invalid", "score": 0, "max": number(maximum), "parts": [], "message": message}


def points_of(question: dict[str, Any], default: Fraction | int) -> Fraction:
    """The question's maximum score: its `points`, or the type's default."""
    raw = question.get("points", default)
    return Fraction(str(raw)) if isinstance(raw, float) else Fraction(raw)


def ids_of(entries: list[dict[str, Any]], key: str = "id") -> list[str]:
    """The ids of a list of dict entries, skipping malformed ones."""
    return [e[key] for e in entries if isinstance(e, dict) and isinstance(e.get(key), str)]


def duplicate_problems(entries: list[Any], field: str, what: str) -> list[Problem]:
    """Problems for every repeated id in `question[field]`."""
    seen: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        if entry["id"] in seen:
            problems.append(
                Problem(
                    (field, index, "id"),
                    f"{what} id「{entry['id']}」重复（第 {seen[entry['id']] + 1} 项已用过），请改成唯一的 id。",
                )
            )
        else:
            seen[entry["id"]] = index
    return problems


def wants_hints(question: dict[str, Any]) -> bool:
    """Whether feedback should say what is wrong and why, but not what is right (``"hints": true``).

    Never in a case file: the page adds it while the explanation is still locked (fewer graded
    attempts than ``reveal_after``), so that a first wrong attempt teaches instead of handing over
    the key; ``cases check`` and ``cases grade`` grade without it (full feedback). Scores never change.
    """
    return question.get("hints") is True


def is_number(value: Any) -> bool:
    """True for real JSON numbers (bool is not a number here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def describe(value: Any) -> str:
    """A short Chinese description of a JSON value's type, for invalid-answer messages."""
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "真假值"
    if is_number(value):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "对照表"
    return type(value).__name__


def short(text: str, limit: int = 20) -> str:
    """Text cut for quoting inside a message, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def scheme_of(question: dict[str, Any], schemes: type[SchemeT], default: SchemeT, kind: str) -> SchemeT:
    """The question's ``scoring`` as a member of `schemes` (`default` when absent); an unknown name
    is a QuestionError naming the known ones, never a silent fallback to some scheme."""
    name = question.get("scoring", default.value)
    try:
        return schemes(name)
    except ValueError:
        known = ", ".join(member.value for member in schemes)
        raise QuestionError(f"未知的{kind}计分方式「{name}」；可用：{known}") from None


_QUOTE_PAIRS = ("「」", "『』", "“”", '""')


def quoted(text: str) -> str:
    """「text」, unless the text is already in quotation marks (no 「「…」」)."""
    text = text.strip()
    if len(text) >= 2 and any(text[0] == pair[0] and text[-1] == pair[1] for pair in _QUOTE_PAIRS):
        return text
    return f"「{text}」"

"""Multiple choice: the student ticks several options.

Options are `correct`, `optional` (neither rewarded nor penalised) or `wrong`
(the default). Three schemes, as in PrairieLearn's pl-checkbox and edX:

- ``each_decision`` (default): every non-optional option is one decision, ticked
  or not; the score is the share of right decisions.
- ``net_correct``: (right ticks - wrong ticks) / number of correct options, floored at 0.
- ``all_or_nothing``: full marks only with every correct and no wrong option.

>>> q = {"id": "q", "type": "multiple_choice", "options": [
...     {"id": "a", "text": "甲", "role": "correct"}, {"id": "b", "text": "乙"}]}
>>> grade(q, ["a"])["score"], grade(q, ["a", "b"])["score"]
(1, 0.5)
"""

from __future__ import annotations

from fractions import Fraction
from enum import Enum
from typing import TYPE_CHECKING, Any

from ..common import Problem, describe, duplicate_problems, graded, part, points_of, scheme_of, short, wants_hints
from ..views import Block, Hint, ListKind, listing

if TYPE_CHECKING:  # annotations only: the browser never imports random for grading
    import random

LABEL = "多选"
"""The type's name in Chinese, as pages and reports show it."""

DEFAULT_POINTS = 1


class Scoring(str, Enum):
    """How the decisions of a multiple-choice answer become a score (``scoring:`` in a case)."""

    EACH_DECISION = "each_decision"  # every option ticked or left correctly earns its share
    NET_CORRECT = "net_correct"      # right ticks minus wrong ticks, over the correct options
    ALL_OR_NOTHING = "all_or_nothing"


SCHEMES = tuple(s.value for s in Scoring)


def scoring(question: dict[str, Any]) -> Scoring:
    """The question's scheme; an unknown name is an error, never a silent default."""
    return scheme_of(question, Scoring, Scoring.EACH_DECISION, "多选")


def _role(option: dict[str, Any]) -> str:
    return option.get("role", "wrong")


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks: ``points``, or DEFAULT_POINTS."""
    return points_of(question, DEFAULT_POINTS)


def validate(question: dict[str, Any]) -> list[Problem]:
    options = question.get("options") or []
    problems = duplicate_problems(options, "options", "选项")
    if not any(isinstance(o, dict) and _role(o) == "correct" for o in options):
        problems.append(Problem(("options",), "多选题至少要有一个 `role: correct` 的选项。"))
    if not any(isinstance(o, dict) and _role(o) == "wrong" for o in options):
        problems.append(
            Problem(("options",), "多选题至少要有一个错误选项（不写 role 即为 wrong），否则全选就能得满分。")
        )
    if question.get("scoring", "each_decision") not in SCHEMES:
        problems.append(Problem(("scoring",), f"scoring 只能是 {', '.join(SCHEMES)} 之一。"))
    return problems


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why `answer` is not a set of the question's options (it costs no attempt), or None. Reads only
    the option ids, so a keyless definition (:func:`keyless`) checks exactly as the full one does."""
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, list):
        return f"多选题的答案应是选项列表，收到的是{describe(answer)}。请勾选选项后再提交。"
    if not answer:
        return "还没有勾选任何选项：请至少勾选一项再提交。"
    if not all(isinstance(a, str) for a in answer):
        return "答案里有不是选项的内容，请重新勾选。"
    known = {o["id"] for o in question["options"]}
    unknown = [a for a in answer if a not in known]
    if unknown:
        return f"没有「{short(unknown[0])}」这个选项，请从列出的选项中勾选。"
    if len(set(answer)) != len(answer):
        return "同一个选项被选了不止一次，请重新勾选。"
    return None


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = max_points(question)
    options = question["options"]
    picked = {answer} if isinstance(answer, str) else set(answer)

    scheme = scoring(question)
    decisions = [o for o in options if _role(o) != "optional"]
    correct = [o for o in options if _role(o) == "correct"]
    right_ticks = sum(1 for o in correct if o["id"] in picked)
    wrong_ticks = sum(1 for o in options if _role(o) == "wrong" and o["id"] in picked)

    share = maximum / len(decisions) if scheme is Scoring.EACH_DECISION else Fraction(0)
    # With hints, only the ticked options are discussed: naming a missed correct option, or an
    # unticked wrong one, would hand over the key (the count of missed ones is said instead).
    hints = wants_hints(question)
    parts = []
    right_decisions = 0
    for option in options:
        ticked = option["id"] in picked
        role = _role(option)
        if role == "optional":
            if ticked:
                note = "此项可选可不选，不影响得分。"
                parts.append(part(option["id"], option["text"], 0, 0, (note + " " + option.get("feedback", "")).strip(), True))
            continue
        is_right = ticked == (role == "correct")
        right_decisions += is_right
        if hints and not ticked:
            continue
        if ticked and role == "correct":
            verdict = "选对了。"
        elif ticked:
            verdict = "不应选此项。"
        elif role == "correct":
            verdict = "漏选了此项。"
        else:
            verdict = "没有选此项，正确。"
        text = verdict
        if ticked or role == "correct":
            text = (verdict + " " + option.get("feedback", "")).strip()
        parts.append(part(option["id"], option["text"], share if is_right else 0, share, text, is_right))

    if scheme is Scoring.EACH_DECISION:
        score = share * right_decisions
    elif scheme is Scoring.NET_CORRECT:
        score = max(Fraction(0), maximum * Fraction(right_ticks - wrong_ticks, len(correct)))
    elif scheme is Scoring.ALL_OR_NOTHING:
        score = maximum if (right_ticks == len(correct) and wrong_ticks == 0) else Fraction(0)
    else:  # pragma: no cover - every member is handled above
        raise AssertionError(scheme)
    message = f"选对 {right_ticks} / {len(correct)} 个正确选项"
    message += f"，多选了 {wrong_ticks} 个错误选项" if wrong_ticks else ""
    missed = len(correct) - right_ticks
    message += f"；还漏选了 {missed} 项，是哪几项请再想想。" if hints and missed else "。"
    return graded(score, maximum, parts, message)


def key_answer(question: dict[str, Any]) -> list[str]:
    return [o["id"] for o in question["options"] if _role(o) == "correct"]


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    key = key_answer(question)
    misses: list[tuple[str, Any]] = []
    for option in question["options"]:
        if _role(option) == "wrong":
            misses.append((f"多选了错误选项 {option['id']}", key + [option["id"]]))
    if len(key) > 1:
        for option_id in key:
            misses.append((f"漏选了正确选项 {option_id}", [k for k in key if k != option_id]))
    return misses


def random_answer(question: dict[str, Any], rng: random.Random) -> list[str]:
    """Each option ticked with even odds."""
    return [o["id"] for o in question["options"] if rng.random() < 0.5]


def keyless(question: dict[str, Any]) -> dict[str, Any]:
    """The options as shown, without `role` or `feedback` (nor the scoring scheme)."""
    return {"options": [{"id": o["id"], "text": o["text"]} for o in question["options"]]}


def static_view(question: dict[str, Any]) -> list[Block]:
    """The options, in the order shown, without correctness."""
    return [Hint("选择所有合适的选项："), listing(ListKind.OPTIONS, question["options"], ids_shown=True)]

"""Ordering: the student puts every step in order.

Schemes (after Moodle's qtype_ordering and PrairieLearn's order blocks):

- ``lcs`` (default): the longest correctly ordered subsequence / n (Moodle's "longest ordered
  subset"), where a run no longer than ⌈√n⌉ steps counts 0: every order of n steps, or its
  reverse, has one that long (Erdős–Szekeres), so it is what doing nothing, or turning the list
  over, would earn. One swapped pair of n=4 steps earns 3/4; n=7 steps with two swaps 5/7;
  a reversed order 0;
- ``adjacent``: the share of the key's n−1 pairs of consecutive steps that stand next to each
  other, in order, in the answer (Moodle's "relative to the next item, excluding last"); it
  does not depend on where the list started, so a shown order whose pairs are all broken, both
  ways, earns nothing untouched or reversed (``cases check`` asks for that, see
  :func:`shown_order_credit`);
- ``position``: share of steps in their correct place;
- ``all_or_nothing``.

The best of the key and every `also_accept` order counts. `constraints`
("apology before solution") add feedback for each one the student broke.

>>> q = {"id": "q", "type": "ordering", "items": [{"id": i, "text": i} for i in "abcd"],
...      "key": ["a", "b", "c", "d"]}
>>> grade(q, ["a", "b", "c", "d"])["score"], grade(q, ["b", "a", "c", "d"])["score"]
(1, 0.75)
"""

from __future__ import annotations

from bisect import bisect_left
from enum import Enum
from fractions import Fraction
from math import isqrt
from typing import TYPE_CHECKING, Any

from ..common import Problem, describe, duplicate_problems, graded, part, points_of, quoted, scheme_of, short
from ..views import Block, Hint, ListKind, listing

if TYPE_CHECKING:  # annotations only: the browser never imports random for grading
    import random

LABEL = "排序"
"""The type's name in Chinese, as pages and reports show it."""

DEFAULT_POINTS = 1


class Scoring(str, Enum):
    """How an order becomes a score (``scoring:`` in a case)."""

    LCS = "lcs"            # the longest run of steps in the right relative order
    ADJACENT = "adjacent"  # consecutive steps of the key kept next to each other, in order
    POSITION = "position"  # steps in exactly the right place
    ALL_OR_NOTHING = "all_or_nothing"


SCHEMES = tuple(s.value for s in Scoring)


def scoring(question: dict[str, Any]) -> Scoring:
    """The question's scheme; an unknown name is an error, never a silent default."""
    return scheme_of(question, Scoring, Scoring.LCS, "排序")


def _orders(question: dict[str, Any]) -> list[list[str]]:
    return [list(question["key"])] + [list(o) for o in question.get("also_accept", [])]


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks: ``points``, or DEFAULT_POINTS."""
    return points_of(question, DEFAULT_POINTS)


def validate(question: dict[str, Any]) -> list[Problem]:
    items = question.get("items") or []
    problems = duplicate_problems(items, "items", "步骤")
    ids = [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]
    if len(ids) < 2:
        problems.append(Problem(("items",), "排序题至少要有两个步骤。"))
    for name, order in [("key", question.get("key"))] + [
        (("also_accept", n), o) for n, o in enumerate(question.get("also_accept", []) or [])
    ]:
        path = (name,) if isinstance(name, str) else name
        if not isinstance(order, list) or sorted(map(str, order)) != sorted(ids):
            problems.append(
                Problem(path, f"这个顺序必须把 items 里的每个步骤（{', '.join(ids)}）各列一次。")
            )
    if question.get("key") == [i for i in ids] and len(ids) > 2:
        problems.append(
            Problem(("items",), "items 的列出顺序就是答案顺序，学生一打开就是正确答案。请把 items 打乱后再列出。")
        )
    for index, constraint in enumerate(question.get("constraints", []) or []):
        for end in ("before", "after"):
            if constraint.get(end) not in ids:
                problems.append(
                    Problem(("constraints", index, end), f"「{constraint.get(end)}」不是本题的步骤 id。")
                )
        if constraint.get("before") in ids and constraint.get("after") in ids:
            for order in _orders(question) if isinstance(question.get("key"), list) else []:
                if sorted(map(str, order)) == sorted(ids) and order.index(constraint["before"]) > order.index(
                    constraint["after"]
                ):
                    problems.append(
                        Problem(("constraints", index), f"可接受的顺序 {order} 违反了这条约束，请改约束或改答案。")
                    )
    if question.get("scoring", "lcs") not in SCHEMES:
        problems.append(Problem(("scoring",), f"scoring 只能是 {', '.join(SCHEMES)} 之一。"))
    return problems


def _lcs_length(answer: list[str], order: list[str]) -> int:
    """Longest common subsequence of two permutations = longest increasing run of positions."""
    position = {item: i for i, item in enumerate(order)}
    tails: list[int] = []
    for item in answer:
        value = position[item]
        at = bisect_left(tails, value)
        if at == len(tails):
            tails.append(value)
        else:
            tails[at] = value
    return len(tails)


def chance_run(steps: int) -> int:
    """⌈√steps⌉: the longest correctly ordered run that every order of `steps` steps, or its reverse,
    already contains (Erdős–Szekeres); under ``lcs`` a run this long earns nothing."""
    return isqrt(steps - 1) + 1 if steps > 0 else 0


def _credit(answer: list[str], order: list[str], scheme: Scoring) -> Fraction:
    n = len(order)
    if scheme is Scoring.ALL_OR_NOTHING:
        return Fraction(int(answer == order))
    if scheme is Scoring.POSITION:
        return Fraction(sum(a == b for a, b in zip(answer, order)), n)
    if scheme is Scoring.LCS:
        longest = _lcs_length(answer, order)
        return Fraction(longest if longest == n or longest > chance_run(n) else 0, n)
    if scheme is Scoring.ADJACENT:
        return Fraction(_kept_pairs(answer, order), n - 1) if n > 1 else Fraction(int(answer == order))
    raise AssertionError(scheme)  # pragma: no cover - every member is handled above


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why `answer` is not an order of all the steps (it costs no attempt), or None. Reads only the
    step ids, so a keyless definition (:func:`keyless`) checks exactly as the full one does."""
    if not isinstance(answer, list):
        return f"排序题的答案应是步骤列表，收到的是{describe(answer)}。请排好顺序再提交。"
    if not all(isinstance(a, str) for a in answer):
        return "答案里有不是步骤的内容，请重新排序。"
    known = {i["id"] for i in question["items"]}
    unknown = [a for a in answer if a not in known]
    if unknown:
        return f"没有「{short(unknown[0])}」这个步骤，请只排列题目给出的步骤。"
    if len(set(answer)) != len(answer):
        return "有步骤出现了不止一次，请让每个步骤只出现一次。"
    if len(answer) != len(known):
        return f"还有 {len(known) - len(answer)} 个步骤没有排进去，请把所有步骤都排好。"
    return None


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = max_points(question)
    items = {i["id"]: i for i in question["items"]}
    scheme = scoring(question)
    credit = max(_credit(answer, order, scheme) for order in _orders(question))
    score = maximum * credit
    if credit == 1:
        order_feedback = "顺序正确。"
    elif scheme is Scoring.LCS:
        best = max(_lcs_length(answer, order) for order in _orders(question))
        order_feedback = f"最长的一段正确相对顺序包含 {best} / {len(items)} 个步骤。"
        if best <= chance_run(len(items)):
            order_feedback += f"不超过 {chance_run(len(items))} 步的一段，随便哪种顺序（或把它倒过来）都有，不计分。"
    elif scheme is Scoring.ADJACENT:
        kept = max(_kept_pairs(answer, order) for order in _orders(question))
        order_feedback = f"相邻两步先后正确的有 {kept} / {len(items) - 1} 对。"
    elif scheme is Scoring.POSITION:
        placed = max(sum(a == b for a, b in zip(answer, order)) for order in _orders(question))
        order_feedback = f"在正确位置上的有 {placed} / {len(items)} 步。"
    else:
        order_feedback = "顺序不完全正确，本题只有全对才得分。"
    parts = [part("order", "步骤顺序", score, maximum, order_feedback)]
    broken = []
    for index, constraint in enumerate(question.get("constraints", []) or []):
        kept = answer.index(constraint["before"]) < answer.index(constraint["after"])
        label = f"{quoted(items[constraint['before']]['text'])}应在{quoted(items[constraint['after']]['text'])}之前"
        feedback = "做到了。" if kept else constraint.get("feedback", label + "。")
        if not kept:
            broken.append(feedback)
        parts.append(part(f"constraint-{index + 1}", label, 0, 0, feedback, kept))
    # each broken constraint is explained once, in its own part; the message only counts them
    message = f"有 {len(broken)} 条先后关系没有做到，见下面的说明。" if broken else ""
    return graded(score, maximum, parts, message)


def _kept_pairs(answer: list[str], order: list[str]) -> int:
    """How many pairs of consecutive steps of `order` stand next to each other, in order, in `answer`."""
    pairs = set(zip(order, order[1:]))
    return sum(1 for pair in zip(answer, answer[1:]) if pair in pairs)


def shown_order_credit(question: dict[str, Any]) -> Fraction:
    """The larger share of full marks earned by submitting the steps as shown (``items`` order), or that
    order reversed: what doing nothing, or turning the list over, would earn."""
    shown = [item["id"] for item in question["items"]]
    scheme = scoring(question)
    return max(max(_credit(answer, order, scheme) for order in _orders(question)) for answer in (shown, shown[::-1]))


def key_answer(question: dict[str, Any]) -> list[str]:
    return list(question["key"])


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    accepted = [tuple(o) for o in _orders(question)]
    key = list(question["key"])
    misses = []
    for i in range(len(key) - 1):
        swapped = key[:i] + [key[i + 1], key[i]] + key[i + 2 :]
        if tuple(swapped) not in accepted:
            misses.append((f"对调了相邻的 {key[i]} 和 {key[i + 1]}", swapped))
    return misses


def random_answer(question: dict[str, Any], rng: random.Random) -> list[str]:
    """The key with one to three random swaps."""
    order = key_answer(question)
    for _ in range(rng.randint(1, 3)):
        i, j = rng.randrange(len(order)), rng.randrange(len(order))
        order[i], order[j] = order[j], order[i]
    return order


def keyless(question: dict[str, Any]) -> dict[str, Any]:
    """The steps in the order shown, without the key, accepted orders, constraints or scheme."""
    return {"items": [{"id": i["id"], "text": i["text"]} for i in question["items"]]}


def static_view(question: dict[str, Any]) -> list[Block]:
    """The steps as shown (``items`` order, never the key's)."""
    return [Hint("把下列各项排成正确的顺序（下面是打乱后的顺序）："), listing(ListKind.ITEMS, question["items"], ids_shown=True)]

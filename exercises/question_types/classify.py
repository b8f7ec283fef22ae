"""Classify / match: the student puts every item into a category.

Each item is worth the same share of the points; an item may accept several
categories (`key` as a list). Feedback is given per item.

>>> q = {"id": "q", "type": "classify", "categories": [{"id": "do", "label": "宜"},
...      {"id": "dont", "label": "忌"}], "items": [{"id": "i1", "text": "甲", "key": "do"},
...      {"id": "i2", "text": "乙", "key": "dont"}]}
>>> grade(q, {"i1": "do", "i2": "do"})["score"]
1
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..common import Problem, describe, duplicate_problems, graded, part, points_of, short, wants_hints
from ..views import Block, Hint, ListKind, listing

if TYPE_CHECKING:  # annotations only: the browser never imports random for grading
    import random


LABEL = "分类"
"""The type's name in Chinese, as pages and reports show it."""

def _accepted(item: dict[str, Any]) -> list[str]:
    key = item["key"]
    return [key] if isinstance(key, str) else list(key)


def _default_points(question: dict[str, Any]) -> int:
    return len(question["items"])


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks: ``points``, or one per item."""
    return points_of(question, _default_points(question))


def validate(question: dict[str, Any]) -> list[Problem]:
    categories = question.get("categories") or []
    items = question.get("items") or []
    problems = duplicate_problems(categories, "categories", "类别")
    problems += duplicate_problems(items, "items", "项目")
    category_ids = {c["id"] for c in categories if isinstance(c, dict) and isinstance(c.get("id"), str)}
    if len(category_ids) < 2:
        problems.append(Problem(("categories",), "分类题至少要有两个类别。"))
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        key = item.get("key")
        keys = [key] if isinstance(key, str) else (key if isinstance(key, list) else [])
        if not keys:
            problems.append(Problem(("items", index, "key"), "每个项目都要写 key：它属于哪个类别的 id。"))
        for category in keys:
            if category not in category_ids:
                problems.append(
                    Problem(
                        ("items", index, "key"),
                        f"「{category}」不是本题的类别 id；可用的类别是 {', '.join(sorted(category_ids))}。",
                    )
                )
        if keys and category_ids and set(keys) >= category_ids:
            problems.append(Problem(("items", index, "key"), "这个项目放进任何类别都算对，删掉它或收窄 key。"))
    return problems


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why `answer` does not put every item in one of the categories (it costs no attempt), or None.
    Reads only ids and item texts, so a keyless definition (:func:`keyless`) checks as the full one does."""
    if not isinstance(answer, dict):
        return f"分类题的答案应是「项目 → 类别」的对照，收到的是{describe(answer)}。"
    items = question["items"]
    known_items = {i["id"] for i in items}
    unknown = [k for k in answer if k not in known_items]
    if unknown:
        return f"没有「{short(str(unknown[0]))}」这个项目，请只给题目列出的项目分类。"
    categories = {c["id"] for c in question["categories"]}
    if any(not isinstance(v, str) or v not in categories for v in answer.values()):
        return "有项目被放进了不存在的类别，请重新选择类别。"
    missing = [i for i in items if i["id"] not in answer]
    if missing:
        return f"还有 {len(missing)} 个项目没有分类（例如「{short(missing[0]['text'])}」），请全部分好再提交。"
    return None


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = max_points(question)
    items = question["items"]
    labels = {c["id"]: c["label"] for c in question["categories"]}
    share = maximum / len(items)
    hints = wants_hints(question)
    parts = []
    right = 0
    for item in items:
        chosen = answer[item["id"]]
        ok = chosen in _accepted(item)
        right += ok
        expected = "或".join(labels[c] for c in _accepted(item))
        if ok:
            verdict = f"正确：属于「{labels[chosen]}」。"
        else:
            verdict = f"不对：不属于「{labels[chosen]}」。" if hints else f"不对：你放进了「{labels[chosen]}」，应属于「{expected}」。"
        parts.append(part(item["id"], item["text"], share if ok else 0, share, (verdict + " " + item.get("feedback", "")).strip(), ok))
    return graded(share * right, maximum, parts, f"分对 {right} / {len(items)} 项。")


def key_answer(question: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: _accepted(item)[0] for item in question["items"]}


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    key = key_answer(question)
    categories = [c["id"] for c in question["categories"]]
    misses = []
    for item in question["items"]:
        wrong = next(c for c in categories if c not in _accepted(item))
        misses.append((f"把 {item['id']} 放进了 {wrong}", {**key, item["id"]: wrong}))
    return misses


def random_answer(question: dict[str, Any], rng: random.Random) -> dict[str, str]:
    """Nine items in ten put in a random category, the rest left out."""
    categories = [c["id"] for c in question["categories"]]
    return {item["id"]: rng.choice(categories) for item in question["items"] if rng.random() < 0.9}


def keyless(question: dict[str, Any]) -> dict[str, Any]:
    """The categories and the items, without each item's `key` or `feedback`."""
    return {"categories": [{"id": c["id"], "label": c["label"]} for c in question["categories"]],
            "items": [{"id": i["id"], "text": i["text"]} for i in question["items"]]}


def static_view(question: dict[str, Any]) -> list[Block]:
    """The categories, then the items to sort into them."""
    return [Hint("把每一项归入一个类别。类别："), listing(ListKind.CATEGORIES, question["categories"], "label"),
            Hint("待分类的各项："), listing(ListKind.ITEMS, question["items"], ids_shown=True)]

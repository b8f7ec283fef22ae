"""Transcript annotation: pick the faulty lines of a dialogue and tag each with error types.

Per key line: `hit_points` when selected, plus `tag_points` when at least one of
the student's tags is among the key's tags. Every other selected line (not in
`either`) costs `false_alarm_penalty`. The total is floored at 0.

The answer maps line ids to tag lists: {"K1": ["T1"], "K4": ["T3", "T4"]}.
`selectable` (the lines a student may pick) is filled from the case transcript
by the loader, so a question is self-contained when it reaches the grader.

>>> q = {"id": "q", "type": "annotate", "tags": [{"id": "T1", "label": "礼貌"}],
...      "selectable": ["K1", "K2"], "key": [{"line": "K1", "tags": ["T1"]}]}
>>> grade(q, {"K1": ["T1"]})["score"], grade(q, {"K1": [], "K2": []})["score"]
(2, 0)
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..common import Problem, describe, duplicate_problems, graded, part, quoted, short, wants_hints
from ..views import Block, Hint, ListKind, Listing, listing

if TYPE_CHECKING:  # annotations only: the browser never imports random for grading
    import random


LABEL = "对话标注"
"""The type's name in Chinese, as pages and reports show it."""

def _settings(question: dict[str, Any]) -> tuple[Fraction, Fraction, Fraction]:
    return (
        Fraction(str(question.get("hit_points", 1))),
        Fraction(str(question.get("tag_points", 1))),
        Fraction(str(question.get("false_alarm_penalty", 1))),
    )


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks: each key line's hit and tag points (``points``, if written, must agree)."""
    hit, tag, _ = _settings(question)
    return len(question.get("key") or []) * (hit + tag)


def validate(question: dict[str, Any]) -> list[Problem]:
    tags = question.get("tags") or []
    problems = duplicate_problems(tags, "tags", "标签")
    tag_ids = {t["id"] for t in tags if isinstance(t, dict)}
    selectable = question.get("selectable") or []
    if not selectable:
        problems.append(Problem(("selectable",), "没有可以选择的对话行：请给案例加上 transcript，或写 selectable。"))
    seen: set[str] = set()
    for index, entry in enumerate(question.get("key") or []):
        line = entry.get("line")
        if line not in selectable:
            problems.append(Problem(("key", index, "line"), f"「{line}」不是可选的对话行 id（见 transcript 或 selectable）。"))
        if line in seen:
            problems.append(Problem(("key", index, "line"), f"对话行「{line}」在 key 里出现了两次，请合并。"))
        seen.add(line)
        if not entry.get("tags"):
            problems.append(Problem(("key", index, "tags"), "每个有问题的句子至少要有一个标签。"))
        for tag in entry.get("tags") or []:
            if tag not in tag_ids:
                problems.append(Problem(("key", index, "tags"), f"「{tag}」不是本题的标签 id（见 tags）。"))
    for index, line in enumerate(question.get("either") or []):
        if line not in selectable:
            problems.append(Problem(("either", index), f"「{line}」不是可选的对话行 id。"))
        if line in seen:
            problems.append(Problem(("either", index), f"「{line}」已经在 key 里，不能同时列为可选可不选。"))
    if not question.get("key"):
        problems.append(Problem(("key",), "标注题至少要有一个有问题的句子。"))
    if "points" in question and Fraction(str(question["points"])) != max_points(question):
        problems.append(
            Problem(
                ("points",),
                f"points 写的是 {question['points']}，但按 key 计算满分是 "
                f"{max_points(question)}（{len(question.get('key') or [])} 句 ×（选中分 + 标签分））。请改成一致。",
            )
        )
    return problems


def _as_mapping(answer: Any) -> Any:
    """A plain list of line ids is those lines without tags (a widget may send either)."""
    if isinstance(answer, list) and all(isinstance(a, str) for a in answer):
        return {line: [] for line in answer}
    return answer


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why `answer` is not a set of selectable lines with known tags (it costs no attempt), or None.
    Reads only ``selectable``, the tag ids and ``tag_points`` (whether a line needs a tag), so a
    keyless definition (:func:`keyless`) checks exactly as the full one does."""
    answer = _as_mapping(answer)
    if not isinstance(answer, dict):
        return f"标注题的答案应是「句子 → 标签」的对照，收到的是{describe(answer)}。"
    if not answer:
        return "还没有选出任何句子：请在对话里选出有问题的句子，再提交。"
    selectable = set(question["selectable"])
    unknown = [k for k in answer if k not in selectable]
    if unknown:
        return f"「{short(str(unknown[0]))}」不是可以选择的对话行，请只选对话里的句子。"
    tag_ids = {t["id"] for t in question["tags"]}
    for line, tags in answer.items():
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            return f"句子 {line} 的标签格式不对，请重新勾选标签。"
        bad = [t for t in tags if t not in tag_ids]
        if bad:
            return f"句子 {line} 用了不存在的标签「{short(bad[0])}」，请从给出的标签中选。"
    untagged = [line for line, tags in answer.items() if not tags]
    if untagged and _settings(question)[1] > 0:
        return (f"句子 {'、'.join(untagged[:5])} 选出来了，但还没有选错误类型标签：请给每个选中的句子"
                "至少选一个标签再提交（本次不计作答次数）。")
    return None


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = max_points(question)
    answer = _as_mapping(answer)
    hit, tag_points, penalty = _settings(question)
    selectable = list(question["selectable"])
    tag_labels = {t["id"]: t["label"] for t in question["tags"]}
    key = {entry["line"]: entry for entry in question["key"]}
    either = set(question.get("either") or [])
    hints = wants_hints(question)
    parts = []
    score = Fraction(0)
    for line in selectable:
        chosen = answer.get(line)
        if line in key:
            entry = key[line]
            expected = "、".join(quoted(tag_labels[t]) for t in entry["tags"])  # the label as the page shows it
            if chosen is None:
                missed = "漏掉了：这一句有问题。" if hints else f"漏掉了：这一句有问题（{expected}）。"
                parts.append(part(line, f"句子 {line}", 0, hit + tag_points, f"{missed}{entry.get('feedback', '')}".strip(), False))
                continue
            matched = set(chosen) & set(entry["tags"])
            got = hit + (tag_points if matched else 0)
            score += got
            if matched:
                verdict = "找对了，标签也对。"
            elif chosen:
                verdict = "句子找对了，但标签不对。" if hints else f"句子找对了，但标签不对：应是{expected}。"
            else:
                verdict = "句子找对了，但没有贴标签。" if hints else f"句子找对了，但没有贴标签：应是{expected}。"
            parts.append(part(line, f"句子 {line}", got, hit + tag_points, (verdict + " " + entry.get("feedback", "")).strip(), bool(matched)))
        elif chosen is not None:
            if line in either:
                parts.append(part(line, f"句子 {line}", 0, 0, "这一句可选可不选，不影响得分。", True))
            else:
                score -= penalty
                parts.append(part(line, f"句子 {line}", -penalty, 0, f"这一句没有问题，误选扣 {penalty} 分。", False))
    found = sum(1 for line in key if line in answer)
    false_alarms = sum(1 for line in answer if line not in key and line not in either)
    message = f"找出 {found} / {len(key)} 个有问题的句子"
    message += f"，误选 {false_alarms} 句。" if false_alarms else "。"
    return graded(score, maximum, parts, message)


def key_answer(question: dict[str, Any]) -> dict[str, list[str]]:
    return {entry["line"]: list(entry["tags"]) for entry in question["key"]}


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    key = key_answer(question)
    misses: list[tuple[str, Any]] = []
    for line in key:
        misses.append((f"漏掉了有问题的句子 {line}", {k: v for k, v in key.items() if k != line}))
    either = set(question.get("either") or [])
    for line in question["selectable"]:
        if line not in key and line not in either:
            misses.append((f"多选了没有问题的句子 {line}", {**key, line: [question["tags"][0]["id"]]}))
    return misses


def random_answer(question: dict[str, Any], rng: random.Random) -> dict[str, list[str]]:
    """Some lines, each with up to three random tags."""
    lines = list(question.get("selectable") or [entry["line"] for entry in question["key"]])
    tags = [t["id"] for t in question["tags"]]
    chosen = rng.sample(lines, rng.randint(0, len(lines)))
    return {line: rng.sample(tags, rng.randint(0, min(3, len(tags)))) for line in chosen}


def keyless(question: dict[str, Any]) -> dict[str, Any]:
    """The selectable lines and the tags, and ``tag_points`` when written (whether a picked line needs a
    tag); no key, `either` lines, feedback or other weights."""
    kept = {"selectable": list(question["selectable"]), "tags": [{"id": t["id"], "label": t["label"]} for t in question["tags"]]}
    return kept | ({"tag_points": question["tag_points"]} if "tag_points" in question else {})


def static_view(question: dict[str, Any]) -> list[Block]:
    """The lines that may be marked (when the question limits them) and the tags to choose from."""
    tags = listing(ListKind.TAGS, question["tags"], "label")
    lines = [str(line) for line in question.get("selectable") or []]
    if not lines:
        return [Hint("在对话记录中选出有问题的句子，并给每句贴上错误类型标签："), tags]
    return [Hint("在对话记录中选出有问题的句子，可选："), Listing(ListKind.LINES, tuple((line, line) for line in lines)),
            Hint("并给每句贴上错误类型标签："), tags]

"""Rubric free text in Chinese: concepts with synonyms, forbidden phrases, limits.

How an answer is scored:

1. The answer is folded (see :mod:`exercises.chinese`) and every synonym of
   every concept is looked up character by character.
2. A match preceded by a negation cue in the same clause (「我不会向您道歉」)
   does not count, unless the concept says ``negatable: false``.
3. A concept is a set of synonym groups; ``need: 2`` asks for two different
   groups (e.g. two pieces of information asked for). Partial groups earn
   points in proportion.
4. Keyword stuffing: when the answer reads as a bare list ("道歉 理解 查询
   回电": three or more items that are nothing but matched keywords, and no
   sentence punctuation to speak of; an item is bare when it is at most four
   characters or nothing but matched keywords), matches inside those items are not
   counted, and the student is told to write sentences.
5. Each occurrence of a forbidden phrase deducts its points (not below 0),
   except inside one of its `except` phrases.

>>> q = {"id": "q", "type": "text", "key": "非常抱歉", "concepts": [
...     {"id": "sorry", "label": "致歉", "points": 2, "synonyms": ["抱歉", "对不起"]}]}
>>> grade(q, "真是對不起您")["score"], grade(q, "我们没有抱歉的理由")["score"]
(2, 0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .chinese import char_count, find_all, fold, fold_phrase, is_boundary, is_negated, neutral_mask
from .common import Problem, describe, fmt, graded, invalid, part, short

HARD_LIMIT = 20_000  # characters; longer answers are refused before any matching
RAW_LIMIT = 4 * HARD_LIMIT  # characters including white space; bounds the matching time
_SENTENCE_END = re.compile(r"[。！？!?；;]")


@dataclass(frozen=True)
class Match:
    """One non-negated occurrence of a synonym in the folded answer."""

    concept: str
    group: int
    start: int
    end: int


def _groups(concept: dict[str, Any]) -> list[list[str]]:
    """Synonym groups: a plain string is a group of one."""
    groups = []
    for entry in concept.get("synonyms") or []:
        phrases = [entry] if isinstance(entry, str) else list(entry)
        groups.append([fold_phrase(p) for p in phrases if isinstance(p, str) and p.strip()])
    return groups


def derived_points(question: dict[str, Any]) -> Fraction:
    return sum((Fraction(str(c.get("points", 1))) for c in question.get("concepts") or []), Fraction(0))


def validate(question: dict[str, Any]) -> list[Problem]:
    concepts = question.get("concepts") or []
    problems = []
    seen: dict[str, int] = {}
    for index, concept in enumerate(concepts):
        if not isinstance(concept, dict):
            continue
        if concept.get("id") in seen:
            problems.append(Problem(("concepts", index, "id"), f"要素 id「{concept['id']}」重复，请改成唯一的 id。"))
        seen[concept.get("id")] = index
        groups = concept.get("synonyms") or []
        need = concept.get("need", 1)
        if isinstance(need, int) and need > len(groups):
            problems.append(
                Problem(("concepts", index, "need"), f"need 是 {need}，但只有 {len(groups)} 组同义词，永远拿不到满分。")
            )
        for g, entry in enumerate(groups):
            phrases = [entry] if isinstance(entry, str) else entry
            for p, phrase in enumerate(phrases):
                if isinstance(phrase, str) and not fold(phrase).strip():
                    path = ("concepts", index, "synonyms", g) + (() if isinstance(entry, str) else (p,))
                    problems.append(Problem(path, "同义词不能是空字符串。"))
    if not concepts:
        problems.append(Problem(("concepts",), "文字作答题至少要有一个评分要素（concepts）。"))
    if "points" in question and Fraction(str(question["points"])) != derived_points(question):
        problems.append(
            Problem(("points",), f"points 写的是 {question['points']}，但各要素分值相加是 {fmt(derived_points(question))}。请改成一致。")
        )
    low, high = question.get("min_chars"), question.get("max_chars")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(Problem(("min_chars",), "min_chars 不能大于 max_chars。"))
    key = question.get("key")
    if isinstance(key, str) and isinstance(high, int) and char_count(key) > high:
        problems.append(Problem(("key",), f"参考答案有 {char_count(key)} 字，超过了 max_chars（{high}）。"))
    return problems


def _find_matches(question: dict[str, Any], text: str, mask: bytearray) -> list[Match]:
    matches = []
    for concept in question["concepts"]:
        negatable = concept.get("negatable", True)
        for group_index, phrases in enumerate(_groups(concept)):
            for phrase in phrases:
                if phrase not in text:  # most synonyms are absent: skip them at C speed
                    continue
                for start in find_all(text, phrase):
                    if negatable and is_negated(text, start, mask):
                        continue
                    matches.append(Match(concept["id"], group_index, start, start + len(phrase)))
    return matches


def _items(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-boundary characters."""
    spans = []
    start = None
    for index, char in enumerate(text):
        if is_boundary(char):
            if start is not None:
                spans.append((start, index))
                start = None
        elif start is None:
            start = index
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _bare_items(text: str, matches: list[Match]) -> list[tuple[int, int]]:
    """Items that are nothing but keywords, when the answer as a whole reads as a keyword list."""
    covered = bytearray(len(text))
    for m in matches:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    items = _items(text)
    bare = [(s, e) for s, e in items
            if e - s <= 4 or ((e - s) - sum(covered[s:e]) <= 1 and sum(covered[s:e]) > 0)]
    if len(bare) < 3:
        return []
    sentence_marks = len(_SENTENCE_END.findall(text))
    all_tiny = len(bare) == len(items) and all(e - s <= 4 for s, e in bare)
    if all_tiny or (len(bare) * 10 >= len(items) * 6 and sentence_marks < 2):
        return bare
    return []


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = derived_points(question)
    if not isinstance(answer, str):
        return invalid(maximum, f"这道题需要写一段文字，收到的是{describe(answer)}。")
    # char_count(answer), at C speed: str.split() cuts at exactly the characters isspace() names,
    # so even a 1 MB answer is counted exactly, and quickly, before anything else looks at it.
    count = sum(map(len, answer.split()))
    if count == 0:
        return invalid(maximum, "还没有作答：请写下你的回答再提交。")
    high = question.get("max_chars")
    if high is not None and count > high:
        return invalid(maximum, f"字数超出上限：最多 {high} 字，现在是 {count} 字。请删减后再提交（本次不计作答次数）。")
    if count > HARD_LIMIT:
        return invalid(maximum, f"回答太长了（超过 {HARD_LIMIT} 字），请精简后再提交。")
    if len(answer) > RAW_LIMIT:
        return invalid(maximum, "回答里的空格和空行太多了，请删去多余的空白后再提交。")
    low = question.get("min_chars")
    if low is not None and count < low:
        return invalid(maximum, f"字数太少：至少写 {low} 字，现在是 {count} 字。请写完整后再提交。")

    text = fold(answer)
    mask = neutral_mask(text)
    matches = _find_matches(question, text, mask)
    bare = _bare_items(text, matches)
    if bare:
        matches = [m for m in matches if not any(s <= m.start and m.end <= e for s, e in bare)]

    parts = []
    total = Fraction(0)
    for concept in question["concepts"]:
        points = Fraction(str(concept.get("points", 1)))
        need = concept.get("need", 1)
        groups = {m.group for m in matches if m.concept == concept["id"]}
        earned = points * Fraction(min(len(groups), need), need)
        total += earned
        label = concept.get("label", concept["id"])
        if earned == points:
            feedback = concept.get("found") or f"做到了：{label}。"
        elif earned > 0:
            feedback = f"部分做到（{len(groups)} / {need}）。" + (concept.get("missing") or f"还可以更完整：{label}。")
        else:
            feedback = concept.get("missing") or f"缺少：{label}。"
        parts.append(part(concept["id"], label, earned, points, feedback))

    deductions = Fraction(0)
    for index, rule in enumerate(question.get("forbidden") or []):
        hits = _forbidden_hits(rule, text)
        if hits:
            deduction = Fraction(str(rule.get("deduction", 1))) * len(hits)
            deductions += deduction
            quoted = "」「".join(dict.fromkeys(short(answer_phrase, 12) for answer_phrase in hits))
            feedback = f"出现了不宜说的话「{quoted}」，扣 {fmt(deduction)} 分。" + (rule.get("feedback") or "")
            parts.append(part(rule.get("id", f"forbidden-{index + 1}"), "禁用语", -deduction, 0, feedback, False))

    notes = []
    if bare:
        notes.append("你的回答像是一串关键词，没有写成完整的句子；单独罗列的关键词不计分，请用完整的句子表达。")
    if deductions:
        notes.append(f"禁用语共扣 {fmt(deductions)} 分。")
    return graded(total - deductions, maximum, parts, " ".join(notes))


def _forbidden_hits(rule: dict[str, Any], text: str) -> list[str]:
    exceptions = [fold_phrase(e) for e in rule.get("except") or [] if isinstance(e, str)]
    excepted = bytearray(len(text))
    for phrase in exceptions:
        for start in find_all(text, phrase):
            excepted[start : start + len(phrase)] = b"\x01" * len(phrase)
    hits = []
    taken = bytearray(len(text))
    for phrase in sorted((fold_phrase(p) for p in rule.get("phrases") or [] if isinstance(p, str)), key=len, reverse=True):
        if not phrase:
            continue
        for start in find_all(text, phrase):
            end = start + len(phrase)
            if all(excepted[start:end]) or any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            hits.append(phrase)
    return hits


def key_answer(question: dict[str, Any]) -> str:
    return question["key"]


def _negate_at(text: str, start: int) -> str:
    """`text` with a negation cue inserted before position `start`.

    「不会」 reads best, but after 会 or 能 it would make an A-not-A question (「我会不会记录」),
    which asks rather than negates; then another cue is used.
    """
    for cue in ("不会", "没有", "绝不"):
        candidate = text[:start] + cue + text[start:]
        if is_negated(candidate, start + len(cue)):
            return candidate
    return text[:start] + "不会" + text[start:]


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    key = fold(question["key"])
    misses: list[tuple[str, Any]] = [("空白答案", "")]
    mask = neutral_mask(key)
    for concept in question["concepts"]:
        if not concept.get("negatable", True):
            continue
        starts = sorted(
            {start for phrases in _groups(concept) for phrase in phrases for start in find_all(key, phrase)
             if not is_negated(key, start, mask)},
            reverse=True,
        )
        if not starts:
            continue
        negated = key
        for start in starts:
            negated = _negate_at(negated, start)
        misses.append((f"否定了要素 {concept['id']}", negated))
    every = [phrase for concept in question["concepts"] for group in _groups(concept) for phrase in group]
    misses.append(("罗列全部同义词", " ".join(every)))
    first = [group[0] for concept in question["concepts"] for group in _groups(concept) if group]
    misses.append(("罗列每组第一个关键词", "、".join(first)))
    return misses


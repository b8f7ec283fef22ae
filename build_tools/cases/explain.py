"""`cases check --explain ID`: why the grader and the teacher disagree on a text question.

How an instructor refines a rubric: for every marked sample whose machine score differs
from the teacher's mark, show what the grader found (which wording matched which concept,
what a negation cancelled, whether the answer read as a keyword list, which forbidden
wording deducted and which was forgiven), then suggest wordings that answers marked high
use and no synonym list holds. The suggestions are prompts for a person, not edits: a
phrase only one student wrote is noise, a phrase three students wrote is a synonym list's gap.

>>> # explain_case(case) -> ['b1-phone-drops q6：13 条样例，2 条与老师的分数不同', ...]
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any, Iterator

import exercises
from exercises.chinese import fold, is_boundary
from exercises.question_types.text import Analysis, analyse, rule_patterns, synonym_groups

from .load import Case

__all__ = ["explain_case", "explain_sample", "suggest_phrases"]

HIGH, LOW = Fraction(6, 10), Fraction(3, 10)
"""Samples marked at least HIGH of the maximum teach synonyms; those at most LOW do not."""

COMMON = frozenset("的了是在我您你们这那和与及等就也都还很吗呢吧啊呀有个一为对给让把会要能可以不没")
"""Characters that make an n-gram too common to be worth suggesting on their own."""


def explain_case(case: Case, question_id: str | None = None) -> Iterator[str]:
    """Lines of the explanation for every text question of a case (or the one named)."""
    for question in case.questions:
        if question["type"] != "text" or question_id not in (None, question["id"]):
            continue
        samples = [s for s in question.get("samples") or [] if isinstance(s.get("answer"), str)]
        differing = []
        for number, sample in enumerate(samples, start=1):
            result = exercises.grade(question, sample["answer"])
            if result["status"] == "graded" and Fraction(str(result["score"])) != Fraction(str(sample["mark"])):
                differing.append((number, sample, result))
        yield f"== {case.id} {question['id']}：{len(samples)} 条样例，{len(differing)} 条与老师的分数不同"
        for number, sample, result in differing:
            yield from explain_sample(question, number, sample, result)
        suggestions = suggest_phrases(question)
        if suggestions:
            yield "高分样例里常见、却不在任何同义说法里的词（供补充同义词时参考，不是自动修改）："
            yield "  " + "　".join(f"{phrase}（{count}）" for phrase, count in suggestions)
        yield ""


def explain_sample(question: dict[str, Any], number: int, sample: dict[str, Any], result: dict[str, Any]) -> Iterator[str]:
    """What the grader saw in one sample."""
    seen = analyse(question, sample["answer"])
    blind = "（盲评）" if sample.get("blind") else ""
    yield f"-- 样例 {number}{blind}：机器 {result['score']}，老师 {sample['mark']} / {result['max']}"
    yield f"   {sample['answer']}"
    if sample.get("note"):
        yield f"   老师：{sample['note']}"
    for concept in question["concepts"]:
        found = [m for m in seen.matches if m.concept == concept["id"]]
        lost = [m for m in seen.cancelled if m.concept == concept["id"]]
        points = next(p["score"] for p in result["parts"] if p["id"] == concept["id"])
        words = "、".join(f"「{seen.text[m.start:m.end]}」←{m.entry}" for m in found) or "没有匹配"
        line = f"   {concept['id']} {concept.get('label', '')}：{points} / {concept.get('points', 1)} 分；{words}"
        if lost:
            line += "；被否定而不计：" + "、".join(f"「{_clause_of(seen, m.start, m.end)}」" for m in lost)
        yield line
    if seen.listed:
        yield "   整个回答被看作关键词罗列：各要素只计四分之一。"
    for hit in seen.forbidden:
        yield f"   扣分：「{seen.text[hit.start:hit.end]}」←禁用语规则 {hit.rule + 1}（{hit.entry}）"
    for hit in seen.forgiven:
        yield f"   不扣分（前面有否定）：「{_clause_of(seen, hit.start, hit.end)}」←禁用语规则 {hit.rule + 1}"


def suggest_phrases(question: dict[str, Any], limit: int = 10) -> list[tuple[str, int]]:
    """2–4 character wordings in many high-marked samples, few low-marked ones, and no entry."""
    maximum = exercises.max_points(question)
    high, low = Counter(), Counter()
    for sample in question.get("samples") or []:
        if not isinstance(sample.get("answer"), str):
            continue
        share = Fraction(str(sample["mark"])) / maximum
        grams = _ngrams(fold(sample["answer"]))
        if share >= HIGH:
            high.update(grams)
        elif share <= LOW:
            low.update(grams)
    known = _known_terms(question)
    scored = [(gram, count - low[gram]) for gram, count in high.items()
              if count >= 2 and count - low[gram] >= 2 and not _is_known(gram, known)]
    scored.sort(key=lambda item: (-item[1], -len(item[0]), item[0]))
    chosen: list[tuple[str, int]] = []
    for gram, count in scored:
        if any(gram in other and count <= other_count for other, other_count in chosen):
            continue
        chosen.append((gram, count))
        if len(chosen) == limit:
            break
    return chosen


def _ngrams(text: str) -> set[str]:
    grams = set()
    for size in (2, 3, 4):
        for start in range(len(text) - size + 1):
            gram = text[start : start + size]
            if not any(is_boundary(c) for c in gram) and not set(gram) <= COMMON:
                grams.add(gram)
    return grams


def _known_terms(question: dict[str, Any]) -> set[str]:
    terms = {alt for concept in question["concepts"] for group in synonym_groups(concept)
             for pattern in group for term in pattern.terms for alt in term}
    terms |= {alt for rule in question.get("forbidden") or [] for pattern in rule_patterns(rule)
              for term in pattern.terms for alt in term}
    return terms


def _is_known(gram: str, known: set[str]) -> bool:
    return any(gram in term or term in gram for term in known)


def _clause_of(seen: Analysis, start: int, end: int) -> str:
    """The match with a few characters before it, so the negation shows."""
    return seen.text[max(0, start - 6) : end]

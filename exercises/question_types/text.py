"""Rubric free text in Chinese: concepts with synonyms, forbidden phrases, limits.

How an answer is scored:

1. The answer is folded (see :mod:`exercises.chinese`) and every entry of every
   concept is looked up. An entry is a phrase, a proximity pattern
   (「您|你…手机…毛病」, see :mod:`exercises.patterns`) or a shared phrase bank
   (``{bank: apology}``, see :mod:`exercises.banks`).
2. A match preceded by a negation cue in the same clause (「我不会向您道歉」), or
   denied right after it (「送酒店也谈不上超出预期」), does not count, unless the
   concept says ``negatable: false``. Apologies and idioms that merely contain
   不/没/未 (「对不住」「不过」「未来」) are no cues.
3. A concept is a set of synonym groups; ``need: 2`` asks for two different
   groups (e.g. two pieces of information asked for). Partial groups earn
   points in proportion.
4. Keyword stuffing: when the answer reads as a bare list of terms («道歉 理解
   查询 回电»), its concepts earn a quarter of their points (:data:`LIST_CREDIT`)
   and the student is told to write sentences. Short spoken clauses («您好，对不起，
   我马上查，稍后回电。») are not a list (see :func:`_bare_items`), and neither are notes
   that relate their terms («质量问题→退换；洗错→解释») unless the question asks for the
   words to say (``answer_form: speech``, where a description of what one would do earns
   three quarters, :data:`DESCRIBED_CREDIT`) or for connected prose (``answer_form: prose``).
5. Each clause with a forbidden phrase, pattern or bank entry deducts the rule's points
   (not below 0), except inside one of its ``except`` phrases and except where it is
   negated (「我绝不会让您自己去」) or put as a hypothesis (「如果是洗的方法不对」), unless the
   rule says ``negatable: false``. Words one rule deducted for are not deducted again by a later rule.

>>> q = {"id": "q", "type": "text", "key": "非常抱歉", "concepts": [
...     {"id": "sorry", "label": "致歉", "points": 2, "synonyms": ["抱歉", "对不起"]}]}
>>> grade(q, "真是對不起您")["score"], grade(q, "我们没有抱歉的理由")["score"]
(2, 0)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from ..banks import BANKS, CONDITIONALS
from ..chinese import (ENUMERATION_REACH, char_count, find_all, fold, gloss, has_cue, is_boundary, is_cancelled,
                      is_negated, neutral_mask)
from ..common import Problem, describe, fmt, graded, part, short
from ..views import Block, Hint
from ..patterns import Pattern, compile_now, could_match, parse, pattern_problem, spans

if TYPE_CHECKING:  # annotations only: the browser never imports random for grading
    import random

LABEL = "文字作答"
"""The type's name in Chinese, as pages and reports show it."""

HARD_LIMIT = 20_000  # characters; longer answers are refused before any matching
RAW_LIMIT = 4 * HARD_LIMIT  # characters including white space; bounds the matching time
_SENTENCE_END = re.compile(r"[。！？!?]")
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
"""A Han character (common, extension A/B+, compatibility): an answer with none is not written in Chinese."""
_ENUMERATOR = re.compile(r"^(?:[0-9]+|[一二三四五六七八九十]+|[a-z])$")
SPEECH_MARKS = frozenset("我您你咱他她它们了吗呢吧啊呀嘛哦啦哈")
"""Pronouns and sentence particles: a clause that has one is said, not listed («我马上查»,
«让您久等了»). The terms of a keyword list («道歉、理解、回电») have none."""
GREETINGS = re.compile("您好|你好|祝您")
"""Set phrases that carry a pronoun but are as much a term of a list as words to say («您好 祝您愉快 对不起
用语不当»): an item is counted as said only for a pronoun or particle outside them."""
CLAIM_MARKS = frozenset("不没未别")
"""Negations: a list whose items mostly deny something («不指定座位；不提供餐饭；不共用订票系统»)
makes claims; a keyword list may hold one such term («暴露问题 为什么不修 信任 没有行动»)."""
DESCRIBED_CREDIT = Fraction(3, 4)
"""What the right content earns when a question asks for the words to say (``answer_form: speech``)
and the answer describes what one would do instead («先向客户道歉，再问清时间地点»): teachers
gave such answers about two thirds to three quarters of the marks."""
ADDRESSING = ("您", "你", "咱", "大家", "各位", "诸位", "尊敬的", "亲爱的", "广大")
"""Words that speak to someone: a reply to say has at least one of them."""
THIRD_PERSON = ("顾客", "客户", "客人", "旅客", "乘客", "储户", "用户", "业主", "游客", "会员", "他", "她", "对方")
"""How a description of what to do refers to the customer."""
LIST_CREDIT = Fraction(1, 4)
"""What a bare list of the right terms earns: it shows the student knows the points, but
it is not the answer asked for (a reply to say, an argument to make)."""


class Match(NamedTuple):
    """One occurrence of a concept's entry in the folded answer (a tuple: made thousands of times a second)."""

    concept: str
    group: int
    start: int
    end: int
    entry: str  # the entry as the rubric wrote it (a phrase, a pattern, or a bank entry)


class ForbiddenHit(NamedTuple):
    """One occurrence of a forbidden rule's entry."""

    rule: int
    start: int
    end: int
    entry: str


@dataclass
class Analysis:
    """Everything the grader saw in one answer: what scores, and why the rest does not."""

    text: str                                  # the folded answer
    matches: list[Match]                       # counted towards their concepts
    cancelled: list[Match]                     # negated or denied: not counted
    listed: bool                               # the answer is a bare list of terms: LIST_CREDIT only
    described: bool                            # a reply to say, written as what one would do: DESCRIBED_CREDIT
    forbidden: list[ForbiddenHit]              # deducted
    forgiven: list[ForbiddenHit] = field(default_factory=list)  # negated forbidden entries: not deducted


# --------------------------------------------------------------------------- rubric entries


def entry_patterns(entry: Any) -> tuple[Pattern, ...]:
    """The patterns one rubric entry stands for: itself, or every entry of a bank."""
    if isinstance(entry, str):
        return (parse(entry),) if entry.strip() else ()
    if isinstance(entry, dict) and isinstance(entry.get("bank"), str):
        return _bank_patterns(entry["bank"])
    return ()


@lru_cache(maxsize=64)
def _bank_patterns(name: str) -> tuple[Pattern, ...]:
    bank = BANKS.get(name)
    return tuple(parse(e) for e in bank.entries) if bank else ()


def warm() -> None:
    """Parse every bank now: called before the browser saves its memory snapshot, so that a grader
    restored from it has the banks' expressions compiled and a student's first grade does not wait."""
    for name in BANKS:
        for pattern in _bank_patterns(name):
            compile_now(pattern)


def synonym_groups(concept: dict[str, Any]) -> list[tuple[Pattern, ...]]:
    """Synonym groups: a plain entry (phrase, pattern, bank) is a group of its own."""
    return [patterns for patterns, _, _ in _concept_groups(concept)]


class _IdentityMemo:
    """Compiled rubric parts, remembered by the identity of the part they compile.

    Building a content key costs more than grading a short answer when a rubric has many
    entries; a caller that grades many answers against the same question object (``cases
    check``, ``cases grade``, the benchmark) compiles each part once. An entry holds the part
    itself, so its id cannot be reused by another object while it is remembered; rubrics are
    never changed in place once loaded. (The browser parses each question afresh, so there the
    content-keyed caches below do the work.)
    """

    def __init__(self, limit: int = 2048) -> None:
        self.limit = limit
        self.entries: dict[int, tuple[object, Any]] = {}

    def get(self, owner: object, make: Callable[[], Any]) -> Any:
        known = self.entries.get(id(owner))
        if known is not None and known[0] is owner:
            return known[1]
        value = make()
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[id(owner)] = (owner, value)
        return value


_GROUPS, _SCANS, _RULES, _POINTS = _IdentityMemo(), _IdentityMemo(), _IdentityMemo(), _IdentityMemo()


def _concept_groups(concept: dict[str, Any]) -> tuple:
    """The compiled groups of a concept: (all patterns, plain phrases, multi-term patterns) each."""
    entries = concept.get("synonyms") or []
    return _GROUPS.get(entries, lambda: _compiled(_synonyms_key(entries)))


def _question_scan(concepts: list[dict[str, Any]]) -> tuple[dict[str, list], dict[str, list]]:
    """Every concept's plain phrases, indexed by first character as (folded, source, concept, group),
    and its patterns as (pattern, concept, group) indexed by the initials of their rarest-looking
    term: one pass finds every match, and an entry that cannot occur is never searched for."""
    def make() -> tuple:
        index: dict[str, list] = {}
        patterns = []
        for c, concept in enumerate(concepts):
            for g, (_, phrases, multi) in enumerate(_concept_groups(concept)):
                for phrase, source in phrases:
                    index.setdefault(phrase[0], []).append((phrase, source, c, g))
                patterns += [(pattern, c, g) for pattern in multi]
        return index, _by_initials(patterns)
    return _SCANS.get(concepts, make)


def _by_initials(items: list[tuple]) -> dict[str, list]:
    """Items whose first element is a Pattern, filed under each initial of the pattern's rarest-looking
    term (each item once per initial, in the items' order)."""
    index: dict[str, list] = {}
    for number, item in enumerate(items):
        for initial in item[0].initials[0]:
            index.setdefault(initial, []).append((number, item))
    return index


def _candidates(index: dict[str, list], chars: set[str]) -> list[tuple]:
    """The items of a `_by_initials` index that may occur in a text with these characters, in order."""
    found = {number: item for char in index.keys() & chars for number, item in index[char]}
    return [found[number] for number in sorted(found)]


def _synonyms_key(entries: list) -> tuple:
    """A hashable copy of a synonym list, so that its compiled form can be remembered."""
    key = tuple(entries)
    try:
        hash(key)  # the common case, a list of phrases: hashable as it is
        return key
    except TypeError:
        pass
    return tuple(tuple(_item_key(i) for i in entry) if isinstance(entry, list) else _item_key(entry) for entry in entries)


@dataclass(frozen=True)
class _BankRef:
    """A bank reference inside a hashable synonym key."""

    name: Any


def _item_key(item: Any) -> Any:
    return _BankRef(item.get("bank")) if isinstance(item, dict) else item


@lru_cache(maxsize=2048)
def _compiled(key: tuple) -> tuple[tuple[tuple[Pattern, ...], tuple[tuple[str, str], ...], tuple[Pattern, ...]], ...]:
    """Each group as (all patterns, plain phrases as (folded, source), multi-term patterns).

    A rubric is compiled on every grade (the browser parses the question afresh each time), so
    the compiled form is remembered by content; plain phrases then cost one C-speed ``in`` each.
    """
    groups = []
    for entry in key:
        items = entry if isinstance(entry, tuple) else (entry,)
        patterns = tuple(p for item in items
                         for p in entry_patterns({"bank": item.name} if isinstance(item, _BankRef) else item))
        groups.append((patterns, *_split(patterns)))
    return tuple(groups)


def prepare(question: dict[str, Any]) -> None:
    """Compile the rubric now, into the content-keyed caches a grade reads (:func:`exercises.prepare_json`).

    The page does not hold a text question's model answer until it is revealed, so its rubric
    cannot be compiled by grading the key, as other types' are: this does it directly.
    """
    found: list[Pattern] = []
    for concept in question.get("concepts") or []:
        if isinstance(concept, dict):
            found += [pattern for patterns, _, _ in _concept_groups(concept) for pattern in patterns]
    for rule in question.get("forbidden") or []:
        if isinstance(rule, dict):
            found += rule_patterns(rule)
            found += [pattern for entry in rule.get("except") or [] for pattern in entry_patterns(entry)]
    for pattern in found:
        compile_now(pattern)


def rule_patterns(rule: dict[str, Any]) -> tuple[Pattern, ...]:
    """A forbidden rule's entries: its phrases and patterns, then its bank's."""
    names = rule.get("bank")
    names = (names,) if isinstance(names, str) else tuple(n for n in names or [] if isinstance(n, str))
    return _rule_compiled(tuple(p for p in rule.get("phrases") or [] if isinstance(p, str)), names)


@lru_cache(maxsize=2048)
def _rule_compiled(phrases: tuple[str, ...], banks: tuple[str, ...]) -> tuple[Pattern, ...]:
    found = [p for entry in phrases for p in entry_patterns(entry)]
    for name in banks:
        found.extend(entry_patterns({"bank": name}))
    return tuple(found)


def occurrences(pattern: Pattern, text: str,
                chars: set[str] | None = None) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    """(start, end, gaps between terms) of every occurrence of one pattern in folded `text`
    (`chars`: the text's set of characters, when the caller has it at hand)."""
    phrase = pattern.phrase
    if phrase is not None:
        if phrase not in text:  # most entries are absent: skip them at C speed
            return []
        return [(start, start + len(phrase), ()) for start in find_all(text, phrase)]
    if not could_match(pattern, text, chars):
        return []
    return spans(pattern, text)


@lru_cache(maxsize=2048)
def _split(patterns: tuple[Pattern, ...]) -> tuple[tuple[tuple[str, str], ...], tuple[Pattern, ...]]:
    """Phrases as (folded, source), found with one C-speed ``in`` each, and the multi-term patterns.

    A one-term pattern (「方式不对|方法不对」) is its spellings, each a phrase under the pattern's source.
    """
    phrases = tuple((spelling, p.source) for p in patterns if len(p.terms) == 1 for spelling in p.terms[0])
    return phrases, tuple(p for p in patterns if len(p.terms) > 1)


def _cancelled(text: str, start: int, end: int, gaps: tuple[tuple[int, int], ...], mask: bytearray,
               marks: list[int] | None = None) -> bool:
    """Negated before, denied after, or negated between a pattern's terms («您不用自己处理»).

    `marks`, the sorted positions of every character a cue or an enumeration needs
    (:func:`_cue_marks`), lets most matches be cleared without looking at the clause.
    """
    if marks is not None:
        at = bisect_left(marks, start - ENUMERATION_REACH)
        if at == len(marks) or marks[at] >= end + ENUMERATION_REACH:
            return False
    return is_cancelled(text, start, end, mask) or any(has_cue(text, s, e, mask) for s, e in gaps)


_CUE_MARKS = frozenset("不没未别无非勿莫缺免避禁")
"""Every negation cue (before, after, wide) has one of these characters, so a phrase with none of
them within ENUMERATION_REACH (the farthest any rule looks, enumerations included) is not cancelled."""


_CUE_MARK = re.compile("[" + "".join(sorted(_CUE_MARKS)) + "]")


def _cue_marks(text: str) -> list[int]:
    return [found.start() for found in _CUE_MARK.finditer(text)]


@lru_cache(maxsize=256)
def _fraction(value: int | float) -> int | Fraction:
    """Points as an exact number (1.5 → 3/2, 2.0 → 2), remembered: a rubric has a handful of distinct
    values. Whole points stay ints, whose arithmetic is many times faster than a Fraction's."""
    exact = Fraction(str(value))
    return int(exact) if exact.denominator == 1 else exact


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks: the concepts' points added up (``points``, if written, must agree)."""
    concepts = question.get("concepts") or []
    return _POINTS.get(concepts, lambda: sum((_fraction(c.get("points", 1)) for c in concepts), Fraction(0)))


# --------------------------------------------------------------------------- validate


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
        anchors = concept.get("anchors")
        if anchors is not None:
            if not isinstance(anchors, list) or not anchors:
                problems.append(Problem(("concepts", index, "anchors"), "anchors 要写成至少有一个说法的列表，如 [技术质量]。"))
            else:
                for a, item in enumerate(anchors):
                    problems.extend(_entry_problems(item, ("concepts", index, "anchors", a)))
        for g, entry in enumerate(groups):
            items = entry if isinstance(entry, list) else [entry]
            for p, item in enumerate(items):
                path = ("concepts", index, "synonyms", g) + (() if not isinstance(entry, list) else (p,))
                problems.extend(_entry_problems(item, path))
    for index, rule in enumerate(question.get("forbidden") or []):
        if not isinstance(rule, dict):
            continue
        if not rule.get("phrases") and not rule.get("bank"):
            problems.append(Problem(("forbidden", index), "禁用语规则要写 phrases（说法）或 bank（共享词库），至少一个。"))
        for p, phrase in enumerate(rule.get("phrases") or []):
            problems.extend(_entry_problems(phrase, ("forbidden", index, "phrases", p)))
        names = rule.get("bank")
        for n, name in enumerate([names] if isinstance(names, str) else names or []):
            path = ("forbidden", index, "bank") + (() if isinstance(names, str) else (n,))
            problems.extend(_entry_problems({"bank": name}, path))
    if not concepts:
        problems.append(Problem(("concepts",), "文字作答题至少要有一个评分要素（concepts）。"))
    if "points" in question and Fraction(str(question["points"])) != max_points(question):
        problems.append(
            Problem(("points",), f"points 写的是 {question['points']}，但各要素分值相加是 {fmt(max_points(question))}。请改成一致。")
        )
    low, high = question.get("min_chars"), question.get("max_chars")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(Problem(("min_chars",), "min_chars 不能大于 max_chars。"))
    key = question.get("key")
    if isinstance(key, str) and isinstance(high, int) and char_count(key) > high:
        problems.append(Problem(("key",), f"参考答案有 {char_count(key)} 字，超过了 max_chars（{high}）。"))
    return problems


def _entry_problems(entry: Any, path: tuple) -> list[Problem]:
    if isinstance(entry, str):
        problem = pattern_problem(entry)
        return [Problem(path, "同义词" + problem if problem.startswith("不能") else problem)] if problem else []
    if isinstance(entry, dict):
        name = entry.get("bank")
        if name not in BANKS:
            return [Problem(path, f"没有名为「{name}」的共享词库；可用的有：{', '.join(BANKS)}。")]
    return []


# --------------------------------------------------------------------------- analyse and grade


def analyse(question: dict[str, Any], answer: str) -> Analysis:
    """What the grader finds in an answer that passed the shape checks."""
    text = gloss(fold(answer))
    chars = set(text)
    marks = _cue_marks(text) if not _CUE_MARKS.isdisjoint(chars) else []
    mask = neutral_mask(text) if marks else bytearray(len(text))  # no cue character: nothing to mask
    matches, cancelled = [], []
    concepts = question["concepts"]
    by_first_char, patterns = _question_scan(concepts)
    found = [(start, start + len(phrase), (), source, c, g)
             for char in by_first_char.keys() & chars for phrase, source, c, g in by_first_char[char]
             if phrase in text for start in find_all(text, phrase)]
    for pattern, c, g in _candidates(patterns, chars):
        found += [(start, end, gaps, pattern.source, c, g) for start, end, gaps in occurrences(pattern, text, chars)]
    found.sort(key=lambda f: (f[4], f[5], f[0]))  # concept, group, position: the same order every time
    verdicts: dict[tuple, bool] = {}  # banks overlap, so the same words are often found several times
    satisfied: set[tuple[int, int]] = set()  # (concept, group) already found, not cancelled
    for start, end, gaps, source, c, group_index in found:
        if (c, group_index) in satisfied and matches and matches[-1].end > start and matches[-1].start < end:
            continue  # the same group again on words it already covers: nothing more to learn
        match = Match(concepts[c]["id"], group_index, start, end, source)
        if concepts[c].get("negatable", True):
            where = (start, end, gaps)
            if where not in verdicts:
                verdicts[where] = _cancelled(text, start, end, gaps, mask, marks)
            if verdicts[where]:
                cancelled.append(match)
                continue
        matches.append(match)
        satisfied.add((c, group_index))
    form = question.get("answer_form")
    speech = form == "speech"
    listed = bool(_bare_items(text, matches)) and (form in ("speech", "prose") or not _notes(text))
    forbidden, forgiven = [], []
    deducted = bytearray(len(text))  # the same words are deducted once, by the first rule that finds them
    rules = question.get("forbidden") or []
    by_rule = _forbidden_found(rules, text, chars) if rules else {}
    for index in sorted(by_rule):
        kept, negated = _forbidden_hits(index, rules[index], by_rule[index], text, mask, chars, marks, deducted)
        forbidden.extend(kept)
        forgiven.extend(negated)
    described = speech and not listed and _describes(text)
    return Analysis(text, matches, cancelled, listed, described, forbidden, forgiven)


def _anchored(anchors: list[str], text: str) -> bool:
    """Whether the answer names what the concept is about (one of its ``anchors``, e.g. 「技术质量」)."""
    return any(occurrences(pattern, text) for entry in anchors for pattern in entry_patterns(entry))


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    maximum = max_points(question)
    seen = analyse(question, answer)

    parts = []
    total: int | Fraction = 0
    found_groups: dict[str, set[int]] = {}
    for m in seen.matches:
        found_groups.setdefault(m.concept, set()).add(m.group)
    for concept in question["concepts"]:
        points = _fraction(concept.get("points", 1))
        need = concept.get("need", 1)
        groups = found_groups.get(concept["id"], set())
        unanchored = bool(groups) and "anchors" in concept and not _anchored(concept["anchors"], seen.text)
        if unanchored:
            groups = set()  # the case's facts without the concept they illustrate: a retelling, not an answer
        complete = len(groups) >= need
        earned = points if complete else (points * Fraction(len(groups), need) if groups else 0)
        if groups and (seen.listed or seen.described):
            earned *= LIST_CREDIT if seen.listed else DESCRIBED_CREDIT
        total += earned
        label = concept.get("label", concept["id"])
        full = complete and not (seen.listed or seen.described)
        if groups and seen.listed:
            feedback = f"列出了相关的词，但没有写成句子，只计 {fmt(earned)} 分。" + (concept.get("missing") or "")
        elif groups and seen.described:
            feedback = f"内容说到了，但写成了要怎么做，不是对顾客说的话，计 {fmt(earned)} 分。" + (concept.get("found") or "")
        elif full:
            feedback = concept.get("found") or f"做到了：{label}。"
        elif groups:
            feedback = f"部分做到（{len(groups)} / {need}）。" + (concept.get("missing") or f"还可以更完整：{label}。")
        elif unanchored:
            feedback = "只复述了案例里的情节，没有说出它属于哪个概念，不计分。" + (concept.get("missing") or "")
        else:
            feedback = concept.get("missing") or f"缺少：{label}。"
        parts.append(part(concept["id"], label, earned, points, feedback, full))

    deductions: int | Fraction = 0
    rules = question.get("forbidden") or []
    for index, rule in enumerate(rules):
        hits = [h for h in seen.forbidden if h.rule == index]
        if not hits:
            continue
        deduction = _fraction(rule.get("deduction", 1)) * len(hits)
        deductions += deduction
        quoted = "」「".join(dict.fromkeys(short(answer_span(answer, seen.text, h.start, h.end), 14) for h in hits))
        feedback = f"出现了不宜说的话「{quoted}」，扣 {fmt(deduction)} 分。" + _rule_feedback(rule)
        parts.append(part(rule.get("id", f"forbidden-{index + 1}"), "禁用语", -deduction, 0, feedback, False))

    notes = []
    if seen.listed:
        notes.append("你的回答像是一串关键词，没有写成完整的句子；罗列的要点只计四分之一的分，请用完整的句子表达。")
    if seen.described:
        notes.append("题目要的是你直接对顾客说的话，你写的是要怎么做（「先向顾客道歉……」）；内容对的部分只计四分之三，"
                     "请用「您」直接对顾客说。")
    if deductions:
        notes.append(f"禁用语共扣 {fmt(deductions)} 分。")
    return graded(total - deductions, maximum, parts, " ".join(notes))


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why an answer cannot be graded (it costs no attempt), or None."""
    if not isinstance(answer, str):
        return f"这道题需要写一段文字，收到的是{describe(answer)}。"
    # char_count(answer), at C speed: str.split() cuts at exactly the characters isspace() names,
    # so even a 1 MB answer is counted exactly, and quickly, before anything else looks at it.
    count = sum(map(len, answer.split()))
    if count == 0:
        return "还没有作答：请写下你的回答再提交。"
    high = question.get("max_chars")
    if high is not None and count > high:
        return f"字数超出上限：最多 {high} 字，现在是 {count} 字。请删减后再提交（本次不计作答次数）。"
    if count > HARD_LIMIT:
        return f"回答太长了（超过 {HARD_LIMIT} 字），请精简后再提交。"
    if len(answer) > RAW_LIMIT:
        return "回答里的空格和空行太多了，请删去多余的空白后再提交。"
    if not _CHINESE.search(answer):
        return "请用中文作答：这道题按中文的说法评分，你的回答里没有中文。请用中文写完整的句子再提交（本次不计作答次数）。"
    low = question.get("min_chars")
    if low is not None and count < low:
        return f"字数太少：至少写 {low} 字，现在是 {count} 字。请写完整后再提交。"
    return None


def answer_span(answer: str, folded: str, start: int, end: int) -> str:
    """The student's own spelling of folded[start:end] (folding keeps one character per character
    except where NFKC expands one, which the folded text is used for instead)."""
    return answer[start:end] if len(answer) == len(folded) else folded[start:end]


def _rule_feedback(rule: dict[str, Any]) -> str:
    if rule.get("feedback"):
        return rule["feedback"]
    names = rule.get("bank")
    for name in [names] if isinstance(names, str) else names or []:
        if name in BANKS and BANKS[name].feedback:
            return BANKS[name].feedback
    return ""


NOTE_MARKS = ("→", ":", "=", "≥", "≤", "⇒", "->")
"""Marks of notes that relate their terms («质量问题→退换», «技术质量：结果», «合格率≥98%»): teachers
credit such notes as points in an analysis or a plan, but not as the words to say to a customer."""


def _notes(text: str) -> bool:
    """Whether a list of short items relates its terms, as notes do (see :data:`NOTE_MARKS`)."""
    return any(mark in text for mark in NOTE_MARKS)


def _describes(text: str) -> bool:
    """Whether a reply to say is written as a description: it speaks to no one and names the customer."""
    return not any(word in text for word in ADDRESSING) and any(word in text for word in THIRD_PERSON)


def _items(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of non-boundary characters, enumerators (「1」「二」「a」) left out."""
    spans_found = []
    start = None
    for index, char in enumerate(text + " "):
        if index == len(text) or is_boundary(char):
            if start is not None and not _ENUMERATOR.match(text[start:index]):
                spans_found.append((start, index))
            start = None
        elif start is None:
            start = index
    return spans_found


def _bare_items(text: str, matches: list[Match]) -> list[tuple[int, int]]:
    """The items of the answer when it reads as a bare list of terms, else [].

    Two shapes give a list away. Either every item (three or more) is nothing but matched
    keywords («抱歉。号码。地点。马上。回电。»), or the answer has four or more short items,
    not one sentence end (。！？), and at most three in ten of its items are said rather than
    listed: they carry a pronoun or a sentence particle (:data:`SPEECH_MARKS`). So «称呼先生
    道歉安抚 询问时间地点 机型 …» is a list, while «先生，您好，对不起，我马上查，稍后回电。»
    and «优点：反应快，很主动，送酒店，超预期。局限：有条件，没道歉。» are terse answers.
    """
    covered = bytearray(len(text))
    for m in matches:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    if _SENTENCE_END.search(text) and sum(covered) * 2 < len(text):
        return []  # prose with sentence ends whose keywords cover under half of it: not a list
    items = _items(text)
    if len(items) < 3:
        return []
    if all(sum(covered[s:e]) >= e - s - 1 and sum(covered[s:e]) > 0 for s, e in items):
        return items
    if len(items) < 4 or _SENTENCE_END.search(text):
        return []
    spoken = sum(1 for s, e in items if SPEECH_MARKS.intersection(GREETINGS.sub("", text[s:e])))
    claimed = sum(1 for s, e in items if CLAIM_MARKS.intersection(text[s:e]))
    average = sum(e - s for s, e in items) / len(items)
    return items if spoken * 10 <= len(items) * 3 and claimed * 2 <= len(items) and average <= 8 else []


def _forbidden_found(rules: list[dict[str, Any]], text: str, chars: set[str]) -> dict[int, list[tuple]]:
    """Rule index -> (start, end, gaps, entry) of every occurrence of its entries, for every rule at once:
    one pass over one index of the whole question's forbidden wording, so rules that find nothing cost
    nothing more."""
    def make() -> tuple:
        index: dict[str, list] = {}
        multi = []
        for r, rule in enumerate(rules):
            phrases, patterns = _split(rule_patterns(rule))
            for phrase, source in phrases:
                index.setdefault(phrase[0], []).append((phrase, source, r))
            multi += [(pattern, r) for pattern in patterns]
        return index, _by_initials(multi)
    index, multi = _SCANS.get(rules, make)
    found: dict[int, list[tuple]] = {}
    for char in index.keys() & chars:
        for phrase, source, r in index[char]:
            if phrase in text:
                found.setdefault(r, []).extend((start, start + len(phrase), (), source) for start in find_all(text, phrase))
    for pattern, r in _candidates(multi, chars):
        spots = occurrences(pattern, text, chars)
        if spots:
            found.setdefault(r, []).extend((start, end, gaps, pattern.source) for start, end, gaps in spots)
    return found


def _forbidden_hits(index: int, rule: dict[str, Any], found: list[tuple], text: str, mask: bytearray,
                    chars: set[str], marks: list[int] | None = None,
                    deducted: bytearray | None = None) -> tuple[list[ForbiddenHit], list[ForbiddenHit]]:
    """(deducted, forgiven) occurrences of one rule among those `found`; forgiven ones are negated
    («我绝不会让您自己去») or put as a hypothesis."""
    exceptions = _RULES.get(rule, lambda: tuple(p for e in rule.get("except") or [] for p in entry_patterns(e)))
    excepted = bytearray(len(text))
    for pattern in exceptions:
        for start, end, _ in occurrences(pattern, text, chars):
            excepted[start:end] = b"\x01" * (end - start)
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))  # longest first, then leftmost
    negatable = rule.get("negatable", True)
    judged = [(negatable and (_cancelled(text, start, end, gaps, mask, marks) or _hypothetical(text, start)),
               start, end, source)
              for start, end, gaps, source in found if not all(excepted[start:end])]
    judged.sort(key=lambda hit: hit[0])  # a wording that deducts wins over a negated one on the same words
    hits, forgiven, clauses = [], [], set()
    taken = bytearray(len(text))
    for negated, start, end, source in judged:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        hit = ForbiddenHit(index, start, end, source)
        if negated:
            forgiven.append(hit)
        elif deducted is not None and any(deducted[start:end]):
            continue  # an earlier rule already deducted for these words
        elif _clause_start(text, start) not in clauses:  # one deduction per rule and clause (or enumeration)
            clauses.add(_clause_start(text, start))
            hits.append(hit)
            if deducted is not None:
                deducted[start:end] = b"\x01" * (end - start)
    return sorted(hits, key=lambda h: h.start), forgiven


CONDITIONAL_REACH = 10
"""How far before a forbidden wording a 「如果」 still makes it a hypothesis."""


NOT_CONDITIONALS = ("主要是", "只要是", "需要是", "想要是")
"""Words that contain a conditional's characters but state a fact («主要是他们自己扎堆去»)."""


def _hypothetical(text: str, start: int) -> bool:
    """Whether a conditional (「如果」「万一」…) opens the clause shortly before position `start`."""
    window_start = start
    while window_start > 0 and start - window_start < CONDITIONAL_REACH and not is_boundary(text[window_start - 1]):
        window_start -= 1
    window = text[window_start:start]
    for word in NOT_CONDITIONALS:
        window = window.replace(word, "")
    return any(word in window for word in CONDITIONALS)


def _clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` starts; items joined by 「、」 count as one clause, so
    «真情服务、用心做事» is one slogan to deduct for, not two."""
    while position > 0 and (text[position - 1] == "、" or not is_boundary(text[position - 1])):
        position -= 1
    return position


# --------------------------------------------------------------------------- key and near misses


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


def _spelled(pattern: Pattern) -> str:
    """One way to write a pattern out: the first spelling of each term."""
    return "".join(term[0] for term in pattern.terms)


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    key = fold(question["key"])
    misses: list[tuple[str, Any]] = [("空白答案", "")]
    mask = neutral_mask(key)
    for concept in question["concepts"]:
        if not concept.get("negatable", True):
            continue
        starts = sorted(
            {start for patterns in synonym_groups(concept) for pattern in patterns
             for start, end, gaps in occurrences(pattern, key) if not _cancelled(key, start, end, gaps, mask)},
            reverse=True,
        )
        if not starts:
            continue
        negated = key
        for start in starts:
            negated = _negate_at(negated, start)
        misses.append((f"否定了要素 {concept['id']}", negated))
    every = [_spelled(p) for concept in question["concepts"] for group in synonym_groups(concept) for p in group]
    misses.append(("罗列全部同义词", " ".join(dict.fromkeys(every))))
    first = [_spelled(group[0]) for concept in question["concepts"] for group in synonym_groups(concept) if group]
    misses.append(("罗列每组第一个关键词", "、".join(first)))
    return misses


_NEGATIONS = ("不", "没", "未", "别", "无")


def random_answer(question: dict[str, Any], rng: random.Random) -> str:
    """The key or a sample, with a sentence dropped, the sentences shuffled, a negation slipped in,
    or cut short."""
    texts = [question["key"]] + [s["answer"] for s in question.get("samples") or [] if isinstance(s.get("answer"), str)]
    text = rng.choice(texts)
    sentences = [s for s in re.split(r"(?<=[。！？；])", text) if s]
    move = rng.randrange(4)
    if move == 0 and len(sentences) > 1:
        del sentences[rng.randrange(len(sentences))]
    elif move == 1:
        rng.shuffle(sentences)
    elif move == 2 and sentences:
        i = rng.randrange(len(sentences))
        at = rng.randrange(len(sentences[i]) + 1)
        sentences[i] = sentences[i][:at] + rng.choice(_NEGATIONS) + sentences[i][at:]
    else:
        return text[: rng.randint(0, len(text))]
    return "".join(sentences)


def keyless(question: dict[str, Any]) -> dict[str, Any]:
    """The length limits (the widget counts, :func:`shape_problem` checks); no model answer, concept,
    synonym, forbidden phrase or answer form."""
    return {name: question[name] for name in ("min_chars", "max_chars") if name in question}


def static_view(question: dict[str, Any]) -> list[Block]:
    """The length the answer must have."""
    low, high = question.get("min_chars"), question.get("max_chars")
    if low and high:
        return [Hint(f"用中文作答，{low}–{high} 字（不计空白）。")]
    if high:
        return [Hint(f"用中文作答，最多 {high} 字（不计空白）。")]
    if low:
        return [Hint(f"用中文作答，至少 {low} 字（不计空白）。")]
    return [Hint("用中文作答。")]

"""Prove every case's answer key with the very grader students use.

For every question: the key must score full marks; every human-marked sample
must be graded within its tolerance of the human mark; every generated
near-miss (from the question type's own ``near_misses``) must NOT score full
marks. For free text we also report how well the grader agrees with the human
marks: exact agreement (after rounding to whole points) and quadratic weighted
kappa.

The check also points out, without failing, things that work but would not show as
the author meant (:func:`label_warnings`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterator

import exercises
from exercises.banks import BANKS
from exercises.question_types import ordering
from exercises.question_types.text import analyse, shape_problem

from .load import Case, CaseError, _display, field_name


@dataclass(frozen=True)
class Proof:
    """One (question, answer) pair that the check grades, and what it expects."""

    case: Case
    question_index: int
    kind: str          # "key", "sample" or "near-miss"
    label: str
    answer: Any
    mark: float | None = None
    tolerance: float | None = None
    sample_index: int | None = None
    blind: bool = False  # written and marked without sight of the rubric: reported, never a failure

    @property
    def question(self) -> dict[str, Any]:
        return self.case.questions[self.question_index]


@dataclass
class Failure:
    """A broken proof, with where to look."""

    file: str
    line: int
    question: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: 题目 {self.question}：{self.message}"


@dataclass
class Report:
    """What `cases check` found."""

    cases: int = 0
    questions: int = 0
    counts: dict[str, list[int]] = field(default_factory=lambda: {"key": [0, 0], "sample": [0, 0], "near-miss": [0, 0]})
    failures: list[Failure] = field(default_factory=list)
    warnings: list[CaseError] = field(default_factory=list)  # reported, but the check still passes
    text_pairs: list[tuple[Fraction, Fraction, Fraction]] = field(default_factory=list)  # (grader, human, max)
    blind_pairs: list[tuple[Fraction, Fraction, Fraction]] = field(default_factory=list)  # the same, blind samples

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        key, sample, miss = (self.counts[k] for k in ("key", "sample", "near-miss"))
        line = (f"检查了 {self.cases} 个案例、{self.questions} 道题：参考答案满分 {key[0]}/{key[1]}，"
                f"人工评分样例在容差内 {sample[0]}/{sample[1]}，近似错误答案未得满分 {miss[0]}/{miss[1]}。")
        for name, pairs in (("作者样例", self.text_pairs), ("盲评样例", self.blind_pairs),
                            ("全部样例", self.text_pairs + self.blind_pairs)):
            if pairs:
                line += f"\n文字作答与人工评分（{name}）：{agreement(pairs)}。"
        line += "\n结果：" + ("全部通过。" if self.ok else f"{len(self.failures)} 项未通过。")
        if self.warnings:
            line += f"另有 {len(self.warnings)} 条提醒（不影响通过）。"
        return line


def default_tolerance(question: dict[str, Any], maximum: float) -> Fraction:
    """Objective questions must match the human mark; free text may differ by 20 % of the maximum."""
    return Fraction(str(maximum)) / 5 if question["type"] == "text" else Fraction(0)


def proofs(case: Case) -> Iterator[Proof]:
    """Every (question, answer) pair the check grades for one case."""
    for index, question in enumerate(case.questions):
        yield _key_proof(case, index)
        for n, sample in enumerate(question.get("samples", [])):
            blind = bool(sample.get("blind"))
            yield Proof(case, index, "sample", f"{'盲评' if blind else ''}样例 {n + 1}", sample["answer"], sample["mark"],
                        sample.get("tolerance"), n, blind)
        for label, answer in exercises.near_misses(question):
            yield Proof(case, index, "near-miss", label, answer)


def _key_proof(case: Case, index: int) -> Proof:
    return Proof(case, index, "key", "参考答案", exercises.key_answer(case.questions[index]))


def check_cases(cases: list[Case]) -> Report:
    """Grade every proof of every case; collect counts, failures and free-text agreement."""
    report = Report(cases=len(cases))
    for case in cases:
        report.questions += len(case.questions)
        report.warnings.extend(label_warnings(case))
        report.failures.extend(rubric_failures(case))
        report.failures.extend(shown_order_failures(case))
        report.warnings.extend(blind_warnings(case))
        for proof in proofs(case):
            _check_one(proof, report)
    return report


def check_keys(cases: list[Case]) -> Report:
    """Grade every question's key only: what a published site needs (no question a student
    cannot score full marks on). The build's default, a small share of :func:`check_cases`,
    which also proves the samples and near misses (``cases check``, CI)."""
    report = Report(cases=len(cases))
    for case in cases:
        report.questions += len(case.questions)
        for index in range(len(case.questions)):
            _check_one(_key_proof(case, index), report)
    return report


def check_question(case: Case, index: int) -> Report:
    """The proofs of one question only (key, samples, near misses): what an edit to it changes."""
    report = Report(cases=1, questions=1)
    for proof in proofs(case):
        if proof.question_index == index:
            _check_one(proof, report)
    return report


BLIND_MINIMUM = 10
"""Blind samples a text question should have before its agreement figure means much."""


def blind_warnings(case: Case) -> Iterator[CaseError]:
    """Text questions with fewer than BLIND_MINIMUM blind samples (a reminder, not a failure:
    an instructor drafting a case may not have found a second marker yet)."""
    for index, question in enumerate(case.questions):
        if question["type"] != "text":
            continue
        blind = sum(1 for s in question.get("samples") or [] if s.get("blind"))
        if blind < BLIND_MINIMUM:
            path = ("questions", index, "samples")
            yield CaseError(_display(case.path), case.line_of(path), field_name(path, case.data),
                            f"只有 {blind} 条盲评样例（blind: true）；建议至少 {BLIND_MINIMUM} 条，由没看过评分规则的人写、"
                            "另一位老师只按题干和解析打分，才能看出规则在没见过的答案上准不准（见教师指南「盲评样例」）。")


SHOWN_ORDER_LIMIT = Fraction(1, 4)
"""The most an ordering question may give for its steps as shown, or reversed: credit for doing nothing."""
SHOWN_ORDER_MIN_STEPS = 3
"""Two steps turned over are the answer, whatever the order shown."""


def shown_order_failures(case: Case) -> Iterator[Failure]:
    """Ordering questions whose shown order (``items``), untouched or turned over, already earns
    more than :data:`SHOWN_ORDER_LIMIT` of the marks: a student would score for doing nothing."""
    for index, question in enumerate(case.questions):
        if question["type"] != "ordering" or len(question["items"]) < SHOWN_ORDER_MIN_STEPS:
            continue
        credit = ordering.shown_order_credit(question)
        if credit > SHOWN_ORDER_LIMIT:
            path = ("questions", index, "items")
            yield Failure(_display(case.path), case.line_of(path), f"{question['id']}（{case.id}）",
                          f"步骤按 items 的顺序显示，学生原样提交或整体倒过来就能得 {float(credit):.0%} 的分"
                          f"（不能超过 {float(SHOWN_ORDER_LIMIT):.0%}）。请换一个 items 的顺序：让它和它的倒序里，"
                          "按参考顺序（及 also_accept）排对的步骤尽量少、也没有连着的两步。")


BANK_REPEAT = 4
"""A phrase list that shares this many phrases with a bank should refer to the bank instead."""


def rubric_failures(case: Case) -> Iterator[Failure]:
    """Text rubrics that copy a shared bank, and forbidden rules that no sample proves.

    A rule whose deduction no sample triggers is untested: a typo in it, or a wording no
    student uses, would never show. A list that repeats a bank drifts from it; the bank is
    written and tested once (:mod:`exercises.banks`).
    """
    for index, question in enumerate(case.questions):
        if question["type"] != "text":
            continue
        where = f"{question['id']}（{case.id}）"
        lists = [(("concepts", c, "synonyms"), _phrases(concept.get("synonyms") or []))
                 for c, concept in enumerate(question["concepts"])]
        lists += [(("forbidden", r, "phrases"), _phrases(rule.get("phrases") or []))
                  for r, rule in enumerate(question.get("forbidden") or [])]
        for path, phrases in lists:
            for bank in BANKS.values():
                entries = frozenset(bank.entries)
                shared = [p for p in phrases if p in entries]
                if len(shared) >= BANK_REPEAT:
                    full = ("questions", index) + path
                    yield Failure(_display(case.path), case.line_of(full), where,
                                  f"{field_name(full, case.data)} 重复了共享词库「{bank.name}」（{bank.title}）里的 "
                                  f"{len(shared)} 个说法（{'、'.join(shared[:6])}…）：请改写成 bank: {bank.name}，"
                                  "只保留本案例自己的说法。")
        triggered = set()
        for sample in question.get("samples") or []:
            if shape_problem(question, sample["answer"]) is None:  # what grade() analyses, analysed once
                triggered |= {hit.rule for hit in analyse(question, sample["answer"]).forbidden}
        for r, rule in enumerate(question.get("forbidden") or []):
            if r not in triggered:
                full = ("questions", index, "forbidden", r)
                yield Failure(_display(case.path), case.line_of(full), where,
                              f"禁用语规则 {r + 1}（{rule.get('feedback') or rule.get('bank') or rule.get('phrases')}"[:60]
                              + "…）没有任何样例触发它：请加一条用到这种说法、按规则扣了分的样例，证明它真的会扣分。")


def _phrases(entries: list) -> list[str]:
    """The plain phrases of a synonym or phrase list, groups flattened."""
    flat = [item for entry in entries for item in (entry if isinstance(entry, list) else [entry])]
    return [item for item in flat if isinstance(item, str)]


LABELS = (("options", "text"), ("items", "text"), ("categories", "label"), ("tags", "label"))
"""The lists whose entries students see as answer labels, and the field holding the label."""

MARKDOWN_LIKE = re.compile(r"\*\*|__|~~|`|\[[^\]\n]*\]\([^)\n]*\)|(?<![*0-9A-Za-z])\*(?=\S)[^*\n]+(?<=\S)\*(?!\*)")
"""Emphasis, strike-through, code or a link as Markdown writes them."""


def label_warnings(case: Case) -> Iterator[CaseError]:
    """Option, item, category and tag labels that look like Markdown.

    The widgets set these labels with ``textContent`` and the no-JavaScript page
    escapes them, so ``**粗体**`` reaches the student with its asterisks. Markdown
    works in prompts, narratives and explanations; an author who writes it in a
    label almost certainly expects it to render, hence a warning (the case is valid).
    """
    for index, question in enumerate(case.questions):
        for list_name, text_field in LABELS:
            for n, entry in enumerate(question.get(list_name) or []):
                text = entry.get(text_field) if isinstance(entry, dict) else None
                match = MARKDOWN_LIKE.search(text) if isinstance(text, str) else None
                if match:
                    path = ("questions", index, list_name, n, text_field)
                    yield CaseError(
                        _display(case.path), case.line_of(path), field_name(path, case.data),
                        f"「{match.group(0)}」看起来是 Markdown 写法，但选项、项目、类别和标签的文字按纯文本显示，"
                        "这些符号会原样出现在页面上。需要强调的内容请写进题干（prompt），或删掉这些符号。")


def _check_one(proof: Proof, report: Report) -> None:
    question = proof.question
    result = exercises.grade(question, proof.answer)
    score, maximum = Fraction(str(result["score"])), Fraction(str(result["max"]))
    if proof.blind:  # the honest measure of a rubric: reported in the summary, never a failure to tune away
        if result["status"] == "graded":
            report.blind_pairs.append((score, Fraction(str(proof.mark)), maximum))
        return
    tally = report.counts[proof.kind]
    tally[1] += 1
    problem = None
    if proof.kind == "key":
        if result["status"] != "graded" or score != maximum:
            problem = f"参考答案只得 {result['score']} / {result['max']} 分，应为满分。{result['message']}"
    elif proof.kind == "near-miss":
        if result["status"] == "graded" and score == maximum:
            problem = f"近似错误答案（{proof.label}）也得了满分，说明答案或评分规则太宽：{_brief(proof.answer)}"
    else:
        mark = Fraction(str(proof.mark))
        tolerance = Fraction(str(proof.tolerance)) if proof.tolerance is not None else default_tolerance(question, result["max"])
        if result["status"] != "graded":
            problem = f"{proof.label} 被判为无效答案（{result['message']}），但老师给了 {proof.mark} 分。"
        elif abs(score - mark) > tolerance:
            problem = (f"{proof.label} 判分 {result['score']}，老师给 {proof.mark}，相差超过容差 {float(tolerance):g}。"
                       f"答案：{_brief(proof.answer)}")
        if question["type"] == "text" and result["status"] == "graded":
            report.text_pairs.append((score, mark, maximum))
    if problem is None:
        tally[0] += 1
    else:
        path = ("questions", proof.question_index)
        if proof.kind == "sample":
            path += ("samples", proof.sample_index)
        report.failures.append(Failure(_display(proof.case.path), proof.case.line_of(path),
                                       f"{question['id']}（{proof.case.id}）", problem))


def _brief(answer: Any) -> str:
    text = answer if isinstance(answer, str) else repr(answer)
    return text if len(text) <= 60 else text[:60] + "…"


def agreement(pairs: list[tuple[Fraction, Fraction, Fraction]]) -> str:
    """Within one point of the teacher (on the question's own scale), exact after rounding, and QWK."""
    near = sum(abs(g - h) <= 1 for g, h, _ in pairs) / len(pairs)
    exact = sum(round(g) == round(h) for g, h, _ in pairs) / len(pairs)
    kappa = quadratic_weighted_kappa([(round(g), round(h)) for g, h, _ in pairs])
    return f"相差不超过 1 分 {near:.0%}，完全一致率 {exact:.0%}，二次加权 κ = {kappa:.2f}（n = {len(pairs)}）"


def quadratic_weighted_kappa(pairs: list[tuple[int, int]]) -> float:
    """Cohen's kappa with quadratic weights over whole-point marks; 1.0 when raters agree perfectly."""
    if not pairs:
        return 1.0
    low = min(min(a, b) for a, b in pairs)
    high = max(max(a, b) for a, b in pairs)
    size = high - low + 1
    if size == 1:
        return 1.0
    observed = [[0.0] * size for _ in range(size)]
    for a, b in pairs:
        observed[a - low][b - low] += 1
    n = len(pairs)
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(size)) for j in range(size)]
    numerator = denominator = 0.0
    for i in range(size):
        for j in range(size):
            weight = (i - j) ** 2 / (size - 1) ** 2
            numerator += weight * observed[i][j]
            denominator += weight * row[i] * col[j] / n
    return 1.0 - numerator / denominator if denominator else 1.0

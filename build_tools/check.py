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

from .caseload import Case, CaseError, _display, field_name


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
    text_pairs: list[tuple[int, int]] = field(default_factory=list)  # (grader, human), whole points

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        key, sample, miss = (self.counts[k] for k in ("key", "sample", "near-miss"))
        line = (f"检查了 {self.cases} 个案例、{self.questions} 道题：参考答案满分 {key[0]}/{key[1]}，"
                f"人工评分样例在容差内 {sample[0]}/{sample[1]}，近似错误答案未得满分 {miss[0]}/{miss[1]}。")
        if self.text_pairs:
            exact = sum(g == h for g, h in self.text_pairs) / len(self.text_pairs)
            line += (f"\n文字作答与人工评分：完全一致率 {exact:.0%}，二次加权 κ = "
                     f"{quadratic_weighted_kappa(self.text_pairs):.2f}（n = {len(self.text_pairs)}）。")
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
        yield Proof(case, index, "key", "参考答案", exercises.key_answer(question))
        for n, sample in enumerate(question.get("samples", [])):
            yield Proof(case, index, "sample", f"样例 {n + 1}", sample["answer"], sample["mark"], sample.get("tolerance"))
        for label, answer in exercises.near_misses(question):
            yield Proof(case, index, "near-miss", label, answer)


def check_cases(cases: list[Case]) -> Report:
    """Grade every proof of every case; collect counts, failures and free-text agreement."""
    report = Report(cases=len(cases))
    for case in cases:
        report.questions += len(case.questions)
        report.warnings.extend(label_warnings(case))
        for proof in proofs(case):
            _check_one(proof, report)
    return report


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
            report.text_pairs.append((round(score), round(mark)))
    if problem is None:
        tally[0] += 1
    else:
        path = ("questions", proof.question_index)
        if proof.kind == "sample":
            path += ("samples", int(proof.label.split()[-1]) - 1)
        report.failures.append(Failure(_display(proof.case.path), proof.case.line_of(path),
                                       f"{question['id']}（{proof.case.id}）", problem))


def _brief(answer: Any) -> str:
    text = answer if isinstance(answer, str) else repr(answer)
    return text if len(text) <= 60 else text[:60] + "…"


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

"""What the class report shows, as plain data: charts (:class:`Chart`) and the answers worth a
second look (:class:`SecondLook`), computed from a graded batch. Nothing here draws or writes.

Every chart is a list of rows with one value per series, so one renderer draws them all
(:mod:`.charts`). Which rows a question gets depends on its type, because a misconception shows
differently in each: the share choosing each option (choices), the most common values (numeric),
the share missing each rubric concept or using each forbidden phrase (text), the share putting
each step in the wrong place (ordering), each item in the wrong category (classify), missing each
faulty line or marking a sound one (annotate). A type this module does not know gets the share
of students whose result part is not right, from the grader's own parts.

>>> # question_chart(case, question, [graded answers of the class]) -> Chart(title="各选项的选择比例", ...)
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Sequence

import exercises
from exercises.common import fmt, quoted, short
from exercises.question_types import text as text_type

from ..gradebook import Batch, GradedAnswer, GradedSubmission
from ..load import Case
from . import plain

__all__ = ["Chart", "ChartKind", "Row", "SecondLook", "Series", "Tone", "case_histogram", "question_chart",
           "question_outcomes", "second_looks", "total_histogram"]


class Tone(Enum):
    """What a bar's colour says (the same colours in every chart, explained in the report's legend)."""

    CORRECT = "correct"   # a right option; full marks
    PARTIAL = "partial"   # partial credit; a concept partly made
    WRONG = "wrong"       # a wrong option; a missed concept; a misplaced step
    FORBIDDEN = "forbidden"  # a forbidden phrase used; a sound line marked as faulty
    INVALID = "invalid"   # an answer the grader could not score
    NEUTRAL = "neutral"   # a count without a verdict (how many students scored so much)
    MISSING = "missing"   # not answered


class ChartKind(Enum):
    """How a chart is drawn: upright columns (a distribution), horizontal bars of one series
    (coloured row by row), or horizontal bars stacked from several series."""

    COLUMNS = "columns"
    BARS = "bars"
    STACKED = "stacked"


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name (in the legend) and colour."""

    name: str
    tone: Tone


@dataclass(frozen=True)
class Row:
    """One row (or column) of a chart: one value per series (shares 0–1, or counts)."""

    label: str
    """Short, for the chart's axis."""
    values: tuple[float, ...]
    tone: Tone | None = None
    """The row's colour in a one-series chart (an option's correctness); None: the series' colour."""
    detail: str = ""
    """The full text behind the label (an option, a step), for the table under the chart."""
    counts: tuple[int, ...] = ()
    """How many students each value stands for."""


@dataclass(frozen=True)
class Chart:
    """One chart of the class report."""

    key: str
    """Unique in the report: the chart's HTML id."""
    title: str
    kind: ChartKind
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    percent: bool
    """Values are shares of `base` students (shown as %), not counts."""
    base: int
    """How many students the chart is about."""
    caption: str = ""
    legend: tuple[tuple[Tone, str], ...] = ()
    """What each row colour means, for a one-series chart coloured row by row (a stacked chart's
    legend is its series)."""

    @property
    def marks(self) -> int:
        """How many bars the chart draws: one per value above zero."""
        return sum(1 for row in self.rows for value in row.values if value > 0)


@dataclass(frozen=True)
class SecondLook:
    """A text answer near a rubric threshold, and why a person should read it."""

    submission: GradedSubmission
    case: Case
    answer: GradedAnswer
    reasons: tuple[str, ...]
    closeness: float
    """How far the score is from the nearest threshold (full marks or zero), in points."""


OUTCOME_SERIES = (Series("满分", Tone.CORRECT), Series("部分得分", Tone.PARTIAL), Series("0 分", Tone.WRONG),
                  Series("无法判分", Tone.INVALID), Series("未作答", Tone.MISSING))
"""How each question of a case went, in the per-case outcome chart."""

LABEL_WIDTH = 22
"""Widest axis label, in half-width characters (a Chinese character counts two)."""


# --------------------------------------------------------------------------- distributions


def total_histogram(batch: Batch) -> Chart | None:
    """How many students scored how much on the whole assignment (the cases anyone answered)."""
    cases = batch.answered_cases
    if not cases or not batch.graded:
        return None
    maximum = sum(float(exercises.max_points(q)) for case in cases for q in case.questions)
    scores = [s.total for s in batch.graded]
    return _histogram("total", "全班总分分布", scores, maximum,
                      f"{len(scores)} 位学生在 {len(cases)} 个案例上的总分（满分 {fmt(round(maximum, 4))}）。")


def case_histogram(batch: Batch, case: Case) -> Chart | None:
    """How many students scored how much on one case."""
    scores = [s.cases[case.id].score for s in batch.graded if case.id in s.cases]
    if not scores:
        return None
    maximum = sum(float(exercises.max_points(q)) for q in case.questions)
    return _histogram(f"{case.id}-scores", "案例总分分布", scores, maximum,
                      f"{len(scores)} 位学生在这个案例上的得分（满分 {fmt(round(maximum, 4))}）。")


def _histogram(key: str, title: str, scores: list[float], maximum: float, caption: str) -> Chart:
    """Counts of scores in ten equal ranges of the maximum (one per point when the maximum is 10 or less)."""
    whole = maximum == int(maximum) and maximum <= 10
    edges = [float(i) for i in range(int(maximum) + 1)] if whole else [maximum * i / 10 for i in range(11)]
    bins = len(edges) if whole else 10
    counts = [0] * bins
    for score in scores:
        if whole:
            index = min(int(score), bins - 1)
        else:
            index = min(int(score / maximum * 10), 9) if maximum else 0
        counts[index] += 1
    if whole:
        labels = [fmt(edge) for edge in edges]
        details = [f"{fmt(edge)} 分" + ("" if edge == maximum else f"（含 {fmt(edge)}–{fmt(edge + 1)} 之间的分数）")
                   for edge in edges]
    else:
        labels = [f"{edges[i]:.0f}" for i in range(10)]
        details = [f"{fmt(round(edges[i], 1))}–{fmt(round(edges[i + 1], 1))} 分" for i in range(10)]
    rows = tuple(Row(label, (float(count),), detail=detail, counts=(count,))
                 for label, detail, count in zip(labels, details, counts))
    note = ("每根柱子从标出的分数起，到下一根的分数止（不含），最后一根含满分。" if not whole
            else "每根柱子是得该分的人数（不足 1 分的零头舍去）。")
    return Chart(key, title, ChartKind.COLUMNS, (Series("人数", Tone.NEUTRAL),), rows, False, len(scores),
                 caption + note)


def question_outcomes(batch: Batch, case: Case) -> Chart | None:
    """Per question of a case: the share of students with full marks, part marks, zero, an answer the
    grader could not score, or no answer (of the students who handed in the case)."""
    taken = [s.cases[case.id] for s in batch.graded if case.id in s.cases]
    if not taken:
        return None
    rows = []
    for index, question in enumerate(case.questions):
        answers = [graded.answers[index] for graded in taken]
        tally = Counter(_outcome(a) for a in answers)
        counts = tuple(tally[s.name] for s in OUTCOME_SERIES)
        rows.append(Row(f"{question['id']} {exercises.type_label(question['type'])}",
                        tuple(c / len(taken) for c in counts), detail=plain.one_line(question.get("prompt", "")), counts=counts))
    return Chart(f"{case.id}-questions", "各题得分情况", ChartKind.STACKED, OUTCOME_SERIES, tuple(rows), True,
                 len(taken), f"交了这个案例的 {len(taken)} 位学生中，每道题得满分、部分得分、0 分、无法判分和未作答的比例。")


def _outcome(answer: GradedAnswer) -> str:
    if not answer.answered:
        return "未作答"
    if answer.status != "graded":
        return "无法判分"
    if answer.score >= answer.maximum:
        return "满分"
    return "部分得分" if answer.score > 0 else "0 分"


# --------------------------------------------------------------------------- one chart per question


def question_chart(case: Case, question: dict[str, Any], answers: Sequence[GradedAnswer]) -> Chart | None:
    """The chart that shows where the class went wrong on one question (see the module docstring)."""
    answered = [a for a in answers if a.answered]
    if not answered:
        return None
    make = _BY_TYPE.get(question["type"], _parts_chart)
    return make(f"{case.id}-{question['id']}", question, answered)


def _choice_chart(key: str, question: dict[str, Any], answered: list[GradedAnswer]) -> Chart | None:
    graded = [a for a in answered if a.status == "graded"]
    if not graded:
        return None
    picks = Counter(option for a in graded for option in _picked(a.answer))
    rows = []
    for option in question["options"]:
        count = picks[option["id"]]
        tone = _option_tone(question, option)
        text = plain.one_line(option.get("text", ""))
        rows.append(Row(_label(f"{_RIGHT if tone is Tone.CORRECT else ''}{option['id']}. {text}"), (count / len(graded),),
                        tone, text + _TONE_NOTES.get(tone, ""), (count,)))
    many = question["type"] == "multiple_choice"
    return Chart(key, "各选项的" + ("勾选比例" if many else "选择比例"), ChartKind.BARS, (Series("比例", Tone.NEUTRAL),),
                 tuple(rows), True, len(graded), f"{len(graded)} 位学生中{'勾选' if many else '选择'}每个选项的比例。",
                 ((Tone.CORRECT, "正确选项"), (Tone.PARTIAL, "有部分分的选项"), (Tone.WRONG, "错误选项"),
                  (Tone.NEUTRAL, "可选可不选的选项")))


_RIGHT = "✓ "
"""Marks a right option or answer in its label, so that it shows without colour too (print, colour blindness)."""
_TONE_NOTES = {Tone.CORRECT: "（正确选项）", Tone.PARTIAL: "（有部分分）", Tone.NEUTRAL: "（可选可不选）"}


def _picked(answer: Any) -> list[str]:
    """The option ids an answer chooses (a string, or a list of strings), each once."""
    items = [answer] if isinstance(answer, str) else answer if isinstance(answer, list) else []
    return list(dict.fromkeys(item for item in items if isinstance(item, str)))


def _option_tone(question: dict[str, Any], option: dict[str, Any]) -> Tone:
    if question["type"] == "multiple_choice":
        return {"correct": Tone.CORRECT, "optional": Tone.NEUTRAL}.get(option.get("role", "wrong"), Tone.WRONG)
    if option.get("correct") is True:
        return Tone.CORRECT
    return Tone.PARTIAL if float(option.get("credit", 0) or 0) > 0 else Tone.WRONG


TOP_VALUES = 6
"""How many distinct answers a numeric question's chart shows (the rest are summed as 「其他」)."""


def _numeric_chart(key: str, question: dict[str, Any], answered: list[GradedAnswer]) -> Chart:
    given = Counter(_shown_value(a.answer) for a in answered)
    tone_of = {_shown_value(a.answer): _tone_of_score(a) for a in answered}
    rows = [Row(_label((_RIGHT if tone_of[value] is Tone.CORRECT else "") + value), (count / len(answered),), tone_of[value],
                value + {Tone.CORRECT: "（得满分）"}.get(tone_of[value], ""), (count,))
            for value, count in given.most_common(TOP_VALUES)]
    rest = len(answered) - sum(r.counts[0] for r in rows)
    if rest:
        rows.append(Row("其他", (rest / len(answered),), Tone.NEUTRAL, f"其余 {len(given) - TOP_VALUES} 种答案", (rest,)))
    return Chart(key, "最常见的答案", ChartKind.BARS, (Series("比例", Tone.NEUTRAL),), tuple(rows), True, len(answered),
                 f"{len(answered)} 位学生写的答案，按人数排列。",
                 ((Tone.CORRECT, "得满分"), (Tone.PARTIAL, "得部分分"), (Tone.WRONG, "不得分"), (Tone.INVALID, "无法判分"),
                  (Tone.NEUTRAL, "其他答案")))


def _shown_value(answer: Any) -> str:
    if isinstance(answer, str):
        return " ".join(answer.split())[:40] or "（空白）"
    return short(json.dumps(answer, ensure_ascii=False), 40)


def _tone_of_score(answer: GradedAnswer) -> Tone:
    if answer.status != "graded":
        return Tone.INVALID
    if answer.score >= answer.maximum:
        return Tone.CORRECT
    return Tone.PARTIAL if answer.score > 0 else Tone.WRONG


TEXT_SERIES = (Series("缺少这个要点", Tone.WRONG), Series("只做到一部分", Tone.PARTIAL), Series("用了这条禁用语", Tone.FORBIDDEN))


def _text_chart(key: str, question: dict[str, Any], answered: list[GradedAnswer]) -> Chart | None:
    graded = [a for a in answered if a.status == "graded"]
    if not graded:
        return None
    n = len(graded)
    parts = [{p["id"]: p for p in a.result["parts"]} for a in graded]
    rows = []
    for concept in question["concepts"]:
        found = [p.get(concept["id"]) for p in parts]
        missing = sum(1 for p in found if p is None or p["score"] <= 0)
        partial = sum(1 for p in found if p is not None and 0 < p["score"] < p["max"])
        label = concept.get("label", concept["id"])
        rows.append(Row(_label(label), (missing / n, partial / n, 0.0), detail=label, counts=(missing, partial, 0)))
    for index, rule in enumerate(question.get("forbidden") or []):
        hit = sum(1 for p in parts if rule.get("id", f"forbidden-{index + 1}") in p)
        wording = _rule_wording(rule)
        rows.append(Row(_label("禁用语：" + wording), (0.0, 0.0, hit / n), detail="禁用语：" + wording, counts=(0, 0, hit)))
    return Chart(key, "缺少的要点和用到的禁用语", ChartKind.STACKED, TEXT_SERIES, tuple(rows), True, n,
                 f"{n} 位学生的作答中，缺少每个评分要点或只做到一部分的比例，以及用了每条禁用语的比例。")


def _rule_wording(rule: dict[str, Any]) -> str:
    """A forbidden rule as the report names it: its first phrases, or its phrase bank."""
    phrases = [p for p in rule.get("phrases") or [] if isinstance(p, str)]
    banks = rule.get("bank")
    banks = [banks] if isinstance(banks, str) else [b for b in banks or [] if isinstance(b, str)]
    words = "、".join(f"「{p}」" for p in phrases[:3]) + ("等" if len(phrases) > 3 else "")
    return words or "、".join(f"词库 {b}" for b in banks) or str(rule.get("id", ""))


def _ordering_chart(key: str, question: dict[str, Any], answered: list[GradedAnswer]) -> Chart | None:
    graded = [a for a in answered if a.status == "graded"]
    if not graded:
        return None
    n = len(graded)
    texts = {item["id"]: plain.one_line(item.get("text", item["id"])) for item in question["items"]}
    key_order = list(question["key"])
    rows = []
    for position, step in enumerate(key_order):
        wrong = sum(1 for a in graded if a.answer[position] != step)
        rows.append(Row(_label(f"第 {position + 1} 步：{texts[step]}"), (wrong / n,), Tone.WRONG,
                        f"第 {position + 1} 步：{texts[step]}", (wrong,)))
    for index, constraint in enumerate(question.get("constraints") or []):
        broken = sum(1 for a in graded if not _part_ok(a, f"constraint-{index + 1}"))
        detail = f"{quoted(texts[constraint['before']])}应在{quoted(texts[constraint['after']])}之前"
        rows.append(Row(_label("先后：" + detail), (broken / n,), Tone.FORBIDDEN, "没有做到：" + detail, (broken,)))
    also = "（按参考顺序计；本题还接受其他顺序）" if question.get("also_accept") else ""
    return Chart(key, "放错位置的步骤", ChartKind.BARS, (Series("比例", Tone.WRONG),), tuple(rows), True, n,
                 f"{n} 位学生中，没有把每一步放在参考顺序位置上的比例{also}，以及没有做到每条先后关系的比例。",
                 ((Tone.WRONG, "不在参考位置上"), (Tone.FORBIDDEN, "没有做到这条先后关系")))


def _part_ok(answer: GradedAnswer, part_id: str) -> bool:
    return any(p["id"] == part_id and p["ok"] for p in answer.result["parts"])


def _classify_chart(key: str, question: dict[str, Any], answered: list[GradedAnswer]) -> Chart | None:
    graded = [a for a in answered if a.status == "graded"]
    if not graded:
        return None
    n = len(graded)
    labels = {c["id"]: c["label"] for c in question["categories"]}
    rows = []
    for item in question["items"]:
        parts = [next((p for p in a.result["parts"] if p["id"] == item["id"]), None) for a in graded]
        wrong = [a.answer.get(item["id"]) for a, p in zip(graded, parts) if p is not None and not p["ok"]]
        common = Counter(wrong).most_common(1)
        detail = plain.one_line(item.get("text", item["id"]))
        if common:
            detail += f"（错放最多的是「{labels.get(common[0][0], common[0][0])}」，{common[0][1]} 人）"
        rows.append(Row(_label(plain.one_line(item.get("text", item["id"]))), (len(wrong) / n,), Tone.WRONG, detail, (len(wrong),)))
    return Chart(key, "分错类别的项目", ChartKind.BARS, (Series("比例", Tone.WRONG),), tuple(rows), True, n,
                 f"{n} 位学生中把每一项放错类别的比例；数据表写出最常被错放进的类别。", ((Tone.WRONG, "放错了类别"),))


ANNOTATE_SERIES = (Series("漏掉这一句", Tone.WRONG), Series("找到了但标签不对", Tone.PARTIAL),
                   Series("误选（这一句没有问题）", Tone.FORBIDDEN))


def _annotate_chart(key: str, question: dict[str, Any], answered: list[GradedAnswer]) -> Chart | None:
    graded = [a for a in answered if a.status == "graded"]
    if not graded:
        return None
    n = len(graded)
    keyed = {entry["line"] for entry in question["key"]}
    rows = []
    for line in question["selectable"]:
        parts = [next((p for p in a.result["parts"] if p["id"] == line), None) for a in graded]
        missed = sum(1 for p in parts if p is not None and p["max"] > 0 and p["score"] <= 0)
        wrong_tag = sum(1 for p in parts if p is not None and p["max"] > 0 and 0 < p["score"] < p["max"])
        false_alarm = sum(1 for p in parts if p is not None and p["max"] == 0 and p["score"] < 0)
        if line not in keyed and not false_alarm:
            continue  # a sound line nobody marked: nothing to show
        counts = (missed, wrong_tag, false_alarm)
        rows.append(Row(_label(f"句子 {line}"), tuple(c / n for c in counts), detail=f"句子 {line}", counts=counts))
    return Chart(key, "漏掉、标错和误选的句子", ChartKind.STACKED, ANNOTATE_SERIES, tuple(rows), True, n,
                 f"{n} 位学生中，每个有问题的句子被漏掉或标签不对的比例，以及没有问题的句子被误选的比例。")


def _parts_chart(key: str, question: dict[str, Any], answered: list[GradedAnswer]) -> Chart | None:
    """Any other type: the share of students whose result part is not right, part by part."""
    graded = [a for a in answered if a.status == "graded"]
    if not graded:
        return None
    n = len(graded)
    wrong: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for a in graded:
        for p in a.result["parts"]:
            labels.setdefault(p["id"], p.get("label") or p["id"])
            wrong[p["id"]] += not p["ok"]
    rows = tuple(Row(_label(labels[pid]), (wrong[pid] / n,), Tone.WRONG, labels[pid], (wrong[pid],)) for pid in labels)
    return Chart(key, "没有做对的部分", ChartKind.BARS, (Series("比例", Tone.WRONG),), rows, True, n,
                 f"{n} 位学生中，判分结果里每一部分没有做对的比例。", ((Tone.WRONG, "没有做对"),))


_BY_TYPE: dict[str, Callable[[str, dict[str, Any], list[GradedAnswer]], Chart | None]] = {
    "single_choice": _choice_chart,
    "multiple_choice": _choice_chart,
    "numeric": _numeric_chart,
    "text": _text_chart,
    "ordering": _ordering_chart,
    "classify": _classify_chart,
    "annotate": _annotate_chart,
}
"""The misconception chart of each question type; any other type gets :func:`_parts_chart`."""


# --------------------------------------------------------------------------- answers worth a second look


def second_looks(batch: Batch, case: Case, question: dict[str, Any]) -> list[SecondLook]:
    """The text answers to this question that sit near a rubric threshold, closest first.

    Near means: within :func:`near_margin` of full marks or of zero, a concept only partly made, an
    answer read as a bare list of keywords or as a description instead of words to say, a rubric
    word the grader took as negated, or a forbidden phrase forgiven as negated. These are the
    grader's judgement calls; a person decides in seconds whether each was right.
    """
    if question["type"] != "text":
        return []
    index = case.questions.index(question)
    found = []
    for item in batch.graded:
        graded = item.cases.get(case.id)
        if graded is None or graded.answers[index].status != "graded":
            continue
        answer = graded.answers[index]
        reasons = _reasons(question, answer)
        if reasons:
            closeness = min(answer.maximum - answer.score, answer.score)
            found.append(SecondLook(item, case, answer, tuple(reasons), closeness))
    return sorted(found, key=lambda look: (-len(look.reasons), look.closeness, look.submission.number))


def near_margin(maximum: float) -> float:
    """How close to a threshold is near: 1 point, or a quarter of full marks on a question worth less than 4."""
    return min(1.0, maximum / 4)


def _reasons(question: dict[str, Any], answer: GradedAnswer) -> list[str]:
    reasons = []
    margin = near_margin(answer.maximum)
    if 0 < answer.maximum - answer.score <= margin:
        reasons.append(f"离满分只差 {fmt(round(answer.maximum - answer.score, 4))} 分")
    if 0 < answer.score <= margin:
        reasons.append(f"只得 {fmt(round(answer.score, 4))} 分")
    concepts = {c["id"]: c for c in question["concepts"]}
    incomplete = set()
    for part in answer.result["parts"]:
        if part["id"] in concepts and not part["ok"]:
            incomplete.add(part["id"])
            if 0 < part["score"] < part["max"]:
                reasons.append(f"要点「{part['label']}」只做到一部分")
    seen = text_type.analyse(question, answer.answer)
    if seen.listed:
        reasons.append("被当作关键词罗列（只计四分之一）")
    if seen.described:
        reasons.append("被当作「要怎么做」的描述（只计四分之三）")
    negated: dict[str, list[str]] = {}
    for match in seen.cancelled:
        if match.concept in incomplete:
            words = short(text_type.answer_span(answer.answer, seen.text, match.start, match.end), 12)
            negated.setdefault(match.concept, []).append(words)
    for concept, words in negated.items():
        shown = "".join(f"「{w}」" for w in list(dict.fromkeys(words))[:3])
        reasons.append(f"{shown}被当作否定，要点「{concepts[concept].get('label', concept)}」没有计分")
    forgiven = list(dict.fromkeys(short(text_type.answer_span(answer.answer, seen.text, hit.start, hit.end), 12)
                                  for hit in seen.forgiven))
    if forgiven:
        reasons.append(f"禁用语{''.join(f'「{w}」' for w in forgiven[:3])}前后有否定或假设，没有扣分")
    return list(dict.fromkeys(reasons))


def _label(text: str) -> str:
    return plain.label(text, LABEL_WIDTH)

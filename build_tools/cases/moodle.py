"""Moodle: the closed questions of chosen cases as Moodle XML, and ``cases grade``'s scores as a CSV
that Moodle's gradebook imports.

>>> # export = export_quiz(load_cases([Path("cases/b1-phone-drops.yaml")]))
>>> # export.xml -> '<?xml version="1.0" encoding="UTF-8"?>\\n<quiz>…', export.skipped -> [q1 (annotate), q6 (text)]

The XML follows Moodle's own reader and writer (``question/format/xml/format.php``, the ordering
type's ``question/type/ordering/questiontype.php``). Per case: a ``<question type="category">``
(``服务营销案例/<case id>``, the case title as its description), then one ``description`` question
with the narrative, transcript, data tables and source, then the exported questions in case order.

Why the narrative is a description question and not part of the first question: every question of a
case refers to it (transcript line ids, table figures), a description is shown but never graded
(``defaultgrade`` 0), the instructor places it at the top of the quiz page, and a quiz that leaves
out or reorders the first question still has it. One copy, so a correction is made once.

What each type becomes (fractions are Moodle's percentages of a question's marks):

==================  =====================================================================
single_choice       ``multichoice``, ``single`` true: the correct option 100, an option with
                    ``credit`` the nearest allowed fraction (50 for 0.5), others 0
multiple_choice     ``multichoice``, ``single`` false; per option (c correct, w wrong options,
                    D = c + w decisions; an ``optional`` option is always 0):
                    ``each_decision`` correct 1/c, wrong −1/D; ``net_correct`` correct 1/c,
                    wrong −1/c; ``all_or_nothing`` correct 1/c, wrong −100
numeric             ``numerical``: the key with its absolute tolerance (``relative_tolerance``
                    × |key| when given as relative), each ``common_errors`` value as a 0 %
                    answer with its feedback, the unit as Moodle's optional unit (multiplier 1)
ordering            ``ordering`` (a standard question type since Moodle 4.4, the
                    ``qtype_ordering`` plugin before): the items listed in the key's order, all
                    shown; ``lcs`` → LONGEST_ORDERED_SUBSET, ``adjacent`` →
                    RELATIVE_NEXT_EXCLUDE_LAST, ``position`` → ABSOLUTE_POSITION,
                    ``all_or_nothing`` → ALL_OR_NOTHING
classify            ``matching``: each item a subquestion whose answer is its category's label;
                    a category no item belongs to is an extra answer (distractor)
annotate, text      not exported (:data:`NOT_EXPORTED` says why)
==================  =====================================================================

Where Moodle scores differently (fidelity lost):

* Moodle's answer fractions must be one of :data:`MOODLE_FRACTIONS` (0, ±1, ±p/q for q ≤ 6,
  ±p/10, ±1/q for q ≤ 10, ±1/20: ``question_bank::fraction_options_full``; the import refuses any
  other), and the positive fractions of a multiple-answer question must add up to 100 %. A value
  of ours that is not in the list becomes the nearest one, and the export says so.
* ``multiple_choice`` ``each_decision``: in Moodle only ticked options count, so a correct
  option left unticked costs 1/c there and 1/D here. Answers that tick every correct option score
  the same; answers missing some score less in Moodle (ticking only wrong options: 0 in Moodle,
  (w − wrong ticks)/D here). ``net_correct`` is exact. ``all_or_nothing`` has no core Moodle
  equivalent: any wrong tick still scores 0, but ticking some correct options and no wrong one
  earns partial marks in Moodle.
* ``ordering``: Moodle has one correct order, so ``also_accept`` orders are not exported; ``lcs``
  in Moodle counts every ordered run longer than one item, where ours gives nothing for a run of
  at most ⌈√n⌉ items (any order or its reverse has one); Moodle shows the items shuffled, not in
  ``items`` order; ``constraints`` cannot change Moodle's feedback, so their feedback is appended
  to the general feedback.
* ``classify``: a Moodle subquestion has one right answer, so an item that accepts several
  categories accepts only the first in Moodle; per-item feedback is appended to the general
  feedback (a matching question has no place for it).
* ``numeric``: Moodle reads the student's number its own way: ours accepts full-width digits and
  thousands separators, Moodle follows the site's language for the decimal and thousands marks.
* Grader messages our browser adds (「正确。」「漏选了此项。」) are not exported, only the case's texts.

Ids: a question's ``name`` starts with its case and question id and its ``idnumber`` is
``<case id>/<question id>``. Moodle never updates a question on import: importing the same file
again reuses the category (found by its name path) and adds new questions, dropping an idnumber
already used in that category (``qformat_default::importprocess``). Categories carry no idnumber:
Moodle gives a category the file's idnumber only when it creates it, and two categories of one
bank with the same idnumber break the import (unique index), which a renamed category would cause.

Texts: Markdown (prompts, narrative, explanations, table notes, source) is rendered with the site's
own renderer, so the HTML is what the case page shows; the other texts (options, items, labels,
transcript lines, feedback) are plain text there and are escaped here. HTML goes in CDATA.

The grade CSV (:func:`moodle_grades`, :func:`write_grade_csv`) is what ``grade/import/csv`` reads: a
header row, then one row per student: the student number (mapped to the user field 「ID number」 in
the import form), then one column per case with the points scored, in the grade item's own scale,
not a percentage (Moodle stores the value as the final grade, ``gradeimport_csv_load_data``).
A case the student answered nothing of is ``-``, Moodle's 「no grade」.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence
from xml.etree import ElementTree as ET

import exercises
from exercises.common import number, quoted
from exercises.question_types import multiple_choice, ordering

from .load import CASE_SUFFIXES, Case, load_cases
from .markdown import render

__all__ = ["CATEGORY_ROOT", "EXPORTED_TYPES", "IDENTIFIER_COLUMN", "MOODLE_FRACTIONS", "NO_GRADE", "NOT_EXPORTED",
           "Export", "GradeTable", "Skipped", "UnknownCase", "answer_fractions", "chosen_cases", "export_quiz",
           "moodle_grades", "nearest_fraction", "student_number", "write_grade_csv"]

CATEGORY_ROOT = "服务营销案例"
"""The question bank category every case's category is made under."""

EXPORTED_TYPES = ("single_choice", "multiple_choice", "numeric", "ordering", "classify")
"""Our question types that have a Moodle counterpart."""

NOT_EXPORTED = {
    "annotate": "对话标注要在对话里选出有问题的句子，再给每句贴错误类型标签，按句和按标签分别计分、误选扣分；"
                "Moodle 的核心题型没有一种能同时表达「选哪几句」和「每句贴什么标签」，所以不导出。",
    "text": "文字作答按评分要素的同义说法、否定识别和禁用语自动评分；Moodle 的作文题（essay）只能人工评分，"
            "简答题（shortanswer）只能整句比对，都不能重现这套规则，所以不导出。",
}
"""Why each question type that is not exported has no Moodle counterpart, as the export reports it."""

ORDERING_GRADING = {
    ordering.Scoring.LCS: "LONGEST_ORDERED_SUBSET",
    ordering.Scoring.ADJACENT: "RELATIVE_NEXT_EXCLUDE_LAST",
    ordering.Scoring.POSITION: "ABSOLUTE_POSITION",
    ordering.Scoring.ALL_OR_NOTHING: "ALL_OR_NOTHING",
}
"""Our ordering schemes and the ``gradingtype`` of Moodle's ordering question that scores alike."""


def _moodle_fractions() -> tuple[Fraction, ...]:
    positive = {Fraction(p, q) for q in range(1, 7) for p in range(q + 1)}
    positive |= {Fraction(p, 10) for p in range(11)} | {Fraction(1, q) for q in range(1, 11)} | {Fraction(1, 20)}
    return tuple(sorted(positive | {-value for value in positive}))


MOODLE_FRACTIONS = _moodle_fractions()
"""Every answer fraction Moodle accepts, −1 to 1: p/q for q ≤ 6, p/10, 1/q for q ≤ 10 and 1/20, and their
negatives (``question_bank::fraction_options_full``; an import with any other value fails)."""

IDENTIFIER_COLUMN = "学号"
"""The grade CSV's first column: the student number, mapped to Moodle's user field 「ID number」."""

NO_GRADE = "-"
"""What the grade CSV writes for a case the student answered nothing of: Moodle's 「no grade」."""


class UnknownCase(ValueError):
    """A case id on the command line that is no case file in the cases folder."""


@dataclass(frozen=True)
class Skipped:
    """A question the export left out, and why."""

    case_id: str
    question_id: str
    qtype: str
    reason: str

    def __str__(self) -> str:
        return f"{self.case_id}/{self.question_id}（{exercises.type_label(self.qtype)}）：{self.reason}"


@dataclass(frozen=True)
class Export:
    """A Moodle XML file and what it holds."""

    xml: str
    cases: int
    questions: int
    """Gradable questions written (description questions not counted)."""
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Questions written whose scoring or feedback in Moodle differs from ours in a way this case's data causes."""


@dataclass(frozen=True)
class GradeTable:
    """The grade CSV for Moodle: header and rows as written, the rows left out and why, each case's full marks."""

    header: list[str]
    rows: list[list[str]]
    left_out: list[str]
    maxima: dict[str, int | float]


def chosen_cases(targets: Iterable[str], cases_dir: Path) -> list[Case]:
    """The cases named on the command line, in that order, once each: a case file (``….yaml``) or the id
    of a case in `cases_dir`. Raises :class:`UnknownCase` for an id with no file, :class:`CaseErrors`
    for a case that does not pass the loader."""
    paths: list[Path] = []
    for target in targets:
        path = Path(target)
        if path.suffix not in CASE_SUFFIXES:
            path = next((cases_dir / f"{target}{suffix}" for suffix in CASE_SUFFIXES
                         if (cases_dir / f"{target}{suffix}").is_file()), cases_dir / f"{target}.yaml")
            if not path.is_file():
                known = sorted(p.stem for p in cases_dir.glob("*") if p.suffix in CASE_SUFFIXES) if cases_dir.is_dir() else []
                raise UnknownCase(f"没有 id 为「{target}」的案例（在 {cases_dir}/ 里找不到 {target}.yaml）。"
                                  f"可用的案例：{', '.join(known) or '（没有案例）'}")
        if path not in paths:
            paths.append(path)
    by_path = {case.path: case for case in load_cases(paths)}
    return [by_path[path] for path in paths]


def export_quiz(cases: Sequence[Case]) -> Export:
    """Moodle XML for `cases`: per case a category, the narrative as a description question, then every
    question of an exported type; the others are listed in ``skipped`` with the reason."""
    quiz = ET.Element("quiz")
    skipped: list[Skipped] = []
    notes: list[str] = []
    written = 0
    for case in cases:
        _category(quiz, case)
        _description(quiz, case)
        for number_, question in enumerate(case.questions, start=1):
            qtype = question["type"]
            if qtype not in EXPORTED_TYPES:
                reason = NOT_EXPORTED.get(qtype, "Moodle 没有对应的题型。")
                skipped.append(Skipped(case.id, question["id"], qtype, reason))
                continue
            problem, question_notes = _question(quiz, case, number_, question)
            if problem:
                skipped.append(Skipped(case.id, question["id"], qtype, problem))
                continue
            written += 1
            where = f"{case.id}/{question['id']}（{exercises.type_label(qtype)}）"
            notes.extend(f"{where}：{note}" for note in question_notes)
    return Export(_serialize(quiz), len(cases), written, skipped, notes)


def answer_fractions(question: Mapping[str, Any]) -> tuple[dict[str, Fraction], list[str]]:
    """The Moodle fraction of each option of a single- or multiple-choice question (option id → fraction,
    every value in :data:`MOODLE_FRACTIONS`), and notes on where Moodle will score differently than the
    case's scheme because a value had to be rounded or the scheme has no Moodle counterpart.

    Raises ValueError when no allowed values add up to 100 % for the correct options (more than ten of
    them, in a way that cannot be split).
    """
    options = question["options"]
    notes: list[str] = []
    if question["type"] == "single_choice":
        fractions = {}
        for option in options:
            wanted = Fraction(1) if option.get("correct") is True else Fraction(str(option.get("credit", 0)))
            fractions[option["id"]] = _allowed(wanted, f"选项 {option['id']} 的部分得分", notes)
        return fractions, notes

    roles = {option["id"]: option.get("role", "wrong") for option in options}
    correct = [oid for oid, role in roles.items() if role == "correct"]
    wrong = [oid for oid, role in roles.items() if role == "wrong"]
    shares = _shares(len(correct))
    if shares is None:
        raise ValueError(f"有 {len(correct)} 个正确选项，Moodle 允许的分值凑不出合计 100% 的正分，所以不导出。")
    if len(set(shares)) > 1:
        notes.append(f"{len(correct)} 个正确选项平分不了 100%（Moodle 没有 1/{len(correct)} 这个分值），"
                     f"按 {'、'.join(_percent(s) + '%' for s in shares)} 分配")
    scheme = multiple_choice.scoring(question)
    if scheme is multiple_choice.Scoring.EACH_DECISION:
        penalty = _allowed(Fraction(-1, len(correct) + len(wrong)), "错选一项的扣分", notes)
    elif scheme is multiple_choice.Scoring.NET_CORRECT:
        penalty = _allowed(Fraction(-1, len(correct)), "错选一项的扣分", notes)
    else:
        penalty = Fraction(-1)
        notes.append("全对才得分（all_or_nothing）在 Moodle 的多选题里没有对应：选错任何一项仍得 0 分，"
                     "但只漏选、没有错选时 Moodle 会给部分分")
    fractions = {oid: Fraction(0) for oid in roles}
    fractions.update(zip(correct, shares))
    fractions.update((oid, penalty) for oid in wrong)
    return fractions, notes


def nearest_fraction(value: Fraction) -> Fraction:
    """The fraction Moodle accepts that is nearest to `value` (of two equally near, the smaller in size)."""
    return min(MOODLE_FRACTIONS, key=lambda allowed: (abs(allowed - value), abs(allowed)))


def student_number(row: Mapping[str, Any]) -> str:
    """The student number a ``cases grade`` row stands for: the one place that decides it.

    The number the student typed on the site (``student.number`` in the answers file); a file
    without one stands for the student its name says, so name such files after the student
    number (``2023001.json``).
    """
    return str(row.get("number") or "").strip() or Path(str(row.get("file") or "")).stem.strip()


def moodle_grades(rows: Sequence[Mapping[str, Any]], cases: Iterable[Case]) -> GradeTable:
    """The grade CSV for Moodle from the rows ``cases grade`` builds: one row per student number, one
    column per case anyone answered (the sum of the case's question scores, or :data:`NO_GRADE`).

    Left out, each with a line saying why: a file that could not be graded, a row without a student
    number, and every row of a student number that more than one file claims (which file is the right
    one is for the instructor to decide; importing both would keep whichever Moodle read last).
    """
    cases = list(cases)
    columns = {case.id: [f"{case.id}/{q['id']}" for q in case.questions] for case in cases}
    left_out: list[str] = []
    usable: list[tuple[str, Mapping[str, Any]]] = []
    for row in rows:
        if not any(key in row for keys in columns.values() for key in keys):
            left_out.append(f"{row.get('file', '')}：没有成绩（{row.get('notes') or '答案文件无法判分'}），不写入 Moodle 成绩表。")
            continue
        ident = student_number(row)
        if not ident:
            left_out.append(f"{row.get('file', '')}：没有学号，不写入 Moodle 成绩表。")
            continue
        usable.append((ident, row))
    files_of: dict[str, list[str]] = {}
    for ident, row in usable:
        files_of.setdefault(ident, []).append(str(row.get("file", "")))
    for ident, files in files_of.items():
        if len(files) > 1:
            left_out.append(f"学号 {ident} 出现在 {len(files)} 份答案文件里（{', '.join(files)}）：一份也没有写入，"
                            "请确认哪份是这位学生的，只留这一份再判分。")
    usable = [(ident, row) for ident, row in usable if len(files_of[ident]) == 1]

    def score(row: Mapping[str, Any], case_id: str) -> str:
        values = [row[key] for key in columns[case_id] if row.get(key, "") != ""]
        return _plain_number(sum(float(v) for v in values)) if values else NO_GRADE

    answered = [case for case in cases if any(score(row, case.id) != NO_GRADE for _, row in usable)]
    body = [[ident, *(score(row, case.id) for case in answered)] for ident, row in usable]
    maxima = {case.id: number(sum(exercises.max_points(q) for q in case.questions)) for case in answered}
    return GradeTable([IDENTIFIER_COLUMN, *(case.id for case in answered)], body, left_out, maxima)


def write_grade_csv(path: Path, table: GradeTable) -> None:
    """Write `table` as CSV: UTF-8 with a byte-order mark (Excel and WPS then read the Chinese header;
    Moodle's CSV reader strips the mark, and its import form's encoding stays at the default UTF-8)."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.header)
        writer.writerows(table.rows)


# --------------------------------------------------------------------------- questions


def _question(quiz: ET.Element, case: Case, number_: int, question: Mapping[str, Any]) -> tuple[str, list[str]]:
    """Append one question; returns why it could not be exported (or ''), and notes on fidelity lost."""
    qtype = question["type"]
    notes: list[str] = []
    if qtype in ("single_choice", "multiple_choice"):
        try:
            fractions, notes = answer_fractions(question)
        except ValueError as exc:
            return str(exc), []
        element = _common(quiz, "multichoice", case, number_, question)
        _multichoice(element, question, fractions)
    elif qtype == "numeric":
        _numerical(_common(quiz, "numerical", case, number_, question), question)
    elif qtype == "ordering":
        notes = _ordering(_common(quiz, "ordering", case, number_, question), question)
    else:
        notes = _matching(_common(quiz, "matching", case, number_, question), question)
    return "", notes


def _common(quiz: ET.Element, moodle_type: str, case: Case, number_: int, question: Mapping[str, Any]) -> ET.Element:
    """The fields every Moodle question has, in the order Moodle writes them."""
    element = ET.SubElement(quiz, "question", type=moodle_type)
    title = question.get("title") or exercises.type_label(question["type"])
    _text(element, "name", f"{case.id} {question['id']} {title}")
    heading = f"{case.data['title']} · 第 {number_} 题" + (f" · {question['title']}" if question.get("title") else "")
    _text(element, "questiontext", f"<p><strong>{_escape(heading)}</strong></p>\n{_markdown(question['prompt'])}", as_html=True)
    _text(element, "generalfeedback", _general_feedback(question), as_html=True)
    _value(element, "defaultgrade", _plain_number(exercises.max_points(question)))
    _value(element, "penalty", "0")  # our site never takes marks off for a retry; cases grade grades the last answer
    _value(element, "hidden", "0")
    _idnumber(element, f"{case.id}/{question['id']}")
    _tags(element, case)
    return element


def _multichoice(element: ET.Element, question: Mapping[str, Any], fractions: Mapping[str, Fraction]) -> None:
    options = question["options"]
    ids = [o["id"] for o in options]
    _value(element, "single", "true" if question["type"] == "single_choice" else "false")
    _value(element, "shuffleanswers", "false")  # our options keep their written order (「以上都不对」 stays last)
    _value(element, "answernumbering", "abc" if ids == [chr(ord("a") + i) for i in range(len(ids))] else "none")
    _value(element, "showstandardinstruction", "1")
    _combined_feedback(element)
    for option in options:
        answer = ET.SubElement(element, "answer", fraction=_percent(fractions[option["id"]]), format="html")
        _plain_text(answer, option["text"])
        feedback = option.get("feedback", "")
        if option.get("role") == "optional":
            feedback = ("此项可选可不选，不影响得分。" + " " + feedback).strip()
        _text(answer, "feedback", _escape(feedback), as_html=True)


def _numerical(element: ET.Element, question: Mapping[str, Any]) -> None:
    key = Fraction(str(question["key"]))
    if "relative_tolerance" in question:
        tolerance = abs(key) * Fraction(str(question["relative_tolerance"]))
    else:
        tolerance = Fraction(str(question.get("tolerance", 0)))
    unit = question.get("unit", "")
    right = ET.SubElement(element, "answer", fraction="100", format="moodle_auto_format")
    _value(right, "text", _decimal(key))
    _text(right, "feedback", "", as_html=True)
    _value(right, "tolerance", _decimal(tolerance))
    for error in question.get("common_errors", []) or []:
        wrong = ET.SubElement(element, "answer", fraction="0", format="moodle_auto_format")
        _value(wrong, "text", _decimal(Fraction(str(error["value"]))))
        _text(wrong, "feedback", _escape(error["feedback"]), as_html=True)
        _value(wrong, "tolerance", "0")
    if unit:
        units = ET.SubElement(element, "units")
        entry = ET.SubElement(units, "unit")
        _value(entry, "multiplier", "1")
        _value(entry, "unit_name", unit)
    _value(element, "unitgradingtype", "0")  # the unit may be written or left out, and is never marked
    _value(element, "unitpenalty", "0")
    _value(element, "showunits", "0" if unit else "3")  # 0: units optional; 3: no units (qtype_numerical)
    _value(element, "unitsleft", "0")


def _ordering(element: ET.Element, question: Mapping[str, Any]) -> list[str]:
    items = {item["id"]: item for item in question["items"]}
    _value(element, "layouttype", "VERTICAL")
    _value(element, "selecttype", "ALL")
    _value(element, "selectcount", str(len(items)))
    _value(element, "gradingtype", ORDERING_GRADING[ordering.scoring(question)])
    _value(element, "showgrading", "SHOW")
    _value(element, "numberingstyle", "none")
    _combined_feedback(element)
    for position, item_id in enumerate(question["key"], start=1):  # Moodle's correct order is the order written
        answer = ET.SubElement(element, "answer", fraction=str(position), format="html")
        _plain_text(answer, items[item_id]["text"])
    also = question.get("also_accept") or []
    if also:
        return [f"另有 {len(also)} 种顺序在本课程也算全对，Moodle 只认 key 的顺序，按这些顺序作答在 Moodle 里不得满分"]
    return []


def _matching(element: ET.Element, question: Mapping[str, Any]) -> list[str]:
    labels = {category["id"]: category["label"] for category in question["categories"]}
    notes = []
    _value(element, "shuffleanswers", "true")
    _combined_feedback(element)
    used = set()
    for item in question["items"]:
        accepted = [item["key"]] if isinstance(item["key"], str) else list(item["key"])
        used.add(accepted[0])
        sub = ET.SubElement(element, "subquestion", format="html")
        _text_only(sub, _escape(item["text"]), as_html=True)
        answer = ET.SubElement(sub, "answer")
        _value(answer, "text", labels[accepted[0]])
        if len(accepted) > 1:
            others = "、".join(f"「{labels[c]}」" for c in accepted[1:])
            notes.append(f"项目 {item['id']} 在本课程也可归入{others}，Moodle 的配对题每项只有一个答案，只导出了「{labels[accepted[0]]}」")
    for category_id, label in labels.items():
        if category_id not in used:  # a category no item belongs to: an answer to choose wrongly
            sub = ET.SubElement(element, "subquestion", format="html")
            _text_only(sub, "")
            answer = ET.SubElement(sub, "answer")
            _value(answer, "text", label)
    return notes


def _general_feedback(question: Mapping[str, Any]) -> str:
    """The explanation; for classify and ordering, followed by the feedback Moodle has no place for."""
    parts = [_markdown(question.get("explanation") or "")]
    if question["type"] == "classify":
        notes = [f"<li>{_escape(item['text'])}：{_escape(item['feedback'])}</li>"
                 for item in question["items"] if item.get("feedback")]
        if notes:
            parts.append("<p>逐项说明：</p>\n<ul>\n" + "\n".join(notes) + "\n</ul>")
    if question["type"] == "ordering":
        texts = {item["id"]: item["text"] for item in question["items"]}
        notes = []
        for constraint in question.get("constraints", []) or []:
            rule = f"{quoted(texts[constraint['before']])}应在{quoted(texts[constraint['after']])}之前"
            feedback = constraint.get("feedback")
            notes.append(f"<li>{_escape(rule)}{'：' + _escape(feedback) if feedback else ''}</li>")
        if notes:
            parts.append("<p>先后关系：</p>\n<ul>\n" + "\n".join(notes) + "\n</ul>")
    return "\n".join(part for part in parts if part.strip())


def _combined_feedback(element: ET.Element) -> None:
    for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(element, name, "", as_html=True)


# --------------------------------------------------------------------------- category and narrative


def _category(quiz: ET.Element, case: Case) -> None:
    element = ET.SubElement(quiz, "question", type="category")
    category = ET.SubElement(element, "category")
    _value(category, "text", f"{_path_part(CATEGORY_ROOT)}/{_path_part(case.id)}")
    info = ET.SubElement(element, "info", format="html")
    _value(info, "text", _CData(f"<p>{_escape(case.data['title'])}</p>\n<p>{_escape(case.data.get('summary', ''))}</p>"))


def _description(quiz: ET.Element, case: Case) -> None:
    """The narrative, transcript, tables and source: one description question at the head of the case."""
    data = case.data
    parts = [f"<h3>{_escape(data['title'])}</h3>", "<h4>案例背景</h4>", _markdown(data["narrative"])]
    if data.get("transcript"):
        rows = "\n".join(f"<tr><th>{_escape(line['id'])}</th><td>{_escape(line['speaker'])}</td><td>{_escape(line['text'])}</td></tr>"
                         for line in data["transcript"])
        parts += ["<h4>对话记录</h4>", f"<table>\n<tbody>\n{rows}\n</tbody>\n</table>"]
    if data.get("tables"):
        parts.append("<h4>数据</h4>")
        for table in data["tables"]:
            head = "".join(f"<th>{_escape(column)}</th>" for column in table["columns"])
            body = "\n".join("<tr>" + f"<th>{_escape(row[0])}</th>" + "".join(f"<td>{_escape(cell)}</td>" for cell in row[1:])
                             + "</tr>" for row in table["rows"])
            parts.append(f"<p><strong>{_escape(table['title'])}</strong></p>\n"
                         f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>")
            if table.get("note"):
                parts.append(_markdown(table["note"]))
    if data.get("source"):
        parts += ["<h4>案例来源</h4>", _markdown(data["source"])]
    element = ET.SubElement(quiz, "question", type="description")
    _text(element, "name", f"{case.id} 案情：{data['title']}")
    _text(element, "questiontext", "\n".join(parts), as_html=True)
    _text(element, "generalfeedback", "", as_html=True)
    _value(element, "defaultgrade", "0")
    _value(element, "penalty", "0")
    _value(element, "hidden", "0")
    _idnumber(element, f"{case.id}/narrative")
    _tags(element, case)


def _tags(element: ET.Element, case: Case) -> None:
    tags = case.data.get("tags") or []
    if tags:
        holder = ET.SubElement(element, "tags")
        for tag in tags:
            _value(ET.SubElement(holder, "tag"), "text", str(tag))


def _idnumber(element: ET.Element, idnumber: str) -> None:
    if len(idnumber) <= 100:  # Moodle's idnumber column; a longer one is left out rather than cut
        _value(element, "idnumber", idnumber)


def _path_part(name: str) -> str:
    """One level of a Moodle category path: a slash inside a name is written twice."""
    return name.replace("/", "//")


# --------------------------------------------------------------------------- fractions and numbers


def _allowed(wanted: Fraction, what: str, notes: list[str]) -> Fraction:
    """`wanted` if Moodle accepts it, else the nearest value it does, with a note."""
    got = nearest_fraction(wanted)
    if got != wanted:
        notes.append(f"{what}在本课程是 {_percent(wanted)}%，Moodle 没有这个分值，用最接近的 {_percent(got)}%")
    return got


def _shares(count: int) -> list[Fraction] | None:
    """`count` allowed positive fractions that add up to 100 % (Moodle checks the sum to two decimals):
    1/count each when allowed, else two values as close together as possible."""
    if count == 0:
        return []
    if Fraction(1, count) in MOODLE_FRACTIONS:
        return [Fraction(1, count)] * count
    positives = [value for value in MOODLE_FRACTIONS if value > 0]
    best: tuple[Fraction, list[Fraction]] | None = None
    for high in positives:
        for low in positives:
            if low >= high:
                continue
            for many in range(1, count):
                if abs(many * high + (count - many) * low - 1) < Fraction(1, 200):
                    candidate = (high - low, [high] * many + [low] * (count - many))
                    if best is None or candidate[0] < best[0]:
                        best = candidate
    return best[1] if best else None


def _percent(value: Fraction) -> str:
    """A fraction as Moodle writes it: a percentage of the fraction rounded to 7 decimals (83.33333)."""
    return _plain_number(round(float(value), 7) * 100, decimals=5)


def _decimal(value: Fraction) -> str:
    """An exact number in decimal notation: 630, -0.816, 1.538."""
    if value.denominator == 1:
        return str(value.numerator)
    return repr(float(value))


def _plain_number(value: Any, decimals: int = 4) -> str:
    """A score or percentage for a file: a whole number without a point, others to `decimals` places."""
    rounded = round(float(value), decimals)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{decimals}f}".rstrip("0")


# --------------------------------------------------------------------------- text and XML


class _CData(str):
    """Text written as a CDATA section (HTML)."""


def _markdown(text: str) -> str:
    """Markdown as the case page renders it (raw HTML off, Chinese line breaks joined)."""

    return render(text).strip() if text else ""


def _escape(text: Any) -> str:
    return html.escape(str(text), quote=False)


def _text(parent: ET.Element, tag: str, content: str, *, as_html: bool = False) -> ET.Element:
    """``<tag><text>…</text></tag>`` (Moodle's text fields); `as_html` adds ``format="html"`` and puts
    the text in CDATA."""
    element = ET.SubElement(parent, tag, format="html") if as_html else ET.SubElement(parent, tag)
    _text_only(element, content, as_html=as_html)
    return element


def _text_only(element: ET.Element, content: str, *, as_html: bool = False) -> None:
    _value(element, "text", _CData(content) if as_html and content else content)


def _plain_text(answer: ET.Element, text: str) -> None:
    """An answer's text: plain text on our page, so escaped HTML in Moodle's HTML field."""
    _value(answer, "text", _CData(_escape(text)))


def _value(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold at all, even escaped."""


def _serialize(root: ET.Element) -> str:
    """The document, indented as Moodle writes it; :class:`_CData` text as CDATA (a ``]]>`` inside split
    across two sections), all other text escaped. ElementTree alone writes no CDATA."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>']

    def write(element: ET.Element, depth: int) -> None:
        pad = "  " * depth
        attributes = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in element.attrib.items())
        children = list(element)
        if children:
            lines.append(f"{pad}<{element.tag}{attributes}>")
            for child in children:
                write(child, depth + 1)
            lines.append(f"{pad}</{element.tag}>")
            return
        text = _NOT_XML.sub("", element.text or "")
        if isinstance(element.text, _CData):
            body = "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
        else:
            body = html.escape(text, quote=False)
        lines.append(f"{pad}<{element.tag}{attributes}>{body}</{element.tag}>")

    write(root, 0)
    return "\n".join(lines) + "\n"

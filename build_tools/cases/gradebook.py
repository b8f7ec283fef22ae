"""A batch of students' answers files, graded: what ``cases grade`` writes and the class report draws.

Every score is graded afresh with ``exercises.grade`` from the answers alone, with the current
case files. What a file says about itself — the results the student's browser stored, who handed
it in, which version of a case was answered, which site it came from — is read and checked, never
trusted for a score. One bad file never stops a batch: each problem becomes a :class:`Flag`, one
Chinese line naming the file and the reason, and the other files are graded as usual.

Two kinds of flag (:class:`Severity`): a *problem* (unreadable file, another course, edited
results, two files with one student number...) makes ``cases grade`` exit with status 1; a *note*
(a case changed since it was answered, no student number in the file) is listed, and the file is
graded as usual.

>>> from build_tools.cases.load import load_cases
>>> batch = grade_batch([Path("2023001.json")], load_cases(Path("cases")))   # doctest: +SKIP
>>> batch.submissions[0].total, [str(flag) for flag in batch.flags]          # doctest: +SKIP
(31.5, [])
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum
from hashlib import sha1
from pathlib import Path
from typing import Any, Iterable, Mapping

import exercises
from exercises.common import describe, fmt, number

from . import submission
from .load import Case

__all__ = ["MAX_FILE_BYTES", "Batch", "Flag", "FlagKind", "GradedAnswer", "GradedCase", "GradedSubmission",
           "Severity", "Unreadable", "grade_batch", "grade_file", "read_file"]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest file read as an answers file. A real one, with every case of the course answered, is
well under 1 MB; anything larger is refused before it is read, so one stray video cannot stall a batch."""

MAX_DEPTH = 64
"""Deepest nesting of arrays/objects accepted in a file (a real one nests about 7 deep)."""

SCORE_TOLERANCE = 1e-6
"""Stored and regraded scores closer than this are the same (scores are rounded to 4 decimals)."""


class Severity(Enum):
    """Whether a flag makes the batch unclean (exit status 1) or is only worth knowing."""

    PROBLEM = "problem"
    NOTE = "note"


class FlagKind(Enum):
    """What is wrong with a file; ``title`` is how the class report heads it."""

    UNREADABLE = "unreadable"
    OTHER_COURSE = "other-course"
    UNKNOWN_CASES = "unknown-cases"
    NO_ANSWERS = "no-answers"
    BAD_ENTRY = "bad-entry"
    OTHER_SITE = "other-site"
    EDITED_RESULTS = "edited-results"
    DUPLICATE_NUMBER = "duplicate-number"
    OUTDATED_CASE = "outdated-case"
    NO_NUMBER = "no-number"

    @property
    def severity(self) -> Severity:
        return Severity.NOTE if self in (FlagKind.OUTDATED_CASE, FlagKind.NO_NUMBER) else Severity.PROBLEM

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    FlagKind.UNREADABLE: "无法读取",
    FlagKind.OTHER_COURSE: "另一门课程",
    FlagKind.UNKNOWN_CASES: "未知的案例",
    FlagKind.NO_ANSWERS: "没有作答",
    FlagKind.BAD_ENTRY: "记录格式不对",
    FlagKind.OTHER_SITE: "来自另一个网站",
    FlagKind.EDITED_RESULTS: "记录的得分与重新判分不符",
    FlagKind.DUPLICATE_NUMBER: "学号重复",
    FlagKind.OUTDATED_CASE: "案例已更新",
    FlagKind.NO_NUMBER: "没有学号",
}


@dataclass(frozen=True)
class Flag:
    """One thing an instructor should know about one file: ``str()`` is the line ``cases grade`` prints."""

    file: str
    kind: FlagKind
    message: str
    case: str = ""
    """The case the flag is about, when it is about one."""

    @property
    def severity(self) -> Severity:
        return self.kind.severity

    @property
    def text(self) -> str:
        """The message as a line of its own says it: 「无法读取：…」, 「提醒：…」."""
        if self.kind is FlagKind.UNREADABLE:
            return f"无法读取：{self.message}"
        return f"提醒：{self.message}" if self.severity is Severity.NOTE else self.message

    def __str__(self) -> str:
        return f"{self.file}: {self.text}"


class Unreadable(Exception):
    """A file that is not a readable answers file; the message says why, for the instructor."""


@dataclass(frozen=True)
class GradedAnswer:
    """One question of a case a student worked on: the answer, if any, and its grade now."""

    question: dict[str, Any] = field(repr=False)
    maximum: float
    answered: bool = False
    answer: Any = None
    result: dict[str, Any] | None = None
    """``exercises.grade`` now, with full feedback (what the practice site shows); None if unanswered."""
    answered_at: str = ""
    """When the answer last changed, as the student's browser recorded it (ISO 8601), or ''."""
    outdated: bool = False
    """The answer was given to an older version of the case (its content hash has changed since)."""
    stored_score: float | None = None
    """The score the student's browser stored for this answer, if any: reported, never used."""

    @property
    def qid(self) -> str:
        return self.question["id"]

    @property
    def status(self) -> str:
        """``graded``, ``invalid`` (an answer the grader cannot score: 0 points) or ``unanswered``."""
        return self.result["status"] if self.result else "unanswered"

    @property
    def score(self) -> float:
        return float(self.result["score"]) if self.result and self.result["status"] == "graded" else 0.0


@dataclass(frozen=True)
class GradedCase:
    """A case as one student answered it: every question of the case, answered or not, in order."""

    case: Case = field(repr=False)
    answers: tuple[GradedAnswer, ...]
    outdated: bool = False
    case_hash: str = ""
    """The content hash the file recorded for the case ('' when it names none)."""
    entry: dict[str, Any] = field(default_factory=dict, repr=False)
    """The file's record of the case, as read (attempts, history... for the detail sheet)."""

    @property
    def score(self) -> float:
        return round(sum(a.score for a in self.answers), 4)

    @property
    def maximum(self) -> float:
        return round(sum(a.maximum for a in self.answers), 4)


@dataclass
class GradedSubmission:
    """One student's file, graded as far as it could be, with what is wrong with it."""

    path: Path
    readable: bool = True
    student: submission.Student = field(default_factory=submission.Student)
    number: str = ""
    """The student number: the file's, or the file name (without .json) when the file names none."""
    site: str = ""
    mode: str = "practice"
    exported_at: str = ""
    cases: dict[str, GradedCase] = field(default_factory=dict)
    """The cases of the course the file has answers for, by id, in the course's order."""
    flags: list[Flag] = field(default_factory=list)
    page_id: str = ""
    """The name of the student's feedback page (``students/<page_id>.html``), unique in the batch."""

    @property
    def file(self) -> str:
        return str(self.path)

    @property
    def name(self) -> str:
        """The name to show: the student's, or the student number when the file gives no name."""
        return self.student.name or self.number

    @property
    def total(self) -> float:
        return round(sum(c.score for c in self.cases.values()), 4)

    @property
    def problems(self) -> list[Flag]:
        return [f for f in self.flags if f.severity is Severity.PROBLEM]

    def flag(self, kind: FlagKind, message: str, case: str = "") -> None:
        self.flags.append(Flag(self.file, kind, message, case))


@dataclass
class Batch:
    """Every file of one ``cases grade`` run, graded, against the course's cases."""

    cases: list[Case]
    submissions: list[GradedSubmission]

    @property
    def flags(self) -> list[Flag]:
        """Every flag, file by file in the order the files were given."""
        return [flag for s in self.submissions for flag in s.flags]

    @property
    def problems(self) -> list[Flag]:
        return [f for f in self.flags if f.severity is Severity.PROBLEM]

    @property
    def graded(self) -> list[GradedSubmission]:
        """The files that could be read (and so have a score and a feedback page)."""
        return [s for s in self.submissions if s.readable]

    @property
    def answered_cases(self) -> list[Case]:
        """The cases at least one readable file has answers for: what this batch was an assignment on."""
        seen = {case_id for s in self.graded for case_id in s.cases}
        return [case for case in self.cases if case.id in seen]


# --------------------------------------------------------------------------- grading


def grade_batch(paths: Iterable[Path], cases: Iterable[Case]) -> Batch:
    """Grade every file, then flag what only the batch shows: student numbers on more than one
    file, files from another site than the rest; and give each student a page name."""
    cases = list(cases)
    by_id = {case.id: case for case in cases}
    graded = [grade_file(Path(path), by_id) for path in paths]
    _flag_shared_numbers(graded)
    _flag_other_sites(graded)
    _assign_page_ids(graded)
    return Batch(cases, graded)


def grade_file(path: Path, cases: Mapping[str, Case]) -> GradedSubmission:
    """One file, graded with the current keys; never raises on a bad file (it is flagged instead)."""
    graded = GradedSubmission(path=path)
    try:
        data = read_file(path)
    except Unreadable as exc:
        graded.readable = False
        graded.number = path.stem
        graded.flag(FlagKind.UNREADABLE, str(exc))
        return graded
    graded.student = submission.student_of(data)
    graded.number = graded.student.number or path.stem
    if not graded.student.number:
        graded.flag(FlagKind.NO_NUMBER, f"文件里没有学号，按文件名把学号记作「{path.stem}」；请核对，"
                                        "或让学生在网站上填好姓名和学号后重新提交")
    graded.site = data.get("site") if isinstance(data.get("site"), str) else ""
    graded.mode = data.get("mode") if data.get("mode") in submission.MODES else "practice"
    graded.exported_at = data.get("exportedAt") if isinstance(data.get("exportedAt"), str) else ""
    _grade_cases(graded, data["cases"], cases)
    return graded


def read_file(path: Path) -> dict[str, Any]:
    """The parsed answers file at `path`, or :class:`Unreadable` saying, in Chinese, why it is not one."""
    if path.is_dir():
        raise Unreadable("这是一个文件夹，不是答案文件；请给出其中的文件，例如「文件夹/*.json」")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise Unreadable(f"文件有 {size / 1024 / 1024:.0f} MB，太大了，不是本网站导出的答案文件（通常不到 1 MB）")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise Unreadable("找不到这个文件，请检查路径") from None
    except OSError as exc:
        raise Unreadable(f"打不开这个文件（{exc.strerror or exc}）") from None
    if not raw.strip():
        raise Unreadable("文件是空的：可能导出或上传没有完成，请让学生重新导出")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节处）：不是本网站导出的文件，"
                         "或被其他软件另存过；请让学生重新导出") from None
    data = _parse_json(text)
    if not isinstance(data, dict):
        raise Unreadable(f"文件的内容是{describe(data)}，不是答案文件（应是以 {{ 开头的 JSON 对象）")
    problem = submission.problem(data)
    if problem:
        raise Unreadable(problem)
    return data


def _parse_json(text: str) -> Any:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise Unreadable(f"JSON 在第 {exc.lineno} 行第 {exc.colno} 列处突然结束：文件不完整（下载或复制没有完成），"
                             "请让学生重新导出") from None
        raise Unreadable(f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）：文件被改动或损坏了") from None
    except RecursionError:
        raise Unreadable(f"数据嵌套过深（超过 {MAX_DEPTH} 层），不是答案文件") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise Unreadable(f"含有无法读取的数据（{exc}）") from None
    if _deeper_than(data, MAX_DEPTH):
        raise Unreadable(f"数据嵌套过深（超过 {MAX_DEPTH} 层），不是答案文件")
    return data


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether parsed JSON nests more than `limit` arrays/objects deep (iteratively: no recursion limit)."""
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def _grade_cases(graded: GradedSubmission, entries: dict[str, Any], cases: Mapping[str, Case]) -> None:
    """Grade every case of the course the file has a record of; flag records of unknown cases."""
    unknown = sorted(case_id for case_id in entries if case_id not in cases)
    if entries and len(unknown) == len(entries):
        graded.flag(FlagKind.OTHER_COURSE, f"来自另一门课程或另一套案例：文件里的案例（{_listed(unknown)}）"
                                           "都不在案例文件夹里；请检查 --cases 是否指向本课程的案例")
        return
    if unknown:
        graded.flag(FlagKind.UNKNOWN_CASES, f"答案文件里有未知的案例：{_listed(unknown)}（没有判分；"
                                            "可能是旧版课程的案例，或 --cases 指向的案例文件夹不全）")
    for case_id, case in cases.items():
        if case_id in entries:
            graded_case = _grade_case(graded, case, entries[case_id])
            if graded_case is not None:
                graded.cases[case_id] = graded_case
    if not any(a.answered for c in graded.cases.values() for a in c.answers) and not unknown:
        graded.flag(FlagKind.NO_ANSWERS, "文件里没有任何作答：可能导出得太早，或交错了文件")


def _grade_case(graded: GradedSubmission, case: Case, entry: Any) -> GradedCase | None:
    if not isinstance(entry, dict):
        graded.flag(FlagKind.BAD_ENTRY, f"案例 {case.id} 的记录不是对象（是{describe(entry)}），"
                                        "这个案例没有判分", case.id)
        return None
    answers = entry.get("answers")
    if not isinstance(answers, dict):
        if answers is not None:
            graded.flag(FlagKind.BAD_ENTRY, f"案例 {case.id} 的 answers 不是对象，这个案例的作答没有判分", case.id)
        answers = {}
    case_hash = entry.get("caseHash") if isinstance(entry.get("caseHash"), str) else ""
    outdated = bool(case_hash) and case_hash != case.content_hash
    if outdated:
        graded.flag(FlagKind.OUTDATED_CASE, f"案例 {case.id} 在学生作答后改过（文件里的版本 {case_hash}，现在是 "
                                            f"{case.content_hash}），已按现在的题目和答案重新判分", case.id)
    stored = entry.get("results") if isinstance(entry.get("results"), dict) else {}
    times = entry.get("answeredAt") if isinstance(entry.get("answeredAt"), dict) else {}
    graded_answers = tuple(_grade_answer(q, answers, stored.get(q["id"]), times.get(q["id"]), outdated)
                           for q in case.questions)
    if not outdated:
        _flag_edited_results(graded, case, graded_answers, stored)
    return GradedCase(case, graded_answers, outdated, case_hash, entry)


def _grade_answer(question: dict[str, Any], answers: dict[str, Any], stored: Any, answered_at: Any,
                  outdated: bool) -> GradedAnswer:
    maximum = float(exercises.max_points(question))
    stored_score = _number(stored.get("score")) if isinstance(stored, dict) else None
    when = answered_at if isinstance(answered_at, str) else ""
    if question["id"] not in answers:
        return GradedAnswer(question, maximum, answered_at=when, outdated=outdated, stored_score=stored_score)
    answer = answers[question["id"]]
    return GradedAnswer(question, maximum, True, answer, _grade(question, answer), when, outdated, stored_score)


def _grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    try:
        return exercises.grade(question, answer)
    except RecursionError:  # the grader never raises on a bad answer, but a file may nest beyond Python's stack
        return {"status": "invalid", "score": 0, "max": number(exercises.max_points(question)),
                "parts": [], "message": "答案的数据无法读取（嵌套过深），计 0 分。"}


def _flag_edited_results(graded: GradedSubmission, case: Case, answers: tuple[GradedAnswer, ...],
                         stored: dict[str, Any]) -> None:
    """Flag stored results that the same answer, graded now, does not give (scores are regraded anyway).

    A stored result is compared when it was made for the answer the file holds now (the browser
    keeps the graded answer with its result; a later, ungraded change is no edit).
    """
    differing = []
    for graded_answer in answers:
        kept = stored.get(graded_answer.qid)
        if not graded_answer.answered or not isinstance(kept, dict) or graded_answer.stored_score is None:
            continue
        if "answer" in kept and kept["answer"] != graded_answer.answer:
            continue
        kept_max = _number(kept.get("max"))
        if (abs(graded_answer.stored_score - graded_answer.score) > SCORE_TOLERANCE
                or (kept_max is not None and abs(kept_max - graded_answer.maximum) > SCORE_TOLERANCE)):
            shown = f"{_fmt(graded_answer.stored_score)}" + (f"/{_fmt(kept_max)}" if kept_max is not None else "")
            differing.append(f"{graded_answer.qid} 记 {shown} 分、重新判分 {_fmt(graded_answer.score)}/"
                             f"{_fmt(graded_answer.maximum)} 分")
    if differing:
        graded.flag(FlagKind.EDITED_RESULTS, f"案例 {case.id} 有 {len(differing)} 道题文件里记录的得分与重新判分不符"
                                             f"（{'；'.join(differing)}）：记录可能被改过，或判分程序在学生作答后更新过；"
                                             "成绩一律按重新判分计", case.id)


# --------------------------------------------------------------------------- what only the batch shows


def _flag_shared_numbers(graded: list[GradedSubmission]) -> None:
    """Every file whose student number another file of the batch also has, naming the others."""
    files_of: dict[str, list[GradedSubmission]] = defaultdict(list)
    for item in graded:
        if item.readable:
            files_of[item.number].append(item)
    for student_number, items in files_of.items():
        if len(items) < 2:
            continue
        for item in items:
            others = "、".join(other.file for other in items if other is not item)
            item.flag(FlagKind.DUPLICATE_NUMBER, f"学号 {student_number} 也出现在 {others} 里（共 {len(items)} 份文件）："
                                                 "请确认哪一份是这位学生的，只留这一份再判分")


def _flag_other_sites(graded: list[GradedSubmission]) -> None:
    """Files exported from another site than most of the batch: e.g. a practice copy of the course
    (which shows the keys) in a batch handed in from the assessment site."""
    sites = Counter(item.site for item in graded if item.readable and item.site)
    if len(sites) < 2:
        return
    (usual, count), (_, runner_up) = sites.most_common(2)
    for item in graded:
        if not item.readable or not item.site:
            continue
        if count == runner_up:
            item.flag(FlagKind.OTHER_SITE, f"这批文件来自 {len(sites)} 个不同的网站（本文件：{item.site}）："
                                           "请确认学生都在同一个网站上作答")
        elif item.site != usual:
            item.flag(FlagKind.OTHER_SITE, f"来自另一个网站 {item.site}（这批文件中 {count} 份来自 {usual}）："
                                           "可能是在练习版而不是测验版上作答的")


_SAFE_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")


def _assign_page_ids(graded: list[GradedSubmission]) -> None:
    """A file name for each student's page: the student number when it is a safe file name (digits,
    letters, - and _), otherwise a short hash of it; -2, -3... when the batch has the number twice."""
    taken: set[str] = set()
    for item in graded:
        base = item.number if _SAFE_NAME.fullmatch(item.number) else "s-" + sha1(item.number.encode()).hexdigest()[:10]
        page_id, suffix = base, 1
        while page_id.lower() in taken:  # case-insensitive file systems
            suffix += 1
            page_id = f"{base}-{suffix}"
        taken.add(page_id.lower())
        item.page_id = page_id


# --------------------------------------------------------------------------- small helpers


def _number(value: Any) -> float | None:
    """A JSON number from a student's file, or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        return float(value)
    return None


def _fmt(value: float) -> str:
    return fmt(round(value, 4))


def _listed(ids: list[str], limit: int = 5) -> str:
    shown = "、".join(str(i)[:40] for i in ids[:limit])
    return shown + (f" 等 {len(ids)} 个" if len(ids) > limit else "")

"""`cases`: the instructor's command line.

    cases check [PATH ...]       validate cases and prove their keys (default: cases/)
    cases check --explain ID     why the grader and the teacher disagree on a case's text samples
    cases grade FILE ... [--cases DIR] [--out grades.csv]
                                 batch-grade students' exported answer files
    cases new ID [--dir cases] [--type TYPE|all]
                                 start a new case file from a commented template, with one
                                 example question of TYPE (default single_choice) or of every type
    cases schema                 print the JSON Schema path, for editor autocompletion

Exit status: 0 when everything passed, 1 when a case or a submission has a
problem, 2 for a wrong command line. Bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any, Sequence

import exercises

from . import schema, submission, templates
from .load import Case, CaseErrors, load_cases
from .proof import check_cases
from .explain import explain_case



def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cases", description="服务营销案例：检查案例文件、批量判分、新建案例。")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="校验案例并用判分程序证明答案、样例和近似错误答案")
    check.add_argument("paths", nargs="*", type=Path, default=[Path("cases")], help="案例文件或文件夹（默认 cases/）")
    check.add_argument("--explain", metavar="ID", default=None,
                       help="案例 id（或 案例id/题目id）：逐条说明文字作答样例的机器分数为什么与老师不同，并建议补充的同义说法")

    grade = commands.add_parser("grade", help="批量判分学生导出的答案文件，输出 CSV 成绩单")
    grade.add_argument("submissions", nargs="+", type=Path, help="学生导出的 JSON 文件")
    grade.add_argument("--cases", type=Path, default=Path("cases"), help="案例文件夹（默认 cases/）")
    grade.add_argument("--out", type=Path, default=None, help="CSV 输出文件（默认打印到屏幕）")
    grade.add_argument("--details", type=Path, default=None,
                       help="另写一个逐题 CSV：现在的得分、作答次数、浏览器记录的首次和最高得分、是否看过解析后才作答")

    new = commands.add_parser("new", help="用带注释的模板新建一个案例文件")
    new.add_argument("id", help="案例 id：小写字母、数字和 -，例如 b9-supermarket")
    new.add_argument("--dir", type=Path, default=Path("cases"))
    new.add_argument("--type", dest="qtype", metavar="TYPE", default="single_choice",
                     help=f"示例题的题型（默认 single_choice）：{_type_choices()}")

    commands.add_parser("schema", help="显示案例格式 JSON Schema 的位置（供编辑器自动补全）")

    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _explain(args.paths, args.explain) if args.explain else _check(args.paths)
        if args.command == "grade":
            return _grade(args.submissions, args.cases, args.out, args.details)
        if args.command == "new":
            return _new(args.id, args.dir, args.qtype)
        print(schema.SCHEMA_FILE)
        return 0
    except CaseErrors as exc:
        print(exc, file=sys.stderr)
        return 1


def _check(paths: list[Path]) -> int:
    cases = load_cases(paths)
    if not cases:
        print(f"没有找到案例文件（{', '.join(map(str, paths))}）。", file=sys.stderr)
        return 1
    report = check_cases(cases)
    for failure in report.failures:
        print(failure, file=sys.stderr)
    for warning in report.warnings:
        print(f"提醒：{warning}", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


def _explain(paths: list[Path], target: str) -> int:
    case_id, _, question_id = target.partition("/")
    cases = {case.id: case for case in load_cases(paths)}
    if case_id not in cases:
        close = ", ".join(sorted(cases)) or "（没有案例）"
        print(f"没有 id 为「{case_id}」的案例。可用的案例：{close}", file=sys.stderr)
        return 2
    case = cases[case_id]
    texts = [q["id"] for q in case.questions if q["type"] == "text"]
    if question_id and question_id not in texts:
        print(f"案例 {case_id} 没有文字作答题「{question_id}」；它的文字作答题：{', '.join(texts) or '（无）'}", file=sys.stderr)
        return 2
    for line in explain_case(case, question_id or None):
        print(line)
    return 0


DETAIL_COLUMNS = ["file", "student", "case", "question", "score", "max", "attempts", "first_score", "best_score",
                  "explanation_opened_at", "answered_after_explanation"]
"""One row per student and question (``--details``). ``score`` is graded now from the answer; the
columns after ``attempts`` are what the student's browser recorded (reported, not trusted for a score)."""


def _grade(submissions: list[Path], cases_dir: Path, out: Path | None, details: Path | None = None) -> int:
    cases = {case.id: case for case in load_cases(cases_dir)}
    columns = [(case.id, q["id"]) for case in cases.values() for q in case.questions]
    rows: list[dict[str, Any]] = []
    detail_rows: list[dict[str, Any]] = []
    problems = 0
    for path in submissions:
        row, notes = _grade_submission(path, cases, detail_rows)
        problems += bool(notes)
        for note in notes:
            print(f"{path}: {note}", file=sys.stderr)
        rows.append(row)
    _write_csv(out, ["file", "student", *[f"{c}/{q}" for c, q in columns], "total", "max", "notes"], rows)
    if out:
        print(f"已写出 {len(rows)} 份答卷的成绩：{out}")
    if details:
        _write_csv(details, DETAIL_COLUMNS, detail_rows)
        print(f"已写出逐题明细（{len(detail_rows)} 行）：{details}")
    return 1 if problems else 0


def _write_csv(out: Path | None, header: list[str], rows: list[dict[str, Any]]) -> None:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese correctly; stdout without a file."""
    handle = out.open("w", newline="", encoding="utf-8-sig") if out else sys.stdout
    try:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    finally:
        if out:
            handle.close()


def _detail_row(row: dict[str, Any], case: Case, question: dict[str, Any], entry: dict[str, Any],
                result: dict[str, Any] | None) -> dict[str, Any]:
    """One student's one question: the score now, and the browser's record of how it was reached."""
    qid = question["id"]
    attempts = _count((entry.get("attempts") or {}).get(qid) if isinstance(entry.get("attempts"), dict) else None)
    history = entry.get("history") if isinstance(entry.get("history"), dict) else {}
    kept = history.get(qid) if isinstance(history.get(qid), dict) else {}
    opened = _count(kept.get("openedAt"))
    return {
        "file": row["file"], "student": row["student"], "case": case.id, "question": qid,
        "score": (result["score"] if result["status"] == "graded" else 0) if result else "",
        "max": float(exercises.max_points(question)), "attempts": attempts,
        "first_score": _score(kept.get("first")), "best_score": _score(kept.get("best")),
        "explanation_opened_at": opened,
        "answered_after_explanation": "" if opened == "" else ("是" if (attempts or 0) > opened else "否"),
    }


def _count(value: Any) -> int | str:
    """A non-negative whole number from a student's file, or blank."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else ""


def _score(value: Any) -> float | str:
    """A score from a student's file, or blank."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value else ""


def _grade_submission(path: Path, cases: dict[str, Case],
                      details: list[dict[str, Any]] | None = None) -> tuple[dict[str, Any], list[str]]:
    """One student's exported file graded afresh with the current keys (never trusting stored results).

    Returns the gradebook row and the file's problems (reported, and the exit status is 1); notes
    that are no problem of the file (a case changed since it was answered) go into the row only.
    """
    row: dict[str, Any] = {"file": str(path), "student": path.stem, "total": 0, "max": 0}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:  # one bad file must not stop the batch
        row["notes"] = f"无法读取：{exc}"
        return row, [row["notes"]]
    unreadable = submission.problem(data)
    if unreadable:
        row["notes"] = unreadable
        return row, [row["notes"]]
    row["student"] = submission.student_of(data).name or path.stem
    notes: list[str] = []
    problems: list[str] = []
    total = maximum = 0.0
    for case in cases.values():
        entry = data["cases"].get(case.id) or {}
        answers = entry.get("answers") if isinstance(entry, dict) else None
        answers = answers if isinstance(answers, dict) else {}
        if entry and entry.get("caseHash") not in (None, case.content_hash):
            notes.append(f"案例 {case.id} 在学生作答后有改动，已按当前答案重新判分")
        for question in case.questions:
            result = exercises.grade(question, answers[question["id"]]) if question["id"] in answers else None
            maximum += float(exercises.max_points(question))
            score = result["score"] if result and result["status"] == "graded" else 0
            row[f"{case.id}/{question['id']}"] = score if result else ""
            total += score
            if details is not None and isinstance(entry, dict) and entry:
                details.append(_detail_row(row, case, question, entry, result))
    unknown = sorted(set(data["cases"]) - set(cases))
    if unknown:
        problems.append(f"答案文件里有未知的案例：{', '.join(unknown)}")
    row.update(total=round(total, 4), max=round(maximum, 4), notes="；".join(notes + problems))
    return row, problems


def _new(case_id: str, folder: Path, choice: str) -> int:
    import re

    if not re.fullmatch(schema.case_id_pattern(), case_id):
        print(f"案例 id「{case_id}」不合规：只能用小写字母、数字和 -，例如 b9-supermarket。", file=sys.stderr)
        return 2
    try:
        qtypes = templates.types_for(choice)
    except ValueError:
        print(f"没有「{choice}」这种题型。可选：{_type_choices()}", file=sys.stderr)
        return 2
    target = folder / f"{case_id}.yaml"
    if target.exists():
        print(f"{target} 已存在，没有覆盖。请换一个 id。", file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(templates.case_template(case_id, qtypes), encoding="utf-8")
    kinds = "、".join(exercises.type_label(qtype) for qtype in qtypes)
    print(f"已创建 {target}（{kinds}，每种一道示例题）。编辑后运行：cases check {target}")
    return 0


def _type_choices() -> str:
    """The types `cases new --type` takes, with their Chinese names, and ``all``."""
    named = [f"{qtype}（{exercises.type_label(qtype)}）" for qtype in exercises.QUESTION_TYPES]
    return "、".join(named) + f"、{templates.ALL}（每种一道）"


if __name__ == "__main__":
    sys.exit(main())

"""`cases`: the instructor's command line.

    cases check [PATH ...]       validate cases and prove their keys (default: cases/)
    cases check --explain ID     why the grader and the teacher disagree on a case's text samples
    cases grade FILE ... [--cases DIR] [--out grades.csv] [--details FILE] [--report DIR] [--moodle-csv FILE]
                                 batch-grade students' answer files; --report writes a class
                                 report and one feedback page per student
    cases moodle CASE ... [-o quiz.xml]
                                 export the closed questions of cases as Moodle XML
    cases new ID [--dir cases] [--type TYPE|all]
                                 start a new case file from a commented template, with one
                                 example question of TYPE (default single_choice) or of every type
    cases schema                 print the JSON Schema path, for editor autocompletion

Exit status: 0 when everything passed, 1 when a case or a submission has a
problem, 2 for a wrong command line. Bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

import exercises

from . import gradebook, gradesheet, moodle, schema, templates
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
    grade.add_argument("--moodle-csv", type=Path, default=None, metavar="FILE",
                       help="另写一个 Moodle 成绩导入用的 CSV：每个学生一行，第一列学号，每个案例一列（得分）")
    grade.add_argument("--report", type=Path, default=None, metavar="DIR",
                       help="另在这个文件夹里写班级报告（index.html：得分分布、各选项的选择比例、文字题缺少的要点、"
                            "需要人工复核的作答、有问题的文件）和每位学生一页的反馈（students/学号.html），可直接用浏览器打开、打印")

    export = commands.add_parser("moodle", help="把案例的客观题（单选、多选、数值、排序、分类）导出为 Moodle XML 题库文件")
    export.add_argument("targets", nargs="+", metavar="CASE", help="案例 id（在 --cases 文件夹里找）或案例文件（.yaml）")
    export.add_argument("--cases", type=Path, default=Path("cases"), help="按 id 查找案例的文件夹（默认 cases/）")
    export.add_argument("-o", "--out", type=Path, default=None, help="XML 输出文件（默认打印到屏幕）")

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
            return _grade(args.submissions, args.cases, args.out, args.details, args.moodle_csv, report=args.report)
        if args.command == "moodle":
            return _moodle(args.targets, args.cases, args.out)
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


def _grade(submissions: list[Path], cases_dir: Path, out: Path | None, details: Path | None = None,
           moodle_csv: Path | None = None, *, report: Path | None = None) -> int:
    """Grade every file (:mod:`.gradebook`), print each flag as a line naming the file, write the sheets
    (:mod:`.gradesheet`) and, with `report`, the class report and the students' pages (:mod:`.report`)."""
    batch = gradebook.grade_batch(submissions, load_cases(cases_dir))
    for flag in batch.flags:
        print(flag, file=sys.stderr)
    rows = gradesheet.grade_rows(batch)
    gradesheet.write_csv(out, gradesheet.grade_columns(batch), rows)
    if out:
        print(f"已写出 {len(rows)} 份答卷的成绩：{out}")
    if details:
        detail_rows = gradesheet.detail_rows(batch)
        gradesheet.write_csv(details, gradesheet.DETAIL_COLUMNS, detail_rows)
        print(f"已写出逐题明细（{len(detail_rows)} 行）：{details}")
    if report:
        from . import report as class_report  # imports the chart library only when a report is asked for

        written = class_report.write_report(batch, report)
        print(f"已写出班级报告和 {written.students} 位学生的反馈页：{written.index}")
    if moodle_csv:
        _moodle_grades(moodle_csv, rows, batch.cases)
    print(_summary(batch), file=sys.stderr if batch.problems else sys.stdout)
    return 1 if batch.problems else 0


def _moodle_grades(path: Path, rows: list[dict[str, Any]], cases: list[Case]) -> None:
    table = moodle.moodle_grades(rows, cases)
    moodle.write_grade_csv(path, table)
    for line in table.left_out:
        print(f"Moodle 成绩表：{line}", file=sys.stderr)
    maxima = "，".join(f"{case_id} {points} 分" for case_id, points in table.maxima.items())
    print(f"已写出 Moodle 成绩表（{len(table.rows)} 名学生，{len(table.maxima)} 个案例）：{path}")
    if maxima:
        print(f"在 Moodle 里每个案例对应的成绩项满分应为：{maxima}")


def _moodle(targets: list[str], cases_dir: Path, out: Path | None) -> int:
    try:
        chosen = moodle.chosen_cases(targets, cases_dir)
    except moodle.UnknownCase as exc:
        print(exc, file=sys.stderr)
        return 2
    export = moodle.export_quiz(chosen)
    for skipped in export.skipped:
        print(f"跳过 {skipped}", file=sys.stderr)
    for note in export.notes:
        print(f"提醒：{note}", file=sys.stderr)
    if out:
        out.write_text(export.xml, encoding="utf-8")
        print(f"已写出 {export.cases} 个案例的 {export.questions} 道题（另有 {len(export.skipped)} 道不能导出）：{out}")
    else:
        sys.stdout.write(export.xml)
    return 0


def _summary(batch: gradebook.Batch) -> str:
    """One line: how many files, how many without any problem, how many with problems or only notes."""
    troubled = sum(1 for s in batch.submissions if s.problems)
    noted = sum(1 for s in batch.submissions if s.flags and not s.problems)
    line = f"共 {len(batch.submissions)} 份文件：{len(batch.submissions) - troubled - noted} 份没有问题"
    line += f"，{noted} 份只有提醒" if noted else ""
    return line + (f"，{troubled} 份有问题（见上面各行）" if troubled else "") + "。"


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

"""Load and validate case files: the one loader behind `cases check`, the site and batch grading.

A case goes through four gates, and every problem found is reported with the
file, the line, the field and a way to fix it:

1. the bytes are UTF-8 and the text is YAML (safe loader, duplicate keys refused);
2. the content matches ``case.schema.json``;
3. cross-references hold (ids unique, lines/options/categories exist, table
   rows as wide as their columns, points add up) — each question type's own
   ``validate`` from :mod:`exercises` does the type-specific part;
4. the file name matches the case id, so URLs and ids cannot drift apart.

>>> # load_cases(Path("cases")) -> [Case(id="b1-phone-drops", ...), ...]
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import exercises

from . import schema
from .yamlload import LineDict, YamlError, line_of, load_text, plain

CASE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CaseError:
    """One problem in one case file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}\n    {self.message}" if self.field else f"{where}:\n    {self.message}"


class CaseErrors(Exception):
    """Every problem found in a set of case files; str() is the full report."""

    def __init__(self, errors: list[CaseError]) -> None:
        self.errors = errors
        count = len(errors)
        files = len({e.file for e in errors})
        body = "\n".join(str(e) for e in errors)
        super().__init__(f"案例文件有 {count} 处错误（{files} 个文件）：\n{body}")


@dataclass(frozen=True)
class Case:
    """A validated case, ready for grading, rendering and checking."""

    id: str
    path: Path
    data: dict[str, Any] = field(repr=False)
    content_hash: str = ""
    source: LineDict | None = field(default=None, repr=False, compare=False)

    @property
    def questions(self) -> list[dict[str, Any]]:
        return self.data["questions"]

    def line_of(self, path: tuple) -> int:
        """The line in the YAML file where `path` was written."""
        return line_of(self.source, path) if self.source is not None else 0


def field_name(path: tuple, data: Any = None) -> str:
    """`questions[2].options[0].id`, with the question id added when known: `questions[2]（q3）…`."""
    text = ""
    node = data
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            if text.startswith("questions[") and text.count("[") == 1 and isinstance(node, dict):
                if isinstance(node.get("id"), str):
                    text += f"（题目 {node['id']}）"
        else:
            text += ("." if text else "") + str(step)
            node = node.get(step) if isinstance(node, dict) else None
    return text


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_case(path: Path) -> Case:
    """One case file, validated; raises :class:`CaseErrors` listing every problem in it."""
    name = _display(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseErrors([CaseError(name, line, "", "文件不是 UTF-8 编码。请在编辑器里把文件另存为 UTF-8。")]) from None
    try:
        source = load_text(text, name)
    except YamlError as exc:
        raise CaseErrors([CaseError(name, exc.line, "", exc.message)]) from None
    if not isinstance(source, dict):
        raise CaseErrors([CaseError(name, 1, "", "案例文件的最外层应是「字段: 值」形式（id: …、title: …）。")])

    errors: list[CaseError] = []

    def report(path_: tuple, message: str) -> None:
        errors.append(CaseError(name, line_of(source, path_), field_name(path_, source), message))

    for issue in schema.check(source):
        report(issue.path, issue.message)
    if errors:
        raise CaseErrors(errors)

    data = plain(source)
    _fill_defaults(data)
    for path_, message in _cross_check(data, path.stem):
        report(path_, message)
    if errors:
        raise CaseErrors(errors)
    return Case(id=data["id"], path=path, data=data, content_hash=hashlib.sha256(raw).hexdigest()[:12], source=source)


def _fill_defaults(data: dict[str, Any]) -> None:
    """Make each question self-contained for the grader (annotate needs the transcript's line ids)."""
    line_ids = [line["id"] for line in data.get("transcript", [])]
    for question in data["questions"]:
        if question["type"] == "annotate" and "selectable" not in question:
            question["selectable"] = list(line_ids)


def _cross_check(data: dict[str, Any], stem: str) -> Iterable[tuple[tuple, str]]:
    if data["id"] != stem:
        yield ("id",), f"案例 id「{data['id']}」与文件名「{stem}」不一致；请把文件改名为 {data['id']}.yaml，或把 id 改成 {stem}。"
    line_ids: dict[str, int] = {}
    for index, line in enumerate(data.get("transcript", [])):
        if line["id"] in line_ids:
            yield ("transcript", index, "id"), f"对话行 id「{line['id']}」重复（第 {line_ids[line['id']] + 1} 行已用过）。"
        line_ids.setdefault(line["id"], index)
    for index, table in enumerate(data.get("tables", [])):
        for row_index, row in enumerate(table["rows"]):
            if len(row) != len(table["columns"]):
                yield (("tables", index, "rows", row_index),
                       f"这一行有 {len(row)} 格，但表头有 {len(table['columns'])} 列；请补齐或删减。")
    question_ids: dict[str, int] = {}
    for index, question in enumerate(data["questions"]):
        here = ("questions", index)
        if question["id"] in question_ids:
            yield here + ("id",), f"题目 id「{question['id']}」重复（第 {question_ids[question['id']] + 1} 题已用过）。"
        question_ids.setdefault(question["id"], index)
        if question["type"] == "annotate":
            for n, line in enumerate(question["selectable"]):
                if line not in line_ids:
                    yield here + ("selectable", n), f"「{line}」不是 transcript 里的对话行 id。"
        for problem in exercises.validate_question(question):
            yield here + tuple(problem.path), problem.message
        if question["type"] == "text" and len(question.get("samples", [])) < 8:
            yield (here + ("samples",),
                   f"文字作答题至少要有 8 个人工评分的样例答案（现在 {len(question.get('samples', []))} 个），"
                   "覆盖好、中、差、否定、堆砌关键词、离题等情况，CI 用它们检验判分。")


def case_paths(targets: Iterable[Path]) -> list[Path]:
    """The case files named by `targets` (files, or folders searched for *.yaml)."""
    paths: list[Path] = []
    for target in targets:
        if target.is_dir():
            paths.extend(sorted(p for p in target.iterdir() if p.suffix in CASE_SUFFIXES and p.is_file()))
        else:
            paths.append(target)
    return paths


def load_cases(cases_dir: Path | Iterable[Path]) -> list[Case]:
    """Every case under `cases_dir` (or the given files), sorted by id; all problems reported at once."""
    targets = [cases_dir] if isinstance(cases_dir, Path) else list(cases_dir)
    cases: list[Case] = []
    errors: list[CaseError] = []
    for path in case_paths(targets):
        if not path.exists():
            errors.append(CaseError(_display(path), 0, "", "找不到这个文件。"))
            continue
        try:
            cases.append(load_case(path))
        except CaseErrors as exc:
            errors.extend(exc.errors)
    seen: dict[str, Case] = {}
    for case in cases:
        if case.id in seen:
            errors.append(CaseError(_display(case.path), case.line_of(("id",)), "id",
                                    f"案例 id「{case.id}」与 {_display(seen[case.id].path)} 重复。"))
        seen[case.id] = case
    if errors:
        raise CaseErrors(errors)
    return sorted(cases, key=lambda c: c.id)

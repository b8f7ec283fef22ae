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
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Iterable

import exercises

from . import schema
from .yamlload import LineDict, YamlError, line_of, load_text, plain

CASE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CaseError:
    """One problem at one place of a case file (or of another course file: course_pages reports the same way)."""

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
        """The line in the YAML file where `path` was written (0 if the file has changed since)."""
        source = self.source if self.source is not None else _reread(self.path, self.content_hash)
        return line_of(source, path) if source is not None else 0


@lru_cache(maxsize=8)
def _reread(path: Path, content_hash: str) -> LineDict | None:
    """The line-numbered tree of a case loaded by a helper process (which sends back data only:
    the line maps would double what crosses between processes, and only messages need them)."""
    try:
        raw = path.read_bytes()
        if _content_hash(raw) != content_hash:
            return None
        return load_text(raw.decode("utf-8-sig"), str(path))
    except (OSError, UnicodeDecodeError, YamlError):
        return None


def _content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:12]


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
    return Case(id=data["id"], path=path, data=data, content_hash=_content_hash(raw), source=source)


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


PARALLEL_FROM = 60
"""From this many files on, a helper process loads half of them (loading is ~6 ms a file, and the
helper costs some to start and to send its cases back)."""


def load_cases(cases_dir: Path | Iterable[Path]) -> list[Case]:
    """Every case under `cases_dir` (or the given files), sorted by id; all problems reported at once."""
    targets = [cases_dir] if isinstance(cases_dir, Path) else list(cases_dir)
    cases: list[Case] = []
    errors: list[CaseError] = []
    paths = case_paths(targets)
    for loaded in _load_files_shared(paths):
        if isinstance(loaded, Case):
            cases.append(loaded)
        else:
            errors.extend(loaded)
    seen: dict[str, Case] = {}
    for case in cases:
        if case.id in seen:
            errors.append(CaseError(_display(case.path), case.line_of(("id",)), "id",
                                    f"案例 id「{case.id}」与 {_display(seen[case.id].path)} 重复。"))
        seen[case.id] = case
    if errors:
        raise CaseErrors(errors)
    return sorted(cases, key=lambda c: c.id)


def _may_fork() -> bool:
    """Two cores or more, ``fork`` available, and no thread but this one."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2 and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


Loaded = Case | list[CaseError]
"""What loading one file gives: the case, or everything wrong with it."""


def _load_files(paths: list[Path], *, keep_lines: bool = True) -> list[Loaded]:
    results: list[Loaded] = []
    for path in paths:
        if not path.exists():
            results.append([CaseError(_display(path), 0, "", "找不到这个文件。")])
            continue
        try:
            case = load_case(path)
        except CaseErrors as exc:
            results.append(exc.errors)
            continue
        results.append(case if keep_lines else replace(case, source=None))
    return results


def _load_files_shared(paths: list[Path]) -> list[Loaded]:
    """:func:`_load_files`, with a forked helper process taking half of the files when that is faster.

    Forked, not spawned: a fresh interpreter would re-import the build (a second's start) and
    re-run the program's ``__main__``. Forking is safe only with no other thread running, so
    with one (``mkdocs serve``'s server) this process loads everything itself, as it does with
    one core, without ``fork`` or on any trouble with the helper.
    """
    if len(paths) < PARALLEL_FROM or not _may_fork():
        return _load_files(paths)
    mine, theirs = paths[: len(paths) // 2], paths[len(paths) // 2 :]
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        future = pool.submit(partial(_load_files, keep_lines=False), theirs)
    except (OSError, RuntimeError):
        return _load_files(paths)
    with pool:
        first = _load_files(mine)
        try:
            rest = future.result()
        except (OSError, RuntimeError, BrokenProcessPool):
            rest = _load_files(theirs)
    return first + rest

"""A throw-away copy of the project with N cases, for timing ``mkdocs build`` against case count.

Why copies of the shipped cases rather than synthetic ones: the build time that matters
is the time for cases like the real ones (transcripts, tables, seven question types,
samples and near-misses to prove). The shipped cases keep their ids, because the
chapters link to them and a strict build fails on a dangling link; the rest are the
shipped files in turn, with only the top-level ``id`` and ``title`` lines rewritten, so
every copy validates exactly as its original does. A project smaller than the shipped set
keeps the first cases by file name and drops the chapters' list lines that link to the others.

Everything happens under a temporary folder: the repository's ``cases/`` is only read.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Project", "copy_case", "drop_case_links", "generate_cases", "make_project"]

_ID_LINE = re.compile(r"^id:[ \t]*\S.*$", re.MULTILINE)
_TITLE_LINE = re.compile(r"^title:[ \t]*\S.*$", re.MULTILINE)
PROJECT_FILES = ("mkdocs.yml",)
PROJECT_DIRS = ("docs", "course")
"""Copied when present: the chapters, and the glossary and references they link to."""


@dataclass(frozen=True)
class Project:
    """A copy of the site's sources: mkdocs.yml, docs/, course/ and a cases/ folder of `cases` files."""

    root: Path
    cases: int

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"


def copy_case(text: str, case_id: str, title: str) -> str:
    """The case file `text` with its top-level id and title replaced (everything else kept, line for line)."""
    text, ids = _ID_LINE.subn(f"id: {case_id}", text, count=1)
    text, titles = _TITLE_LINE.subn(f"title: {_yaml_scalar(title)}", text, count=1)
    if ids != 1 or titles != 1:
        raise ValueError("案例文件的第一层没有 `id:` 或 `title:` 行，无法复制。")
    return text


def generate_cases(shipped: list[Path], count: int, target: Path) -> list[Path]:
    """Write `count` case files into `target`: the shipped ones first, then numbered copies of them in turn."""
    if not shipped:
        raise ValueError("没有可复制的案例文件。")
    target.mkdir(parents=True, exist_ok=True)
    sources = sorted(shipped)
    written = []
    for index in range(count):
        source = sources[index % len(sources)]
        if index < len(sources):
            out = target / source.name
            shutil.copyfile(source, out)
        else:
            case_id = f"gen{index:04d}-{source.stem}"
            text = source.read_text(encoding="utf-8")
            title = f"{_title_of(text)}（生成副本 {index}）"
            out = target / f"{case_id}.yaml"
            out.write_text(copy_case(text, case_id, title), encoding="utf-8")
        written.append(out)
    return written


def make_project(repo: Path, count: int, where: Path) -> Project:
    """A buildable copy of `repo`'s site sources under `where`, with `count` cases made from `repo/cases`."""
    root = where / f"project-{count}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copyfile(repo / name, root / name)
    for name in PROJECT_DIRS:
        if (repo / name).is_dir():
            shutil.copytree(repo / name, root / name)
    shipped = sorted(p for p in (repo / "cases").iterdir() if p.suffix in (".yaml", ".yml"))
    generate_cases(shipped, count, root / "cases")
    left_out = [p.stem for p in shipped[count:]]
    for page in (root / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        pruned = drop_case_links(text, left_out)
        if pruned != text:
            page.write_text(pruned, encoding="utf-8")
    return Project(root=root, cases=count)


def drop_case_links(markdown: str, case_ids: list[str]) -> str:
    """`markdown` without the list lines that link to one of `case_ids`, and with other links to them
    reduced to their text.

    Why: a project with fewer cases than the repository ships (the 10-case build once there
    are more than 10) leaves some cases out, and a chapter's 「相关案例」 line or a mention in its
    text pointing at one of them would fail the strict build the benchmark times.
    """
    if not case_ids:
        return markdown
    ids = "|".join(map(re.escape, case_ids))
    link = re.compile(r"\]\(\.\./cases/(?:" + ids + r")\.md[)#]")
    inline = re.compile(r"\[([^\]]*)\]\(\.\./cases/(?:" + ids + r")\.md(?:#[^)]*)?\)")
    return "".join(inline.sub(r"\1", line) for line in markdown.splitlines(keepends=True)
                   if not (line.lstrip().startswith("- ") and link.search(line)))


def _title_of(text: str) -> str:
    match = _TITLE_LINE.search(text)
    if match is None:
        raise ValueError("案例文件没有第一层的 `title:` 行。")
    value = match.group(0).split(":", 1)[1].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


def _yaml_scalar(text: str) -> str:
    """`text` as a double-quoted YAML scalar (safe whatever punctuation a title holds)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

"""Turn loaded cases into the site's generated pages: Markdown where MkDocs should check the
links (index, chapter lists, a case's header and 「接下来」), HTML from autoescaped Jinja2
templates (``templates/``) for the case root.

Pure functions over :class:`build_tools.cases.load.Case` objects; nothing here imports
MkDocs, so the pages can be produced and tested without a build.

Three kinds of output:

* :func:`case_page` — one page per case: narrative, the dialogue with speaker and line
  number, the data tables and every question with its prompt and choices, readable
  without JavaScript (the DOM skeleton is the one in the team contract; the browser
  runtime mounts the interactive widgets into it), and its version for the print edition
  (:meth:`CasePage.print_html`: no widgets, no navigation);
* :func:`case_index` — the case index, grouped by chapter, with tags and question types;
* :func:`with_chapter_cases` — a chapter with one list of its cases: its own 「相关案例」 list,
  completed, or else the generated 「本章案例」 list (:func:`chapter_cases`).

Case text is never trusted: plain-text fields are HTML-escaped, Markdown fields go
through :func:`build_tools.cases.markdown.render` (raw HTML off), and everything a case
contributes to a Python-Markdown page is *shielded* (see :func:`shield`), so Markdown
extensions such as ``attr_list`` cannot reinterpret it. Answer keys, feedback and
explanations are never written into a page: they would be visible in the source and
indexed by search; the browser gets them from the per-case JSON.

>>> CHAPTER_BY_SLUG["quality"].title
'服务质量'
>>> md_text("1*2 <b>")
'1&#42;2 &lt;b&gt;'
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

import exercises
from exercises.common import number
from exercises.views import ListKind

from ..cases.markdown import render
from .payload import PATH_ATTRS, case_root_attrs

if TYPE_CHECKING:  # the loader is only needed for its type
    from ..cases.load import Case

__all__ = [
    "CHAPTERS",
    "CasePage",
    "ROOT_MARKER",
    "CHAPTER_BY_SLUG",
    "Chapter",
    "TocEntry",
    "case_page",
    "case_toc",
    "next_steps",
    "case_index",
    "chapter_cases",
    "with_chapter_cases",
    "case_points",
    "question_max",
    "type_label",
    "page_relative_attrs",
    "md_text",
    "shield",
]


@dataclass(frozen=True)
class Chapter:
    """A chapter of the course, as case files name it (`slug`) and as readers see it."""

    slug: str
    number: int
    title: str

    @property
    def src(self) -> str:
        """The chapter's Markdown file, relative to docs/."""
        return f"chapters/{self.slug}.md"

    @property
    def label(self) -> str:
        """「第1章 服务失误与服务补救」: how the chapter is named in links."""
        return f"第{self.number}章 {self.title}"


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("recovery", 1, "服务失误与服务补救"),
    Chapter("complaints", 2, "顾客抱怨行为"),
    Chapter("encounters", 3, "服务接触"),
    Chapter("quality", 4, "服务质量"),
    Chapter("communication", 5, "客户服务沟通与投诉处理"),
)
"""The five chapters in course order (slugs and URLs are fixed by the team contract)."""

CHAPTER_BY_SLUG: dict[str, Chapter] = {chapter.slug: chapter for chapter in CHAPTERS}


TocEntry = dict[str, Any]
"""One table-of-contents entry in the shape of Python-Markdown's ``toc_tokens``."""

_SHIELDED = {"`": "&#96;", "~": "&#126;", "{": "&#123;", "}": "&#125;", "\\": "&#92;"}
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>&~^=:$%@\"'")


# --------------------------------------------------------------------------- case page


ROOT_MARKER = "<!-- course_cases:case-root -->"
"""Where a case page's Markdown leaves room for its case root (:attr:`CasePage.root_html`)."""


@dataclass(frozen=True)
class CasePage:
    """A case page in two parts: the Markdown MkDocs renders (title, meta, :data:`ROOT_MARKER`,
    next steps, sources) and the case root, HTML already, put in after Markdown (:meth:`fill`).
    `print_root_html` is the root as the print edition shows it (:meth:`print_html`).

    Why the root skips Markdown: it is the bulk of the page and all HTML, and Python-Markdown
    (with ``md_in_html``) would re-parse every tag of it only to pass it through; skipping that
    is about a sixth of a large build. It also keeps Markdown's preprocessors away from case text.
    """

    markdown: str
    root_html: str
    print_root_html: str = ""

    def fill(self, page_html: str) -> str:
        """The rendered page with the case root in place of the marker (exactly one)."""
        _check_marker(page_html)
        return page_html.replace(ROOT_MARKER, self.root_html, 1)

    def print_html(self, page_html: str) -> str:
        """The rendered page (marker still in it) as the print edition shows it.

        In place of the marker, the case root without its interactive half (no ``data-case``, so
        the runtime mounts nothing; no status, toolbar or widget slots): the narrative, dialogue,
        tables and every question with the view a reader without JavaScript gets, which never holds
        a key. 「接下来」, which :func:`case_page` puts right after the root, is navigation and is
        left out; the sources stay.
        """
        _check_marker(page_html)
        head, _, tail = page_html.partition(ROOT_MARKER)
        source = _SOURCE_HEADING.search(tail)
        return head + self.print_root_html + (tail[source.start():] if source else "")


_SOURCE_HEADING = re.compile(r'<h2\b[^>]*\bid="source"')
"""The rendered heading of a case page's 「案例来源」 (``{#source}`` in :func:`case_page`)."""


def _check_marker(page_html: str) -> None:
    if page_html.count(ROOT_MARKER) != 1:
        raise ValueError(f"页面里应恰好有一处 {ROOT_MARKER}，现在有 {page_html.count(ROOT_MARKER)} 处。")


def case_page(case: Case, *, root_attrs: Mapping[str, str] | None = None, site_root: str = "../../",
              next_steps: str = "") -> CasePage:
    """A case's page (``cases/<id>.md``): its Markdown and its case root.

    `root_attrs` are the ``data-*`` attributes of the case root, the page's half of the DOM
    contract, defined once in :func:`build_tools.site.payload.case_root_attrs` (used when none
    are given); values of :data:`PATH_ATTRS` are site-root-relative and get `site_root` (the
    page's way back to the site root) in front. `next_steps` (:func:`next_steps`) comes after the
    questions, before the sources.
    """
    data = case.data
    if root_attrs is None:
        root_attrs = case_root_attrs(case)
    attrs = page_relative_attrs(root_attrs, site_root)
    parts = [
        _front_matter(data["title"]),
        f"# {md_text(data['title'])}",
        _case_meta(data),
        ROOT_MARKER,
    ]
    if next_steps:
        parts.append(next_steps)
    if data.get("source"):
        parts.append("## 案例来源 {#source}")
        parts.append(shield(render(data["source"])).strip())
    context = _case_root_context(data)  # its Markdown rendered once, for both roots
    return CasePage("\n\n".join(parts) + "\n", _case_root(context, attrs), _case_root(context, {}, interactive=False))


def _front_matter(title: str) -> str:
    """The page title, HTML-escaped, as front matter.

    Without it MkDocs takes the title from the h1 as *plain* text, and Material prints it
    in ``<title>`` through ``striptags``, which un-escapes entities: a case titled
    ``</title><script>…`` would run. Material prints ``page.meta.title`` as is, so an
    escaped title shows correctly there, in the nav and in the header.
    """
    escaped = html.escape(" ".join(str(title).split()), quote=True)
    return f"---\ntitle: {json.dumps(escaped, ensure_ascii=False)}\n---"


def case_toc(case: Case) -> list[TocEntry]:
    """The page's table of contents; the headings live in raw HTML, which Markdown's toc skips."""
    data = case.data
    entries: list[TocEntry] = [_toc(2, "narrative", "案例背景")]
    if data.get("transcript"):
        entries.append(_toc(2, "transcript", "对话记录"))
    if data.get("tables"):
        entries.append(_toc(2, "data", "数据"))
    questions = _toc(2, "questions", "练习")
    questions["children"] = [
        _toc(3, f"q-{question['id']}", html.escape(_question_heading(number, question), quote=False))
        for number, question in enumerate(data["questions"], start=1)
    ]
    entries.append(questions)
    entries.append(_toc(2, "next", "接下来"))
    if data.get("source"):
        entries.append(_toc(2, "source", "案例来源"))
    return entries


def next_steps(case: Case, cases: Sequence[Case]) -> str:
    """「接下来」 after a case's last question: the next case of its main chapter (in the order the chapter
    lists them), the way back to that chapter, and the case index."""
    chapter = CHAPTER_BY_SLUG[case.data["chapters"][0]]
    order = [other.id for other in _main_first(chapter.slug, cases)]
    # Navigation, not content, so out of search: else searching a case's title also finds the case before it.
    lines = ["## 接下来 {#next data-search-exclude}", ""]
    at = order.index(case.id) if case.id in order else len(order)
    if at + 1 < len(order):
        following = next(other for other in cases if other.id == order[at + 1])
        lines.append(f"- 下一个案例：[{md_text(following.data['title'])}]({following.id}.md)")
    else:
        lines.append(f"- 这是第 {chapter.number} 章的最后一个案例。")
    lines.append(f"- 回到本章：[第 {chapter.number} 章 {md_text(chapter.title)}](../{chapter.src})")
    lines.append("- [全部案例](index.md)")
    return "\n".join(lines)


def page_relative_attrs(attrs: Mapping[str, str], site_root: str) -> dict[str, str]:
    """`attrs` with site-root-relative paths in :data:`PATH_ATTRS` rewritten for one page.

    >>> page_relative_attrs({"data-checker": "assets/c.zip", "data-pyodide": "https://cdn/x/"}, "../../")
    {'data-checker': '../../assets/c.zip', 'data-pyodide': 'https://cdn/x/'}
    """
    result = {}
    for name, value in dict(attrs).items():
        value = str(value)
        if name in PATH_ATTRS and "://" not in value and not value.startswith("/"):
            value = site_root + value
        result[name] = value
    return result


def question_max(question: Mapping[str, Any]) -> int | float:
    """A question's full marks, from the grader's own definition (:func:`exercises.max_points`),
    so the page can never disagree with the score a student gets."""
    return number(exercises.max_points(dict(question)))


def case_points(questions: Sequence[Mapping[str, Any]]) -> int | float:
    """A case's full marks: the sum of its questions' (:func:`question_max`)."""
    return sum(question_max(q) for q in questions)


def type_label(question_type: str) -> str:
    """The Chinese name of a question type (「对话标注」)."""
    return exercises.type_label(question_type)


def _case_meta(data: Mapping[str, Any]) -> str:
    """Chapters (linked), tags and a one-line summary of the exercises, as Markdown."""
    chapters = [CHAPTER_BY_SLUG[slug] for slug in data["chapters"]]
    links = "、".join(f"[{md_text(ch.label)}](../{ch.src})" for ch in chapters)
    questions = data["questions"]
    total = case_points(questions)
    types = "、".join(type_label(t) for t in _unique(q["type"] for q in questions))
    lines = [
        f"{md_text(data['summary'])}",
        "",
        f"**所属章节**：{links}  ",
    ]
    if data.get("tags"):
        lines.append(f"**标签**：{' · '.join(md_text(tag) for tag in data['tags'])}  ")
    lines.append(f"**练习**：{len(questions)} 题，共 {_num(total)} 分（{types}）")
    return "\n".join(lines)


def _case_root(context: Mapping[str, Any], attrs: Mapping[str, str], *, interactive: bool = True) -> str:
    """The case root element, as HTML (it never goes through Markdown: :class:`CasePage`), from
    :func:`_case_root_context`. Not `interactive`: the print edition's (:meth:`CasePage.print_html`)."""
    return _template("case_root.html").render(attrs=attrs, interactive=interactive, **context)


def _case_root_context(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the ``case_root.html`` template shows of a case.

    The template autoescapes: every case value is text unless marked :class:`markupsafe.Markup`
    here, which only the safe Markdown renderer's output is.
    """
    transcript = data.get("transcript") or []
    return dict(
        narrative_html=Markup(render(data["narrative"])),
        transcript=transcript,
        speaker_width=f"{min(max((len(str(line['speaker'])) for line in transcript), default=0), 6) + 0.4:g}",
        tables=[{**table, "note_html": Markup(render(table["note"])) if table.get("note") else ""}
                for table in data.get("tables") or []],
        questions=[
            {"id": question["id"], "type": question["type"], "points": _num(question_max(question)),
             "heading": _question_heading(number, question), "prompt_html": Markup(render(question["prompt"])),
             "static_view": exercises.static_view(dict(question))}
            for number, question in enumerate(data["questions"], start=1)
        ],
    )


def _question_heading(number: int, question: Mapping[str, Any]) -> str:
    """「第 1 题 · 逐句找错（对话标注，16 分）」, or without a title 「第 2 题 · 单选（2 分）」."""
    label, points = type_label(question["type"]), _num(question_max(question))
    if question.get("title"):
        return f"第 {number} 题 · {question['title']}（{label}，{points} 分）"
    return f"第 {number} 题 · {label}（{points} 分）"


def question_fallback(question: Mapping[str, Any]) -> str:
    """What a reader without JavaScript sees: the type's own :func:`exercises.static_view`, never the key.

    Labels are plain text, not Markdown: the widgets that replace this view set them with
    ``textContent``, and a label must read the same with and without JavaScript.
    """
    macro = _template("static_view.html").module.static_view  # type: ignore[attr-defined]
    return str(macro(exercises.static_view(dict(question))))


TEMPLATES = Path(__file__).parent / "templates"
"""Jinja2 templates of the HTML this module writes (autoescaped)."""


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    environment.globals["LIST_CLASSES"] = {ListKind.OPTIONS.value: "case-options", ListKind.ITEMS.value: "case-items",
                                           ListKind.CATEGORIES.value: "case-categories", ListKind.TAGS.value: "case-tags"}
    return environment


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


# --------------------------------------------------------------------------- index + chapters


INDEX_INTRO = ("每个案例都有完整的案情、对话或数据，练习在浏览器里作答、即时判分并给出逐项反馈；"
               "答案只保存在你自己的浏览器里，可以导出后交给老师。")
"""What the case index says about answering, on a practice site."""
INDEX_INTRO_ASSESSMENT = ("每个案例都有完整的案情、对话或数据，练习在浏览器里作答；这是测验版，作答后只显示「已保存」，"
                          "不显示得分和解析。答案只保存在你自己的浏览器里，做完后在案例页上点「提交作业」，把答案文件交给老师。")
"""What the case index says about answering, on an assessment site."""


def case_index(cases: Sequence[Case], *, assessment: bool = False) -> str:
    """The Markdown of ``cases/index.md``: every case once, as a card under its main chapter.

    A case that touches several chapters is a card only under its main (first) chapter and a
    one-line link under the others, so that the page stays short on a phone however many
    chapters each case names; a jump list at the top leads to each chapter's section.
    """
    total = sum(len(case.data["questions"]) for case in cases)
    parts = [
        "# 案例",
        f"共 {len(cases)} 个案例、{total} 道练习。{INDEX_INTRO_ASSESSMENT if assessment else INDEX_INTRO}"
        "每个案例按它的主章节列出一次；一个案例常常还涉及别的章，列在那一章的「也涉及本章」里。",
        "按章节跳转：\n\n" + "\n".join(_jump_entry(chapter, cases) for chapter in CHAPTERS),
    ]
    for chapter in CHAPTERS:
        main, related = _main_and_related(chapter.slug, cases)
        parts.append(f"## {md_text(chapter.label)} {{#{chapter.slug}}}")
        parts.append(f"本章正文：[{md_text(chapter.label)}](../{chapter.src})")
        if not main and not related:
            parts.append("本章暂无案例。")
            continue
        if main:
            cards = "\n\n".join(_index_entry(case) for case in main)
            parts.append(f'<div class="grid cards case-index" markdown>\n\n{cards}\n\n</div>')
        if related:
            links = "\n".join(f"- [{md_text(case.data['title'])}]({case.id}.md)" for case in related)
            parts.append(f"也涉及本章（主章节在别处）：\n\n{links}")
    return "\n\n".join(parts) + "\n"


def _jump_entry(chapter: Chapter, cases: Sequence[Case]) -> str:
    """One line of the index's jump list: the chapter's section and how many cases it has."""
    main, related = _main_and_related(chapter.slug, cases)
    if not main and not related:
        return f"- [{md_text(chapter.label)}](#{chapter.slug})（暂无案例）"
    return f"- [{md_text(chapter.label)}](#{chapter.slug})（主章节 {len(main)} 个 · 也涉及 {len(related)} 个）"


def chapter_cases(chapter_slug: str, cases: Sequence[Case]) -> str:
    """The 「本章案例」 section appended to a chapter's Markdown (empty if none)."""
    chapter = CHAPTER_BY_SLUG[chapter_slug]
    in_chapter = _main_first(chapter_slug, cases)
    if not in_chapter:
        return ""
    lines = ["## 本章案例 {#chapter-cases}", "", "以下案例与本章有关（由案例文件自动生成）：", ""]
    lines.extend(_chapter_entry(case, chapter) for case in in_chapter)
    lines += ["", "全部案例见[案例索引](../cases/index.md)。"]
    return "\n".join(lines) + "\n"


CHAPTER_LIST_HEADING = "## 相关案例"
"""The heading of a chapter's own, annotated case list (each case with a question to read it by)."""


def with_chapter_cases(chapter_slug: str, cases: Sequence[Case], markdown: str) -> str:
    """A chapter's Markdown with one list of its cases.

    A chapter that has its own annotated list (:data:`CHAPTER_LIST_HEADING`) keeps it, and the
    cases it does not link yet (a case an instructor just added) are appended to that list; a
    chapter without one gets the generated 「本章案例」 section. Either way each case appears once.
    """
    if CHAPTER_LIST_HEADING not in markdown:
        extra = chapter_cases(chapter_slug, cases)
        return markdown.rstrip() + "\n\n" + extra if extra else markdown
    chapter = CHAPTER_BY_SLUG[chapter_slug]
    missing = [case for case in _main_first(chapter_slug, cases) if f"](../cases/{case.id}.md" not in markdown]
    if not missing:
        return markdown
    lines = markdown.split("\n")
    at = lines.index(CHAPTER_LIST_HEADING) + 1
    while at < len(lines) and not lines[at].startswith("- "):
        at += 1
    while at < len(lines) and lines[at].startswith(("- ", "  ")):
        at += 1
    lines[at:at] = [_chapter_entry(case, chapter) for case in missing]
    return "\n".join(lines)


def _main_first(chapter_slug: str, cases: Sequence[Case]) -> list[Case]:
    """The cases of a chapter: those whose main chapter it is first, then the related ones."""
    main, related = _main_and_related(chapter_slug, cases)
    return main + related


def _main_and_related(chapter_slug: str, cases: Sequence[Case]) -> tuple[list[Case], list[Case]]:
    """The cases whose main (first) chapter is `chapter_slug`, and those that only name it later."""
    main = [case for case in cases if case.data["chapters"][0] == chapter_slug]
    related = [case for case in cases if chapter_slug in case.data["chapters"][1:]]
    return main, related


def _index_entry(case: Case) -> str:
    """One case in the index, as a Material grid card: title link, summary, question types, tags."""
    data = case.data
    types = "、".join(type_label(t) for t in _unique(q["type"] for q in data["questions"]))
    lines = [
        f"-   **[{md_text(data['title'])}]({case.id}.md)**",
        "",
        "    ---",
        "",
        f"    {md_text(data['summary'])}",
        "",
        f"    题型：{types}（{len(data['questions'])} 题）  ",
    ]
    if data.get("tags"):
        lines.append("    标签：" + "、".join(md_text(tag) for tag in data["tags"]))
    return "\n".join(lines)


def _chapter_entry(case: Case, chapter: Chapter) -> str:
    """One case in a chapter's list."""
    data = case.data
    role = "" if data["chapters"][0] == chapter.slug else "（相关）"
    count = len(data["questions"])
    return f"- [{md_text(data['title'])}](../cases/{case.id}.md){role}：{md_text(data['summary'])}（{count} 道练习）"


# --------------------------------------------------------------------------- escaping


def md_text(text: Any) -> str:
    """Plain text made inert for Python-Markdown: markup characters become HTML entities.

    Entities, not backslashes: which characters a backslash escapes depends on the
    enabled extensions, while an entity is passed through by every one of them.
    """
    out = []
    for ch in str(text):
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch in _MD_SPECIAL:
            out.append(f"&#{ord(ch)};")
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def shield(html_text: str) -> str:
    """Safe HTML made inert for Python-Markdown before it is embedded in a page.

    Python-Markdown's preprocessors (fenced code) run before raw HTML is set aside, and
    tree processors (``attr_list``) may read text inside HTML: a case line such as
    ``{: onclick=…}`` must stay text. Encoding the few characters they key on as entities
    changes nothing a browser shows.

    >>> shield("<p>{: .x } `a`</p>")
    '<p>&#123;: .x &#125; &#96;a&#96;</p>'
    """
    return "".join(_SHIELDED.get(ch, ch) for ch in html_text)


def _toc(level: int, anchor: str, name: str) -> TocEntry:
    return {"level": level, "id": anchor, "name": name, "html": name, "data-toc-label": "", "children": []}


def _num(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


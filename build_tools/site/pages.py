"""Turn loaded cases into the Markdown of the site's generated pages.

Pure functions over :class:`build_tools.cases.load.Case` objects; nothing here imports
MkDocs, so the pages can be produced and tested without a build.

Three kinds of output:

* :func:`case_page` — one page per case: narrative, the dialogue with speaker and line
  number, the data tables and every question with its prompt and choices, readable
  without JavaScript (the DOM skeleton is the one in the team contract; the browser
  runtime mounts the interactive widgets into it);
* :func:`case_index` — the case index, grouped by chapter, with tags and question types;
* :func:`with_chapter_cases` — a chapter with one list of its cases: its own 「相关案例」 list,
  completed, or else the generated 「本章案例」 list (:func:`chapter_cases`).

Case text is never trusted: plain-text fields are HTML-escaped, Markdown fields go
through :func:`build_tools.site.markdown.render` (raw HTML off), and everything a case
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

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import exercises
from exercises.common import number
from exercises.views import Hint, ListKind, Listing

from .markdown import render
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

    Why the root skips Markdown: it is the bulk of the page and all HTML, and Python-Markdown
    (with ``md_in_html``) would re-parse every tag of it only to pass it through; skipping that
    is about a sixth of a large build. It also keeps Markdown's preprocessors away from case text.
    """

    markdown: str
    root_html: str

    def fill(self, page_html: str) -> str:
        """The rendered page with the case root in place of the marker (exactly one)."""
        if page_html.count(ROOT_MARKER) != 1:
            raise ValueError(f"页面里应恰好有一处 {ROOT_MARKER}，现在有 {page_html.count(ROOT_MARKER)} 处。")
        return page_html.replace(ROOT_MARKER, self.root_html, 1)


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
        parts.append("## 资料来源 {#source}")
        parts.append(shield(render(data["source"])).strip())
    return CasePage("\n\n".join(parts) + "\n", _case_root(data, attrs))


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
        entries.append(_toc(2, "source", "资料来源"))
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


def type_label(question_type: str) -> str:
    """The Chinese name of a question type (「对话标注」)."""
    return exercises.type_label(question_type)


def _case_meta(data: Mapping[str, Any]) -> str:
    """Chapters (linked), tags and a one-line summary of the exercises, as Markdown."""
    chapters = [CHAPTER_BY_SLUG[slug] for slug in data["chapters"]]
    links = "、".join(f"[{md_text(ch.label)}](../{ch.src})" for ch in chapters)
    questions = data["questions"]
    total = sum(question_max(q) for q in questions)
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


def _case_root(data: Mapping[str, Any], attrs: Mapping[str, str]) -> str:
    """The case root element, as HTML (it never goes through Markdown: :class:`CasePage`)."""
    body: list[str] = [
        f"<div class=\"case-root\"{_attrs(attrs)}>",
        # data-search-exclude: Material's search leaves these out, so a case's search snippet starts
        # with the case itself, not with 「正在加载判分引擎…」 or the no-script sentence
        '<p class="case-status" role="status" aria-live="polite" data-search-exclude>正在加载判分引擎…</p>',
        '<noscript><p class="case-noscript" data-search-exclude>本页的练习需要启用 JavaScript 才能作答和即时判分；'
        "题目内容照样列在下面，可以先读题。</p></noscript>",
        '<div class="case-toolbar"></div>',
        '<h2 id="narrative">案例背景</h2>',
        f'<div class="case-narrative">{render(data["narrative"])}</div>',
    ]
    if data.get("transcript"):
        body.append('<h2 id="transcript">对话记录</h2>')
        body.append(_transcript(data["transcript"]))
    if data.get("tables"):
        body.append('<h2 id="data">数据</h2>')
        body.extend(_table(table) for table in data["tables"])
    body.append('<h2 id="questions">练习</h2>')
    body.extend(
        _question(number, question)
        for number, question in enumerate(data["questions"], start=1)
    )
    body.append("</div>")
    return "\n".join(body)


def _transcript(lines: Sequence[Mapping[str, Any]]) -> str:
    """The dialogue as an ordered list: line id, speaker and text on each line."""
    items = []
    for line in lines:
        line_id, speaker = _e(line["id"]), _e(line["speaker"])
        items.append(
            f'<li class="case-line" id="line-{line_id}" data-line="{line_id}" data-speaker="{speaker}">'
            f'<span class="case-line-id">{line_id}</span> '
            f'<span class="case-speaker">{speaker}</span> '
            f'<span class="case-line-text">{_e(line["text"])}</span></li>'
        )
    # the speaker column is as wide as the longest speaker name (in em, capped), so the text lines up
    width = min(max(len(str(line["speaker"])) for line in lines), 6) + 0.4
    return f'<ol class="case-transcript" style="--case-speaker-width: {width:g}em">\n' + "\n".join(items) + "\n</ol>"


def _table(table: Mapping[str, Any]) -> str:
    """A data table with its title as caption and its note below."""
    head = "".join(f"<th scope=\"col\">{_e(col)}</th>" for col in table["columns"])
    rows = []
    for row in table["rows"]:
        cells = [f'<th scope="row">{_e(row[0])}</th>'] + [f"<td>{_e(cell)}</td>" for cell in row[1:]]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    note = f'<div class="case-table-note">{render(table["note"])}</div>' if table.get("note") else ""
    return (
        f'<figure class="case-table-figure" id="table-{_e(table["id"])}">'
        f'<figcaption>{_e(table["title"])}</figcaption>'
        f'<div class="case-table-scroll"><table class="case-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f"{note}</figure>"
    )


def _question(number: int, question: Mapping[str, Any]) -> str:
    """One question: heading, prompt, the static choices, and the empty widget slot."""
    qid, qtype = _e(question["id"]), _e(question["type"])
    points = _num(question_max(question))
    return "\n".join(
        [
            f'<section class="case-question" id="q-{qid}" data-question="{qid}" '
            f'data-type="{qtype}" data-points="{points}">',
            f"<h3>{_e(_question_heading(number, question))}</h3>",
            f'<div class="case-prompt">{render(question["prompt"])}</div>',
            f'<div class="case-static">{question_fallback(question)}</div>',
            '<div class="case-widget"></div>',
            "</section>",
        ]
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
    return "".join(_static_block(block) for block in exercises.static_view(dict(question)))


_LIST_CLASSES = {ListKind.OPTIONS: "case-options", ListKind.ITEMS: "case-items",
                 ListKind.CATEGORIES: "case-categories", ListKind.TAGS: "case-tags"}


def _static_block(block: Hint | Listing) -> str:
    if isinstance(block, Hint):
        return f'<p class="case-hint">{_e(block.text)}</p>'
    if block.kind is ListKind.LINES:  # links to the lines of the dialogue above
        links = "、".join(f'<a href="#line-{_e(line)}">{_e(line)}</a>' for line, _text in block.entries)
        return f'<p class="case-hint case-lines">{links}</p>'
    attr = f"data-{block.kind.value}"
    items = []
    for entry_id, text in block.entries:
        shown_id = f'<span class="case-choice-id">{_e(entry_id)}</span> ' if block.ids_shown else ""
        items.append(f'<li {attr}="{_e(entry_id)}">{shown_id}{_e(text)}</li>')
    return f'<ul class="{_LIST_CLASSES[block.kind]}">{"".join(items)}</ul>'


# --------------------------------------------------------------------------- index + chapters


def case_index(cases: Sequence[Case]) -> str:
    """The Markdown of ``cases/index.md``: every case once, as a card under its main chapter.

    A case that touches several chapters is a card only under its main (first) chapter and a
    one-line link under the others, so that the page stays short on a phone however many
    chapters each case names; a jump list at the top leads to each chapter's section.
    """
    total = sum(len(case.data["questions"]) for case in cases)
    parts = [
        "# 案例",
        f"共 {len(cases)} 个案例、{total} 道练习。每个案例都有完整的案情、对话或数据，练习在浏览器里作答、"
        "即时判分并给出逐项反馈；答案只保存在你自己的浏览器里，可以导出后交给老师。"
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


def _e(value: Any) -> str:
    """HTML-escape a plain-text value (numbers too), for text and attribute values."""
    return html.escape(str(value), quote=True)


def _attrs(attrs: Mapping[str, str]) -> str:
    return "".join(f' {name}="{_e(value)}"' for name, value in attrs.items())


def _toc(level: int, anchor: str, name: str) -> TocEntry:
    return {"level": level, "id": anchor, "name": name, "html": name, "data-toc-label": "", "children": []}


def _num(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


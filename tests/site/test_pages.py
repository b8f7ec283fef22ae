"""build_tools.site.pages: case pages, index and chapter lists, without a build.

The generated Markdown goes through the site's real Python-Markdown configuration
(read from mkdocs.yml), so the tests see what a student's browser gets. A hostile case
proves that case text stays text: no script, no attribute injected by ``attr_list``,
no fenced block opened by backticks, no key or feedback leaked into the page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from build_tools.site import pages, payload

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class FakeCase:
    """Just what pages.py reads of a Case."""

    id: str
    data: dict[str, Any] = field(repr=False)
    content_hash: str = "0123456789ab"


HOSTILE = '<script>alert(1)</script> *x* {: onclick="alert(2)" } `code` ~~s~~'
ACTIVE_MARKUP = re.compile(r"<(?:script|img|iframe)\b|<[^>]*\son\w+\s*=", re.I)
"""A script/img tag, or an on* event attribute inside any tag (text such as &lt;img&gt; is fine)."""


def make_case(case_id: str = "t1-demo", chapters: list[str] | None = None, **overrides: Any) -> FakeCase:
    data = {
        "id": case_id,
        "title": "标题 " + HOSTILE,
        "summary": "简介 " + HOSTILE,
        "chapters": chapters or ["recovery", "quality"],
        "tags": ["标签<b>", "SERVQUAL"],
        "narrative": "案情第一段\n第二行\n\n<img src=x onerror=alert(3)>\n\n```\n{: onclick=x}\n```",
        "transcript": [
            {"id": "K1", "speaker": "客服", "text": "喂！" + HOSTILE},
            {"id": "C1", "speaker": "客户<i>", "text": "{: onclick=\"alert(4)\" }"},
        ],
        "tables": [{"id": "t", "title": "表 <b>", "columns": ["项", "值"], "rows": [["甲", 9], ["乙", "19%"]], "note": "注 *强调*"}],
        "questions": [
            {"id": "q1", "type": "single_choice", "title": "选一个", "prompt": "哪一句？",
             "options": [{"id": "a", "text": "甲 " + HOSTILE, "feedback": "这是选项甲的反馈秘密"},
                         {"id": "b", "text": "乙", "correct": True, "feedback": "这是正确选项的反馈秘密"}],
             "explanation": "这是解析秘密"},
            {"id": "q2", "type": "text", "prompt": "改写。", "min_chars": 10, "max_chars": 80,
             "key": "这是参考答案秘密，非常抱歉",
             "concepts": [{"id": "r1", "label": "道歉", "points": 2, "synonyms": ["抱歉"]}]},
        ],
    }
    data.update(overrides)
    return FakeCase(case_id, data)


@pytest.fixture(scope="module")
def to_html():
    """Markdown -> HTML with the extensions and options of mkdocs.yml."""
    config = load_config(str(REPO / "mkdocs.yml"))

    def convert(source: str | pages.CasePage) -> str:
        text = source.markdown if isinstance(source, pages.CasePage) else source
        body, _meta = get_data(text)  # MkDocs strips the front matter before Markdown sees the page
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        out = md.convert(body)
        return source.fill(out) if isinstance(source, pages.CasePage) else out  # as the plugin does

    return convert


def visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --------------------------------------------------------------------------- case text stays text


def test_hostile_case_renders_without_script_or_injected_attributes(to_html) -> None:
    out = to_html(pages.case_page(make_case()))
    assert ACTIVE_MARKUP.findall(out) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"<h1[^>]*>(.*?)</h1>", "标题 " + HOSTILE),
        (r'<span class="case-line-text">(.*?)</span>', "喂！" + HOSTILE),
        (r'<span class="case-speaker">(.*?)</span>', "客服"),
        (r"<figcaption>(.*?)</figcaption>", "表 <b>"),
    ],
)
def test_plain_text_fields_show_exactly_as_written(to_html, pattern: str, expected: str) -> None:
    out = to_html(pages.case_page(make_case()))
    assert visible(re.search(pattern, out, re.S).group(1)).replace("¶", "").strip() == expected


def test_page_title_in_front_matter_is_html_escaped() -> None:
    _body, meta = get_data(pages.case_page(make_case()).markdown)
    assert meta["title"] == html.escape("标题 " + HOSTILE, quote=True)


def test_attr_list_syntax_in_a_transcript_line_stays_text(to_html) -> None:
    out = to_html(pages.case_page(make_case()))
    lines = re.findall(r'<span class="case-line-text">(.*?)</span>', out)
    assert visible(lines[1]) == '{: onclick="alert(4)" }'


def test_answers_feedback_and_explanations_are_not_in_the_page(to_html) -> None:
    out = visible(to_html(pages.case_page(make_case())))
    assert [s for s in ("反馈秘密", "解析秘密", "参考答案秘密", "correct") if s in out] == []


def test_chinese_line_breaks_in_narrative_do_not_become_spaces(to_html) -> None:
    out = to_html(pages.case_page(make_case()))
    assert "<p>案情第一段第二行</p>" in out


# --------------------------------------------------------------------------- skeleton (DOM contract)


def test_case_root_carries_the_contract_attributes(to_html) -> None:
    """The page writes exactly the attributes the payload defines (one definition of the DOM contract),
    with site-root paths made relative to the page."""
    case = make_case()
    out = to_html(pages.case_page(case, site_root="../../"))
    root = re.search(r'<div class="case-root"([^>]*)>', out).group(1)
    attrs = payload.case_root_attrs(case)
    assert dict(re.findall(r'([\w-]+)="([^"]*)"', root)) == {
        name: ("../../" + value if name in payload.PATH_ATTRS else value) for name, value in attrs.items()}
    assert {"data-case": "t1-demo", "data-grader": "loading", "data-case-hash": "0123456789ab"}.items() <= attrs.items()


def test_questions_have_sections_headings_and_widget_slots(to_html) -> None:
    out = to_html(pages.case_page(make_case()))
    sections = re.findall(r'<section class="case-question" id="(q-[^"]+)" data-question="([^"]+)" '
                          r'data-type="([^"]+)" data-points="([^"]+)">', out)
    assert sections == [("q-q1", "q1", "single_choice", "1"), ("q-q2", "q2", "text", "2")]
    assert out.count('<div class="case-widget"></div>') == 2
    assert [visible(h) for h in re.findall(r"<h3>(.*?)</h3>", out)] == [
        "第 1 题 · 选一个（单选，1 分）", "第 2 题 · 文字作答（2 分）"]


def test_choices_are_listed_with_ids_in_the_static_part(to_html) -> None:
    out = to_html(pages.case_page(make_case()))
    static = re.search(r'<div class="case-static">(.*?)</div>', out, re.S).group(1)
    assert re.findall(r'data-option="(\w+)"', static) == ["a", "b"]


LABEL = "**x** `k` [链接](https://example.org/) <b>y</b>"
"""An answer label written as if it were Markdown, with raw HTML in it too."""

LABELLED = [
    # question kind  the question, with LABEL as one label                                              where LABEL shows
    ("option", {"type": "single_choice", "options": [{"id": "a", "text": LABEL}, {"id": "b", "text": "乙"}]},
     r'<li data-option="a"><span class="case-choice-id">a</span> (.*?)</li>'),
    ("item", {"type": "ordering", "items": [{"id": "s1", "text": LABEL}, {"id": "s2", "text": "乙"}]},
     r'<li data-item="s1"><span class="case-choice-id">s1</span> (.*?)</li>'),
    ("category", {"type": "classify", "categories": [{"id": "c1", "label": LABEL}],
                  "items": [{"id": "i1", "text": "甲"}]},
     r'<li data-category="c1">(.*?)</li>'),
    ("tag", {"type": "annotate", "selectable": ["K1"], "tags": [{"id": "T1", "label": LABEL}]},
     r'<li data-tag="T1">(.*?)</li>'),
]


@pytest.mark.parametrize(("kind", "question", "pattern"), LABELLED, ids=[row[0] for row in LABELLED])
def test_answer_labels_show_exactly_as_written_without_javascript(to_html, kind: str, question: dict, pattern: str) -> None:
    """Plain text, as the widgets show it (textContent): no Markdown, so `**x**` keeps its asterisks."""
    out = to_html(pages.case_page(make_case(questions=[{"id": "q1", "prompt": "题干。", **question}])))
    assert visible(re.search(pattern, out).group(1)) == LABEL


@pytest.mark.parametrize(("kind", "question", "pattern"), LABELLED, ids=[row[0] for row in LABELLED])
def test_answer_labels_are_html_escaped_without_javascript(to_html, kind: str, question: dict, pattern: str) -> None:
    out = to_html(pages.case_page(make_case(questions=[{"id": "q1", "prompt": "题干。", **question}])))
    label = re.search(pattern, out).group(1)
    assert re.findall(r"<[^>]*>", label) == []
    assert "&lt;b&gt;y&lt;/b&gt;" in label


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ({"type": "numeric", "unit": "人"}, "填写一个数值（单位：人）。"),
        ({"type": "numeric"}, "填写一个数值。"),
        ({"type": "text", "min_chars": 10, "max_chars": 80}, "用中文作答，10–80 字（不计空白）。"),
        ({"type": "text", "max_chars": 80}, "用中文作答，最多 80 字（不计空白）。"),
        ({"type": "text"}, "用中文作答。"),
    ],
)
def test_static_hint_per_type(question: dict, hint: str) -> None:
    assert visible(pages.question_fallback(question)) == hint


def test_annotate_static_lists_selectable_lines_and_tags() -> None:
    question = {"type": "annotate", "selectable": ["K1", "K3"], "tags": [{"id": "T1", "label": "礼貌用语不当"}]}
    out = pages.question_fallback(question)
    assert re.findall(r'href="#line-(\w+)"', out) == ["K1", "K3"]
    assert re.findall(r'data-tag="(\w+)">(.*?)</li>', out) == [("T1", "礼貌用语不当")]


def test_toc_lists_sections_and_questions() -> None:
    toc = pages.case_toc(make_case())
    assert [(e["id"], e["name"]) for e in toc] == [
        ("narrative", "案例背景"), ("transcript", "对话记录"), ("data", "数据"), ("questions", "练习"), ("next", "接下来")]
    assert [c["id"] for c in toc[3]["children"]] == ["q-q1", "q-q2"]


@pytest.mark.parametrize(
    ("attrs", "root", "expected"),
    [
        ({"data-checker": "assets/c.zip"}, "../../", {"data-checker": "../../assets/c.zip"}),
        ({"data-checker": "assets/c.zip"}, "../", {"data-checker": "../assets/c.zip"}),
        ({"data-pyodide": "https://cdn.example.org/py/"}, "../../", {"data-pyodide": "https://cdn.example.org/py/"}),
        ({"data-case": "b1"}, "../../", {"data-case": "b1"}),
    ],
)
def test_page_relative_attrs(attrs: dict, root: str, expected: dict) -> None:
    assert pages.page_relative_attrs(attrs, root) == expected


# --------------------------------------------------------------------------- index and chapters


def test_chapter_list_puts_main_cases_first_and_marks_related(to_html) -> None:
    cases = [make_case("a-rel", ["quality", "recovery"]), make_case("b-main", ["recovery"])]
    out = to_html(pages.chapter_cases("recovery", cases))
    assert re.findall(r'href="\.\./cases/([\w-]+)\.md"', out) == ["b-main", "a-rel", "index"]
    assert visible(out).count("（相关）") == 1


def test_chapter_without_cases_gets_no_section() -> None:
    assert pages.chapter_cases("encounters", [make_case(chapters=["recovery"])]) == ""


def test_case_index_has_a_section_per_chapter_even_when_empty(to_html) -> None:
    out = to_html(pages.case_index([make_case(chapters=["recovery"])]))
    assert re.findall(r'<h2 id="([a-z]+)"', out) == [ch.slug for ch in pages.CHAPTERS]
    assert visible(out).count("本章暂无案例。") == 4
    assert ACTIVE_MARKUP.findall(out) == []


def _index_sections(out: str) -> dict[str, str]:
    """The index's HTML per chapter section, keyed by the section's id."""
    pieces = re.split(r'<h2 id="([a-z]+)"', out)
    return dict(zip(pieces[1::2], pieces[2::2]))


@pytest.mark.parametrize(
    ("chapter", "cards", "links"),
    [
        ("recovery", ["a-main"], []),
        ("quality", ["b-main"], ["a-main"]),
        ("encounters", [], ["a-main", "b-main"]),
        ("complaints", [], []),
    ],
)
def test_case_index_shows_each_case_as_one_card_under_its_main_chapter(to_html, chapter, cards, links) -> None:
    cases = [make_case("a-main", ["recovery", "quality", "encounters"]), make_case("b-main", ["quality", "encounters"])]
    section = _index_sections(to_html(pages.case_index(cases)))[chapter]
    card_html = "".join(re.findall(r'<div class="grid cards case-index">.*?</div>', section, re.S))
    assert re.findall(r'href="([\w-]+)\.md"', card_html) == cards
    listed = re.findall(r'href="([\w-]+)\.md"', section.replace(card_html, ""))
    assert listed == links


def test_case_index_jump_list_leads_to_every_chapter_with_its_counts(to_html) -> None:
    cases = [make_case("a-main", ["recovery", "quality"]), make_case("b-main", ["quality"])]
    out = to_html(pages.case_index(cases))
    before_sections = out.split("<h2 ", 1)[0]
    assert re.findall(r'href="#([a-z]+)"', before_sections) == [ch.slug for ch in pages.CHAPTERS]
    text = visible(before_sections)
    assert "（主章节 1 个 · 也涉及 0 个）" in text  # recovery
    assert "（主章节 1 个 · 也涉及 1 个）" in text  # quality
    assert text.count("（暂无案例）") == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("服务补救", "服务补救"),
        ("a*b_c", "a&#42;b&#95;c"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("{#id}", "&#123;&#35;id&#125;"),
        ("两行\n文字", "两行 文字"),
    ],
)
def test_md_text(text: str, expected: str) -> None:
    assert pages.md_text(text) == expected


def test_a_chapter_shows_one_list_of_its_cases(to_html) -> None:
    """Its own annotated list, completed with the cases it does not link yet; or else the generated one."""
    cases = [make_case("a-rel", ["quality", "recovery"]), make_case("b-main", ["recovery"])]
    own = "# 第一章\n\n正文。\n\n## 相关案例\n\n- [甲](../cases/b-main.md)——读的时候留意甲。\n\n## 自测\n\n题目。\n"
    out = pages.with_chapter_cases("recovery", cases, own)
    links = re.findall(r"\(\.\./cases/([\w-]+)\.md", out)
    assert links == ["b-main", "a-rel"] and "本章案例" not in out
    assert out.index("a-rel") < out.index("## 自测")  # appended to the chapter's own list, not after it
    assert pages.with_chapter_cases("recovery", cases[1:], own) == own
    generated = pages.with_chapter_cases("recovery", cases, "# 第一章\n\n正文。\n")
    assert re.findall(r"\(\.\./cases/([\w-]+)\.md", generated) == ["b-main", "a-rel", "index"]


def test_a_case_ends_with_the_next_case_of_its_chapter_and_the_way_back(to_html) -> None:
    cases = [make_case("a-main", ["recovery"]), make_case("b-rel", ["quality", "recovery"]), make_case("c-main", ["recovery"])]
    def links(html: str) -> list[str]:
        return [href for href in re.findall(r'href="([^"]+)"', html) if not href.startswith("#")]

    first = to_html(pages.next_steps(cases[0], cases))
    assert links(first) == ["c-main.md", "../chapters/recovery.md", "index.md"]  # main cases first, as the chapter lists them
    assert links(to_html(pages.next_steps(cases[2], cases)))[0] == "b-rel.md"  # then the chapter's related cases
    last = to_html(pages.next_steps(cases[1], cases))  # b-rel's own chapter is quality, where it is the only case
    assert "第 4 章的最后一个案例" in visible(last) and links(last) == ["../chapters/quality.md", "index.md"]
    page = to_html(pages.case_page(cases[0], next_steps=pages.next_steps(cases[0], cases)))
    assert page.index('id="next"') > page.index('id="questions"')

"""The print edition (``print/``): every chapter and case on one page that works as one page.

First the pieces on small inputs (``printing.rehome``, ``pages.CasePage.print_html``), then the page
the strict build makes. The PDF printed from it is checked in test_print_pdf.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest

from shipped import shipped_cases
from build_tools.site import pages, printing
from build_tools.site.printing import Kind, Section
from case_secrets import secrets_of

REPO = Path(__file__).resolve().parents[2]
CASES = shipped_cases()
ANCHORS = {"chapters/recovery/": "chapters-recovery", "cases/b1/": "cases-b1"}
"""Two pages of a small edition: URL -> anchor."""


def text_of(page_html: str) -> str:
    """Visible-ish text: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page_html, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


# --------------------------------------------------------------------------- one page, rehomed


def test_ids_get_the_page_anchor_and_every_reference_follows() -> None:
    source = ('<h2 id="本章小结">本章小结<a class="headerlink" href="#本章小结">¶</a></h2>'
              '<input type="radio" name="__tabbed_1" id="__tabbed_1_1"><label for="__tabbed_1_1">甲</label>'
              '<div role="tabpanel" aria-labelledby="__tabbed_1_1 x">…</div>'
              '<sup id="fnref:1"><a href="#fn:1">1</a></sup><a href="#">顶部</a>')
    out = printing.rehome(source, "chapters-recovery", "chapters/recovery/", ANCHORS, "print/")
    assert out == ('<h2 id="chapters-recovery--本章小结">本章小结<a class="headerlink" href="#chapters-recovery--本章小结">¶</a></h2>'
                   '<input type="radio" name="chapters-recovery--__tabbed_1" id="chapters-recovery--__tabbed_1_1">'
                   '<label for="chapters-recovery--__tabbed_1_1">甲</label>'
                   '<div role="tabpanel" aria-labelledby="chapters-recovery--__tabbed_1_1 chapters-recovery--x">…</div>'
                   '<sup id="chapters-recovery--fnref:1"><a href="#chapters-recovery--fn:1">1</a></sup><a href="#">顶部</a>')


def test_links_to_pages_of_the_edition_stay_inside_it_and_others_are_rebased() -> None:
    rows = [  # (the page the link is on, its href, what the print page must write)
        ("chapters/recovery/", "../../cases/b1/", "#cases-b1"),
        ("chapters/recovery/", "../../cases/b1/#q-q2", "#cases-b1--q-q2"),
        ("cases/b1/", "../../chapters/recovery/#%E6%9C%AC%E7%AB%A0", "#chapters-recovery--%E6%9C%AC%E7%AB%A0"),
        ("cases/b1/", "../", "../cases/"),                       # the case index is not in the edition
        ("chapters/recovery/", "../../guide/student/#x", "../guide/student/#x"),
        ("chapters/recovery/", "../../", "../"),
        ("chapters/recovery/", "../../cases/b1/?a=1", "../cases/b1/?a=1"),
        ("chapters/recovery/", "https://example.org/a", "https://example.org/a"),
        ("chapters/recovery/", "mailto:a@example.org", "mailto:a@example.org"),
        ("chapters/recovery/", "/abs/path/", "/abs/path/"),
    ]
    wrong = []
    for page_url, href, expected in rows:
        out = printing.rehome(f'<a href="{href}">x</a>', ANCHORS[page_url], page_url, ANCHORS, "print/")
        if out != f'<a href="{expected}">x</a>':
            wrong.append((page_url, href, out))
    assert wrong == []
    image = printing.rehome('<img src="../../assets/a.png" alt="">', "cases-b1", "cases/b1/", ANCHORS, "print/")
    assert image == '<img src="../assets/a.png" alt="">'
    assert printing.rehome('<a href="../x/">x</a>', "a", "a/", {}, "print.html") == '<a href="x/">x</a>'


def test_inline_svg_is_left_as_it_is_and_what_follows_it_is_not() -> None:
    svg = ('<svg id="mermaid-k" viewBox="0 0 1 1"><style>#mermaid-k .node{fill:red}</style>'
           '<svg id="inner"><a href="#mermaid-k_a"><path marker-end="url(#mermaid-k_a)"/></a></svg>'
           '<h1 id="not-a-heading">x</h1></svg>')
    out = printing.rehome(f'<p id="a">x</p>{svg}<p id="b">y</p>', "p", "p/", {}, "print/", demote=True)
    assert out == f'<p id="p--a">x</p>{svg}<p id="p--b">y</p>'


def test_details_open_and_case_headings_go_one_level_down() -> None:
    source = '<h1 id="t">题</h1><details class="question"><summary>问</summary>答</details><details open><summary>s</summary></details><h6>6</h6>'
    out = printing.rehome(source, "c", "c/", {}, "print/", demote=True)
    assert out == ('<h2 id="c--t">题</h2><details open class="question"><summary>问</summary>答</details>'
                   '<details open><summary>s</summary></details><h6>6</h6>')
    assert printing.rehome("<h1>x</h1>", "c", "c/", {}, "print/") == "<h1>x</h1>"


def test_the_edition_lists_and_orders_chapters_then_cases_by_chapter_then_the_appendix() -> None:
    sections = [
        Section("chapters/recovery.md", "chapters/recovery/", "第1章", '<h1 id="a">第1章</h1><a href="../../cases/b1/">案例</a>', Kind.CHAPTER),
        Section("cases/b1.md", "cases/b1/", "案例 <一>", '<h1 id="t">案例</h1>', Kind.CASE, group="第1章 X"),
        Section("cases/b2.md", "cases/b2/", "案例二", '<h1 id="t">案例二</h1>', Kind.CASE, group="第1章 X"),
        Section("cases/c1.md", "cases/c1/", "案例三", '<h1 id="t">案例三</h1>', Kind.CASE, group="第2章 Y"),
        Section("guide/glossary.md", "guide/glossary/", "术语表", '<h1 id="g">术语表</h1>', Kind.APPENDIX),
    ]
    out = printing.edition_html(sections, here="print/", site_name="课程 & 名", site_url="https://example.org/c/")
    order = re.findall(r'<section class="print-(?:section print-\w+|group)" id="([^"]+)"', out)
    assert order == ["chapters-recovery", "print-cases-1", "cases-b1", "cases-b2", "print-cases-2", "cases-c1", "guide-glossary"]
    assert "课程 &amp; 名" in out and "案例 &lt;一&gt;" in out and "https://example.org/c/" in out
    ids = set(re.findall(r'\sid="([^"]+)"', out))
    targets = re.findall(r'href="#([^"]+)"', out)
    assert [t for t in targets if t not in ids] == []
    assert {"chapters-recovery", "cases-b1", "cases-c1", "guide-glossary", "print-cases-2"} <= set(targets)  # the contents
    assert '<a href="#cases-b1">案例</a>' in out  # the chapter's link to its case


# --------------------------------------------------------------------------- a case in print


def test_a_case_in_print_shows_every_question_without_widgets_navigation_or_keys() -> None:
    page_html = ('<h1 id="t">题目</h1><p>摘要</p>' + pages.ROOT_MARKER
                 + '\n<h2 data-search-exclude id="next">接下来</h2>\n<ul><li><a href="../b2/">下一个案例：NEXT</a></li></ul>\n'
                 + '<h2 id="source">案例来源</h2><p>出处</p>')
    wrong = []
    for case in CASES:
        out = pages.case_page(case).print_html(page_html)
        text = text_of(out)
        problems = [what for what, bad in (
            ("data-case", "data-case" in out), ("widget slot", "case-widget" in out), ("status", "case-status" in out),
            ("接下来", "NEXT" in text or "../b2/" in out), ("no sources", "出处" not in text),
            ("no narrative", 'class="case-narrative"' not in out),
        ) if bad]
        for question in case.data["questions"]:
            for entry in question.get("options", []) + question.get("items", []) + question.get("categories", []):
                label = " ".join((entry.get("text") or entry.get("label")).split())
                if label not in text:
                    problems.append(f"{question['id']}: {label}")
        problems += [f"key: {s[:20]}" for s in secrets_of(case) if s in out]
        if problems:
            wrong.append((case.id, problems))
    assert wrong == []
    with pytest.raises(ValueError):
        pages.case_page(CASES[0]).print_html("<h1>no marker</h1>")


# --------------------------------------------------------------------------- the built page


def print_page(site) -> str:
    return (site.root / printing.PRINT_URL / "index.html").read_text(encoding="utf-8")


def h1_text(page_html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.S)
    assert match, "页面没有 h1"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("¶", "").strip()


def expected_order() -> list[str]:
    """Chapters in course order, then each chapter's main cases in file order (as the nav lists them)."""
    order = [printing.anchor_of(chapter.src) for chapter in pages.CHAPTERS]
    for chapter in pages.CHAPTERS:
        order += [printing.anchor_of(f"cases/{case.id}.md") for case in CASES if case.data["chapters"][0] == chapter.slug]
    return order


def test_the_print_page_holds_every_chapter_and_every_case_in_course_order(built_site) -> None:
    page = print_page(built_site)
    order = re.findall(r'<section class="print-section print-\w+" id="([^"]+)"', page)
    assert order == expected_order()
    text = text_of(page)
    headings = [h1_text((built_site.root / f"chapters/{chapter.slug}/index.html").read_text(encoding="utf-8"))
                for chapter in pages.CHAPTERS]
    assert [heading for heading in headings if heading not in text] == []
    assert [case.id for case in CASES if " ".join(case.data["title"].split()) not in text] == []
    assert page.count('class="mermaid-static"') == sum(
        (built_site.root / f"chapters/{chapter.slug}/index.html").read_text(encoding="utf-8").count('class="mermaid-static"')
        for chapter in pages.CHAPTERS)


def test_every_question_of_every_case_is_printed_with_its_choices(built_site) -> None:
    page = print_page(built_site)
    wrong = []
    for case in CASES:
        start = page.index(f'id="{printing.anchor_of(f"cases/{case.id}.md")}"')
        end = page.find('<section class="print-', start + 1)
        section = page[start:end if end > 0 else len(page)]
        questions = re.findall(r'<section class="case-question" id="[^"]+" data-question="([^"]+)" data-type="([^"]+)"', section)
        if questions != [(q["id"], q["type"]) for q in case.data["questions"]]:
            wrong.append((case.id, "questions", questions))
        text = text_of(section)
        for question in case.data["questions"]:
            for entry in question.get("options", []) + question.get("items", []) + question.get("categories", []):
                label = " ".join((entry.get("text") or entry.get("label")).split())
                if label not in text:
                    wrong.append((case.id, question["id"], label))
    assert wrong == []


def test_the_print_page_works_as_one_page(built_site) -> None:
    """Unique ids, every in-page link has its target, no link to a page it holds, and no grader or widget."""
    page = print_page(built_site)
    article = page[page.index("<article"):page.index("</article>")]
    ids = Counter(html.unescape(value) for value in re.findall(r'\sid="([^"]*)"', page))
    assert [value for value, count in ids.items() if count > 1] == []
    targets = {unquote(html.unescape(value)) for value in re.findall(r'href="#([^"]+)"', article)}
    assert sorted(targets - set(ids)) == []
    held = [f"cases/{case.id}/" for case in CASES] + [f"chapters/{chapter.slug}/" for chapter in pages.CHAPTERS]
    assert [href for href in re.findall(r'href="([^"#][^"]*)"', article) if any(href.endswith(h) for h in held)] == []
    for marker in ("data-case=", "svcCourseBoot", 'class="case-widget"', 'class="case-status"', 'class="case-toolbar"'):
        assert marker not in page, marker
    assert "<details" in article and not re.search(r"<details(?![^>]*\sopen)", article)


def test_the_print_page_is_out_of_search_and_the_nav_but_in_the_site(built_site) -> None:
    index = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [doc["location"] for doc in index["docs"] if doc["location"].startswith(printing.PRINT_URL)] == []
    chapter = (built_site.root / "chapters/recovery/index.html").read_text(encoding="utf-8")
    assert f'href="../../{printing.PRINT_URL}"' not in chapter.split('<div class="md-content"')[0]  # not in the nav
    assert "print.css" in chapter  # its styles are on every page: instant navigation keeps the first page's <head>
    guide = (built_site.root / "guide/instructor/index.html").read_text(encoding="utf-8")
    assert f'href="../../{printing.PRINT_URL}"' in guide  # 「打印版与 PDF」 links to it


@pytest.mark.build
def test_appendix_pages_come_after_the_cases_and_a_missing_one_fails_the_build(build_variant, tmp_path) -> None:
    site = build_variant("print-appendix", 0, options={"print_appendix": ["guide/student.md"]})
    page = print_page(site)
    order = re.findall(r'<section class="print-section print-\w+" id="([^"]+)"', page)
    assert order == expected_order() + ["guide-student"]
    assert re.search(r'<section class="print-section print-appendix" id="guide-student">\s*<h1', page)

    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("print_appendix: []") == 1
    config = config.replace("print_appendix: []", 'print_appendix: ["guide/nowhere.md"]')
    (tmp_path / "mkdocs.yml").write_text(config + f"\ndocs_dir: {json.dumps(str(REPO / 'docs'))}\n", encoding="utf-8")
    (tmp_path / "cases").symlink_to(REPO / "cases")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"),
                           "-d", str(tmp_path / "site")], cwd=tmp_path, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode != 0
    assert "course_cases.print_appendix 里的「guide/nowhere.md」不是本站的页面" in done.stdout + done.stderr


# --------------------------------------------------------------------------- the PDF's text map


def test_a_text_map_gives_the_ideograph_where_chromium_wrote_the_radical() -> None:
    """pdf_repair.fix_to_unicode on a ToUnicode map as Chromium writes them: single codes and ranges."""
    from build_tools.devtools.pdf_repair import fix_to_unicode

    head = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
    tail = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    cmap = (head + "2 beginbfchar\n<01> <2F8F>\n<02> <4E3A>\nendbfchar\n"
            + "2 beginbfrange\n<03> <05> <2F00>\n<06> <07> [<2EDA> <0041>]\nendbfrange\n" + tail)
    mapping = {0x2F8F: 0x884C, 0x2F00: 0x4E00, 0x2F01: 0x4E28, 0x2EDA: 0x9875}  # ⾏ 行, ⼀ 一, ⼁ 丨, ⻚ 页
    fixed = fix_to_unicode(cmap, mapping)
    pairs = re.findall(r"<([0-9A-F]+)> <([0-9A-F]+)>", fixed.split("endcodespacerange")[1])
    assert pairs == [("01", "884C"), ("02", "4E3A"), ("03", "4E00"), ("04", "4E28"), ("05", "2F02"),
                     ("06", "9875"), ("07", "0041")]
    assert fixed.startswith(head) and fixed.endswith(tail) and "7 beginbfchar" in fixed
    untouched = head + "1 beginbfchar\n<01> <4E3A>\nendbfchar\n" + tail
    assert fix_to_unicode(untouched, mapping) == untouched

"""The glossary and reference list: loading ``course/``, every problem named with its file and line,
the two generated pages, and the plugin's part (option, nav, a bad file stopping the build).

No site is built here: the pages are rendered with the Markdown extensions of mkdocs.yml, and the
plugin's methods are called directly. The real course's data is checked in test_course_links.py.
"""

from __future__ import annotations

import doctest
import html
import re
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from build_tools.site import course_pages, plugin
from build_tools.site.course_pages import CourseDataErrors, Reference, Term

REPO = Path(__file__).resolve().parents[2]

GLOSSARY_RECOVERY = """\
# Terms defined in docs/chapters/recovery.md
- id: service-recovery
  term: 服务补救
  english: service recovery
  definition: >
    服务失误之后，企业为纠正失误、
    挽回顾客所做的一切。
- id: recovery-paradox
  term: 服务补救悖论
  definition: 补救得好的顾客比从未遇到失误的顾客更满意的现象。
"""
GLOSSARY_QUALITY = """\
- {id: servqual, term: SERVQUAL, english: SERVQUAL, definition: 五个维度的服务质量量表。}
"""
HART = """\
- id: hart-1988
  authors: Hart, C. W. L.
  year: 1988
  title: The power of unconditional service guarantees
  source: Harvard Business Review, 66(4), 54–62
"""


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """`files` (path under `root` -> text or bytes) written; returns `root`."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def to_html():
    """Markdown -> HTML with the extensions and options of mkdocs.yml."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return lambda text: markdown.Markdown(extensions=config.markdown_extensions,
                                          extension_configs=config.mdx_configs).convert(text)


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<(?!/?em>)[^>]+>", "", fragment)).replace("¶", "").split())


# --------------------------------------------------------------------------- loading


def test_loading_keeps_every_field_the_chapter_and_the_line(tmp_path: Path) -> None:
    root = write(tmp_path, {"glossary/recovery.yaml": GLOSSARY_RECOVERY, "glossary/quality.yaml": GLOSSARY_QUALITY})
    terms = course_pages.load_glossary(root)
    got = [(t.id, t.term, t.english, t.definition, t.chapter, Path(t.file).name, t.line) for t in terms]
    assert got == [
        ("servqual", "SERVQUAL", "SERVQUAL", "五个维度的服务质量量表。", "quality", "quality.yaml", 1),
        ("service-recovery", "服务补救", "service recovery", "服务失误之后，企业为纠正失误、 挽回顾客所做的一切。", "recovery", "recovery.yaml", 2),
        ("recovery-paradox", "服务补救悖论", "", "补救得好的顾客比从未遇到失误的顾客更满意的现象。", "recovery", "recovery.yaml", 8),
    ]


def test_a_work_cited_by_several_chapters_is_one_entry_naming_them_in_course_order(tmp_path: Path) -> None:
    root = write(tmp_path, {"references/quality.yaml": HART, "references/recovery.yaml": HART + HART.replace("hart-1988", "hart-1988b")
                            .replace("1988\n", "1988b\n")})
    works = course_pages.load_references(root)
    assert [(w.id, w.year, w.chapters) for w in works] == [("hart-1988", "1988", ("recovery", "quality")),
                                                           ("hart-1988b", "1988b", ("recovery",))]


def test_a_missing_folder_means_no_page_and_an_empty_file_no_entries(tmp_path: Path) -> None:
    root = write(tmp_path, {"glossary/recovery.yaml": "# nothing yet\n"})
    assert (course_pages.load_glossary(root), course_pages.load_references(root)) == ([], None)
    assert course_pages.load_glossary(tmp_path / "no-such-folder") is None


BROKEN = [  # (what is wrong, files under course/, the file:line the report must name, words it must contain)
    ("YAML syntax", {"glossary/recovery.yaml": "- id: a\n  term: [x\n"}, "glossary/recovery.yaml:3", "YAML 语法错误"),
    ("key written twice", {"glossary/recovery.yaml": "- id: a\n  id: b\n"}, "glossary/recovery.yaml:2", "写了两次"),
    ("not a list", {"glossary/recovery.yaml": "id: a\nterm: b\n"}, "glossary/recovery.yaml:1", "应是一个列表"),
    ("entry not a mapping", {"glossary/recovery.yaml": "- 服务补救\n"}, "glossary/recovery.yaml:1", "应是一组「字段: 值」"),
    ("missing field", {"glossary/recovery.yaml": "- id: a\n  term: 甲\n"}, "glossary/recovery.yaml:1", "缺少 definition"),
    ("empty field", {"glossary/recovery.yaml": "- id: a\n  term: 甲\n  definition:\n"}, "glossary/recovery.yaml:3", "缺少 definition"),
    ("unknown field", {"glossary/recovery.yaml": "- id: a\n  term: 甲\n  defintion: 乙\n"}, "glossary/recovery.yaml:3",
     "是不是想写「definition」"),
    ("bad id", {"glossary/recovery.yaml": "- id: Service_Recovery\n  term: 甲\n  definition: 乙\n"}, "glossary/recovery.yaml:1",
     "kebab-case"),
    ("id of a letter heading", {"glossary/recovery.yaml": "- id: letter-f\n  term: 甲\n  definition: 乙\n"}, "glossary/recovery.yaml:1",
     "字母标题"),
    ("not text", {"glossary/recovery.yaml": "- id: a\n  term: 42\n  definition: 乙\n"}, "glossary/recovery.yaml:2", "加上引号"),
    ("file not named after a chapter", {"glossary/recovry.yaml": "- id: a\n  term: 甲\n  definition: 乙\n"}, "glossary/recovry.yaml:",
     "是不是想写 recovery.yaml"),
    ("not UTF-8", {"glossary/recovery.yaml": "- id: a\n  term: 服务\n".encode("gbk")}, "glossary/recovery.yaml:", "UTF-8"),
    ("id defined twice in the course", {"glossary/recovery.yaml": "- id: a\n  term: 甲\n  definition: 乙\n",
                                        "glossary/quality.yaml": "\n- id: a\n  term: 丙\n  definition: 丁\n"},
     "glossary/recovery.yaml:1", "quality.yaml:2 定义过"),
    ("term defined twice", {"glossary/recovery.yaml": "- id: a\n  term: 甲\n  definition: 乙\n- id: b\n  term: 甲\n  definition: 丙\n"},
     "glossary/recovery.yaml:5", "以 id a 定义过"),
    ("bad year", {"references/recovery.yaml": HART.replace("1988\n", "88\n")}, "references/recovery.yaml:3", "四位年份"),
    ("work listed twice in one file", {"references/recovery.yaml": HART + HART}, "references/recovery.yaml:6", "删掉重复的一条"),
    ("conflicting fields across chapters", {"references/recovery.yaml": HART, "references/quality.yaml": HART.replace("(4)", "(3)")},
     "references/recovery.yaml:1", "source：这里是「Harvard Business Review, 66(4), 54–62」，那里是「Harvard Business Review, 66(3), 54–62」"),
]


def test_every_problem_names_its_file_and_line_and_how_to_fix_it(tmp_path: Path) -> None:
    wrong = []
    for n, (what, files, where, words) in enumerate(BROKEN):
        root = write(tmp_path / str(n), files)
        try:
            course_pages.load_glossary(root), course_pages.load_references(root)
        except CourseDataErrors as exc:
            report = str(exc)
            if len(exc.problems) != 1 or where not in report or words not in report:
                wrong.append(f"{what}: expected one problem at {where} saying {words!r}, got:\n{report}")
        else:
            wrong.append(f"{what}: no error")
    assert wrong == []


def test_all_problems_of_all_files_are_reported_at_once(tmp_path: Path) -> None:
    root = write(tmp_path, {"glossary/recovery.yaml": "- id: A\n  term: 甲\n  definition: 乙\n- id: b\n  term: 丙\n",
                            "glossary/quality.yaml": "- id: c\n  trem: 丁\n  definition: 戊\n"})
    with pytest.raises(CourseDataErrors) as caught:
        course_pages.load_glossary(root)
    lines = [line for line in str(caught.value).splitlines() if not line.startswith(" ")]
    assert [re.sub(r"^.*?glossary/", "", line) for line in lines[1:]] == [
        "quality.yaml:2: 第 1 项.trem",  # not also 「missing term」: the misspelling says it
        "recovery.yaml:1: 第 1 项.id", "recovery.yaml:4: 第 2 项.definition",
    ]
    assert lines[0] == "术语表和参考文献文件有 3 处错误（2 个文件）："


# --------------------------------------------------------------------------- the glossary page


def term(id: str, name: str, chapter: str = "recovery", english: str = "", definition: str = "定义。") -> Term:
    return Term(id=id, term=name, definition=definition, chapter=chapter, english=english)


def test_glossary_orders_terms_by_pinyin_under_letter_headings(to_html) -> None:
    terms = [term("servqual", "SERVQUAL", "quality"), term("service-recovery", "服务补救"), term("recovery-paradox", "补救悖论"),
             term("seven-p", "7P", "quality"), term("zone-of-tolerance", "容忍区", "quality"), term("emotional-labour", "情绪劳动", "encounters"),
             term("moment-of-truth", "关键时刻", "encounters"), term("service-failure", "服务失误")]
    out = to_html(course_pages.glossary_page(terms))
    headings = [(level, anchor, text_of(inner)) for level, anchor, inner in re.findall(r'<h([23]) id="([^"]+)">(.*?)</h\1>', out)]
    assert headings == [
        ("2", "letter-0", "0–9"), ("3", "seven-p", "7P"),
        ("2", "letter-b", "B"), ("3", "recovery-paradox", "补救悖论"),
        ("2", "letter-f", "F"), ("3", "service-recovery", "服务补救"), ("3", "service-failure", "服务失误"),
        ("2", "letter-g", "G"), ("3", "moment-of-truth", "关键时刻"),
        ("2", "letter-q", "Q"), ("3", "emotional-labour", "情绪劳动"),
        ("2", "letter-r", "R"), ("3", "zone-of-tolerance", "容忍区"),
        ("2", "letter-s", "S"), ("3", "servqual", "SERVQUAL"),
    ]
    jump = re.search(r"<p>(<a href=\"#letter-0\">.*?)</p>", out).group(1)
    assert re.findall(r'href="#([^"]+)"', jump) == ["letter-0", "letter-b", "letter-f", "letter-g", "letter-q", "letter-r", "letter-s"]


def test_a_glossary_entry_gives_its_english_name_definition_and_defining_chapter(to_html) -> None:
    out = to_html(course_pages.glossary_page([term("service-recovery", "服务补救", english="service recovery",
                                                   definition="纠正失误、挽回顾客的行动。")]))
    entry = out.split('id="service-recovery"', 1)[1]
    paragraphs = re.findall(r"<p>(.*?)</p>", entry, re.S)[:2]
    assert paragraphs[0] == '<span lang="en">service recovery</span>　纠正失误、挽回顾客的行动。'
    assert paragraphs[1] == '定义于：<a href="chapters/recovery.md#term-service-recovery">第1章 服务失误与服务补救</a>'


def test_text_from_the_files_stays_text_on_both_pages(to_html) -> None:
    hostile = '<script>alert(1)</script> *x* {: onclick="x" } [a](http://e.org)'
    glossary = to_html(course_pages.glossary_page([term("a", hostile, english=hostile, definition=hostile)]))
    references = to_html(course_pages.references_page([Reference("a-2000", hostile, "2000", hostile, hostile, ("recovery",))]))
    for name, out in (("glossary", glossary), ("references", references)):
        assert re.findall(r"<script|onclick=|<a href=\"http|<em>x</em>", out) == [], name
        assert hostile in html.unescape(out), name


def test_an_empty_glossary_or_reference_list_says_so(to_html) -> None:
    assert "（暂无术语。）" in to_html(course_pages.glossary_page([]))
    assert "（暂无文献。）" in to_html(course_pages.references_page([]))


# --------------------------------------------------------------------------- the reference list


def work(id: str, authors: str, year: str, title: str, source: str, chapters=("recovery",)) -> Reference:
    return Reference(id=id, authors=authors, year=year, title=title, source=source, chapters=tuple(chapters))


def test_references_are_apa_entries_in_apa_order(to_html) -> None:
    """APA 7 orders by first author, then the other authors (Mohr before Tetreault, whatever the
    years), then year; a journal or publisher is read from `source` (see course_pages.apa)."""
    works = [
        work("zeithaml-bitner-2003", "Zeithaml, V. A., & Bitner, M. J.", "2003", "Services marketing (3rd ed.)", "McGraw-Hill"),
        work("hart-1988", "Hart, C. W. L.", "1988", "The power of unconditional service guarantees",
             "Harvard Business Review, 66(4), 54–62", ("recovery", "quality")),
        work("bitner-booms-mohr-1994", "Bitner, M. J., Booms, B. H., & Mohr, L. A.", "1994",
             "Critical service encounters: The employee's viewpoint", "Journal of Marketing, 58(4), 95–106"),
        work("bitner-booms-tetreault-1990", "Bitner, M. J., Booms, B. H., & Tetreault, M. S.", "1990",
             "The service encounter: Diagnosing favorable and unfavorable incidents", "Journal of Marketing, 54(1)"),
        work("gronroos-1984", "Grönroos, C.", "1984", "A service quality model and its marketing implications",
             "European Journal of Marketing", ("quality",)),
        work("tarp-1986", "Technical Assistance Research Programs", "1986", "Consumer complaint handling in America: An update study?",
             "U.S. Office of Consumer Affairs", ("complaints",)),
        work("solomon-etal-1985", "Solomon, M. R., Surprenant, C., Czepiel, J. A., & Gutman, E. G.", "1985",
             "A role theory perspective on dyadic interactions", "In J. A. Czepiel (Ed.), The service encounter (pp. 3–15). Lexington Books",
             ("encounters",)),
    ]
    out = to_html(course_pages.references_page(works))
    entries = re.findall(r'<p class="course-reference" id="([^"]+)">(.*?)<br\s*/?>\s*<span class="course-reference-cited">(.*?)</span></p>', out, re.S)
    assert [(anchor, text_of(apa), text_of(cited)) for anchor, apa, cited in entries] == [
        ("bitner-booms-mohr-1994", "Bitner, M. J., Booms, B. H., & Mohr, L. A. (1994). Critical service encounters: The employee's "
         "viewpoint. <em>Journal of Marketing</em>, <em>58</em>(4), 95–106.", "引用于：第1章 服务失误与服务补救"),
        ("bitner-booms-tetreault-1990", "Bitner, M. J., Booms, B. H., & Tetreault, M. S. (1990). The service encounter: Diagnosing "
         "favorable and unfavorable incidents. <em>Journal of Marketing</em>, <em>54</em>(1).", "引用于：第1章 服务失误与服务补救"),
        ("gronroos-1984", "Grönroos, C. (1984). A service quality model and its marketing implications. "
         "<em>European Journal of Marketing</em>.", "引用于：第4章 服务质量"),
        ("hart-1988", "Hart, C. W. L. (1988). The power of unconditional service guarantees. <em>Harvard Business Review</em>, "
         "<em>66</em>(4), 54–62.", "引用于：第1章 服务失误与服务补救、第4章 服务质量"),
        ("solomon-etal-1985", "Solomon, M. R., Surprenant, C., Czepiel, J. A., & Gutman, E. G. (1985). A role theory perspective on "
         "dyadic interactions. In J. A. Czepiel (Ed.), <em>The service encounter</em> (pp. 3–15). Lexington Books.", "引用于：第3章 服务接触"),
        ("tarp-1986", "Technical Assistance Research Programs. (1986). <em>Consumer complaint handling in America: An update study?</em> "
         "U.S. Office of Consumer Affairs.", "引用于：第2章 顾客抱怨行为"),
        ("zeithaml-bitner-2003", "Zeithaml, V. A., & Bitner, M. J. (2003). <em>Services marketing (3rd ed.)</em>. McGraw-Hill.",
         "引用于：第1章 服务失误与服务补救"),
    ]
    assert re.findall(r'>引用于：(.*?)</span>', out)[3].count('href="chapters/') == 2


# --------------------------------------------------------------------------- the plugin's part


def course_plugin(course_dir: Path) -> plugin.CasesPlugin:
    made = plugin.CasesPlugin()
    made.config = SimpleNamespace(course_dir=str(course_dir))
    return made


def test_the_plugin_makes_a_page_for_each_folder_there_is(tmp_path: Path) -> None:
    """…and made_pages, which the page-by-page browser tests use, says the same."""
    both = write(tmp_path / "both", {"glossary/recovery.yaml": GLOSSARY_RECOVERY, "references/recovery.yaml": HART})
    only_glossary = write(tmp_path / "one", {"glossary/recovery.yaml": GLOSSARY_RECOVERY})
    made = {name: sorted(course_plugin(folder)._course_pages()) for name, folder in
            (("both", both), ("only glossary", only_glossary), ("none", tmp_path / "missing"))}
    assert made == {"both": ["glossary.md", "references.md"], "only glossary": ["glossary.md"], "none": []}
    assert [course_pages.made_pages(folder) for folder in (both, only_glossary, tmp_path / "missing")] == list(made.values())


def test_a_bad_file_stops_the_build_with_every_problem_of_both_folders(tmp_path: Path) -> None:
    root = write(tmp_path, {"glossary/recovery.yaml": "- id: A\n  term: 甲\n  definition: 乙\n",
                            "references/recovery.yaml": HART.replace("1988\n", "88\n")})
    with pytest.raises(PluginError) as caught:
        course_plugin(root)._course_pages()
    message = str(caught.value)
    assert message.startswith("术语表和参考文献文件有 2 处错误（2 个文件）：")
    assert "glossary/recovery.yaml:1: 第 1 项.id" in message and "references/recovery.yaml:3: 第 1 项.year" in message


def test_pages_that_are_not_made_leave_the_nav_and_nothing_else_does() -> None:
    nav = [{"首页": "index.md"},
           {"课程章节": ["chapters/recovery.md", "glossary.md", {"参考文献": "references.md"}]},
           {"案例": ["cases/index.md"]}]
    config = SimpleNamespace(nav=nav)
    plugin._drop_from_nav(config, {"glossary.md", "references.md"})
    assert config.nav == [{"首页": "index.md"}, {"课程章节": ["chapters/recovery.md"]}, {"案例": ["cases/index.md"]}]


def test_the_course_lists_both_pages_after_its_five_chapters_and_reads_them_from_course() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    chapters = next(item["课程章节"] for item in config.nav if isinstance(item, dict) and "课程章节" in item)
    assert chapters == [f"chapters/{ch.slug}.md" for ch in plugin.pages.CHAPTERS] + ["glossary.md", "references.md"]
    assert Path(config.plugins["course_cases"].config.course_dir) == REPO / "course"
    assert dict(plugin.CasesConfig._schema)["course_dir"].default == "course"


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(course_pages).failed == 0

"""The course's terms and citations hold together: chapters ↔ glossary ↔ references ↔ cases.

What a teacher adopting the course expects (issue 17), checked on the real course:

* every glossary entry (course/glossary/<chapter>.yaml) is defined by exactly one link in its
  chapter, ``[术语](../glossary.md#<id>){ #term-<id> }``, and each chapter defines some terms;
* every link to ``glossary.md#X`` or ``references.md#X`` (docs/, and case text, whose links
  MkDocs does not check) names an entry that exists, and the chapters the reference list
  names for a work are exactly the chapters that link to it;
* every author–year citation in chapter prose is a link to the reference list (see
  :func:`unlinked_citations` for how a citation is recognised);
* every case tag is taught: it appears in one of the case's chapters or is a glossary term;
  skill tags, which name no concept, are listed in :data:`SKILL_TAGS` with the reason;
* the built site has both pages, and search finds the new topics' terms.

The checks are functions of a course folder (docs/, course/, cases/), so they run on the
repository and, at the end of this file, on a tiny course built in a temporary folder: one that
passes every check, and one broken copy per kind of problem, each of which must be reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.site import course_pages
from build_tools.site.pages import CHAPTERS

REPO = Path(__file__).resolve().parents[2]

SKILL_TAGS = {
    "时间计算": "B8 要算出几个时刻之间的间隔：练的是算术，不是一个服务营销概念",
    "房价计算": "B6 要算出应退的房费：算术技能",
    "补偿计算": "B9 要按补偿规则算出金额：算术技能，补偿方式本身由「服务补救」教",
    "差距分计算": "B10 要按公式算出 SERVQUAL 差距分：计算技能，公式由「SERVQUAL」「差距模型」教",
    "加权平均": "B10 要按维度权重算加权分：算术技能",
    "批判性阅读": "B9、B13 要评价一段论证的证据和推理：阅读技能，不是本课程的概念",
    "概念练习": "C1 的类别标签，说明它是概念操练题，不是一个概念",
}
"""Case tags that name a skill or the kind of exercise, not a concept a chapter should teach."""

NOT_CITATIONS: dict[str, str] = {}
"""「chapter.md: text」 that :func:`unlinked_citations` finds but that cites no work -> why
(e.g. a product name followed by its launch year). Empty: nothing in the course needs it yet."""

SEARCH_TERMS = ("容忍区", "情绪劳动", "等待心理")
"""Terms of the sections issue 17 adds (zone of tolerance, emotional labour, waiting psychology)."""


# --------------------------------------------------------------------------- reading the course


@dataclass(frozen=True)
class Course:
    """A course folder: docs/chapters/*.md, course/glossary|references/*.yaml, cases/*.yaml."""

    root: Path

    def chapter(self, slug: str) -> str:
        path = self.root / "docs" / "chapters" / f"{slug}.md"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def docs(self) -> dict[str, str]:
        """Every Markdown page of docs/ and every case file, by path relative to the root."""
        files = sorted((self.root / "docs").rglob("*.md")) + sorted((self.root / "cases").glob("*.yaml"))
        return {str(path.relative_to(self.root)): path.read_text(encoding="utf-8") for path in files}

    def glossary(self) -> list[course_pages.Term] | None:
        return course_pages.load_glossary(self.root / "course")

    def references(self) -> list[course_pages.Reference] | None:
        return course_pages.load_references(self.root / "course")

    def cases(self) -> dict[str, dict]:
        return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
                for path in sorted((self.root / "cases").glob("*.yaml"))}


FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})([^\n]*)\n.*?^\1?[ \t]*\2[ \t]*$", re.M | re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")


def blank(text: str) -> str:
    """`text` with every character but line breaks replaced by a space (keeps line numbers)."""
    return re.sub(r"[^\n]", " ", text)


def prose(markdown: str, *, keep_mermaid: bool = False) -> str:
    """`markdown` with fenced code blocks (Mermaid diagrams too, unless `keep_mermaid`), inline code
    and HTML comments blanked out, line for line."""

    def fence(match: re.Match) -> str:
        return match.group(0) if keep_mermaid and match.group(3).strip() == "mermaid" else blank(match.group(0))

    text = FENCE.sub(fence, markdown)
    text = COMMENT.sub(lambda m: blank(m.group(0)), text)
    return CODE_SPAN.sub(lambda m: blank(m.group(0)), text)


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<href>[^()\s]*)\)(?:\{(?P<attrs>[^}\n]*)\})?")
"""An inline Markdown link, with the attr_list block right after it if there is one."""
PAGE_LINK = re.compile(r"(?<![\w-])(?P<page>glossary|references)\.md#(?P<id>[^)\s\"'#]+)")
TERM_ANCHOR = re.compile(r"#term-([A-Za-z0-9_-]+)")


# --------------------------------------------------------------------------- the checks


def defining_link_problems(course: Course) -> list[str]:
    """Each glossary entry defined by exactly one ``[…](../glossary.md#id){ #term-id }`` in its own
    chapter; each ``#term-`` anchor naming an entry and sitting on a link to that entry; each chapter
    with terms of its own."""
    terms = course.glossary() or []
    problems = [f"course/glossary/{ch.slug}.yaml：第{ch.number}章还没有术语（每章的关键术语都应进术语表）"
                for ch in CHAPTERS if not any(t.chapter == ch.slug for t in terms)]
    by_id = {t.id: t for t in terms}
    found: dict[str, list[str]] = {t.id: [] for t in terms}
    for ch in CHAPTERS:
        text = prose(course.chapter(ch.slug))
        links = {m.end(): m for m in LINK.finditer(text) if m.group("attrs") is not None}
        for attrs in re.finditer(r"\{[^}\n]*\}", text):
            for anchor in TERM_ANCHOR.findall(attrs.group(0)):
                where = f"docs/chapters/{ch.slug}.md:{line_at(text, attrs.start())}"
                link = links.get(attrs.end())
                target = PAGE_LINK.search(link.group("href")) if link else None
                if anchor not in by_id:
                    problems.append(f"{where}：锚点 #term-{anchor} 没有对应的术语（course/glossary/*.yaml 里没有 id {anchor}）")
                elif target is None or target.group("page") != "glossary" or target.group("id") != anchor:
                    problems.append(f"{where}：#term-{anchor} 应放在指向 ../glossary.md#{anchor} 的链接后面")
                else:
                    found[anchor].append(where if ch.slug == by_id[anchor].chapter else f"{where}（不是定义它的第"
                                                                                          f"{_number(by_id[anchor].chapter)}章）")
    for term in terms:
        if len(found[term.id]) != 1 or "（不是" in found[term.id][0]:
            how = f"[{term.term}](../glossary.md#{term.id}){{ #term-{term.id} }}"
            where = "、".join(found[term.id]) or "没有"
            problems.append(f"{term.file}:{term.line} {term.id}（{term.term}）：docs/chapters/{term.chapter}.md 里应恰有一处 {how}，"
                            f"现在是：{where}")
    return problems


def _number(slug: str) -> int:
    return next(ch.number for ch in CHAPTERS if ch.slug == slug)


def unresolved_links(course: Course) -> list[str]:
    """Links to glossary.md#X / references.md#X whose X is not an entry of that page."""
    ids = {"glossary": {t.id for t in course.glossary() or []}, "references": {w.id for w in course.references() or []}}
    problems = []
    for name, text in course.docs().items():
        for target in PAGE_LINK.finditer(text):
            if target.group("id") not in ids[target.group("page")]:
                folder = "course/glossary" if target.group("page") == "glossary" else "course/references"
                problems.append(f"{name}:{line_at(text, target.start())}：{target.group(0)} 不存在（{folder}/*.yaml 里没有 id "
                                f"{target.group('id')}）")
    return problems


def citing_chapter_problems(course: Course) -> list[str]:
    """The chapters the reference list names for a work (whose references file lists it) are the
    chapters that link to it; and the course has a reference list."""
    works = course.references()
    if not works:
        return ["course/references/：没有参考文献（每章引用的文献都应列在 course/references/<章>.yaml）"]
    listed = {(w.id, ch) for w in works for ch in w.chapters}
    linked = {(target.group("id"), ch.slug) for ch in CHAPTERS
              for target in PAGE_LINK.finditer(prose(course.chapter(ch.slug))) if target.group("page") == "references"}
    known = {w.id for w in works}
    return ([f"docs/chapters/{ch}.md 引用了 {work}，但 course/references/{ch}.yaml 没有列出它" for work, ch in sorted(linked - listed)
             if work in known] +
            [f"course/references/{ch}.yaml 列出了 {work}，但 docs/chapters/{ch}.md 没有链接到它" for work, ch in sorted(listed - linked)])


NAME = r"(?<![A-Za-z\u00C0-\u024F])[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’-]+"
"""A Latin-script name: a capital, then letters (Grönroos, McCollough, O'Neill, Hart)."""
YEAR = r"(?<!\d)(?:1[6-9]|20)\d\d[a-z]?(?!\d)"
PAREN = re.compile(r"[（(](?P<inside>[^（）()\n]*)[）)]")
BARE = re.compile(rf"{NAME}(?:(?:[ \t]*(?:,|，|、|&|和|与|及|等人?|et al\.)[ \t]*|[ \t]+){NAME})*"
                  rf"(?:[ \t]*(?:等人?|et al\.))?[ \t]*[,，]?[ \t]*{YEAR}(?![ \t]*年)")
"""A name, more names joined by 、 , & 和 与 及, maybe 等 or et al., then a year: 「Tax 等 1998」."""
BEFORE = 30
"""How far before a parenthesis a name may stand and still be the author of the year in it."""


def unlinked_citations(markdown: str) -> list[tuple[int, str]]:
    """(line, text) of every author–year citation in `markdown` that is not part of a link to the
    reference list.

    A citation is a year (four digits, 1600–2099, maybe with APA's a/b) and a Latin-script name
    (a capital, then letters: Grönroos, McCollough, O'Neill) in one of three forms:

    1. both inside one pair of parentheses, full-width （…） or ASCII (…), the name first:
       「（Grönroos，1984）」「(Heskett et al. 1994)」「（可参阅 Dwyer, Schurr & Oh，1987）」;
    2. parentheses that begin with the year (other years may come first), and the name just
       before them — within 30 characters, not past a full stop, semicolon or parenthesis:
       「Hart（1988）」「Bitner 等人（1990、1994）」「Zomerdijk 与 Voss（2010）」「Carlzon 在《关键时刻》（1987）」;
    3. no parentheses, only names and the joiners 、 , & 和 与 及 等 et al. before the year, and no
       年 after it: 「Tax 等 1998」「Bitner, Booms & Mohr 1994」 — the form of the 关键术语 tables.
       「Starbucks 1971 年」 is a date, not a citation.

    Before looking, code blocks, Mermaid diagrams, inline code and HTML comments are blanked, and
    every link to ``references.md#…`` is masked whole, text included (「〔文献〕」); so a citation
    whose year is inside such a link is not reported, while one linked elsewhere (a glossary or
    case link) still is. Other links keep their text and lose their URL.
    Not detected by design: a year with other words between it and the name outside parentheses
    (「PZB 在 1985 年提出」) and a name only in Chinese (「格罗鲁斯（1984）」): they read as prose.
    A product or standard with a year in parentheses (「Windows（2000）」) would be found too; such
    a finding goes into :data:`NOT_CITATIONS` with the reason.
    """
    text = prose(markdown)

    def mask(match: re.Match) -> str:
        target = PAGE_LINK.search(match.group("href"))
        if target and target.group("page") == "references":
            return "〔文献〕" + "\n" * match.group(0).count("\n")
        return match.group("text") + blank(match.group(0)[len(match.group("text")) :])

    text = LINK.sub(mask, text)
    found = []
    for paren in PAREN.finditer(text):
        inside = paren.group("inside")
        year = re.search(YEAR, inside)
        if not year:
            continue
        if re.search(NAME, inside[: year.start()]):
            start = paren.start()
        elif re.fullmatch(rf"(?:{YEAR}|〔文献〕|[\s、，,；;&和与及])*", inside[: year.start()]):
            before = re.split(r"[。；！？（）()\n]", text[max(0, paren.start() - BEFORE) : paren.start()])[-1]
            name = re.search(NAME, before)
            if not name:
                continue
            start = paren.start() - len(before) + name.start()
        else:
            continue
        found.append((start, text[start : paren.end()]))
    in_parens = [paren.span() for paren in PAREN.finditer(text)]
    for bare in BARE.finditer(text):
        if not any(start <= bare.start() < end for start, end in in_parens):
            found.append((bare.start(), bare.group(0)))
    return [(line_at(text, start), " ".join(quote.split())) for start, quote in sorted(found)]


def citation_problems(course: Course) -> list[str]:
    return [f"docs/chapters/{ch.slug}.md:{line}：{quote} 没有链接到参考文献（../references.md#<id>）"
            for ch in CHAPTERS for line, quote in unlinked_citations(course.chapter(ch.slug))
            if f"{ch.slug}.md: {quote}" not in NOT_CITATIONS]


def untaught_tags(course: Course) -> list[str]:
    """Case tags that neither appear in the text of one of the case's chapters (whitespace, emphasis
    and the particle 的 ignored, Mermaid labels included) nor are a glossary term (Chinese or English)."""

    def squeeze(text: str) -> str:  # 「服务失误分类」 is taught by 「服务失误的分类」
        return re.sub(r"[\s*_的]+", "", text)

    terms = {squeeze(t.term) for t in course.glossary() or []} | {squeeze(t.english).casefold() for t in course.glossary() or []}
    chapters = {ch.slug: squeeze(LINK.sub(lambda m: m.group("text"), prose(course.chapter(ch.slug), keep_mermaid=True)))
                for ch in CHAPTERS}
    problems = []
    for case_id, data in course.cases().items():
        for tag in data.get("tags") or []:
            if tag in SKILL_TAGS or squeeze(tag) in terms or squeeze(tag).casefold() in terms:
                continue
            if not any(squeeze(tag) in chapters.get(slug, "") for slug in data.get("chapters", [])):
                problems.append(f"cases/{case_id}.yaml：标签「{tag}」在它的章节（{'、'.join(data.get('chapters', []))}）里没有讲，"
                                "也不是术语表里的术语：在章节里讲它、把它加入术语表，或改掉这个标签")
    return problems


def missing_search_terms(index: dict, terms=SEARCH_TERMS) -> list[str]:
    """The `terms` that no document of a Material search index contains (jieba's U+200B removed)."""
    texts = [(doc.get("title", "") + " " + doc.get("text", "")).replace("\u200b", "") for doc in index["docs"]]
    return [term for term in terms if not any(term in text for text in texts)]


# --------------------------------------------------------------------------- the real course


COURSE = Course(REPO)


def test_every_glossary_term_is_defined_by_one_link_in_its_chapter() -> None:
    assert defining_link_problems(COURSE) == []


def test_every_link_to_the_glossary_or_the_references_names_an_entry() -> None:
    assert unresolved_links(COURSE) == []


def test_the_reference_list_names_the_chapters_that_cite_each_work() -> None:
    assert citing_chapter_problems(COURSE) == []


def test_every_author_year_citation_links_to_the_reference_list() -> None:
    assert citation_problems(COURSE) == []


def test_every_case_tag_is_taught_in_its_chapters_or_the_glossary() -> None:
    assert untaught_tags(COURSE) == []


def test_the_skill_tags_are_still_used() -> None:
    """An exemption outlives its tag only by mistake."""
    used = {tag for data in COURSE.cases().values() for tag in data.get("tags") or []}
    assert sorted(set(SKILL_TAGS) - used) == []


def test_the_built_site_has_both_pages_with_every_entry(built_site) -> None:
    missing = []
    for page, entries in (("glossary", COURSE.glossary()), ("references", COURSE.references())):
        path = built_site.root / page / "index.html"
        if entries is None or not path.is_file():
            missing.append(f"{page}/index.html：没有生成（course/{page}/ 不存在？）")
            continue
        built = path.read_text(encoding="utf-8")
        missing += [f"{page}/index.html：没有 id={entry.id}" for entry in entries if f'id="{entry.id}"' not in built]
    assert missing == []


def test_search_finds_the_new_topics(built_site) -> None:
    index = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert missing_search_terms(index) == []


# --------------------------------------------------------------------------- the checks, on a tiny course


GOOD_CHAPTER = """\
# 第{number}章

本章讲[{term}](../glossary.md#{id}){{ #term-{id} }}，见 [Hart（1988）](../references.md#hart-1988)，
也见（[Grönroos，1984](../references.md#gronroos-1984)）；它与[另一章的术语](../glossary.md#concept-recovery)有关。

```mermaid
graph LR
  A["Keaveney（1995）"] --> B[{term}标签]
```

代码 `Singh（1990）` 与 <!-- Landon（1977） --> 都不算；Starbucks 1971 年开业、PZB 在 1985 年提出、ISO 9001:2015
和北欧航空（SAS）也都不是引文。本章还讲服务的分类。

| 术语 | 说明 |
|---|---|
| [{term}](../glossary.md#{id}) | 表里的链接不是定义 |
"""


def tiny_course(root: Path, **chapters: str) -> Course:
    """A five-chapter course that passes every check; `chapters` (slug -> Markdown) replaces chapters."""
    for ch in CHAPTERS:
        term_id = f"concept-{ch.slug}"
        text = chapters.get(ch.slug, GOOD_CHAPTER.format(number=ch.number, term=f"{ch.title}概念", id=term_id))
        (root / "docs" / "chapters").mkdir(parents=True, exist_ok=True)
        (root / "docs" / "chapters" / f"{ch.slug}.md").write_text(text, encoding="utf-8")
        (root / "course" / "glossary").mkdir(parents=True, exist_ok=True)
        (root / "course" / "glossary" / f"{ch.slug}.yaml").write_text(
            f"- id: {term_id}\n  term: {ch.title}概念\n  english: concept {ch.number}\n  definition: 定义。\n", encoding="utf-8")
        (root / "course" / "references").mkdir(parents=True, exist_ok=True)
        (root / "course" / "references" / f"{ch.slug}.yaml").write_text(
            "- {id: hart-1988, authors: 'Hart, C. W. L.', year: 1988, title: T, source: HBR}\n"
            "- {id: gronroos-1984, authors: 'Grönroos, C.', year: 1984, title: Q, source: EJM}\n", encoding="utf-8")
    (root / "cases").mkdir(exist_ok=True)
    (root / "cases" / "x1.yaml").write_text("id: x1\nchapters: [recovery, quality]\ntags: [服务质量概念, 时间计算, concept 3, 服务分类, 服务质量概念标签]\n",
                                           encoding="utf-8")
    return Course(root)


CHECKS = {"defining links": defining_link_problems, "unresolved links": unresolved_links,
          "citing chapters": citing_chapter_problems, "citations": citation_problems, "tags": untaught_tags}


def test_the_checks_pass_on_a_tiny_course_that_does_everything_right(tmp_path: Path) -> None:
    course = tiny_course(tmp_path)
    assert {name: check(course) for name, check in CHECKS.items()} == {name: [] for name in CHECKS}


def _chapter(text: str) -> str:
    """A recovery chapter that keeps its defining link and citations, plus `text`."""
    return GOOD_CHAPTER.format(number=1, term="服务失误与服务补救概念", id="concept-recovery") + "\n" + text + "\n"


BROKEN_COURSES = [  # (what is wrong, recovery.md or a change to the course, check, the one problem it must report)
    ("no defining link", GOOD_CHAPTER.format(number=1, term="服务失误与服务补救概念", id="concept-recovery").replace("{ #term-concept-recovery }", ""),
     "defining links", "course/glossary/recovery.yaml:1 concept-recovery（服务失误与服务补救概念）：docs/chapters/recovery.md 里应恰有一处"),
    ("defined twice", _chapter("再讲[一次](../glossary.md#concept-recovery){ #term-concept-recovery }。"),
     "defining links", "现在是：docs/chapters/recovery.md:3、docs/chapters/recovery.md:18"),
    ("anchor without a term", _chapter("[甲](../glossary.md#concept-quality){ #term-nothing }"),
     "defining links", "docs/chapters/recovery.md:18：锚点 #term-nothing 没有对应的术语"),
    ("anchor on a link elsewhere", _chapter("[甲](../glossary.md#concept-quality){ #term-concept-recovery }"),
     "defining links", "docs/chapters/recovery.md:18：#term-concept-recovery 应放在指向 ../glossary.md#concept-recovery 的链接后面"),
    ("glossary link to no entry", _chapter("[甲](../glossary.md#servqual)"),
     "unresolved links", "docs/chapters/recovery.md:18：glossary.md#servqual 不存在（course/glossary/*.yaml 里没有 id servqual）"),
    ("reference link to no entry", _chapter("[Hart（1998）](../references.md#hart-1998)"),
     "unresolved links", "docs/chapters/recovery.md:18：references.md#hart-1998 不存在"),
    ("cited but not listed", _chapter("[Grönroos（1984）](../references.md#gronroos-1984)").replace(
        "[Hart（1988）](../references.md#hart-1988)", "Hart 的研究"),
     "citing chapters", "course/references/recovery.yaml 列出了 hart-1988，但 docs/chapters/recovery.md 没有链接到它"),
    ("narrative citation", _chapter("McCollough 与 Bharadwaj（1992）认为……"),
     "citations", "docs/chapters/recovery.md:18：McCollough 与 Bharadwaj（1992） 没有链接到参考文献"),
    ("citation linked to the glossary", _chapter("[Hart（1988）](../glossary.md#concept-recovery)"),
     "citations", "docs/chapters/recovery.md:18：Hart（1988） 没有链接到参考文献"),
    ("parenthetical citation", _chapter("悖论并不总成立（de Matos 等 2007）。"),
     "citations", "docs/chapters/recovery.md:18：（de Matos 等 2007） 没有链接到参考文献"),
    ("ASCII parentheses", _chapter("The chain (Heskett et al. 1994) holds."),
     "citations", "docs/chapters/recovery.md:18：(Heskett et al. 1994) 没有链接到参考文献"),
    ("one of two years linked", _chapter("Bitner 等人（[1990](../references.md#hart-1988)、1994）"),
     "citations", "docs/chapters/recovery.md:18：Bitner 等人（〔文献〕、1994） 没有链接到参考文献"),
    ("book title between name and year", _chapter("Jan Carlzon 在《关键时刻》（1987）一书中"),
     "citations", "docs/chapters/recovery.md:18：Jan Carlzon 在《关键时刻》（1987） 没有链接到参考文献"),
    ("citation in a table", _chapter("| 补救悖论 | McCollough & Bharadwaj 1992 提出 |"),
     "citations", "docs/chapters/recovery.md:18：McCollough & Bharadwaj 1992 没有链接到参考文献"),
    ("one name of a bare citation linked", _chapter("Tax、Brown 与 [Chandrashekaran](../glossary.md#concept-recovery) 1998 的框架"),
     "citations", "docs/chapters/recovery.md:18：Tax、Brown 与 Chandrashekaran 1998 没有链接到参考文献"),
    ("untaught tag", "cases/x1.yaml:id: x1\nchapters: [recovery, quality]\ntags: [等待心理]\n",
     "tags", "cases/x1.yaml：标签「等待心理」在它的章节（recovery、quality）里没有讲"),
]


def test_each_kind_of_problem_is_reported_where_it_is(tmp_path: Path) -> None:
    wrong = []
    for n, (what, change, check, expected) in enumerate(BROKEN_COURSES):
        if change.startswith("cases/"):
            name, text = change.split(":", 1)
            course = tiny_course(tmp_path / str(n))
            (course.root / name).write_text(text, encoding="utf-8")
        else:
            course = tiny_course(tmp_path / str(n), recovery=change)
        found = {name: run(course) for name, run in CHECKS.items()}
        reported = found.pop(check)
        if len(reported) != 1 or expected not in reported[0]:
            wrong.append(f"{what}: {check} should report one problem containing {expected!r}, reported {reported}")
        if any(found.values()):
            wrong.append(f"{what}: other checks reported {found}")
    assert wrong == []


def test_prose_keeps_line_numbers_and_drops_only_code_and_comments() -> None:
    text = "a\n```mermaid\nHart（1988）\n```\n    ~~~python\n    x\n    ~~~\nb `c` <!-- d\ne --> f\n"
    assert prose(text) == "a\n" + blank("```mermaid\nHart（1988）\n```\n    ~~~python\n    x\n    ~~~") + "\nb     " + blank("<!-- d\ne -->") + " f\n"
    assert "Hart（1988）" in prose(text, keep_mermaid=True)


def test_search_terms_are_found_without_the_segmenters_zero_width_spaces() -> None:
    index = {"docs": [{"title": "容\u200b忍区", "text": ""}, {"title": "", "text": "<p>情绪\u200b劳动</p>"}]}
    assert missing_search_terms(index) == ["等待心理"]

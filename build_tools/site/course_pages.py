"""The course-wide glossary and reference list: load ``course/``, check it, write two pages.

Each chapter's key terms and cited works are data, written beside the chapters::

    course/glossary/<chapter>.yaml     - {id, term, english (optional), definition}, one per term
    course/references/<chapter>.yaml   - {id, authors, year, title, source}, one per work

(``<chapter>`` is the chapter's file name in docs/chapters/ without ``.md``.) A chapter marks
the defining occurrence of a term ``[服务补救](../glossary.md#service-recovery){ #term-service-recovery }``
and cites ``[Hart（1988）](../references.md#hart-1988)``; the pages written here link back to
``chapters/<chapter>.md#term-<id>``, so a strict build fails when either side is missing.

Loading uses the cases' YAML loader (safe, duplicate keys refused, line numbers kept); every
problem in every file is collected and reported at once as ``file:line: field`` and a way to fix
it (:class:`CourseDataErrors`). Nothing here imports MkDocs.

* :func:`load_glossary`, :func:`load_references` — the checked entries, or ``None`` when the
  folder does not exist (then the page is simply not made);
* :func:`glossary_page` — 「术语表」, ordered by Hanyu Pinyin under letter headings, as a Chinese
  textbook's index is (the chapters' own 「关键术语」 tables already give the by-chapter view);
* :func:`references_page` — 「参考文献」 in APA 7, sorted as APA sorts: by first author, then the
  other authors, then year.

>>> terms = glossary_from_text("- {id: servqual, term: SERVQUAL, definition: 服务质量量表。}", "quality")
>>> [line for line in glossary_page(terms).splitlines() if line.startswith("#")]
['# 术语表', '## S { #letter-s }', '### SERVQUAL { #servqual }']
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..cases.load import CaseError
from ..cases.yamlload import LineDict, LineList, YamlError, load_text
from .pages import CHAPTER_BY_SLUG, CHAPTERS, md_text

__all__ = [
    "GLOSSARY_PAGE",
    "REFERENCES_PAGE",
    "Term",
    "Reference",
    "CourseProblem",
    "CourseDataErrors",
    "made_pages",
    "load_glossary",
    "load_references",
    "glossary_from_text",
    "references_from_text",
    "glossary_page",
    "references_page",
    "pinyin_key",
]

GLOSSARY_PAGE = "glossary.md"
"""Where the glossary is generated, relative to docs/ (chapters link ``../glossary.md#<id>``)."""
REFERENCES_PAGE = "references.md"
"""Where the reference list is generated, relative to docs/."""
GLOSSARY_DIR = "glossary"
"""Folder of glossary files inside the course folder."""
REFERENCES_DIR = "references"
"""Folder of reference files inside the course folder."""


def made_pages(folder: Path) -> list[str]:
    """The pages a build makes from the course folder `folder`: each whose subfolder exists."""
    return [page for page, sub in ((GLOSSARY_PAGE, GLOSSARY_DIR), (REFERENCES_PAGE, REFERENCES_DIR))
            if (Path(folder) / sub).is_dir()]

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""An entry id: ASCII kebab-case (it is a URL fragment on the generated page)."""
YEAR = re.compile(r"^(1[5-9]|20)\d\d[a-z]?$")
"""A publication year, with APA's a/b suffix for two works of an author in one year."""
SUFFIXES = (".yaml", ".yml")
LETTER_ID = "letter-{}"
"""Anchor of a letter heading on the glossary page (a term id may not take this form)."""

GLOSSARY_FIELDS = {"id": "术语的锚点，小写英文加连字符，如 service-recovery",
                   "term": "中文术语，如 服务补救",
                   "english": "英文名（可选），如 service recovery",
                   "definition": "一两句话的定义"}
GLOSSARY_REQUIRED = ("id", "term", "definition")
REFERENCE_FIELDS = {"id": "文献的锚点：第一作者姓（三位及以下作者写全部姓）加年份，如 bitner-booms-tetreault-1990",
                    "authors": "APA 格式的作者，如 Bitner, M. J., Booms, B. H., & Tetreault, M. S.",
                    "year": "出版年份，如 1990",
                    "title": "文献标题（APA：句首大写）",
                    "source": "期刊名, 卷(期), 页码；或出版社"}
REFERENCE_REQUIRED = tuple(REFERENCE_FIELDS)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Term:
    """One glossary entry and the chapter that defines it."""

    id: str
    term: str
    definition: str
    chapter: str
    """Slug of the defining chapter (the file's name)."""
    english: str = ""
    file: str = ""
    line: int = 0

    @property
    def anchor(self) -> str:
        """The id of the defining link in the chapter: ``term-<id>``."""
        return f"term-{self.id}"


@dataclass(frozen=True)
class Reference:
    """One cited work and the chapters whose reference files list it (course order)."""

    id: str
    authors: str
    year: str
    title: str
    source: str
    chapters: tuple[str, ...]
    file: str = ""
    line: int = 0


CourseProblem = CaseError
"""One problem in one glossary or reference file: reported exactly as a problem in a case file is."""


class CourseDataErrors(Exception):
    """Every problem found in the glossary and reference files; str() is the full report."""

    def __init__(self, problems: list[CourseProblem]) -> None:
        self.problems = problems
        files = len({p.file for p in problems})
        body = "\n".join(str(p) for p in problems)
        super().__init__(f"术语表和参考文献文件有 {len(problems)} 处错误（{files} 个文件）：\n{body}")


# --------------------------------------------------------------------------- loading


def load_glossary(folder: Path) -> list[Term] | None:
    """Every term of ``<folder>/glossary/*.yaml``, checked; None when that folder does not exist.

    Raises :class:`CourseDataErrors` listing every problem of every file.
    """
    texts = _read_folder(Path(folder) / GLOSSARY_DIR)
    if texts is None:
        return None
    return _glossary(texts)


def load_references(folder: Path) -> list[Reference] | None:
    """Every work of ``<folder>/references/*.yaml``, one per id, checked; None when that folder
    does not exist. Raises :class:`CourseDataErrors` listing every problem of every file."""
    texts = _read_folder(Path(folder) / REFERENCES_DIR)
    if texts is None:
        return None
    return _references(texts)


def glossary_from_text(text: str, chapter: str, file: str | None = None) -> list[Term]:
    """The terms of one glossary file's text, for chapter `chapter` (tests, doctests)."""
    return _glossary([(file or f"course/{GLOSSARY_DIR}/{chapter}.yaml", chapter, text)])


def references_from_text(text: str, chapter: str, file: str | None = None) -> list[Reference]:
    """The works of one reference file's text, for chapter `chapter` (tests, doctests)."""
    return _references([(file or f"course/{REFERENCES_DIR}/{chapter}.yaml", chapter, text)])


Source = tuple[str, str, "str | UnicodeDecodeError"]
"""(file name as shown in messages, chapter slug from the file name, its text or why it has none)."""


def _read_folder(folder: Path) -> list[Source] | None:
    if not folder.is_dir():
        return None
    sources: list[Source] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file()):
        raw = path.read_bytes()
        try:
            sources.append((_display(path), path.stem, raw.decode("utf-8-sig")))
        except UnicodeDecodeError as exc:  # reported with the other files' problems
            sources.append((_display(path), path.stem, exc))
    return sources


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _parse(sources: Iterable[Source], problems: list[CourseProblem], kind: str,
           fields: Mapping[str, str], required: tuple[str, ...]) -> list[tuple[str, str, LineDict, int, str]]:
    """(file, chapter, entry, line, 「第 n 项」) of every well-formed entry; every problem appended to `problems`."""
    entries = []
    for file, chapter, text in sources:
        if chapter not in CHAPTER_BY_SLUG:
            names = "、".join(ch.slug for ch in CHAPTERS)
            close = difflib.get_close_matches(chapter, list(CHAPTER_BY_SLUG), n=1)
            hint = f"是不是想写 {close[0]}.yaml？" if close else ""
            problems.append(CourseProblem(file, 0, "", f"文件名「{chapter}」不是本课程的章节。{kind}文件以它所属章节"
                                          f"在 docs/chapters/ 里的文件名命名（不带 .md）：{names} 之一。{hint}"))
            continue
        if isinstance(text, UnicodeDecodeError):
            problems.append(CourseProblem(file, 0, "", "文件不是 UTF-8 编码：请用 UTF-8 重新保存。"))
            continue
        try:
            data = load_text(text, file)
        except YamlError as exc:
            problems.append(CourseProblem(file, exc.line, "", exc.message))
            continue
        if data is None:
            continue  # an empty file: no entries yet
        if not isinstance(data, LineList):
            problems.append(CourseProblem(file, getattr(data, "line", 1) or 1, "",
                                          f"文件应是一个列表：每一项以「- id: …」开头，一项一个{kind}条目。"))
            continue
        for index, (entry, line) in enumerate(zip(data, data.item_lines)):
            where = f"第 {index + 1} 项"
            if not isinstance(entry, LineDict):
                problems.append(CourseProblem(file, line, where, f"应是一组「字段: 值」（{'、'.join(fields)}），"
                                              f"现在是「{entry}」。"))
                continue
            ok = True
            misspelt = set()
            for key in entry:
                if key not in fields:
                    close = difflib.get_close_matches(str(key), [name for name in fields if name not in entry], n=1)
                    misspelt.update(close)
                    hint = f"是不是想写「{close[0]}」？" if close else "请删掉它。"
                    problems.append(CourseProblem(file, entry.key_lines[key], f"{where}.{key}",
                                                  f"未知字段「{key}」。可用的字段：{'、'.join(fields)}。{hint}"))
                    ok = False
            for key in required:
                if key in misspelt:
                    continue  # said with the misspelt one
                if key not in entry or entry[key] in (None, ""):
                    problems.append(CourseProblem(file, entry.key_lines.get(key, line), f"{where}.{key}",
                                                  f"缺少 {key}：{fields[key]}。"))
                    ok = False
            for key, value in entry.items():
                if key not in fields or key == "year" or value in (None, ""):
                    continue
                if not isinstance(value, str):
                    problems.append(CourseProblem(file, entry.key_lines[key], f"{where}.{key}",
                                                  f"应是文字，YAML 却把「{value}」读成了{_yaml_type(value)}：请给它加上引号。"))
                    ok = False
                elif key == "id" and not ID.match(value):
                    problems.append(CourseProblem(file, entry.key_lines[key], f"{where}.id",
                                                  f"id「{value}」不合格：只能用小写英文字母、数字和单个连字符"
                                                  "（kebab-case），如 service-recovery。它是网页地址的一部分。"))
                    ok = False
            if ok:
                entries.append((file, chapter, entry, line, where))
    return entries


def _yaml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "真假值（yes/no/true/false）"
    if isinstance(value, (int, float)):
        return "数字"
    if isinstance(value, (list, dict)):
        return "列表或映射"
    return type(value).__name__


def _text(entry: Mapping[str, Any], key: str) -> str:
    """A text field with its lines joined (YAML's ``>`` and ``|`` blocks keep newlines)."""
    value = entry.get(key)
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _glossary(sources: Iterable[Source]) -> list[Term]:
    problems: list[CourseProblem] = []
    terms: list[Term] = []
    by_id: dict[str, Term] = {}
    by_name: dict[str, Term] = {}
    for file, chapter, entry, line, where in _parse(sources, problems, "术语表", GLOSSARY_FIELDS, GLOSSARY_REQUIRED):
        term = Term(id=entry["id"], term=_text(entry, "term"), definition=_text(entry, "definition"),
                    english=_text(entry, "english"), chapter=chapter, file=file, line=line)
        id_line = entry.key_lines["id"]
        if re.fullmatch(LETTER_ID.format("[a-z]"), term.id):
            problems.append(CourseProblem(file, id_line, f"{where}.id", f"id「{term.id}」留给了术语表的字母标题，请换一个。"))
            continue
        first = by_id.get(term.id)
        if first is not None:
            problems.append(CourseProblem(file, id_line, f"{where}.id", f"id「{term.id}」已在 {first.file}:{first.line} 定义过"
                                          f"（{first.term}）。全课程一个 id 只能定义一次：一个术语只在首先讲授它的章节里"
                                          "定义，其他章节直接链接 ../glossary.md#" + term.id + "；不同的术语请换一个 id。"))
            continue
        same = by_name.get(term.term)
        if same is not None:
            problems.append(CourseProblem(file, entry.key_lines["term"], f"{where}.term",
                                          f"术语「{term.term}」已在 {same.file}:{same.line} 以 id {same.id} 定义过。"
                                          f"删掉这一条，章节里链接 ../glossary.md#{same.id} 即可。"))
            continue
        by_id[term.id] = by_name[term.term] = term
        terms.append(term)
    if problems:
        raise CourseDataErrors(problems)
    return terms


def _references(sources: Iterable[Source]) -> list[Reference]:
    problems: list[CourseProblem] = []
    works: dict[str, Reference] = {}
    for file, chapter, entry, line, where in _parse(sources, problems, "参考文献", REFERENCE_FIELDS, REFERENCE_REQUIRED):
        year = entry["year"]
        if isinstance(year, bool) or not YEAR.match(str(year)):
            problems.append(CourseProblem(file, entry.key_lines["year"], f"{where}.year",
                                          f"year「{year}」应是四位年份，如 1990（同一作者同年的两篇写 1990a、1990b）。"))
            continue
        work = Reference(id=entry["id"], authors=_text(entry, "authors"), year=str(year), title=_text(entry, "title"),
                         source=_text(entry, "source"), chapters=(chapter,), file=file, line=line)
        first = works.get(work.id)
        if first is None:
            works[work.id] = work
            continue
        if chapter in first.chapters:
            problems.append(CourseProblem(file, entry.key_lines["id"], f"{where}.id",
                                          f"id「{work.id}」在本文件里已有一条（第 {first.line} 行）：删掉重复的一条。"))
            continue
        differ = [key for key in ("authors", "year", "title", "source") if getattr(work, key) != getattr(first, key)]
        if differ:
            detail = "；".join(f"{key}：这里是「{getattr(work, key)}」，那里是「{getattr(first, key)}」" for key in differ)
            problems.append(CourseProblem(file, line, f"{where}.id", f"文献「{work.id}」与 {first.file}:{first.line} 的同一 id 不一致"
                                          f"（{detail}）。几章引用同一文献时各自文件里的字段必须完全相同："
                                          "核对后把那一条原样复制过来；若确是另一篇文献，请换一个 id。"))
            continue
        works[work.id] = replace(first, chapters=first.chapters + (chapter,))
    if problems:
        raise CourseDataErrors(problems)
    order = {ch.slug: n for n, ch in enumerate(CHAPTERS)}
    return [replace(w, chapters=tuple(sorted(w.chapters, key=order.__getitem__))) for w in works.values()]


# --------------------------------------------------------------------------- ordering


def pinyin_key(text: str) -> tuple:
    """Dictionary order of Chinese text: by toneless pinyin, then tones, then the text itself.

    Latin letters and digits sort as themselves (case-insensitive), so SERVQUAL goes under S
    among the Chinese terms read with s-. Needs ``pypinyin`` (a dependency of the project).

    >>> sorted(["服务补救", "SERVQUAL", "补救悖论", "7P"], key=pinyin_key)
    ['7P', '补救悖论', '服务补救', 'SERVQUAL']
    """
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # pragma: no cover - the project depends on it
        raise ImportError("术语表按拼音排序需要 pypinyin（pip install pypinyin，或重新安装本项目）。") from None
    syllables: list[tuple[str, int]] = []
    for run in _HAN_OR_NOT.findall(text):
        if _HAN.match(run):
            for syllable in lazy_pinyin(run, style=Style.TONE3, neutral_tone_with_five=True):
                syllables.append((syllable[:-1], int(syllable[-1])) if syllable[-1:].isdigit() else (syllable, 0))
        else:
            syllables += [(word, 0) for word in re.findall(r"[a-z0-9]+", _fold(run))]
    return (tuple(s for s, _ in syllables), tuple(t for _, t in syllables), text)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_OR_NOT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _fold(text: str) -> str:
    """Lower case without accents: Grönroos sorts as gronroos."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)).casefold()


def _initial(term: str) -> str:
    """The letter heading a term goes under: A–Z by its pinyin, ``#`` for a digit or symbol."""
    syllables = pinyin_key(term)[0]
    first = syllables[0][:1].upper() if syllables else ""
    return first if "A" <= first <= "Z" else "#"


# --------------------------------------------------------------------------- pages


GLOSSARY_FRONT_MATTER = "---\nsearch:\n  boost: 0.1\n---\n\n"
"""Material's search ranks the glossary below the chapters: a term's definition is one line there, while
the chapter that teaches it is where a student searching for it should land first (tests/site/test_search.py)."""


def glossary_page(terms: Iterable[Term]) -> str:
    """The Markdown of 「术语表」: letter headings, one ``###`` heading per term with its id as anchor
    (so search finds the term itself), the English name, the definition and the defining chapter."""
    ordered = sorted(terms, key=lambda t: pinyin_key(t.term))
    parts = [GLOSSARY_FRONT_MATTER + "# 术语表", "本课程五章的关键术语，按汉语拼音排序（以英文字母开头的术语按字母归入）。"
             "每个术语注明它在哪一章定义，点击即可回到课文中讲解它的地方。"]
    if not ordered:
        parts.append("（暂无术语。）")
        return "\n\n".join(parts) + "\n"
    groups: dict[str, list[Term]] = {}
    for term in ordered:
        groups.setdefault(_initial(term.term), []).append(term)
    letters = sorted(groups, key=lambda letter: (letter != "#", letter))
    parts.append(" · ".join(f"[{_letter_label(letter)}](#{_letter_id(letter)})" for letter in letters))
    for letter in letters:
        parts.append(f"## {_letter_label(letter)} {{ #{_letter_id(letter)} }}")
        for term in groups[letter]:
            chapter = CHAPTER_BY_SLUG[term.chapter]
            parts.append(f"### {md_text(term.term)} {{ #{term.id} }}")
            english = f'<span lang="en">{md_text(term.english)}</span>　' if term.english else ""
            parts.append(f"{english}{md_text(term.definition)}")
            parts.append(f"定义于：[{md_text(chapter.label)}]({chapter.src}#{term.anchor})")
    return "\n\n".join(parts) + "\n"


def _letter_id(letter: str) -> str:
    return LETTER_ID.format(letter.lower() if letter != "#" else "0")


def _letter_label(letter: str) -> str:
    return "0–9" if letter == "#" else letter


def references_page(works: Iterable[Reference]) -> str:
    """The Markdown of 「参考文献」: APA 7 entries in APA's order (first author, the other authors,
    year), each a paragraph with the work's id as anchor, followed by links to the chapters citing it."""
    ordered = sorted(works, key=_reference_key)
    parts = ["# 参考文献", "本课程各章引用的文献，按 APA 第 7 版格式著录和排序（依作者姓氏，再依出版年份）。"
             "每条之后列出引用它的章节。"]
    if not ordered:
        parts.append("（暂无文献。）")
    for work in ordered:
        cited = "、".join(f"[{md_text(CHAPTER_BY_SLUG[slug].label)}]({CHAPTER_BY_SLUG[slug].src})" for slug in work.chapters)
        # not <small>: Material draws it at 75 % opacity, under 4.5:1 for the links in it
        parts.append(f'{apa(work)}<br>\n<span class="course-reference-cited">引用于：{cited}</span>\n{{ #{work.id} .course-reference }}')
    return "\n\n".join(parts) + "\n"


def _reference_key(work: Reference) -> tuple:
    """APA 7's order: by the authors' surnames in turn (so one author alone before the same author
    with others, and Bitner, Booms & Mohr before Bitner, Booms & Tetreault), then year, then title."""
    return (tuple(pinyin_key(name)[0] for name in surnames(work.authors)), work.year, _fold(work.title), work.id)


_INITIALS = re.compile(r"^(?:[A-Z\u00C0-\u00DE][a-z]?\.(?:[ -]?[A-Z\u00C0-\u00DE][a-z]?\.)*|Jr\.|Sr\.|I{2,3}|IV)$")


def surnames(authors: str) -> list[str]:
    """The surnames in an APA author list; a group author or a Chinese name is one name.

    >>> surnames("Cronin, J. J., Jr., & Taylor, S. A.")
    ['Cronin', 'Taylor']
    >>> surnames("Technical Assistance Research Programs")
    ['Technical Assistance Research Programs']
    """
    parts = [part.strip().removeprefix("&").strip() for part in authors.split(",")]
    return [part for part in parts if part and not _INITIALS.match(part)] or [authors]


_VOLUME = re.compile(r"^(?P<journal>.+?),\s*(?P<volume>\d+)(?P<issue>\s*\([^)]*\))?(?P<rest>.*)$")
_IN_BOOK = re.compile(r"^(?P<editors>In .+?\(Eds?\.\),\s*)(?P<book>.+?)\s*(?P<rest>\((?:Vol\.\s[^,)]+,\s*)?pp?\.[^)]*\).*)$")
_PERIODICAL = re.compile(r"\b(journal|review|quarterly|research|letters|proceedings)\b|学报|期刊|杂志", re.I)


def apa(work: Reference) -> str:
    """One reference in APA 7, as inert Markdown (italics only where APA puts them).

    The data has no type field, so the type is read from ``source``:

    * ``Journal of Marketing, 54(1), 71–84`` (a name, then a volume number) — an article: the
      title plain, the journal and the volume in italics;
    * ``In A. Editor (Ed.), Book (pp. 1–9). Publisher`` — a chapter in an edited book: the book's
      title in italics (any other ``In …`` as written);
    * a name with Journal, Review, Quarterly, Research, 学报… but no volume — an article whose
      volume the author was not sure of: the journal in italics;
    * anything else — a publisher: the book's title in italics.

    >>> print(apa(Reference("hart-1988", "Hart, C. W. L.", "1988", "The power of unconditional service guarantees",
    ...                     "Harvard Business Review, 66(4), 54–62", ("recovery",))).replace("&#46;", "."))
    Hart, C. W. L. &#40;1988&#41;. The power of unconditional service guarantees. *Harvard Business Review*, *66*&#40;4&#41;, 54–62.
    """
    head = f"{md_text(_end(work.authors))} {md_text(f'({work.year}).')}"
    title = _end(work.title)
    volume = _VOLUME.match(work.source)
    if volume:
        issue = md_text(volume["issue"].strip()) if volume["issue"] else ""
        journal = f"*{md_text(volume['journal'])}*, *{volume['volume']}*{issue}{md_text(_end(volume['rest']))}"
        return f"{head} {md_text(title)} {journal}"
    if work.source.startswith("In "):
        book = _IN_BOOK.match(work.source)
        if book:  # APA italicises the book's title: In A. Editor (Ed.), *Title* (pp. 1–9). Publisher.
            source = f"{md_text(book['editors'])}*{md_text(book['book'])}* {md_text(_end(book['rest']))}"
        else:
            source = md_text(_end(work.source))
        return f"{head} {md_text(title)} {source}"
    if _PERIODICAL.search(work.source):
        return f"{head} {md_text(title)} {_italic(_end(work.source))}"
    return f"{head} {_italic(title)} {md_text(_end(work.source))}"


def _italic(sentence: str) -> str:
    """``Title.`` as ``*Title*.``; a title ending in ? or ! keeps the mark inside the italics."""
    if sentence.endswith((".", "。")):
        return f"*{md_text(sentence[:-1])}*{md_text(sentence[-1])}"
    return f"*{md_text(sentence)}*"


def _end(text: str) -> str:
    """`text` ending in a full stop, unless it already ends in one, a question or exclamation mark."""
    text = text.strip()
    return text if text.endswith((".", "?", "!", "。", "？", "！")) else text + "."

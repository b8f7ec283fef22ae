"""The assessment build (``SERVICE_COURSE_ASSESSMENT=1``): no file of the built site holds a key-bearing
string of any case, and no instructor page is built, listed or linked.

"Every built file" means every one: pages, case JSON, runtime modules, the search index, the sitemap,
the checker bundle and Pyodide's standard library (unzipped), the grader's memory snapshot
(decompressed) and Pyodide's WebAssembly. A needle is every string of a case that tells a right answer
from a wrong one: feedback of options, items, lines, constraints and common errors; a text question's
model answer, concept labels and their found/missing notes, synonyms and patterns, forbidden phrases,
their exceptions and feedback; explanations (sentence by sentence: the practice site renders them to
HTML); sample answers and notes. Which option is correct, credits, keys of closed questions and
tolerances are numbers or ids, not findable text: the case JSON is checked for them field by field.

A needle that a student sees anyway (it occurs in a public source: the pages' Markdown, the course's
glossary and references, a case's narrative, dialogue, tables, prompts or option texts, or the
grader's own code, e.g. a phrase-bank word) cannot leak and is not searched for; the test prints how many were skipped so. Neither is an
English word of a rubric ("sorry", "exchange"): any program has it. Short needles are searched in
text files only: in a binary (the WebAssembly, the memory snapshot) a few Chinese characters occur by
chance.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import exercises
from build_tools.cases.load import Case
from shipped import shipped_cases
from build_tools.devtools.local_browser import free_port
from build_tools.site import assessment

REPO = Path(__file__).resolve().parents[2]
CASES = shipped_cases()
PROBE = "只给老师看的探针文字"
"""Text of the instructor pages this test adds (a teaching note, a source note): it must be nowhere."""
BINARY_MIN = 6
"""Characters a needle needs to be searched for in a binary file."""
ENGLISH_MIN = 16
"""Characters an all-ASCII needle needs to be searched for at all (shorter ones are English words)."""
TEXT_MIN = 3
"""Characters any needle needs to be searched for at all: a two-character synonym (「2分」) occurs in any Chinese text."""
FORBIDDEN_FIELDS = frozenset({"correct", "credit", "role", "feedback", "key", "also_accept", "constraints", "common_errors",
                              "tolerance", "relative_tolerance", "either", "concepts", "forbidden", "samples", "explanation",
                              "reveal", "model_answer", "scoring", "hit_points", "false_alarm_penalty", "answer_form"})
"""Fields of the case format that carry the key, its scoring or its explanation: in no JSON of the site."""


@dataclass(frozen=True)
class Needle:
    """A key-bearing string and where it comes from (case/question/field)."""

    text: str
    origin: str


# --------------------------------------------------------------------------- the build


@pytest.fixture(scope="module")
def keyless_site(build_variant):
    """The course built as an assessment site through the environment (mkdocs.yml says practice),
    from a copy of docs/ with a teaching note and a source note listed in the nav, as the course has,
    and a link to one of them from the student guide."""

    def add_instructor_pages(folder: Path, config: Path) -> None:
        docs = folder / "docs"
        shutil.copytree(REPO / "docs", docs)
        for page in ("guide/teaching/zz-probe.md", "guide/sources/zz-probe.md"):
            (docs / page).parent.mkdir(parents=True, exist_ok=True)
            (docs / page).write_text(f"# 教师页\n\n{PROBE}\n\n[教师指南](../instructor.md)\n", encoding="utf-8")
        with (docs / "guide" / "student.md").open("a", encoding="utf-8") as guide:
            guide.write("\n\n见[教学建议](teaching/zz-probe.md)。\n")
        text = config.read_text(encoding="utf-8").replace(json.dumps(str(REPO / "docs")), json.dumps(str(docs)))
        text = text.replace("      - guide/instructor.md\n", "      - guide/instructor.md\n      - 教学建议:\n"
                            "          - guide/teaching/zz-probe.md\n      - 资料说明:\n          - guide/sources/zz-probe.md\n", 1)
        config.write_text(text, encoding="utf-8")

    return build_variant("assessment", free_port(), env={assessment.ASSESSMENT_ENV: "1"}, prepare=add_instructor_pages)


# --------------------------------------------------------------------------- needles


def needles_of(case: Case) -> list[Needle]:
    """Every key-bearing string of a case (see the module docstring)."""
    found: list[Needle] = []

    def add(text: object, origin: str) -> None:
        if isinstance(text, str) and squeeze(text):
            found.append(Needle(squeeze(text), f"{case.id}/{origin}"))

    for q in case.questions:
        at = q["id"]
        for group in ("options", "items", "key", "common_errors", "constraints"):
            for n, entry in enumerate(q.get(group) if isinstance(q.get(group), list) else []):
                if isinstance(entry, dict):
                    add(entry.get("feedback"), f"{at}/{group}[{n}].feedback")
        if q["type"] == "text":
            add(q.get("key"), f"{at}/key")
            for concept in q.get("concepts") or []:
                for field in ("label", "found", "missing"):
                    add(concept.get(field), f"{at}/concepts.{concept['id']}.{field}")
                for entry in _flat(concept.get("synonyms") or []):
                    add(entry, f"{at}/concepts.{concept['id']}.synonyms")
            for n, rule in enumerate(q.get("forbidden") or []):
                for entry in _flat([rule.get("phrases") or [], rule.get("except") or []]):
                    add(entry, f"{at}/forbidden[{n}]")
                add(rule.get("feedback"), f"{at}/forbidden[{n}].feedback")
        for sentence in sentences(q.get("explanation") or ""):
            add(sentence, f"{at}/explanation")
        for n, sample in enumerate(q.get("samples") or []):
            add(sample.get("answer") if isinstance(sample.get("answer"), str) and q["type"] == "text" else None, f"{at}/samples[{n}]")
            add(sample.get("note"), f"{at}/samples[{n}].note")
    return found


def _flat(entries: Iterable) -> Iterator[str]:
    for entry in entries:
        if isinstance(entry, list):
            yield from _flat(entry)
        elif isinstance(entry, str):
            yield entry


def sentences(markdown: str, shortest: int = 8) -> list[str]:
    """The sentences of a Markdown text without its markup, each at least `shortest` characters."""
    return [part for part in re.split(r"[。！？；\n]+", plain(markdown)) if len(squeeze(part)) >= shortest]


def plain(markdown: str) -> str:
    """Markdown without its markup (link targets, emphasis, code marks, headings, quotes, table bars), as a page shows it."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`#>|\[\]]", "", text)


def squeeze(text: str) -> str:
    """Text without white space: a wrapped line in a page or a file finds the same."""
    return "".join(text.split())


def public_text() -> str:
    """What a student sees anyway: the pages' Markdown, the public parts of every case, the grader's code."""
    parts = [p.read_text(encoding="utf-8") for p in (REPO / "docs").rglob("*.md")
             if not assessment.is_instructor_page(p.relative_to(REPO / "docs").as_posix(), assessment.INSTRUCTOR_PAGES)]
    parts += [p.read_text(encoding="utf-8") for p in Path(exercises.__file__).parent.rglob("*.py")]
    parts += [p.read_text(encoding="utf-8") for p in (REPO / "course").rglob("*.yaml")]  # glossary, references (if any)
    for case in CASES:
        data = case.data
        parts += [data.get("title", ""), data.get("summary", ""), data.get("narrative", ""), data.get("source") or "",
                  " ".join(data.get("tags") or [])]
        parts += [line.get("text", "") for line in data.get("transcript") or []]
        parts += [json.dumps(table, ensure_ascii=False) for table in data.get("tables") or []]
        parts += [json.dumps({k: v for k, v in exercises.keyless_question(q).items()}, ensure_ascii=False)
                  + q.get("prompt", "") + q.get("title", "") for q in case.questions]
    parts += [p.read_text(encoding="utf-8") for p in (REPO / "build_tools/site/static").rglob("*.*js")]
    return squeeze("\n".join(plain(html.unescape(part)) for part in parts))


# --------------------------------------------------------------------------- the built files


def built_texts(root: Path) -> Iterator[tuple[str, str, bool]]:
    """(name, text, is_binary) of every built file, zips unpacked and .gz decompressed, each made comparable
    with the needles: tags stripped from HTML, entities and \\u escapes decoded, white space and zero-width
    spaces (the search index's word breaks) removed. A binary is read as UTF-8, with errors ignored, and the
    grader's memory snapshot (a Python heap, where Chinese text is stored two bytes a character) as UTF-16 too."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        data = path.read_bytes()
        if name.endswith(".gz"):
            name, data = name + "（解压）", gzip.decompress(data)
        if name.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield from _readable(f"{name}!{member}", archive.read(member))
            continue
        yield from _readable(name, data)


def _readable(name: str, data: bytes) -> Iterator[tuple[str, str, bool]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        yield name, data.decode("utf-8", "ignore"), True
        if ".svcs" in name:
            yield name + "（UTF-16）", data.decode("utf-16-le", "ignore"), True
        return
    if name.endswith(".html"):
        text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html.unescape(text))
    yield name, squeeze(text.replace("\u200b", "")), False


class Finder:
    """Finds any of many needles in a text in about one pass, at C speed over characters no needle has.

    Each needle is filed under its first non-ASCII character and the one after it (its anchor), with that
    character's offset: a character class finds the texts' candidate places (ASCII-heavy files such as
    the WebAssembly or Mermaid have few), and only the needles filed there are compared. All-ASCII
    needles (few, long) are one plain alternation.
    """

    def __init__(self, needles: Iterable[str]) -> None:
        self.anchored: dict[str, list[tuple[int, str]]] = {}
        ascii_only = []
        for needle in sorted(set(needles), key=len, reverse=True):
            at = next((i for i, ch in enumerate(needle) if not ch.isascii()), None)
            if at is None:
                ascii_only.append(re.escape(needle))
            else:
                self.anchored.setdefault(needle[at : at + 2], []).append((at, needle))
        firsts = sorted({anchor[0] for anchor in self.anchored})
        self.places = re.compile("[" + "".join(re.escape(ch) for ch in firsts) + "]") if firsts else None
        self.english = re.compile("|".join(ascii_only)) if ascii_only else None

    def find(self, text: str) -> Iterator[str]:
        """Every needle that occurs in `text` (each place once, the longest needle there)."""
        if self.english:
            yield from (match.group() for match in self.english.finditer(text))
        if self.places is None:
            return
        for match in self.places.finditer(text):
            place = match.start()
            for offset, needle in self.anchored.get(text[place : place + 2], ()):
                if place >= offset and text.startswith(needle, place - offset):
                    yield needle
                    break


# --------------------------------------------------------------------------- tests


def searched_needles() -> tuple[dict[str, Needle], int, int]:
    """The needles to search for, by text; how many there are in all, and how many are skipped (public, English, short)."""
    seen = public_text()
    needles = [needle for case in CASES for needle in needles_of(case)]
    searched = {n.text: n for n in needles if n.text not in seen and len(n.text) >= TEXT_MIN
                and not (n.text.isascii() and len(n.text) < ENGLISH_MIN)}
    return searched, len(needles), len({n.text for n in needles}) - len(searched)


def test_no_built_file_holds_a_key_bearing_string_of_any_case(keyless_site):
    searched, total, skipped = searched_needles()
    print(f"{total} 个带答案信息的字符串，其中 {skipped} 个学生本来就能看到（正文、案例文字或判分程序里有）、是英文单词或太短，"
          f"在全部文件里搜索其余 {len(searched)} 个。")
    assert len(searched) > 500  # the check looks for something: every case has feedback, explanations, rubrics
    text_finder = Finder(searched)
    binary_finder = Finder(t for t in searched if len(t) >= BINARY_MIN)
    leaks, files = [], 0
    for name, text, binary in built_texts(keyless_site.root):
        files += 1
        leaks += [f"{name}：「{needle[:40]}」（{searched[needle].origin}）"
                  for needle in dict.fromkeys((binary_finder if binary else text_finder).find(text))]
    assert files > 400  # pages, case JSON, runtime, Pyodide's files and the unpacked zips
    assert leaks == []


def test_the_case_json_carries_keyless_questions_only(keyless_site):
    """Field by field: no key, correct flag, credit, role, tolerance, rubric or reveal in any JSON of the site,
    and each case's questions exactly as exercises.keyless_question makes them."""
    found = []
    for path in sorted(keyless_site.root.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(keyless_site.root)}: {field}" for field in _fields(data) & FORBIDDEN_FIELDS]
    assert found == []
    wrong = []
    for case in CASES:
        (path,) = (keyless_site.root / "assets" / "cases").glob(f"{case.id}.*.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["mode"] != "assessment" or data["questions"] != [exercises.keyless_question(q) for q in case.questions]:
            wrong.append(case.id)
    assert wrong == []


def _fields(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {f for child in value.values() for f in _fields(child)}
    if isinstance(value, list):
        return {f for child in value for f in _fields(child)}
    return set()


def test_instructor_pages_are_not_built_listed_searched_or_linked(keyless_site):
    root = keyless_site.root
    built = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    assert [page for page in built if page.startswith(("guide/instructor", "guide/teaching", "guide/sources"))] == []
    assert "guide/student/index.html" in built and "cases/b1-phone-drops/index.html" in built
    mentions = []
    for name, text, _ in built_texts(root):
        if not name.startswith("assets/pyodide/"):
            mentions += [f"{name}: {word}" for word in (PROBE, "guide/instructor", "guide/teaching", "guide/sources")
                         if word in text]
    assert mentions == []
    student = (root / "guide/student/index.html").read_text(encoding="utf-8")
    assert "见教学建议。" in re.sub(r"<[^>]+>", "", student)  # the link became its text
    assert "这是测验版网站" in student and "提交作业" in student  # and students are told what differs


def test_every_image_of_the_docs_in_the_site_is_shown_by_a_built_page(keyless_site):
    """An image only an instructor page showed (a class report's screenshot marks the right options) is left out
    with its page: a file of docs/ that the site has but no built page names is one to add to instructor_pages."""
    root = keyless_site.root
    media = [p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*")
             if p.is_file() and p.suffix != ".md" and not p.relative_to(REPO / "docs").as_posix().startswith("diagrams/")]
    pages = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.html"))
    orphans = [name for name in media if (root / name).exists() and Path(name).name not in pages]
    assert orphans == [], "只有教师页面用到的文件？把它加进 course_cases 的 instructor_pages"


def test_case_pages_say_assessment_and_carry_no_score_promise(keyless_site):
    index = (keyless_site.root / "cases/index.html").read_text(encoding="utf-8")
    page = (keyless_site.root / "cases/b1-phone-drops/index.html").read_text(encoding="utf-8")
    contract = (keyless_site.root / "assets/course/contract.mjs").read_text(encoding="utf-8")
    assert "即时判分" not in index and "提交作业" in index and "服务营销：案例互动课程（测验版）" in index
    assert 'data-mode="assessment"' in page
    assert 'SITE_MODE = "assessment"' in contract


def test_the_environment_decides_and_says_how_to_fix_a_wrong_value():
    rows = [(False, {}, False), (True, {}, True), (False, {"SERVICE_COURSE_ASSESSMENT": "1"}, True),
            (True, {"SERVICE_COURSE_ASSESSMENT": "0"}, False), (False, {"SERVICE_COURSE_ASSESSMENT": " Yes "}, True),
            (True, {"SERVICE_COURSE_ASSESSMENT": ""}, False)]
    assert [assessment.enabled(configured, env) for configured, env, _ in rows] == [want for _, _, want in rows]
    with pytest.raises(ValueError, match="写 1 构建测验版"):
        assessment.enabled(False, {"SERVICE_COURSE_ASSESSMENT": "maybe"})


def test_nav_and_links_lose_exactly_the_hidden_pages():
    nav = [{"首页": "index.md"}, {"指南": ["guide/student.md", "guide/instructor.md", {"教学建议": ["guide/teaching/a.md"]}]}]
    assert assessment.prune_nav(nav, {"guide/instructor.md", "guide/teaching/a.md"}) == [
        {"首页": "index.md"}, {"指南": ["guide/student.md"]}]
    page = ('<p><a href="../instructor/">教师指南</a>、<a href="../student/#x">学生指南</a>、'
            '<a class="x" href="../teaching/a/#top">笔记</a>、<a href="https://example.org/guide/instructor/">外站</a></p>')
    assert assessment.unlink(page, "guide/student/", {"guide/instructor/", "guide/teaching/a/"}) == (
        '<p>教师指南、<a href="../student/#x">学生指南</a>、笔记、<a href="https://example.org/guide/instructor/">外站</a></p>')


def test_the_search_finds_a_needle_however_a_file_holds_it(tmp_path: Path):
    """The machinery above can fail: a planted needle is found in each way a built file could hold it."""
    needle = "先道歉再解释原因并给出补偿"
    escaped = json.dumps(needle)  # \\u escapes, as Material and json.dumps write Chinese
    planted = {
        "page/index.html": f"<p>{needle[:3]}<strong>{needle[3:6]}</strong>\n{needle[6:]}</p>",
        "entities.html": "<p>" + "".join(f"&#{ord(ch)};" for ch in needle) + "</p>",
        "search/search_index.json": json.dumps({"docs": [{"text": "\u200b".join(needle)}]}),
        "assets/x.js": f"const s = {escaped};",
    }
    for name, text in planted.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as archive:
        archive.writestr("exercises/data.py", f"X = '{needle}'\n")
    heap = bytes(range(256)) * 50 + needle.encode("utf-16-le") + b"\xff\xfe" * 99
    (tmp_path / "grader.x.svcs.gz").write_bytes(gzip.compress(heap))
    (tmp_path / "plain.txt").write_text("没有针", encoding="utf-8")
    finder = Finder([needle, "别的针不在这里"])
    found = sorted(name for name, text, _ in built_texts(tmp_path) if needle in set(finder.find(text)))
    assert found == ["assets/x.js", "bundle.zip!exercises/data.py", "entities.html",
                     "grader.x.svcs.gz（解压）（UTF-16）", "page/index.html", "search/search_index.json"]

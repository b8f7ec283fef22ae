"""The strict build produces the whole course: pages, links both ways, assets, search.

One build per session (``built_site`` in tests/conftest.py); every test reads files of
that build and states the value it expects.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.site import pages, search, vendor
from build_tools.cases.load import CaseErrors, load_cases
from case_secrets import secrets_of
from shipped import shipped_cases
from build_tools.cases.proof import check_cases, check_keys
from build_tools.site.assets import sri

REPO = Path(__file__).resolve().parents[2]
CASES = shipped_cases()
CASE_IDS = [case.id for case in CASES]
SCHEMA = json.loads((REPO / "build_tools" / "cases" / "case.schema.json").read_text(encoding="utf-8"))


def read(site, path: str) -> str:
    return (site.root / path).read_text(encoding="utf-8")


def text_of(page_html: str) -> str:
    """Visible-ish text of a page: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def h1_of(page_html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page_html, re.S)
    assert match, "页面没有 h1"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("¶", "").strip()


# --------------------------------------------------------------------------- build


def test_strict_build_passes_without_warnings(built_site, record_property) -> None:
    record_property("build_seconds", round(built_site.seconds, 2))
    warnings = [line for line in built_site.log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert warnings == []
    assert "Documentation built" in built_site.log


STATIC_PAGES = [
    ("index.html", "服务营销：案例与练习"),
    *[(f"chapters/{ch.slug}/index.html", ch.label) for ch in pages.CHAPTERS],
    ("guide/student/index.html", None),
    ("guide/instructor/index.html", "教师指南"),
    ("cases/index.html", "案例"),
]


@pytest.mark.parametrize(("path", "title"), STATIC_PAGES)
def test_page_is_built_with_its_title(built_site, path: str, title: str | None) -> None:
    page = read(built_site, path)
    if title is not None:
        assert h1_of(page) == title


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_every_case_has_a_page_titled_like_its_file(built_site, case) -> None:
    assert h1_of(read(built_site, f"cases/{case.id}/index.html")) == case.data["title"]


def test_sitemap_lists_every_case_page(built_site) -> None:
    sitemap = read(built_site, "sitemap.xml")
    listed = sorted(re.findall(r"/cases/([a-z0-9-]+)/</loc>", sitemap))
    assert listed == sorted(CASE_IDS)


def test_each_case_page_lists_the_cases_of_its_chapter_in_the_navigation(built_site) -> None:
    """The nav groups cases by main chapter; a page renders its own group open and the other
    groups as their titles only (``navigation.prune``), so build time grows linearly with cases."""
    wrong = []
    for case in CASES:
        page = read(built_site, f"cases/{case.id}/index.html")
        nav = page.split('md-nav--primary', 1)[1].split('<div class="md-sidebar md-sidebar--secondary', 1)[0]
        main = case.data["chapters"][0]
        siblings = {other.id for other in CASES if other.data["chapters"][0] == main} - {case.id}
        others = {other.id for other in CASES} - siblings - {case.id}
        shown = {other for other in siblings | others if f'href="../{other}/"' in nav}
        groups = [chapter.label for chapter in pages.CHAPTERS if any(c.data["chapters"][0] == chapter.slug for c in CASES)]
        if not siblings <= shown or len(shown & others) > len(groups) or any(label not in nav for label in groups):
            wrong.append((case.id, sorted(siblings - shown), sorted(shown & others)))
    assert wrong == []


# --------------------------------------------------------------------------- links both ways


def test_each_chapter_lists_each_of_its_cases_once_and_each_case_links_back(built_site) -> None:
    """One case list per chapter page (its own annotated list, completed, or the generated one).
    A case the text mentions in passing may be linked there too: only list items are counted."""
    wrong = []
    for case in CASES:
        for slug in case.data["chapters"]:
            article = read(built_site, f"chapters/{slug}/index.html").split("<article", 1)[1].split("</article>", 1)[0]
            items = re.findall(r"<li>(.*?)</li>", article, re.S)
            links = sum(item.count(f'href="../../cases/{case.id}/"') for item in items)
            if links != 1:
                wrong.append(f"chapters/{slug}: {case.id} linked {links} times")
            if f'href="../../chapters/{slug}/"' not in read(built_site, f"cases/{case.id}/index.html"):
                wrong.append(f"cases/{case.id}: no link back to chapters/{slug}")
    assert wrong == []


@pytest.mark.parametrize("chapter", pages.CHAPTERS, ids=[ch.slug for ch in pages.CHAPTERS])
def test_case_index_groups_cases_by_chapter(built_site, chapter) -> None:
    index = read(built_site, "cases/index.html").split("</article>", 1)[0]  # not the footer's next-page link
    section = index.split(f'<h2 id="{chapter.slug}">', 1)[1].split("<h2 ", 1)[0]
    listed = sorted((section.index(f'href="{case_id}/"'), case_id) for case_id in CASE_IDS if f'href="{case_id}/"' in section)
    main = [case.id for case in CASES if case.data["chapters"][0] == chapter.slug]
    related = [case.id for case in CASES if chapter.slug in case.data["chapters"][1:]]
    assert [case_id for _, case_id in listed] == main + related


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_index_shows_tags_and_question_types(built_site, case) -> None:
    index = text_of(read(built_site, "cases/index.html"))
    for tag in case.data.get("tags", []):
        assert tag in index
    for question in case.data["questions"]:
        assert pages.type_label(question["type"]) in index


# --------------------------------------------------------------------------- case pages


def case_root_attrs(page_html: str) -> dict[str, str]:
    tag = re.search(r'<div class="case-root"([^>]*)>', page_html)
    assert tag, "没有 case-root"
    return {k: html.unescape(v) for k, v in re.findall(r'\s([\w-]+)="([^"]*)"', tag.group(1))}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_root_points_at_files_that_exist(built_site, case) -> None:
    page_dir = built_site.root / "cases" / case.id
    attrs = case_root_attrs(read(built_site, f"cases/{case.id}/index.html"))
    assert (attrs["data-case"], attrs["data-grader"], attrs["data-case-hash"]) == (case.id, "loading", case.content_hash)
    assert (page_dir / attrs["data-case-data"]).resolve().is_file()
    assert (page_dir / attrs["data-checker"]).resolve().is_file()
    assert (page_dir / attrs["data-pyodide"] / "pyodide.mjs").resolve().is_file()


HEAD_BOOT = re.compile(r"<head>\s*<script>(.*?)</script>", re.S)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_page_starts_its_grader_first_thing_in_head(built_site, case) -> None:
    page = read(built_site, f"cases/{case.id}/index.html")
    attrs = case_root_attrs(page)
    boot = HEAD_BOOT.search(page)
    assert boot, "案例页 <head> 的第一个元素应是启动判分引擎的脚本"
    for path in ('"../../assets/course/grader-worker.mjs"', json.dumps(attrs["data-pyodide"]), json.dumps(attrs["data-checker"])):
        assert path in boot.group(1)


@pytest.mark.parametrize("path", ["index.html", "chapters/recovery/index.html", "cases/index.html", "404.html"])
def test_pages_without_a_case_start_no_grader(built_site, path: str) -> None:
    assert "svcCourseBoot" not in read(built_site, path)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_every_question_is_on_the_page_with_its_choices(built_site, case) -> None:
    page = read(built_site, f"cases/{case.id}/index.html")
    sections = re.findall(r'<section class="case-question" id="q-([^"]+)" data-question="([^"]+)" data-type="([^"]+)"', page)
    assert [(q, t) for _, q, t in sections] == [(q["id"], q["type"]) for q in case.data["questions"]]
    visible = text_of(page)
    for question in case.data["questions"]:
        for entry in question.get("options", []) + question.get("items", []) + question.get("categories", []):
            label = entry.get("text") or entry.get("label")  # plain text, as written
            assert " ".join(label.split()) in visible


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_transcript_is_a_numbered_dialogue(built_site, case) -> None:
    page = read(built_site, f"cases/{case.id}/index.html")
    lines = re.findall(r'<li class="case-line" id="line-([^"]+)" data-line="[^"]+" data-speaker="([^"]+)"', page)
    assert lines == [(line["id"], line["speaker"]) for line in case.data.get("transcript", [])]


def _secrets(case) -> list[str]:
    """Answer-revealing text (tests/case_secrets.py), cut to 40 characters: long enough to be unique."""
    return sorted(secret[:40] for secret in secrets_of(case))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_answer_keys_are_not_in_the_page_or_the_search_index(built_site, case) -> None:
    secrets = _secrets(case)
    assert secrets, "这个案例没有可检查的反馈或解析"
    page = text_of(read(built_site, f"cases/{case.id}/index.html"))
    index = read(built_site, "search/search_index.json").replace("\\u200b", "").replace("\u200b", "")
    index_text = json.dumps(json.loads(index), ensure_ascii=False)
    assert [s for s in secrets if s in page] == []
    assert [s for s in secrets if s in index_text] == []


# --------------------------------------------------------------------------- instructor guide


def test_instructor_guide_embeds_the_generated_format_reference(built_site) -> None:
    guide = read(built_site, "guide/instructor/index.html")
    assert "course_cases:schema-reference" not in guide
    top_fields = [f"<code>{name}</code>" for name in SCHEMA["properties"]]
    assert [field for field in top_fields if field not in guide] == []
    types = [ref["$ref"].rsplit("/", 1)[1] for ref in SCHEMA["$defs"]["question"]["oneOf"]]
    assert [t for t in types if f'id="schema-{t}"' not in guide] == []


# --------------------------------------------------------------------------- assets and search


@pytest.mark.parametrize(
    ("package", "site_dir"),
    [(vendor.PYODIDE, "assets/pyodide"), (vendor.MERMAID, "assets/vendor/mermaid")],
    ids=["pyodide", "mermaid"],
)
def test_vendored_files_are_the_pinned_ones(built_site, package, site_dir: str) -> None:
    pinned = vendor.package_files(package)
    for name, source in pinned.items():
        copied = built_site.root / site_dir / Path(name).name
        assert copied.read_bytes() == source.read_bytes(), name


def test_mermaid_loader_carries_the_integrity_of_the_copy(built_site) -> None:
    loader = read(built_site, "assets/vendor/mermaid/mermaid-loader.js")
    copy = (built_site.root / "assets/vendor/mermaid/mermaid.min.js").read_bytes()
    assert f'script.integrity = "{sri(copy)}"' in loader


def test_search_worker_is_patched_once(built_site) -> None:
    (worker,) = built_site.root.glob(search.WORKER_GLOB)
    source = worker.read_text(encoding="utf-8")
    assert len(search._PATCHED_LOOP.findall(source)) == 1
    assert search.patch_segmenter(source)[1] == 0


@pytest.mark.parametrize("term", ["服务补救", "关键时刻", "差距模型", "移情性"])
def test_search_index_is_segmented_with_domain_terms(built_site, term: str) -> None:
    index = json.loads(read(built_site, "search/search_index.json"))
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]
    assert any(f"\u200b{term}\u200b" in doc["text"] for doc in index["docs"])


def test_offline_build_without_cache_says_how_to_supply_the_tarballs(tmp_path: Path) -> None:
    """No cache and no registry: the build stops with instructions, for every missing package."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text('#!/bin/sh\necho "npm error code ENOTFOUND" >&2\nexit 1\n')
    npm.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NO_MKDOCS_2_WARNING": "1",
           "SERVICE_COURSE_CACHE": str(tmp_path / "empty-cache")}
    env.pop("SERVICE_COURSE_PYODIDE_TARBALL", None)
    env.pop("SERVICE_COURSE_MERMAID_TARBALL", None)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    log = done.stdout + done.stderr
    assert done.returncode == 1
    assert [line.strip() for line in log.splitlines() if line.strip().startswith("export ")] == [
        "export SERVICE_COURSE_MERMAID_TARBALL=/path/to/mermaid-11.17.2.tgz",
        "export SERVICE_COURSE_PYODIDE_TARBALL=/path/to/pyodide-0.29.5.tgz",
    ]


def _guide_example() -> str:
    guide = (REPO / "docs" / "guide" / "instructor.md").read_text(encoding="utf-8")
    return next(b for b in re.findall(r"^```yaml\n(.*?)^```", guide, re.S | re.M) if "\nquestions:" in b)


BROKEN_CASES = [  # (name, how to break the guide's example, `prove` option, does the build fail?)
    ("schema-error", lambda text: text.replace("correct: true, feedback: 对。还没核实", "feedback: 对。还没核实"), "keys", True),
    ("key-short-of-full-marks", lambda text: text.replace("key: 非常抱歉，是我们的失误。我马上", "key: 非常抱歉，请您谅解。我马上", 1)
     .replace("为您安排附近合作酒店的同级房间和出租车，明天再给您回电。\n", "\n", 1), "keys", True),
    ("sample-disagrees", lambda text: text.replace('{answer: "480", mark: 1}', '{answer: "480", mark: 0}'), "all", True),
    ("sample-disagrees", lambda text: text.replace('{answer: "480", mark: 1}', '{answer: "480", mark: 0}'), "keys", False),
]


def test_invalid_case_fails_the_build_with_the_cases_check_report(tmp_path: Path) -> None:
    """What the build proves: validity and keys always; samples and near misses with ``prove: all``.
    A failing build prints what ``cases check`` prints for the same file."""
    for n, (name, break_it, prove, fails) in enumerate(BROKEN_CASES):
        where = tmp_path / f"{n}-{name}-{prove}"
        cases_dir = where / "cases"
        cases_dir.mkdir(parents=True)
        if not fails:  # a build that passes needs the shipped cases too: the chapters link to them
            for shipped in (REPO / "cases").glob("*.yaml"):
                (cases_dir / shipped.name).write_bytes(shipped.read_bytes())
        text = break_it(_guide_example())
        assert text != _guide_example(), name
        case_id = re.search(r"^id: ([a-z0-9-]+)", text, re.M).group(1)
        (cases_dir / f"{case_id}.yaml").write_text(text, encoding="utf-8")
        try:
            report = (check_cases if prove == "all" else check_keys)(load_cases(cases_dir / f"{case_id}.yaml"))
            expected = [str(failure) for failure in report.failures]
        except CaseErrors as exc:
            expected = str(exc).splitlines()
        assert (expected != []) == fails, name
        done = build_with(where, f"cases_dir: {cases_dir}", f"prove: {prove}")
        log = done.stdout + done.stderr
        assert done.returncode == (1 if fails else 0), f"{name}, prove: {prove}\n{log}"
        if fails:
            assert [line for line in expected if line not in log] == [], f"{name}, prove: {prove}"


def build_with(tmp_path: Path, *plugin_options: str) -> subprocess.CompletedProcess:
    """Build the repository's site with extra course_cases options (mkdocs.yml inherited; the
    repository's course/ folder, which a relative course_dir would look for beside tmp_path)."""
    config = tmp_path / "mkdocs.yml"
    options = "".join(f"\n    {option}" for option in (f"course_dir: {REPO / 'course'}", *plugin_options))
    config.write_text(f"INHERIT: {REPO / 'mkdocs.yml'}\ndocs_dir: {REPO / 'docs'}\n"
                      f"plugins:\n  course_cases:{options}\n", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")]
    return subprocess.run(command, cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                          capture_output=True, text=True, timeout=300)


def test_pyodide_cdn_option_points_case_pages_at_the_cdn(tmp_path: Path) -> None:
    cdn = "https://cdn.example.org/pyodide/v0.29.5/full/"
    done = build_with(tmp_path, f"cases_dir: {REPO / 'cases'}", f"pyodide_cdn: {cdn}")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "cases" / CASE_IDS[0] / "index.html").read_text(encoding="utf-8")
    assert case_root_attrs(page)["data-pyodide"] == cdn
    assert not (tmp_path / "site" / "assets" / "pyodide").exists()


def test_pyodide_cdn_must_be_an_https_folder(tmp_path: Path) -> None:
    done = build_with(tmp_path, f"cases_dir: {REPO / 'cases'}", "pyodide_cdn: http://cdn.example.org/pyodide")
    assert done.returncode == 1
    assert "course_cases.pyodide_cdn 应是以 / 结尾的 https:// 地址" in done.stdout + done.stderr


def test_a_hostile_case_title_cannot_inject_markup_anywhere(tmp_path: Path) -> None:
    """Titles reach <title>, the nav, the header, the index and chapter lists; all stay text."""
    cases_dir = tmp_path / "cases"
    cases_dir.mkdir()
    for case in CASES:
        (cases_dir / case.path.name).write_bytes(case.path.read_bytes())
    example = re.sub(r"^title: .*$", 'title: "坏</title><script>alert(1)</script>"', _guide_example(), count=1, flags=re.M)
    case_id = re.search(r"^id: ([a-z0-9-]+)", example, re.M).group(1)
    (cases_dir / f"{case_id}.yaml").write_text(example, encoding="utf-8")
    done = build_with(tmp_path, f"cases_dir: {cases_dir}")
    assert done.returncode == 0, done.stdout + done.stderr
    built = tmp_path / "site"
    injected = [str(p.relative_to(built)) for p in built.rglob("*.html") if "<script>alert" in p.read_text(encoding="utf-8")]
    assert injected == []
    page = (built / "cases" / case_id / "index.html").read_text(encoding="utf-8")
    assert "<title>坏&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - " in page


def test_the_runtime_takes_shared_facts_from_the_generated_contract(built_site) -> None:
    """The case-id pattern, the answers-file format and the site's mode are defined once, in Python, and
    generated into assets/course/contract.mjs; no runtime file spells them out again."""
    from build_tools.cases import submission
    from build_tools.cases.schema import case_id_pattern
    from build_tools.site.assets import COURSE_DIR

    contract = (built_site.root / "assets" / "course" / "contract.mjs").read_text(encoding="utf-8")
    assert f'export const ANSWERS_FORMAT = "{submission.FORMAT}";' in contract
    assert f"export const ANSWERS_VERSION = {submission.VERSION};" in contract
    assert f'export const CASE_ID = new RegExp("{case_id_pattern()}");' in contract
    assert 'export const SITE_MODE = "practice";' in contract  # an assessment build says "assessment"
    copies = [f"{path.name}: {fact}" for path in sorted(COURSE_DIR.rglob("*.mjs"))
              for fact in (submission.FORMAT, case_id_pattern().strip("^$"))
              if fact in path.read_text(encoding="utf-8")]
    assert copies == []
    users = [path.name for path in COURSE_DIR.glob("*.mjs") if '"./contract.mjs"' in path.read_text(encoding="utf-8")]
    assert sorted(users) == ["case-view.mjs", "feedback.mjs", "progress.mjs", "question.mjs", "store.mjs", "toolbar.mjs",
                             "transfer.mjs"]


def test_the_catalog_gives_each_case_its_questions_and_full_marks(built_site) -> None:
    """What a page needs to mark a link to a case as done (progress.mjs), from the grader's own full marks."""
    import exercises

    text = (built_site.root / "assets" / "course" / "catalog.mjs").read_text(encoding="utf-8")
    catalog = json.loads(re.search(r"Object\.freeze\((.*)\);", text).group(1))
    expected = {case.id: {"questions": len(case.questions), "points": float(sum(exercises.max_points(q) for q in case.questions))}
                for case in CASES}
    assert {k: {"questions": v["questions"], "points": float(v["points"])} for k, v in catalog.items()} == expected


def test_search_snippets_of_case_pages_hold_no_loading_or_no_script_text(built_site) -> None:
    index = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    cases = [doc for doc in index["docs"] if doc["location"].startswith("cases/") and doc["location"] != "cases/"]
    assert cases
    leaking = [doc["location"] for doc in cases
               if "正在加载判分引擎" in doc["text"] or "需要启用 JavaScript" in doc["text"]]
    assert leaking == []


def test_every_case_page_ends_with_the_way_on_and_back(built_site) -> None:
    wrong = []
    for case in CASES:
        page = read(built_site, f"cases/{case.id}/index.html")
        after = page.split('id="next"', 1)[1].split("</ul>", 1)[0] if 'id="next"' in page else ""
        main = case.data["chapters"][0]
        if f'href="../../chapters/{main}/"' not in after or ("下一个案例" not in after and "最后一个案例" not in after):
            wrong.append(case.id)
    assert wrong == []


def test_the_course_model_answer_option_reaches_the_case_json(tmp_path: Path) -> None:
    done = build_with(tmp_path, f"cases_dir: {REPO / 'cases'}", "model_answer: never")
    assert done.returncode == 0, done.stderr
    shipped = [json.loads(path.read_text(encoding="utf-8")) for path in (tmp_path / "site" / "assets" / "cases").glob("*.json")]
    text_reveals = [case["reveal"][q["id"]] for case in shipped for q in case["questions"] if q["type"] == "text"]
    assert text_reveals and all(r["model_answer"] is None for r in text_reveals)
    assert all("key" not in q for case in shipped for q in case["questions"] if q["type"] == "text")

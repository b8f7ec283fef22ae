"""The ``course_cases`` MkDocs plugin: a thin event layer over ``build_tools``.

It answers MkDocs events and delegates; the work lives in modules that do not know
MkDocs (and that the ``cases`` CLI shares):

* ``build_tools.cases`` (``load`` + ``proof``) — load and validate ``cases/`` and prove every
  key (``prove: all``: everything ``cases check`` proves); any problem fails the build with
  the same report as ``cases check``;
* ``pages``       — the Markdown of every case page, the case index and chapter lists;
* ``payload``     — per-case JSON and the checker bundle the browser grader loads;
* ``assessment``  — the assessment build: its switch, the instructor's pages, the nav and links without them;
* ``assets``      — CSS, the exercise runtime, self-hosted Mermaid and Pyodide;
* ``schema_doc``  — the instructor guide's format reference, from the JSON Schema;
* ``snapshot``    — the grader's memory snapshot, made with Node, shipped beside the checker;
* ``offline``     — ``sw.js``, the service worker that keeps opened case pages usable offline;
* ``search``      — domain terms for the segmenter (rjieba, else jieba) and the fix for Material's query segmenter;
* ``diagrams``    — Mermaid fences replaced by their pre-rendered SVG (docs/diagrams/);
* ``theme_fixes`` — names for two elements of Material's template, storage helpers that never throw.

Configure in ``mkdocs.yml``::

    plugins:
      - search
      - course_cases:
          cases_dir: cases        # relative to mkdocs.yml
          pyodide_cdn: ""         # e.g. https://cdn.example.org/pyodide/v314.0.7/full/ ; empty = self-hosted
          assessment: false       # true: the keyless assessment site (SERVICE_COURSE_ASSESSMENT=1|0 overrides)
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import assessment as assessment_build

from ..cases.load import Case, CaseErrors, load_cases
from ..cases.proof import check_cases, check_keys
from ..cases.schema import case_schema
from . import assets, diagrams, offline, pages, payload, schema_doc, search, snapshot, theme_fixes, vendor

log = get_plugin_logger(__name__)

SCHEMA_MARKER = "<!-- course_cases:schema-reference -->"
"""Where the instructor guide wants the generated format reference."""
CASE_INDEX = "cases/index.md"
LIVE_DIAGRAMS_ENV = "SERVICE_COURSE_LIVE_DIAGRAMS"
"""Set to 1 to leave every Mermaid fence to the browser (``diagrams_render`` builds that way)."""
BUILD_GC_THRESHOLD = 50_000
"""Young-generation threshold of Python's cycle collector while a site builds (CPython's default: 700).

A build allocates millions of short-lived containers (YAML nodes, Markdown tokens, template
frames) that reference counting frees; with the default, every 700 of them start a
collection, and the older generations' collections walk the whole heap, every loaded case
and MkDocs' page tree included: 1.4 s of a 500-case build, measured. Restored afterwards.
"""


class CasesConfig(base.Config):
    """Options of the ``course_cases`` plugin."""

    cases_dir = c.Dir(exists=True, default="cases")
    """Folder of case YAML files, relative to mkdocs.yml."""
    prove = c.Choice(("keys", "all"), default="keys")
    """``keys``: every key must score full marks, or the build fails (what a published site needs).
    ``all``: also every sample and near miss, as ``cases check`` does (which CI runs anyway);
    about half the time of a large build."""
    model_answer = c.Choice(tuple(policy.value for policy in payload.ModelAnswer), default="after_full_marks")
    """When text questions show their model answer, unless a case says (``model_answer`` in the case file)."""
    wrong_feedback = c.Choice(tuple(level.value for level in payload.WrongFeedback), default="hints")
    """How much a wrong attempt is told before the explanation unlocks, unless a case says (``wrong_feedback``)."""
    pyodide_cdn = c.Type(str, default="")
    """Base URL of a Pyodide 314.0.7 distribution to use instead of the self-hosted copy."""
    snapshot = c.Type(bool, default=True)
    """Ship the grader's memory snapshot (made with Node at build time): first visits ready in ~1 s instead of ~3 s."""
    search_terms = c.Optional(c.File(exists=True))
    """Extra jieba terms file (default: build_tools/site/zh_terms.txt)."""
    assessment = c.Type(bool, default=False)
    """Build the assessment site: no answer key, feedback, explanation or model answer in any file, answers
    handed in as a file (:mod:`build_tools.site.assessment`). The environment variable
    ``SERVICE_COURSE_ASSESSMENT`` (1 or 0), when set, wins over this."""
    instructor_pages = c.ListOfItems(c.Type(str), default=list(assessment_build.INSTRUCTOR_PAGES))
    """Files (glob patterns relative to docs/: pages and their images) an assessment build leaves out:
    they discuss the answers."""


class CasesPlugin(BasePlugin[CasesConfig]):
    """Generates the case pages and index, adds the assets, and fails the build on a bad case."""

    def __init__(self) -> None:
        super().__init__()
        self.assessment = False
        """Whether this is an assessment build (the option, or the environment: :func:`build_tools.site.assessment.enabled`)."""
        self.hidden_urls: set[str] = set()
        """URLs of the instructor's pages an assessment build left out (links to them become text)."""
        self.cases: list[Case] = []
        self.case_pages: dict[str, Case] = {}
        """src_uri of each generated case page -> its case."""
        self.case_roots: dict[str, pages.CasePage] = {}
        """src_uri of each generated case page -> its page, whose case root goes in after Markdown."""
        self.boot_scripts: dict[str, str] = {}
        """src_uri of each generated case page -> its inline script that starts the grader (grader-boot.js)."""
        self._gc_threshold: tuple[int, ...] | None = None
        """The collector's thresholds before this build (see BUILD_GC_THRESHOLD)."""

    # ------------------------------------------------------------------ config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:  # first, what kind of site this is: an assessment site has no key anywhere
            self.assessment = assessment_build.enabled(self.config.assessment, os.environ)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        if self.assessment:
            config.site_name, config.site_description = assessment_build.site_texts(config.site_name)
            log.info("测验版：不含答案、反馈和解析，不含教师页面（%s）", "、".join(self.config.instructor_pages))
        cdn = self.config.pyodide_cdn.strip()
        if cdn and not (cdn.startswith("https://") and cdn.endswith("/")):
            raise PluginError(f"course_cases.pyodide_cdn 应是以 / 结尾的 https:// 地址，现在是「{cdn}」。")
        try:
            segmenter = search.load_terms(Path(self.config.search_terms or search.TERMS_FILE))
        except ImportError:
            raise PluginError("没有安装 jieba：中文搜索需要它（pip install jieba），否则搜索只能匹配句首。") from None
        except OSError as exc:
            raise PluginError(f"读不到中文搜索的术语表 {exc.filename}：请检查 course_cases.search_terms，"
                              "或重新安装本项目（术语表随 build_tools 一起发布）。") from None
        if segmenter != "rjieba":
            log.info("没有 rjieba：中文搜索用 jieba 分词，结果相同，大站构建慢几秒（pip install rjieba）")
        for css in assets.EXTRA_CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        scripts = {str(script) for script in config.extra_javascript}
        if assets.MERMAID_LOADER not in scripts:
            config.extra_javascript.append(assets.MERMAID_LOADER)  # plain, not async: see site.assets
        if assets.COURSE_SCRIPT not in scripts:
            runner = ExtraScriptValue(assets.COURSE_SCRIPT)
            runner.type = "module"
            config.extra_javascript.append(runner)
        if self.config.cases_dir not in config.watch:
            config.watch.append(self.config.cases_dir)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(BUILD_GC_THRESHOLD, *self._gc_threshold[1:])

    def on_build_error(self, *, error: Exception) -> None:
        self._restore_gc()

    def _restore_gc(self) -> None:
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None

    # ------------------------------------------------------------------ files

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.cases = self._load_cases()
        self.case_pages = {}
        self.case_roots = {}
        self.boot_scripts = {}
        self.hidden_urls = set()
        if self.assessment:
            self._hide_instructor_pages(files, config)
        static = self._runtime_assets()  # first: a missing package stops the build before any work
        bundle = payload.bundle_bytes()  # made once per build: every case page names it
        checker = payload.bundle_path(bundle=bundle)
        self._add(files, config, checker, content=bundle)
        loader = next((a.source for a in static if a.dest == payload.PYODIDE_DIR + "pyodide.mjs"), None)
        shipped = self._snapshot(loader.parent, bundle) if loader is not None else None  # None with pyodide_cdn
        if shipped is not None:
            self._add(files, config, shipped.path, content=shipped.data)
        for case in self.cases:
            data = payload.case_json(case, payload.ModelAnswer(self.config.model_answer),
                                     payload.WrongFeedback(self.config.wrong_feedback), keyless=self.assessment)
            case_data = payload.case_json_path(case, data)
            self._add(files, config, case_data, content=data)
            attrs = payload.case_root_attrs(case, checker=checker, case_data=case_data,
                                            snapshot=shipped.path if shipped else None, keyless=self.assessment)
            src = f"cases/{case.id}.md"
            page = self._case_page(case, src, attrs, config)
            self._add(files, config, src, content=page.markdown)
            self.case_pages[src] = case
            self.case_roots[src] = page
        self._add(files, config, CASE_INDEX, content=pages.case_index(self.cases, assessment=self.assessment))
        totals = {case.id: (len(case.questions), pages.case_points(case.questions)) for case in self.cases}
        self._add(files, config, assets.CATALOG, content=assets.catalog_js(totals).encode("utf-8"))
        _list_cases_in_nav(config, self.cases)
        for asset in static:
            if asset.source is not None:
                self._add(files, config, asset.dest, abs_src_path=str(asset.source))
            else:
                self._add(files, config, asset.dest, content=asset.content or b"")
        return files

    def _runtime_assets(self) -> list[assets.Asset]:
        """Styles, the course runtime and the vendored packages; every missing package reported at once."""
        try:
            static = assets.site_styles() + assets.course_runtime(assessment=self.assessment)
        except assets.MissingWidget as exc:
            raise PluginError(str(exc)) from None
        vendored = [assets.mermaid] + ([] if self.config.pyodide_cdn else [assets.pyodide])
        problems = []
        for provide in vendored:
            try:
                static += provide()
            except vendor.VendorError as exc:
                problems.append(str(exc))
        if problems:
            raise PluginError("\n\n".join(problems))
        return static

    def _hide_instructor_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Leave the instructor's pages out of this (assessment) build: not built, not in the nav, search
        or sitemap; links to them become plain text (on_page_content)."""
        hidden = {file.src_uri: file for file in files
                  if assessment_build.is_instructor_page(file.src_uri, self.config.instructor_pages)}
        for file in hidden.values():  # pages and the images they show alike
            file.inclusion = InclusionLevel.EXCLUDED
        self.hidden_urls = {file.url for file in hidden.values() if file.is_documentation_page()}
        if isinstance(config.nav, list):
            config.nav[:] = assessment_build.prune_nav(config.nav, set(hidden))

    # ------------------------------------------------------------------ pages

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        chapter = next((ch for ch in pages.CHAPTERS if ch.src == src), None)
        if chapter is not None:
            markdown = pages.with_chapter_cases(chapter.slug, self.cases, markdown)
        if self.assessment and src in assessment_build.NOTICE_PAGES:
            markdown = assessment_build.with_notice(markdown)
        if SCHEMA_MARKER in markdown:
            reference = schema_doc.reference(case_schema())
            markdown = markdown.replace(SCHEMA_MARKER, reference)
        if os.environ.get(LIVE_DIAGRAMS_ENV) != "1":
            inlined = diagrams.inline_diagrams(markdown)
            for key in inlined.missing:  # still drawn, by Mermaid in the browser
                log.info("%s：图表 %s 没有预渲染的 SVG，将在浏览器中渲染（运行 python -m build_tools.devtools.diagrams_render）", src, key)
            markdown = inlined.markdown
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        case = self.case_pages.get(page.file.src_uri)
        if case is not None:  # the case's headings are raw HTML, which Markdown's toc does not see
            page.toc = get_toc(pages.case_toc(case))
            html = self.case_roots[page.file.src_uri].fill(html)
        if self.hidden_urls:
            html = assessment_build.unlink(html, page.url, self.hidden_urls)
        return html

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        for what in theme_fixes.unfixed(output):
            log.warning("%s：Material 模板里的 %s 变了样，没能修补（更新 build_tools/site/theme_fixes.py）", page.file.src_uri, what)
        output = theme_fixes.fix_theme(output)
        boot = self.boot_scripts.get(page.file.src_uri)
        if boot:  # first thing in <head>: the grader starts before the page's own work
            output = output.replace("<head>", f"<head>\n<script>{boot}</script>", 1)
        return output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return theme_fixes.fix_theme(output_content)  # 404.html

    # ------------------------------------------------------------------ after the build

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._restore_gc()
        try:
            worker = search.patch_search_worker(Path(config.site_dir))
            log.debug("已修补中文搜索分词：%s", worker)
        except search.SegmenterPatch as exc:
            log.warning(str(exc))
        site = Path(config.site_dir)  # last: its version covers every file, the patched search worker too
        (site / offline.WORKER).write_text(offline.service_worker(site), encoding="utf-8")

    # ------------------------------------------------------------------ helpers

    def _load_cases(self) -> list[Case]:
        """The cases, loaded, validated and proven (keys, or everything ``cases check`` proves)."""
        folder = Path(self.config.cases_dir)
        try:
            cases = load_cases(folder)
        except CaseErrors as exc:
            raise PluginError(str(exc)) from None
        if cases:
            report = check_cases(cases) if self.config.prove == "all" else check_keys(cases)
            if not report.ok:
                lines = [str(failure) for failure in report.failures] + [report.summary()]
                raise PluginError("\n".join(lines))
            for warning in report.warnings:  # info, not warning: a strict build must still pass
                log.info(f"提醒：{warning}")
        return cases

    def _case_page(self, case: Case, src: str, attrs: dict[str, str], config: MkDocsConfig) -> pages.CasePage:
        """A case page, with the root's data-* paths (`attrs`) made relative to that page."""
        if self.config.pyodide_cdn:
            attrs["data-pyodide"] = self.config.pyodide_cdn
        probe = File(src, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
        site_root = "../" * probe.url.count("/")
        page_attrs = pages.page_relative_attrs(attrs, site_root)
        self.boot_scripts[src] = assets.grader_boot_script(
            site_root + assets.GRADER_WORKER, page_attrs["data-pyodide"], page_attrs["data-checker"],
            page_attrs.get("data-snapshot", ""))
        return pages.case_page(case, root_attrs=attrs, site_root=site_root,
                               next_steps=pages.next_steps(case, self.cases))

    def _snapshot(self, pyodide_dir: Path, bundle: bytes) -> snapshot.ShippedSnapshot | None:
        """The grader's memory snapshot for the vendored Pyodide in `pyodide_dir` and this checker, or
        None (the site works without: browsers then make their own after a first visit)."""
        if not self.config.snapshot:
            return None
        try:
            shipped = snapshot.shipped_snapshot(pyodide_dir, bundle, vendor.cache_dir())
        except (snapshot.SnapshotError, OSError) as exc:
            log.info("没有随网站发布判分引擎的内存快照（首次访问会慢 2 秒左右）：%s", exc)
            return None
        if shipped.made:
            log.info("判分引擎的内存快照：%s，%.1f MB（%d ms）", shipped.path, len(shipped.data) / 1e6, shipped.made["ms"])
        return shipped

    @staticmethod
    def _add(files: Files, config: MkDocsConfig, src: str, **source: Any) -> None:
        """Add a generated file; a hand-written file at the same path is an error, not a silent override."""
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"docs/{src} 与插件生成的文件同名；请删除或改名（该路径由案例文件自动生成）。")
        files.append(File.generated(config, src, **source))


NAV_RUN = 20
"""Most case links listed together in the nav; a chapter with more lists them in runs of this many."""


def _in_runs(srcs: list[str]) -> list[Any]:
    """`srcs` as they are, or, past :data:`NAV_RUN`, in groups 「案例 1–20」「案例 21–40」…

    A page renders its own group's links (``navigation.prune``): runs keep that bounded, so
    a chapter of hundreds of cases neither buries a student in one list nor makes every
    case page of that chapter render all of them.
    """
    if len(srcs) <= NAV_RUN:
        return srcs
    runs = []
    for start in range(0, len(srcs), NAV_RUN):
        run = srcs[start : start + NAV_RUN]
        runs.append({f"案例 {start + 1}–{start + len(run)}": run})
    return runs


def _list_cases_in_nav(config: MkDocsConfig, cases: list[Case]) -> None:
    """Put the case pages in the nav right after ``cases/index.md``, wherever that is listed:
    one group per chapter (a case under its first chapter), in the chapters' order.

    The nav in mkdocs.yml cannot name pages that only exist once cases are loaded; without
    this they would build but be missing from the sidebar and the previous/next footer.
    Groups rather than one list: a student looks for a case by chapter, and with
    ``navigation.prune`` a case page renders only its own chapter's links, so a course with
    hundreds of cases does not pay for every case on every page.
    """

    def listed(items: list[Any]) -> set[str]:
        present: set[str] = set()
        for item in items:
            values = item.values() if isinstance(item, dict) else [item]
            present |= {v for v in values if isinstance(v, str)}
        return present

    def visit(items: list[Any]) -> bool:
        for position, item in enumerate(items):
            target = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
            if target == CASE_INDEX:
                present = listed(items)
                groups = []
                for chapter in pages.CHAPTERS:
                    srcs = [f"cases/{case.id}.md" for case in cases if case.data["chapters"][0] == chapter.slug]
                    srcs = [src for src in srcs if src not in present]
                    if srcs:
                        groups.append({chapter.label: _in_runs(srcs)})
                items[position + 1 : position + 1] = groups
                return True
            if isinstance(target, list) and visit(target):
                return True
        return False

    if isinstance(config.nav, list):
        visit(config.nav)

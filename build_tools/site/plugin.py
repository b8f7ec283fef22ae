"""The ``course_cases`` MkDocs plugin: a thin event layer over ``build_tools``.

It answers MkDocs events and delegates; the work lives in modules that do not know
MkDocs (and that the ``cases`` CLI shares):

* ``build_tools.cases`` (``load`` + ``proof``) — load and validate ``cases/`` and prove every
  key (``prove: all``: everything ``cases check`` proves); any problem fails the build with
  the same report as ``cases check``, before MkDocs empties the site folder; under
  ``mkdocs serve`` such a failed rebuild is reported and the last good build goes on being
  served (``on_serve``), so a case saved half-edited never stops the preview;
* ``pages``       — the Markdown of every case page, the case index and chapter lists;
* ``payload``     — per-case JSON and the checker bundle the browser grader loads;
* ``assessment``  — the assessment build: its switch, the instructor's pages, the nav and links without them;
* ``assets``      — CSS, the exercise runtime, self-hosted Mermaid and Pyodide;
* ``schema_doc``  — the instructor guide's format reference, from the JSON Schema;
* ``snapshot``    — the grader's memory snapshot, made with Node, shipped beside the checker;
* ``offline``     — ``sw.js``, the service worker that keeps opened case pages usable offline;
* ``compress``    — a gzip copy beside every file worth it, sent by ``serve`` as a host would;
* ``search``      — domain terms for the segmenter (rjieba, else jieba) and the fix for Material's query segmenter;
* ``diagrams``    — Mermaid fences replaced by their pre-rendered SVG (docs/diagrams/);
* ``printing``    — the print edition (``print/``): every chapter and case on one page, for A4 and PDF;
* ``theme_fixes`` — names for two elements of Material's template, storage helpers that never throw;
* ``course_pages`` — the course-wide 「术语表」 and 「参考文献」 pages, from ``course/glossary/`` and
  ``course/references/`` (a bad file fails the build with every problem and its line).

Configure in ``mkdocs.yml``::

    plugins:
      - search
      - course_cases:
          cases_dir: cases        # relative to mkdocs.yml
          course_dir: course      # glossary/ and references/ YAML, one file per chapter; missing = no such page
          pyodide_cdn: ""         # e.g. https://cdn.example.org/pyodide/v0.29.5/full/ ; empty = self-hosted
          print_appendix: []      # pages after the cases in the print edition, e.g. [guide/glossary.md]
          assessment: false       # true: the keyless assessment site (SERVICE_COURSE_ASSESSMENT=1|0 overrides)
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import assessment as assessment_build

from ..cases.load import Case, CaseErrors, load_cases
from ..cases.proof import check_cases, check_keys
from ..cases.schema import case_schema
from . import assets, compress, course_pages, diagrams, offline, pages, payload, printing, schema_doc, search, snapshot, theme_fixes, vendor

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
    course_dir = c.Dir(exists=False, default="course")
    """Folder with ``glossary/`` and ``references/`` (one YAML file per chapter), relative to mkdocs.yml.
    A missing subfolder means no such page (and it is dropped from the nav), not an error."""
    prove = c.Choice(("keys", "all"), default="keys")
    """``keys``: every key must score full marks, or the build fails (what a published site needs).
    ``all``: also every sample and near miss, as ``cases check`` does (which CI runs anyway);
    about half the time of a large build."""
    model_answer = c.Choice(tuple(policy.value for policy in payload.ModelAnswer), default="after_full_marks")
    """When text questions show their model answer, unless a case says (``model_answer`` in the case file)."""
    wrong_feedback = c.Choice(tuple(level.value for level in payload.WrongFeedback), default="hints")
    """How much a wrong attempt is told before the explanation unlocks, unless a case says (``wrong_feedback``)."""
    pyodide_cdn = c.Type(str, default="")
    """Base URL of a Pyodide distribution of the pinned version (``vendor.PYODIDE``) to use instead of the self-hosted copy."""
    snapshot = c.Type(bool, default=True)
    """Ship the grader's memory snapshot (made with Node at build time): first visits ready in ~1 s instead of ~3 s."""
    search_terms = c.Optional(c.File(exists=True))
    """Extra jieba terms file (default: build_tools/site/zh_terms.txt)."""
    print_appendix = c.ListOfItems(c.Type(str), default=[])
    """Pages (paths relative to docs/) the print edition has after the cases, in this order: a glossary, the references."""
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
        self.printed_cases: dict[str, str] = {}
        """src_uri of each case page -> its content as the print edition shows it (pages.CasePage.print_html)."""
        self._gc_threshold: tuple[int, ...] | None = None
        """The collector's thresholds before this build (see BUILD_GC_THRESHOLD)."""
        self.serving = False
        """Run by ``mkdocs serve`` (which rebuilds on every change), not by ``mkdocs build``."""
        self.built_once = False
        """A build of this process has finished: a failed rebuild leaves that one being served."""
        self.cases_failed = False
        """This build stopped at the cases (before MkDocs touched the site folder)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is ``mkdocs serve``. (A plugin with this event is kept by MkDocs for all of
        ``serve``'s rebuilds, rather than made anew for each: :attr:`built_once` relies on that.)"""
        self.serving = command == "serve"

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
        for folder in (self.config.cases_dir, self.config.course_dir):
            if folder not in config.watch and Path(folder).is_dir():
                config.watch.append(folder)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load and prove the cases here, not in ``on_files``: MkDocs empties the site folder right
        after this event, and a case saved half-edited while ``mkdocs serve`` runs must fail the
        rebuild while the last good site is still there to be served."""
        self._gc_threshold = gc.get_threshold()
        gc.set_threshold(BUILD_GC_THRESHOLD, *self._gc_threshold[1:])
        self.cases_failed = True
        self.cases = self._load_cases()
        self.cases_failed = False

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
        """Rebuilds that fail at the cases leave the last good site served; files go out gzipped.

        MkDocs' own answer to a failed rebuild is to hold every request until a build succeeds
        (「The server will appear stuck」): the instructor's browser would hang on a half-edited
        case. A build that stops at the cases has not touched the site folder (see
        :meth:`on_pre_build`), so the rebuild is reported (the ``cases check`` report, logged by
        MkDocs) and then treated as done; any other failed build keeps MkDocs' behaviour.
        """
        server.builder = partial(self._rebuild, builder)
        # And it sends the gzip copies the build wrote (compress.py), as a host set up for them does.
        server.set_app(compress.with_gzip_copies(server.get_app(), server.root, server.mount_path))
        return server

    def _rebuild(self, builder: Callable[[], None]) -> None:
        try:
            builder()
        except Abort:
            if not self.cases_failed:
                raise

    def on_build_error(self, *, error: Exception) -> None:
        self._restore_gc()

    def _restore_gc(self) -> None:
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None

    # ------------------------------------------------------------------ files

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.case_pages = {}
        self.case_roots = {}
        self.boot_scripts = {}
        self.printed_cases = {}
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
        course = self._course_pages()
        for src, markdown in course.items():
            self._add(files, config, src, made_from="course_dir 里的术语表或参考文献文件", content=markdown)
        _drop_from_nav(config, {course_pages.GLOSSARY_PAGE, course_pages.REFERENCES_PAGE} - set(course))
        self._add(files, config, printing.PRINT_PAGE, content=printing.page_markdown(),
                  inclusion=InclusionLevel.NOT_IN_NAV)  # linked from the guides, not a nav entry
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
            self.printed_cases[page.file.src_uri] = self.case_roots[page.file.src_uri].print_html(html)
            html = self.case_roots[page.file.src_uri].fill(html)
        if self.hidden_urls:
            html = assessment_build.unlink(html, page.url, self.hidden_urls)
        return html

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page's content exists now (and no page has been written): the print edition joins them."""
        edition = files.get_file_from_path(printing.PRINT_PAGE)
        if edition is not None and edition.page is not None:
            edition.page.content = printing.edition_html(
                self._print_sections(files), here=edition.url, site_name=config.site_name,
                description=config.site_description or "", site_url=config.site_url or "")
        return env

    def _print_sections(self, files: Files) -> list[printing.Section]:
        """The chapters in course order, the cases under their main chapter (as in the nav), the appendix."""
        sections = []
        for chapter in pages.CHAPTERS:
            file = files.get_file_from_path(chapter.src)
            if file is not None and file.page is not None:  # a missing chapter is the nav check's to report
                sections.append(printing.Section(chapter.src, file.url, file.page.title or chapter.label,
                                                 file.page.content or "", printing.Kind.CHAPTER))
        for chapter in pages.CHAPTERS:
            for case in (case for case in self.cases if case.data["chapters"][0] == chapter.slug):
                src = f"cases/{case.id}.md"
                file = files.get_file_from_path(src)
                if file is not None and src in self.printed_cases:
                    title = " ".join(str(case.data["title"]).split())
                    sections.append(printing.Section(src, file.url, title, self.printed_cases[src],
                                                     printing.Kind.CASE, group=chapter.label))
        for src in self.config.print_appendix:
            file = files.get_file_from_path(src)
            if file is None or file.page is None:
                raise PluginError(f"course_cases.print_appendix 里的「{src}」不是本站的页面：请写 docs/ 下 Markdown "
                                  "文件的路径（相对于 docs/，例如 guide/glossary.md），或从 mkdocs.yml 里删去这一项。")
            sections.append(printing.Section(src, file.url, file.page.title or src, file.page.content or "",
                                             printing.Kind.APPENDIX))
        return sections

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
        log.debug("已写出 %d 个 gzip 副本", compress.precompress(site))
        self.built_once = True

    # ------------------------------------------------------------------ helpers

    def _load_cases(self) -> list[Case]:
        """The cases, loaded, validated and proven (keys, or everything ``cases check`` proves)."""
        folder = Path(self.config.cases_dir)
        try:
            cases = load_cases(folder)
        except CaseErrors as exc:
            raise PluginError(str(exc) + self._while_serving()) from None
        if cases:
            report = check_cases(cases) if self.config.prove == "all" else check_keys(cases)
            if not report.ok:
                lines = [str(failure) for failure in report.failures] + [report.summary()]
                raise PluginError("\n".join(lines) + self._while_serving())
            for warning in report.warnings:  # info, not warning: a strict build must still pass
                log.info(f"提醒：{warning}")
        return cases

    def _course_pages(self) -> dict[str, str]:
        """src_uri -> Markdown of the glossary and the reference list, each made when its folder exists;
        every problem of both folders' files reported at once."""
        folder = Path(self.config.course_dir)
        kinds = ((course_pages.GLOSSARY_PAGE, course_pages.GLOSSARY_DIR, course_pages.load_glossary, course_pages.glossary_page),
                 (course_pages.REFERENCES_PAGE, course_pages.REFERENCES_DIR, course_pages.load_references, course_pages.references_page))
        made: dict[str, str] = {}
        problems: list[course_pages.CourseProblem] = []
        for src, subdir, load, render in kinds:
            try:
                entries = load(folder)
            except course_pages.CourseDataErrors as exc:
                problems += exc.problems
                continue
            if entries is None:
                log.info("没有 %s：不生成 %s", folder / subdir, src)
                continue
            try:
                made[src] = render(entries)
            except ImportError as exc:  # pypinyin
                raise PluginError(str(exc)) from None
        if problems:
            raise PluginError(str(course_pages.CourseDataErrors(problems)))
        return made

    def _while_serving(self) -> str:
        """What a failed build means for the preview, said after the case report (empty for ``mkdocs build``)."""
        if not self.serving:
            return ""
        if self.built_once:
            return "\n预览没有停：浏览器里仍是上一次成功构建的网站。改好案例文件并保存后，会自动重新构建。"
        return "\n还没有成功构建过，预览无法启动：请先用 cases check 改好案例文件，再运行 serve。"

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
    def _add(files: Files, config: MkDocsConfig, src: str, made_from: str = "案例文件", **source: Any) -> None:
        """Add a generated file; a hand-written file at the same path is an error, not a silent override."""
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"docs/{src} 与插件生成的文件同名；请删除或改名（该路径由{made_from}自动生成）。")
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


def _drop_from_nav(config: MkDocsConfig, srcs: set[str]) -> None:
    """Take the pages in `srcs`, which this build does not make, out of the nav.

    The glossary and the reference list are listed in mkdocs.yml but only exist when their
    folder does; a strict build would otherwise fail on a nav entry with no page. The pruning is
    the assessment build's (:func:`.assessment.prune_nav`), which leaves out instructor pages.
    """
    if srcs and isinstance(config.nav, list):
        config.nav[:] = assessment_build.prune_nav(config.nav, srcs)

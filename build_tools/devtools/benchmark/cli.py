"""``python -m build_tools.devtools.benchmark``: measure, print one table, write it to BENCHMARKS.md.

Run it through ``python3 -m build_tools.dev bench``, which first prepares the venv, the
pinned Pyodide and Chromium exactly as ``test`` does. Progress goes to stderr, the table
to stdout and to ``--out``.

Exit status: 0 when every figure was measured, whether or not it met its target
(benchmarks report timings, they do not assert them); 1 when a measurement itself failed
(the report is still written, with that section marked as failed); 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...cases.load import load_cases
from ..local_browser import GzipStaticHandler, free_port, serve_static
from . import report
from .machine import describe

__all__ = ["Options", "SECTIONS", "parse", "main", "run"]

REPO = Path(__file__).resolve().parents[3]
SECTIONS = report.SECTIONS
CASE_PAGE = "cases/b1-phone-drops/"
CHAPTER_PAGE = "chapters/recovery/"
THEME_PAGE = "404.html"
"""A page with only the theme on it: Material's own start-up task, the floor under the long-task figure."""


@dataclass(frozen=True)
class Options:
    """How much to measure: the full defaults, or the `--quick` smoke-test sizes."""

    runs: int
    build_runs: int
    grades: int
    sizes: tuple[int, ...]
    answers: int
    out: Path
    sections: tuple[str, ...]
    quick: bool
    pyodide_versions: tuple[str, ...] = ()
    """Pyodide releases to compare on the same site (browser section; none by default: each is fetched)."""


def parse(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m build_tools.devtools.benchmark", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="冒烟测试：更少的重复次数，构建 5/10/20 个案例")
    parser.add_argument("--runs", type=int, help="浏览器冷启动/再次访问和吞吐量的重复次数（默认 5，--quick 为 1）")
    parser.add_argument("--build-runs", type=int, help="每种案例数构建几次（默认 3，--quick 为 1）")
    parser.add_argument("--grades", type=int, help="每种题型在页面里判分几次（默认 20，--quick 为 3）")
    parser.add_argument("--sizes", help="构建时间的案例数，逗号分隔（默认 10,100,500，--quick 为 5,10,20）")
    parser.add_argument("--answers", type=int, default=10_000, help="吞吐量用的答案个数（默认 10000）")
    parser.add_argument("--pyodide-versions", default="",
                        help="另外比较这几个 Pyodide 版本（逗号分隔，例如 314.0.7,314.0.8,0.29.5；用 npm 下载）")
    parser.add_argument("--only", help=f"只测其中几部分，逗号分隔：{','.join(SECTIONS)}")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md", help="报告文件（默认仓库根目录的 BENCHMARKS.md）")
    args = parser.parse_args(argv)
    sizes = tuple(int(n) for n in args.sizes.split(",")) if args.sizes else ((5, 10, 20) if args.quick else (10, 100, 500))
    sections = tuple(s.strip() for s in args.only.split(",")) if args.only else SECTIONS
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"未知的部分：{', '.join(sorted(unknown))}（可选：{', '.join(SECTIONS)}）")
    def given(value: int | None, quick: int, full: int) -> int:
        return value if value is not None else (quick if args.quick else full)

    options = Options(
        runs=given(args.runs, 1, 5),
        build_runs=given(args.build_runs, 1, 3),
        grades=given(args.grades, 3, 20),
        sizes=tuple(sorted(set(sizes))),
        answers=args.answers,
        out=args.out,
        sections=sections,
        quick=args.quick,
        pyodide_versions=tuple(v.strip() for v in args.pyodide_versions.split(",") if v.strip()),
    )
    if min(options.runs, options.build_runs, options.grades, options.answers, *options.sizes) < 1:
        parser.error("次数、案例数和答案个数都必须是正整数。")
    return options


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _section(results: report.Results, name: str, measure: Callable[[], None]) -> None:
    """Run one measurement; a failure is recorded for the report instead of ending the run."""
    started = time.perf_counter()
    try:
        measure()
    except Exception as exc:  # noqa: BLE001 - any failure voids this section only
        traceback.print_exc(file=sys.stderr)
        results.errors[name] = f"{exc.__class__.__name__}: {exc}"
    log(f"  （{name}：{time.perf_counter() - started:.0f} s）")


def measure_browser(results: report.Results, options: Options) -> None:
    """Build the site once, serve it, and take the browser figures (each run in a fresh browser profile)."""
    from playwright.sync_api import sync_playwright

    from . import browser, site

    with tempfile.TemporaryDirectory(prefix="svc-bench-site-") as tmp:
        log("构建被测站点…")
        built = site.build_site(REPO, Path(tmp) / "site")
        snapshots = site.supports_snapshots(built.root)
        # Answers are made from the cases as authored (a text question's key is not shipped); the page grades its own copy.
        cases = [{"id": case.id, "questions": case.questions} for case in load_cases(REPO / "cases")]
        results.case_page = "/" + CASE_PAGE
        with site.serve(built) as base_url, sync_playwright() as playwright:

            def visits() -> None:
                log(f"就绪时间：空白页与案例页交替，各 {options.runs} 次（冷启动 + 再次访问）…")
                results.bare, results.case = browser.measure_visits(
                    playwright, base_url, CASE_PAGE, site.BARE_PAGE, options.runs, snapshots=snapshots, log=log)
                log(f"主题本身的长任务：{THEME_PAGE}，{options.runs} 次冷启动…")
                results.theme_tasks = browser.measure_theme_tasks(playwright, base_url, THEME_PAGE, options.runs)

            def traces() -> None:
                pages = {CASE_PAGE: True, CHAPTER_PAGE: False, THEME_PAGE: False}
                log(f"跟踪记录（trace）：案例页、章节页、{THEME_PAGE} 轮流，各 {options.runs} 次冷启动…")
                traced = browser.measure_traces(playwright, base_url, pages, options.runs, log=log)
                results.case_traces = traced[CASE_PAGE]
                results.chapter_traces = traced[CHAPTER_PAGE]
                results.theme_traces = traced[THEME_PAGE]

            def round_trips() -> None:
                log(f"判分往返：每种题型 {options.grades} 次…")
                results.grades = browser.measure_round_trips(playwright, base_url, cases, options.grades,
                                                             snapshots=snapshots, log=log)

            def page_bytes() -> None:
                log("下载字节数：章节页和案例页，冷启动…")
                results.chapter_bytes = browser.measure_bytes(playwright, base_url, CHAPTER_PAGE, case_page=False)
                results.case_bytes = browser.measure_bytes(playwright, base_url, CASE_PAGE, case_page=True)

            def versions() -> None:
                from .versions import measure_versions

                log(f"Pyodide 版本对比：{'、'.join(options.pyodide_versions)}，各 {options.runs} 轮…")
                results.versions = measure_versions(
                    playwright, built.root, lambda root: serve_static(root, free_port(), handler=GzipStaticHandler),
                    list(options.pyodide_versions), options.runs, CASE_PAGE, site.BARE_PAGE, log=log)

            _section(results, "visits", visits)
            _section(results, "trace", traces)
            _section(results, "round-trip", round_trips)
            _section(results, "bytes", page_bytes)
            if options.pyodide_versions:
                _section(results, "versions", versions)


def measure_builds(results: report.Results, options: Options) -> None:
    from .build_time import measure_build_times

    log(f"构建时间：{'/'.join(map(str, options.sizes))} 个案例，各 {options.build_runs} 次…")
    results.builds = measure_build_times(REPO, options.sizes, options.build_runs, log=log)


def measure_throughput(results: report.Results, options: Options) -> None:
    """In a fresh interpreter (see :mod:`.throughput`): the figure `cases grade` gets."""
    from .throughput import from_json

    log(f"吞吐量：{options.answers:,} 个答案 × {options.runs} 次（新的解释器）…")
    done = subprocess.run(
        [sys.executable, "-m", "build_tools.devtools.benchmark.throughput", str(REPO / "cases"),
         "--answers", str(options.answers), "--runs", str(options.runs)],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", check=False)
    if done.returncode != 0:
        raise RuntimeError(f"吞吐量测量失败（退出码 {done.returncode}）：{done.stderr.strip()[-2000:]}")
    results.throughput = from_json(json.loads(done.stdout))


def _settings(options: Options) -> dict[str, str]:
    """The repetition counts, for the report (only those of the sections measured)."""
    settings = {"模式": "--quick"} if options.quick else {}
    if "browser" in options.sections:
        settings |= {"浏览器冷启动/再次访问": f"各 {options.runs} 次", "每种题型判分": f"{options.grades} 次"}
    if "build" in options.sections:
        settings |= {"每种案例数构建": f"{options.build_runs} 次"}
    if "throughput" in options.sections:
        settings |= {"吞吐量": f"{options.answers:,} 个答案 × {options.runs} 次"}
    return settings


def run(options: Options) -> report.Results:
    """Take every measurement asked for; never raises for a failed measurement (see Results.errors)."""
    started = time.perf_counter()
    results = report.Results(
        machine=describe(REPO),
        settings=_settings(options),
    )
    if "browser" in options.sections:
        _section(results, "browser", lambda: measure_browser(results, options))
    if "build" in options.sections:
        _section(results, "build", lambda: measure_builds(results, options))
    if "throughput" in options.sections:
        _section(results, "throughput", lambda: measure_throughput(results, options))
    results.machine = results.machine.finished()
    results.seconds = time.perf_counter() - started
    return results


def main(argv: Sequence[str] | None = None) -> int:
    options = parse(argv)
    results = run(options)
    text = report.markdown(results, sections=options.sections)
    print(text, end="")
    report.write(options.out, text)
    log(f"已写入 {options.out}")
    return 1 if results.errors else 0

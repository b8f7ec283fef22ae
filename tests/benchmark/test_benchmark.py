"""The benchmark command (build_tools/devtools/benchmark): its pieces, then the whole command once with --quick.

The pieces are specified on small inputs and fake figures, so they run in a second; only
the last test drives Chromium and builds the site, and it checks that every section of the
report is there with numbers, never what the numbers are (benchmarks do not assert timings).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import exercises
from build_tools.devtools.benchmark import browser, cli, generate, report, site, stats, throughput
from build_tools.devtools.benchmark.build_time import BuildTimes
from build_tools.devtools.benchmark.machine import Machine, cpu_model, git_commit, memory_gb
from build_tools.devtools.benchmark.trace import Task
from build_tools.cases.load import load_cases
from shipped import shipped_cases

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted((REPO / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    return [q for case in shipped_cases() for q in case.questions]


# --------------------------------------------------------------------------- generated cases


@pytest.mark.parametrize("count", [1, len(SHIPPED), 10])
def test_generator_makes_n_cases_that_the_loader_accepts(tmp_path, count):
    written = generate.generate_cases(SHIPPED, count, tmp_path / "cases")
    cases = load_cases(tmp_path / "cases")
    assert len(written) == len(cases) == count
    assert len({case.id for case in cases}) == count
    assert len({case.data["title"] for case in cases}) == count


def test_generator_keeps_the_shipped_cases_that_chapters_link_to(tmp_path):
    generate.generate_cases(SHIPPED, len(SHIPPED) + 2, tmp_path)
    assert {p.name for p in SHIPPED} <= {p.name for p in tmp_path.iterdir()}
    for source in SHIPPED:
        assert (tmp_path / source.name).read_bytes() == source.read_bytes()


def test_a_copied_case_differs_only_in_its_id_and_title_lines():
    original = SHIPPED[0].read_text(encoding="utf-8")
    copy = generate.copy_case(original, "gen0007-x", "标题「引号」: 冒号")
    changed = [(a, b) for a, b in zip(original.splitlines(), copy.splitlines()) if a != b]
    assert len(copy.splitlines()) == len(original.splitlines())
    assert changed == [(changed[0][0], "id: gen0007-x"), (changed[1][0], 'title: "标题「引号」: 冒号"')]


def test_the_project_copy_lives_in_the_temporary_folder_and_leaves_the_repository_alone(tmp_path):
    before = sorted(p.name for p in (REPO / "cases").iterdir())
    project = generate.make_project(REPO, 6, tmp_path)
    assert project.root.is_relative_to(tmp_path)
    assert (project.root / "mkdocs.yml").is_file() and (project.root / "docs" / "chapters").is_dir()
    assert len(list(project.cases_dir.glob("*.yaml"))) == 6
    assert sorted(p.name for p in (REPO / "cases").iterdir()) == before


@pytest.mark.parametrize(
    ("markdown", "left_out", "expected"),
    [
        ("- [甲](../cases/a.md)——说明\n- [乙](../cases/b.md)——说明\n", ["b"], "- [甲](../cases/a.md)——说明\n"),
        ("- [乙](../cases/b.md#q-q1)\n", ["b"], ""),
        ("正文提到[乙](../cases/b.md)。\n", ["b"], "正文提到乙。\n"),
        ("- [乙乙](../cases/bb.md)\n", ["b"], "- [乙乙](../cases/bb.md)\n"),
        ("- [乙](../cases/b.md)\n", [], "- [乙](../cases/b.md)\n"),
    ],
    ids=["list-line-dropped", "link-with-anchor-dropped", "prose-mention-unlinked",
         "id-that-merely-starts-alike-kept", "nothing-left-out"],
)
def test_dropping_list_lines_that_link_to_left_out_cases(markdown, left_out, expected):
    assert generate.drop_case_links(markdown, left_out) == expected


def test_a_project_with_fewer_cases_than_shipped_links_only_to_the_cases_it_has(tmp_path):
    project = generate.make_project(REPO, 3, tmp_path)
    kept = {p.stem for p in project.cases_dir.glob("*.yaml")}
    linked = set()
    for page in (project.root / "docs").rglob("*.md"):
        linked |= set(re.findall(r"\]\(\.\./cases/([\w-]+)\.md", page.read_text(encoding="utf-8")))
    assert linked and linked <= kept


# --------------------------------------------------------------------------- throughput


def test_the_sampler_draws_exactly_ten_thousand_answers_from_every_question_type(questions):
    answers = throughput.draw_answers(questions)
    shares = Counter(a.qtype for a in answers)
    assert len(answers) == 10_000
    assert set(shares) == set(exercises.QUESTION_TYPES)
    assert max(shares.values()) - min(shares.values()) <= 1


def test_the_sampler_takes_keys_samples_near_misses_and_perturbations(questions):
    sources = Counter(a.source for a in throughput.draw_answers(questions))
    assert set(sources) == set(throughput.SOURCES)
    assert min(sources.values()) > 10_000 / len(throughput.SOURCES) * 0.8


def test_the_sampler_is_deterministic_for_a_seed(questions):
    first = throughput.draw_answers(questions, total=500, seed=3)
    again = throughput.draw_answers(questions, total=500, seed=3)
    other = throughput.draw_answers(questions, total=500, seed=4)
    assert [(a.question["id"], a.answer) for a in first] == [(a.question["id"], a.answer) for a in again]
    assert [(a.question["id"], a.answer) for a in first] != [(a.question["id"], a.answer) for a in other]


def test_throughput_is_reported_overall_and_per_type(questions):
    ticks = iter(range(10**6))
    result = throughput.measure(throughput.draw_answers(questions, total=70), repetitions=2, clock=lambda: next(ticks))
    assert result.answers == 70 and result.repetitions == 2 and len(result.per_second_runs) == 2
    assert set(result.by_type) == set(exercises.QUESTION_TYPES)
    assert result.per_second > 0 and all(rate > 0 for rate in result.by_type.values())


def test_the_bench_measures_throughput_in_a_fresh_interpreter():
    """The section runs `python -m build_tools.devtools.benchmark.throughput` and reads back what it printed."""
    results = report.Results(machine=None, settings={})
    options = cli.parse(["--only", "throughput", "--answers", "70", "--runs", "1"])
    cli.measure_throughput(results, options)
    assert results.throughput.answers == 70 and results.throughput.repetitions == 1
    assert set(results.throughput.by_type) == set(exercises.QUESTION_TYPES)
    assert isinstance(results.throughput.per_second_runs, tuple)


# --------------------------------------------------------------------------- statistics


@pytest.mark.parametrize(
    "values, p, expected",
    [
        ([5.0], 95, 5.0),
        ([1, 2, 3, 4], 50, 2.5),               # the median
        (list(range(1, 21)), 95, 19.05),       # linear between closest ranks, as numpy
        (list(range(1, 21)), 100, 20),
        ([3, 1, 2], 0, 1),                     # order of the input does not matter
    ],
)
def test_percentile(values, p, expected):
    assert stats.percentile(values, p) == pytest.approx(expected)


def test_summary_of_a_sample():
    assert stats.summarize([30, 10, 20]) == stats.Summary(n=3, median=20, p95=29, low=10, high=30)


# --------------------------------------------------------------------------- browser helpers (no browser)


def test_the_grade_plan_grades_every_question_type_the_asked_number_of_times(questions):
    cases = [{"id": "all", "transcript": [{"id": f"{p}{n}"} for p in "KC" for n in range(1, 20)], "questions": questions}]
    plan = browser.grade_plan(cases, per_type=20)
    counts = Counter(question["type"] for _, question, _, _ in plan)
    assert counts == {qtype: 20 for qtype in exercises.QUESTION_TYPES}
    assert {kind for *_, kind, _ in plan} == {"key", "near-miss", "wrong"}


def test_the_bare_page_loads_the_sites_own_pyodide_in_a_module_worker(tmp_path):
    page = site.write_bare_page(tmp_path)
    worker = (tmp_path / "__bench__" / "bare-worker.mjs").read_text(encoding="utf-8")
    assert page == tmp_path / site.BARE_PAGE
    assert 'type: "module"' in page.read_text(encoding="utf-8")
    assert 'from "../assets/pyodide/pyodide.mjs"' in worker and "loadPyodide({ indexURL" in worker


# --------------------------------------------------------------------------- machine


def test_cpu_and_memory_are_read_from_proc(tmp_path):
    (tmp_path / "cpuinfo").write_text("processor\t: 0\nmodel name\t: Test CPU @ 3.00GHz\n")
    (tmp_path / "meminfo").write_text("MemTotal:       24641836 kB\nMemFree: 1 kB\n")
    assert cpu_model(tmp_path / "cpuinfo") == "Test CPU @ 3.00GHz"
    assert memory_gb(tmp_path / "meminfo") == 23.5


@pytest.mark.parametrize(
    "edited, suffix",
    [
        (None, ""),
        ("BENCHMARKS.md", ""),  # every run rewrites the report: that is not a change to what was measured
        ("exercises.py", " + uncommitted changes"),
    ],
)
def test_the_report_names_its_commit_and_says_when_the_code_differs(tmp_path, edited, suffix):
    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    for name in ("BENCHMARKS.md", "exercises.py"):
        (tmp_path / name).write_text("v1\n")
    git("add", ".")
    git("commit", "-q", "-m", "one")
    if edited:
        (tmp_path / edited).write_text("v2\n")
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    assert git_commit(tmp_path) == head + suffix


# --------------------------------------------------------------------------- report


def _visit(ready: float, tasks=(), snapshot=None) -> browser.Visit:
    return browser.Visit(ready_ms=ready, signal="mark", long_tasks=tuple(tasks), snapshot=snapshot)


def _traced(path: str, longest: float, ours: float, elements=(500, 1300)) -> browser.TracedVisit:
    """A traced visit with its longest task (the theme's, unless `ours` is longer) and our own longest task."""
    theme_task = Task(100.0, longest, longest / 2, ours_ms=1.0, theme_ms=longest - 11.0, page_ms=10.0)
    our_task = Task(900.0, ours, ours / 2, ours_ms=ours * 0.8, theme_ms=0.0, page_ms=ours * 0.2)
    return browser.TracedVisit(path, (theme_task, our_task), *elements)


def fake_results(**changes) -> report.Results:
    machine = Machine(cpu="Test CPU", cores=2, memory_gb=8.0, os="Linux", python="CPython 3.11", chromium="Chromium 156",
                      pyodide="314.0.7", playwright="1.65", mkdocs="mkdocs 1.6", commit="abc", load_before=(0.1, 0.2, 0.3))
    results = report.Results(
        machine=machine, settings={"浏览器": "5 次"}, case_page="/cases/b1-phone-drops/",
        bare=[browser.VisitPair("/b", _visit(4000), _visit(3000)) for _ in range(3)],
        case=[browser.VisitPair("/c", _visit(4200, [(300, 120)], "stored"), _visit(800, [], "restored")) for _ in range(3)],
        grades=[browser.Grade("b1", "q", t, "key", 10.0, "graded") for t in exercises.QUESTION_TYPES for _ in range(20)],
        case_traces=[_traced("/cases/b1-phone-drops/", 120.0, 30.0) for _ in range(3)],
        chapter_traces=[_traced("/chapters/recovery/", 190.0, 10.0, (1300, 1310)) for _ in range(3)],
        theme_traces=[_traced("/404.html", 100.0, 5.0, (130, 130)) for _ in range(3)],
        chapter_bytes=browser.PageBytes("chapters/recovery/", 30, 4_000_000, 0, 0),
        case_bytes=browser.PageBytes("cases/b1-phone-drops/", 40, 14_000_000, 13_000_000, 5),
        builds=BuildTimes(runs=3, wall={10: 4.0, 100: 10.0, 500: 45.0}, cpu={10: 3.0, 100: 9.0, 500: 40.0},
                          wall_range={10: (4, 4), 100: (10, 10), 500: (45, 45)}),
        throughput=throughput.Throughput(answers=10_000, repetitions=5, per_second=6000.0, per_second_runs=(6000.0,) * 5,
                                         by_type={t: 6000.0 for t in exercises.QUESTION_TYPES},
                                         by_source={s: 2500 for s in throughput.SOURCES}),
    )
    for name, value in changes.items():
        setattr(results, name, value)
    return results


def _row(results: report.Results, start: str) -> report.Row:
    return next(row for row in report.rows(results) if row.label.startswith(start))


TARGET_ROWS = [
    # row label starts with                   verdict with the fake figures above
    ("章节页",                                  True),    # 0 Pyodide bytes
    ("案例页 `cases/b1-phone-drops/` 下载的字节",  True),    # 14 MB
    ("就绪时间比（案例页 / 空白页），冷启动",        False),   # 4200 / 4000 = 1.05
    ("就绪时间，再次访问：案例页",                 True),    # 800 / 4000 = 0.20
    ("判分引擎启动期间最长的主线程任务",            False),   # 120 ms
    ("最长主线程任务之比：案例页 / 404 页",          True),    # 120 / 100 = 1.20
    ("我们的代码最长的主线程任务",                  True),    # 30, 10 and 5 ms
    ("判分往返（点击提交到显示结果），全部题型",      True),    # 10 ms
    ("构建时间增长比（500 / 100 个案例）",          True),    # 4.5
    ("CPython 批量判分吞吐量",                    True),    # 6000/s
    ("吞吐量：文字作答",                          True),    # 6000/s, held to its own target
]


def test_first_visit_bytes_count_until_prepared_and_the_offline_copy_apart():
    heavy = fake_results(case_bytes=browser.PageBytes("cases/b1-phone-drops/", 40, 16_500_000, 13_000_000, 5,
                                                      offline_copy=9_000_000, offline_copy_requests=30))
    row = _row(heavy, "案例页 `cases/b1-phone-drops/` 下载的字节")
    assert row.ok is False and "16.50 MB" in row.value and "离线副本在后台另下载 9.00 MB（30 个请求）" in row.value
    assert "离线副本" not in _row(fake_results(), "案例页 `cases/b1-phone-drops/` 下载的字节").value


def test_a_round_trip_p95_above_its_target_is_marked_even_with_a_quick_median():
    label = "判分往返（点击提交到显示结果），全部题型"
    for times, ok in (([5.0] * 20, True), ([5.0] * 18 + [60.0] * 2, False), ([16.0] * 20, False)):
        grades = [browser.Grade("b1", "q", "text", "key", ms, "graded") for ms in times]
        assert _row(fake_results(grades=grades), label).ok is ok, times


def test_text_throughput_below_its_target_is_marked():
    slow = fake_results()
    slow.throughput.by_type["text"] = 4999.0
    assert _row(slow, "吞吐量：文字作答").ok is False


@pytest.mark.parametrize("start, ok", TARGET_ROWS)
def test_every_target_is_printed_with_its_verdict(start, ok):
    row = _row(fake_results(), start)
    assert row.target and row.ok is ok and row.verdict == ("✅" if ok else "❌")


def test_the_table_has_a_row_per_question_type_and_per_build_size():
    labels = [row.label for row in report.rows(fake_results())]
    assert sum("判分往返：" in label for label in labels) == len(exercises.QUESTION_TYPES)
    assert sum("吞吐量：" in label for label in labels) == len(exercises.QUESTION_TYPES)
    assert sum(label.startswith("`mkdocs build --strict` 时间") for label in labels) == 3


def test_no_long_task_prints_as_under_50_ms_and_meets_the_target():
    results = fake_results(case=[browser.VisitPair("/c", _visit(4200), _visit(800)) for _ in range(3)])
    row = _row(results, "判分引擎启动期间最长的主线程任务")
    assert row.value.startswith("< 50 ms") and row.ok is True


def test_trace_rows_give_each_pages_longest_task_with_whose_code_filled_it():
    results = fake_results()
    case = _row(results, "最长主线程任务（trace，冷启动至页面稳定）：案例页 `/cases/b1-phone-drops/`")
    assert case.value == "120 ms（120–120，n = 3）；中位那次 CPU 60 ms；我们的代码 1、主题 109、页面 10 ms"
    assert _row(results, "最长主线程任务（trace，冷启动至页面稳定）：404 页").value.startswith("100 ms")
    assert _row(results, "我们的代码最长的主线程任务").value == "案例页 30 ms（30–30）；章节页 10 ms（10–10）；404 页 5 ms（5–5）"
    assert _row(results, "页面元素个数").value == "案例页 500 → 1,300；章节页 1,300 → 1,310；404 页 130 → 130"


def test_trace_targets_fail_on_any_page_and_on_the_ratio_to_the_404_page():
    cases = [
        # what changes                                                                      ratio ok, ours ok
        ({"case_traces": [_traced("/c/", 151.0, 30.0) for _ in range(3)]},                 False, True),
        ({"case_traces": [_traced("/c/", 150.0, 30.0) for _ in range(3)]},                 True, True),
        ({"theme_traces": [_traced("/404.html", 100.0, 51.0) for _ in range(3)]},          True, False),
        ({"chapter_traces": [_traced("/ch/", 100.0, 60.0) for _ in range(2)]
                            + [_traced("/ch/", 100.0, 40.0)]},                              True, False),  # median 60
    ]
    for changes, ratio_ok, ours_ok in cases:
        results = fake_results(**changes)
        assert _row(results, "最长主线程任务之比").ok is ratio_ok, changes
        assert _row(results, "我们的代码最长的主线程任务").ok is ours_ok, changes


def test_the_median_run_of_an_even_count_is_the_lower_middle_one():
    visits = [_traced("/c/", ms, 5.0) for ms in (300.0, 100.0, 200.0, 400.0)]
    assert report._median_run(visits).wall_ms == 200.0


def test_the_start_up_phases_are_listed_in_time_order_with_the_pages_ready_time_last():
    phases = (("grader-start", 60.0), ("worker", 150.0), ("runtime-files", 560.0), ("runtime", 860.0), ("ready", 880.0))
    repeat = browser.Visit(ready_ms=895.0, signal="mark", long_tasks=(), phases=phases)
    results = fake_results(case=[browser.VisitPair("/c", _visit(4200), repeat) for _ in range(3)])
    row = _row(results, "启动时间花在哪里：再次访问")
    assert row.value.startswith("创建 Worker 60 → Worker 开始运行 150 → wasm 到齐 560 → Python 已启动 860 → Worker 就绪 880 → 页面收到就绪 895 ms")
    assert row.target == "" and row.verdict == ""


def test_visits_without_phase_marks_get_no_phase_row():
    labels = [row.label for row in report.rows(fake_results())]
    assert not any(label.startswith("启动时间花在哪里") for label in labels)


def test_a_failed_section_is_shown_as_failed_not_left_out():
    results = fake_results(throughput=None, errors={"throughput": "ValueError: boom\nmore detail"})
    row = _row(results, "CPython 批量判分吞吐量")
    assert row.value == "测量失败：ValueError: boom" and row.ok is False


def test_the_markdown_report_is_one_table_with_the_machine_above_it():
    text = report.markdown(fake_results())
    table = [line for line in text.splitlines() if line.startswith("|")]
    assert table[0] == "| 指标 | 测得值 | 目标 | 结果 |"
    assert all(line.replace("\\|", "").count("|") == 5 for line in table)  # four cells in every line
    assert len(table) == 2 + len(report.rows(fake_results()))
    assert "Test CPU，2 核" in text and "开始 0.1 / 0.2 / 0.3" in text
    assert sum(line.endswith(("| ✅ |", "| ❌ |")) for line in table) == len(TARGET_ROWS)


def test_only_the_measured_sections_are_in_the_table():
    labels = [row.label for row in report.rows(fake_results(), sections=("throughput",))]
    assert labels and all("吞吐量" in label for label in labels)


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize(
    "argv, runs, build_runs, grades, sizes",
    [
        ([], 5, 3, 20, (10, 100, 500)),
        (["--quick"], 1, 1, 3, (5, 10, 20)),
        (["--quick", "--runs", "3", "--sizes", "50,10"], 3, 1, 3, (10, 50)),
    ],
)
def test_command_line_defaults(argv, runs, build_runs, grades, sizes):
    options = cli.parse(argv)
    assert (options.runs, options.build_runs, options.grades, options.sizes) == (runs, build_runs, grades, sizes)


@pytest.mark.parametrize("argv", [["--only", "nonsense"], ["--runs", "0"]])
def test_a_bad_command_line_is_refused(argv):
    with pytest.raises(SystemExit) as exit_:
        cli.parse(argv)
    assert exit_.value.code == 2


# --------------------------------------------------------------------------- the whole command

SECTIONS = [
    # a row label that must be there, and a number its value must contain
    ("章节页 `chapters/recovery/` 下载的 Pyodide 字节", r"\d"),
    ("案例页 `cases/b1-phone-drops/` 下载的字节", r"\d+\.\d\d MB"),
    ("就绪时间，冷启动：案例页", r"\d ms"),
    ("就绪时间，冷启动：空白页", r"\d ms"),
    ("就绪时间比（案例页 / 空白页），冷启动", r"\d\.\d\d"),
    ("就绪时间，再次访问：案例页", r"\d ms"),
    ("就绪时间，再次访问：空白页", r"\d ms"),
    ("判分引擎启动期间最长的主线程任务", r"\d+ ms"),
    ("最长主线程任务（trace，冷启动至页面稳定）：案例页", r"\d+ ms.*我们的代码 \d"),
    ("最长主线程任务（trace，冷启动至页面稳定）：章节页", r"\d+ ms"),
    ("最长主线程任务（trace，冷启动至页面稳定）：404 页", r"\d+ ms"),
    ("最长主线程任务之比：案例页 / 404 页", r"\d\.\d\d"),
    ("我们的代码最长的主线程任务", r"案例页 \d+ ms"),
    ("主题（Material）代码最长的主线程任务", r"404 页 \d+ ms"),
    ("页面元素个数", r"案例页 .*\d → \d"),
    ("判分往返（点击提交到显示结果），全部题型", r"p95 \d"),
    ("`mkdocs build --strict` 时间：2 个案例", r"\d\.\d s"),
    ("构建时间增长比（2 / 1 个案例）", r"\d\.\d\d"),
    ("CPython 批量判分吞吐量", r"[\d,]+ 个/秒"),
]


@pytest.mark.browser
def test_the_quick_benchmark_writes_every_section_with_numbers(tmp_path):
    if not Path(browser.CHROMIUM).exists():
        message = f"没有 {browser.CHROMIUM}：基准测试需要 Debian 的 chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + "（CI=true 时不允许跳过）", pytrace=False)
        pytest.skip(message)
    out = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "build_tools.devtools.benchmark", "--quick", "--sizes", "1,2",
                           "--answers", "700", "--grades", "1", "--out", str(out)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-4000:]
    text = out.read_text(encoding="utf-8")
    assert done.stdout == text
    assert "测量失败" not in text
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| ")}
    for label, number in SECTIONS:
        line = next((line for name, line in rows.items() if name.startswith(label)), None)
        assert line is not None, f"缺少一行：{label}"
        assert re.search(number, line.split(" | ")[1]), line
    for qtype in exercises.QUESTION_TYPES:
        assert f"判分往返：{exercises.type_label(qtype)}（{qtype}） | 中位数" in text
    assert sum(line.endswith(("| ✅ |", "| ❌ |")) for line in rows.values()) == len(TARGET_ROWS)


# --------------------------------------------------------------------------- Pyodide releases compared


def test_a_candidate_release_is_the_pinned_package_or_one_checked_against_the_registry(tmp_path):
    from build_tools.devtools.benchmark import versions
    from build_tools.site import vendor

    fake_npm = tmp_path / "npm"
    fake_npm.write_text('#!/bin/sh\necho \'"sha512-abc=="\'\n', encoding="utf-8")
    fake_npm.chmod(0o755)
    assert versions.candidate(vendor.PYODIDE.version, npm=str(fake_npm)) is vendor.PYODIDE
    older, newer = versions.candidate("0.28.3", npm=str(fake_npm)), versions.candidate("314.0.8", npm=str(fake_npm))
    assert (older.integrity, older.spec, newer.spec) == ("sha512-abc==", "pyodide@0.28.3", "pyodide@314.0.8")
    assert "pyodide.asm.js" in older.files and "pyodide.asm.mjs" in newer.files  # the 0.x glue is a classic script
    pinned_rest = set(vendor.PYODIDE.files) - set(versions.ASM_FILES)
    assert set(older.files) - {"pyodide.asm.js"} == set(newer.files) - {"pyodide.asm.mjs"} == pinned_rest


def test_each_compared_release_gets_a_row_and_a_failed_one_says_why():
    from build_tools.devtools.benchmark.versions import VersionFigures

    compared = fake_results(versions=[
        VersionFigures("314.0.7", (2600.0, 2700.0), (1200.0, 1300.0), (900.0, 950.0), ("shipped", "shipped"), 10_600_000,
                       6_180_000, 31_460_000),
        VersionFigures("0.29.5", error="VendorError: pyodide@0.29.5：npm view 失败"),
    ])
    first = _row(compared, "Pyodide 314.0.7")
    assert first.value.startswith("0.47（") and "shipped ×2" in first.value and "10.60 MB" in first.value
    assert "npm view 失败" in _row(compared, "Pyodide 0.29.5").value
    assert not [row for row in report.rows(fake_results()) if row.label.startswith("Pyodide")]

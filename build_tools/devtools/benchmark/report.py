"""The benchmark report: one Markdown table of every figure, each target with ✅ or ❌.

Why one table and the machine above it: a figure means nothing without the machine it
was measured on, and a reader comparing two runs (two commits, two machines) wants the
same rows in the same order every time. A section that could not be measured still
gets its rows, saying so, so a missing figure is never mistaken for a passing one.

Targets are printed, never enforced: a missed target is ❌ in the table, not a failure.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import exercises

from .browser import Grade, PageBytes, TracedVisit, Visit, VisitPair
from .build_time import BuildTimes
from .machine import Machine
from .stats import summarize
from .throughput import Throughput
from .trace import Owner, Task
from .versions import VersionFigures

__all__ = ["Results", "Row", "Target", "TARGETS", "SECTIONS", "rows", "markdown", "write"]

SECTIONS = ("browser", "build", "throughput")
_BROWSER_PARTS = ("visits", "trace", "round-trip", "bytes", "versions")
NO_LONG_TASK = "< 50"
"""Chrome reports only tasks of 50 ms or more: "no long task" means shorter than that."""


@dataclass(frozen=True)
class Target:
    """One promise the product makes about its performance."""

    key: str
    text: str


THROUGHPUT = 5000
"""Answers per second ``exercises.grade`` scores in CPython (``cases grade`` over a class's files)."""
TEXT_THROUGHPUT = 5000
"""Free text is the slowest type and the one whose rubrics grow (banks, patterns): it keeps its own target."""
READY_RATIO = 0.40
"""A first visit's ready time over bare ``loadPyodide``'s, cold, in the same run."""
REPEAT_SHARE = 0.25
"""A repeat visit's ready time over bare ``loadPyodide``'s cold one, in the same run."""
ROUND_TRIP_MEDIAN_MS, ROUND_TRIP_P95_MS = 15, 40
"""Click on 提交 to the result shown, over every question type: the typical grade and the slow ones."""
FIRST_VISIT_BYTES = 16_000_000
"""Bytes on the wire of a case page's first visit until its grader is ready with the questions prepared."""

TARGETS: dict[str, Target] = {t.key: t for t in (
    Target("chapter-pyodide", "0 B"),
    Target("first-visit-bytes", f"≤ {FIRST_VISIT_BYTES / 1e6:.0f} MB"),
    Target("ready-ratio", f"≤ {READY_RATIO:.2f}"),
    Target("repeat-ready", f"≤ {REPEAT_SHARE:.2f} × 空白页冷启动"),
    Target("round-trip", f"中位数 ≤ {ROUND_TRIP_MEDIAN_MS} ms，p95 ≤ {ROUND_TRIP_P95_MS} ms"),
    Target("long-task", "≤ 50 ms"),
    Target("trace-ours", "≤ 50 ms（每种页面）"),
    Target("trace-ratio", "≤ 1.5"),
    Target("build-growth", "≤ 1.2 × 案例数之比（500 对 100 个案例：≤ 6.0）"),
    Target("throughput", f"≥ {THROUGHPUT:,} 个/秒"),
    Target("throughput-text", f"≥ {TEXT_THROUGHPUT:,} 个/秒"),
)}


@dataclass
class Results:
    """Everything one benchmark run measured; a section left None was not measured (see `errors`)."""

    machine: Machine
    settings: dict[str, str]
    bare: list[VisitPair] | None = None
    case: list[VisitPair] | None = None
    case_page: str = ""
    grades: list[Grade] | None = None
    chapter_bytes: PageBytes | None = None
    case_bytes: PageBytes | None = None
    theme_tasks: list[float] | None = None
    """Longest task of cold loads of a theme-only page (404.html), per run."""
    case_traces: list[TracedVisit] | None = None
    """Traced cold loads of the case page, of the chapter page and of 404.html, taking turns in one run."""
    chapter_traces: list[TracedVisit] | None = None
    theme_traces: list[TracedVisit] | None = None
    builds: BuildTimes | None = None
    throughput: Throughput | None = None
    versions: list[VersionFigures] | None = None
    """Pyodide releases compared on the same site (``--pyodide-versions``)."""
    errors: dict[str, str] = field(default_factory=dict)
    """Section name ("visits", "round-trip", "bytes", "build", "throughput") -> why it failed."""
    seconds: float = 0.0


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    label: str
    value: str
    target: str = ""
    ok: bool | None = None

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("✅" if self.ok else "❌")


# --------------------------------------------------------------------------- formatting helpers


def _ms(value: float) -> str:
    return f"{value:,.0f} ms"


def _range_ms(values: list[float]) -> str:
    s = summarize(values)
    return f"{_ms(s.median)}（{s.low:,.0f}–{s.high:,.0f}，n = {s.n}）"


def _mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n else "0 B"


def _task(value: float) -> str:
    return NO_LONG_TASK + " ms" if value < 50 else _ms(value)


def _task_range(values: list[float]) -> str:
    return f"{_task(statistics.median(values))}（{_task(min(values))} – {_task(max(values))}）"


def _counts(values: list[str | None]) -> str:
    counted = Counter(v or "—" for v in values)
    return "、".join(f"{name} ×{n}" for name, n in counted.most_common())


def _failed(section: str, results: Results) -> str:
    why = results.errors.get(section) or results.errors.get("browser" if section in _BROWSER_PARTS else section) or "未测量"
    return f"测量失败：{_one_line(why)}"


def _one_line(text: str, limit: int = 200) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


# --------------------------------------------------------------------------- rows


def rows(results: Results, sections: tuple[str, ...] = SECTIONS) -> list[Row]:
    """Every row of the measured `sections`, in a fixed order."""
    out: list[Row] = []
    if "browser" in sections:
        out += [*_bytes_rows(results), *_visit_rows(results), *_trace_rows(results), *_round_trip_rows(results),
                *_version_rows(results)]
    if "build" in sections:
        out += _build_rows(results)
    if "throughput" in sections:
        out += _throughput_rows(results)
    return out


def _bytes_rows(r: Results) -> list[Row]:
    target = TARGETS["chapter-pyodide"].text
    if r.chapter_bytes is None or r.case_bytes is None:
        return [Row("章节页下载的 Pyodide 字节", _failed("bytes", r), target, False),
                Row("案例页下载的字节", _failed("bytes", r), TARGETS["first-visit-bytes"].text, False)]
    ch, ca = r.chapter_bytes, r.case_bytes
    offline = f"；离线副本在后台另下载 {_mb(ca.offline_copy)}（{ca.offline_copy_requests} 个请求）" if ca.offline_copy_requests else ""
    return [
        Row(f"章节页 `{ch.path}` 下载的 Pyodide 字节（冷启动）",
            f"{_mb(ch.pyodide)}；全部 {_mb(ch.total)}，{ch.requests} 个请求", target, ch.pyodide == 0),
        Row(f"案例页 `{ca.path}` 下载的字节（冷启动，至判分引擎就绪、题目备好）",
            f"{_mb(ca.total)}，{ca.requests} 个请求；其中 Pyodide {_mb(ca.pyodide)}（{ca.pyodide_requests} 个文件）{offline}",
            TARGETS["first-visit-bytes"].text, ca.total <= FIRST_VISIT_BYTES),
    ]


def _version_rows(r: Results) -> list[Row]:
    """One row per Pyodide release compared (none unless asked for)."""
    if r.versions is None:
        return [Row("Pyodide 版本对比", _failed("versions", r))] if "versions" in r.errors else []
    out = []
    for v in r.versions:
        if v.error or not v.bare_cold or not v.case_cold:
            out.append(Row(f"Pyodide {v.version}", f"测量失败：{_one_line(v.error or '没有数字')}"))
            continue
        ratio = statistics.median(v.case_cold) / statistics.median(v.bare_cold)
        repeat = statistics.median(v.case_repeat) / statistics.median(v.bare_cold)
        out.append(Row(
            f"Pyodide {v.version}：案例页首次访问 / 空白页冷启动",
            f"{ratio:.2f}（{_range_ms(list(v.case_cold))} / {_range_ms(list(v.bare_cold))}）；再次访问 {_range_ms(list(v.case_repeat))}"
            f"（{repeat:.2f}）；首次访问 {_mb(v.first_visit_bytes)}；快照 gzip {_mb(v.snapshot_gzip)}（堆 {_mb(v.heap_bytes)}）；"
            f"首次访问的启动：{_counts(list(v.starts))}"))
    return out


def _visit_rows(r: Results) -> list[Row]:
    if not r.bare or not r.case:
        failed = _failed("visits", r)
        return [Row("就绪时间比（案例页 / 空白页），冷启动", failed, TARGETS["ready-ratio"].text, False),
                Row("就绪时间，再次访问：案例页", failed, TARGETS["repeat-ready"].text, False),
                Row("判分引擎启动期间最长的主线程任务（冷启动）", failed, TARGETS["long-task"].text, False)]
    case_cold = [p.cold.ready_ms for p in r.case]
    case_repeat = [p.repeat.ready_ms for p in r.case]
    bare_cold = [p.cold.ready_ms for p in r.bare]
    bare_repeat = [p.repeat.ready_ms for p in r.bare]
    cold_ratio = statistics.median(case_cold) / statistics.median(bare_cold)
    repeat_ratio = statistics.median(case_repeat) / statistics.median(bare_repeat)
    repeat_share = statistics.median(case_repeat) / statistics.median(bare_cold)
    longest = [p.cold.longest_task for p in r.case]
    counts = [len(p.cold.long_tasks) for p in r.case]
    sums = [sum(duration for _, duration in p.cold.long_tasks) for p in r.case]
    starts = [p.cold.longest_task_start for p in r.case if p.cold.longest_task_start is not None]
    where = f"；最长任务开始于 {statistics.median(starts):,.0f} ms（中位数）" if starts else ""
    repeat_longest = [p.repeat.longest_task for p in r.case]
    settle_longest = [p.cold.longest_after_ready for p in r.case]
    signals = _counts([p.cold.signal for p in r.case] + [p.repeat.signal for p in r.case])
    page = f"`{r.case_page}`"
    return [
        Row(f"就绪时间，冷启动：案例页 {page}", _range_ms(case_cold) + f"；信号：{signals}"),
        Row("就绪时间，冷启动：空白页（只调用 loadPyodide，同一批文件）", _range_ms(bare_cold)),
        Row("就绪时间比（案例页 / 空白页），冷启动", f"{cold_ratio:.2f}", TARGETS["ready-ratio"].text,
            cold_ratio <= READY_RATIO),
        Row("就绪时间，再次访问：案例页",
            f"{_range_ms(case_repeat)} = 空白页冷启动的 {repeat_share:.2f} 倍；本次启动方式："
            f"{_counts([p.repeat.snapshot for p in r.case])}（首次访问的快照：{_counts([p.cold.snapshot for p in r.case])}）",
            f"{TARGETS['repeat-ready'].text} = {REPEAT_SHARE * statistics.median(bare_cold):,.0f} ms", repeat_share <= REPEAT_SHARE),
        Row("就绪时间，再次访问：空白页（只有 HTTP 缓存）", _range_ms(bare_repeat)),
        Row("就绪时间比（案例页 / 空白页），再次访问", f"{repeat_ratio:.2f}"),
        Row("判分引擎启动期间最长的主线程任务（冷启动，longtask）",
            f"{_task_range(longest)}；"
            f"长任务个数中位数 {statistics.median(counts):g}，合计 {_ms(statistics.median(sums))}{where}",
            TARGETS["long-task"].text, statistics.median(longest) <= 50),
        *([Row("同一次运行：只有 Material 主题的页面（404.html，没有练习）冷启动时最长的主线程任务",
               _task_range(r.theme_tasks) + "（主题脚本 bundle.js 的一次性初始化；案例页的数字不会低于它）")]
          if r.theme_tasks else []),
        Row("冷启动就绪之后、快照保存完之前最长的主线程任务", _task_range(settle_longest)),
        Row("再次访问时就绪前最长的主线程任务", _task_range(repeat_longest)),
        *[Row(f"启动时间花在哪里：{label}（案例页）", text)
          for label, visits in (("冷启动", [p.cold for p in r.case]), ("再次访问", [p.repeat for p in r.case]))
          if (text := _phase_steps(visits))],
    ]


TRACE_RATIO = 1.5
"""The case page's longest task may be at most this many times the 404 page's (the theme's own floor)."""


def _trace_pages(r: Results) -> list[tuple[str, list[TracedVisit]]]:
    """(how the report names the page, its traced visits), case page first."""
    pages = [("案例页", r.case_traces), ("章节页", r.chapter_traces), ("404 页", r.theme_traces)]
    return [(name, visits) for name, visits in pages if visits]


def _short_range(values: list[float]) -> str:
    s = summarize(values)
    return f"{_ms(s.median)}（{s.low:,.0f}–{s.high:,.0f}）"


def _median_run(visits: list[TracedVisit], owner: Owner | None = None) -> Task | None:
    """The task of the median run (the lower of the two middle ones for an even count) by its longest task's wall time."""
    tasks = sorted((task for visit in visits if (task := visit.longest(owner)) is not None), key=lambda task: task.wall_ms)
    return tasks[(len(tasks) - 1) // 2] if tasks else None


def _longest(visits: list[TracedVisit], owner: Owner | None = None) -> list[float]:
    """Per run, the wall time of the longest task (of `owner`; 0 when it filled none)."""
    return [task.wall_ms if (task := visit.longest(owner)) else 0.0 for visit in visits]


def _split(task: Task) -> str:
    cpu = f"CPU {task.cpu_ms:,.0f} ms；" if task.cpu_ms is not None else ""
    return f"{cpu}我们的代码 {task.ours_ms:,.0f}、主题 {task.theme_ms:,.0f}、页面 {task.page_ms:,.0f} ms"


def _trace_rows(r: Results) -> list[Row]:
    """The longest main-thread tasks from traces (whose code filled them) and each page's element count."""
    if not r.case_traces or not r.theme_traces:
        failed = _failed("trace", r)
        return [Row("我们的代码最长的主线程任务（trace）", failed, TARGETS["trace-ours"].text, False),
                Row("最长主线程任务之比：案例页 / 404 页（trace，同一次运行）", failed, TARGETS["trace-ratio"].text, False)]
    pages = _trace_pages(r)
    out = []
    for name, visits in pages:
        task = _median_run(visits)
        split = f"；中位那次 {_split(task)}" if task else ""
        out.append(Row(f"最长主线程任务（trace，冷启动至页面稳定）：{name} `{visits[0].path}`", _range_ms(_longest(visits)) + split))
    case, theme = statistics.median(_longest(r.case_traces)), statistics.median(_longest(r.theme_traces))
    ratio = case / theme if theme else float("inf")
    out.append(Row("最长主线程任务之比：案例页 / 404 页（trace，同一次运行）", f"{ratio:.2f}（{_ms(case)} / {_ms(theme)}）",
                   f"{TARGETS['trace-ratio'].text} = {TRACE_RATIO * theme:,.0f} ms", ratio <= TRACE_RATIO))
    ours = {name: _longest(visits, Owner.OURS) for name, visits in pages}
    out.append(Row("我们的代码最长的主线程任务（trace；我们的代码占得最多的任务）",
                   "；".join(f"{name} {_short_range(values)}" for name, values in ours.items()),
                   TARGETS["trace-ours"].text, all(statistics.median(values) <= 50 for values in ours.values())))
    out.append(Row("主题（Material）代码最长的主线程任务（trace）",
                   "；".join(f"{name} {_short_range(_longest(visits, Owner.THEME))}" for name, visits in pages)))
    out.append(Row("页面元素个数（HTML 解析完 → 页面稳定后）",
                   "；".join(f"{name} {statistics.median(v.elements_parsed for v in visits):,.0f} → "
                            f"{statistics.median(v.elements_settled for v in visits):,.0f}" for name, visits in pages)))
    return out


PHASE_LABELS = {
    "grader-start": "创建 Worker",
    "worker": "Worker 开始运行",
    "runtime-files": "wasm 到齐",
    "runtime": "Python 已启动",
    "ready": "Worker 就绪",
}
"""Names of the grader's start-up marks (browser.Visit.phases) as the report shows them."""


def _phase_steps(visits: list[Visit]) -> str | None:
    """The start-up marks as one line of medians in time order, ending with the page's ready time.

    Why: the ready time alone cannot say whether a slow start waited for the worker to
    run, for Pyodide's files, for CPython, or for a busy page to take the message.
    """
    by_name: dict[str, list[float]] = {}
    for visit in visits:
        for name, ms in visit.phases:
            by_name.setdefault(name, []).append(ms)
    if not by_name:
        return None
    steps = [(PHASE_LABELS.get(name, name), statistics.median(times)) for name, times in by_name.items()]
    steps.append(("页面收到就绪", statistics.median(v.ready_ms for v in visits)))
    steps.sort(key=lambda step: step[1])
    return " → ".join(f"{label} {ms:,.0f}" for label, ms in steps) + " ms（各自的中位数，自导航开始计）"


def _round_trip_rows(r: Results) -> list[Row]:
    if not r.grades:
        return [Row("判分往返（点击提交到显示结果），全部题型", _failed("round-trip", r), TARGETS["round-trip"].text, False)]
    out = []
    for qtype in exercises.QUESTION_TYPES:
        times = [g.ms for g in r.grades if g.qtype == qtype]
        label = f"判分往返：{exercises.type_label(qtype)}（{qtype}）"
        if not times:
            out.append(Row(label, "没有这种题型的题目"))
            continue
        s = summarize(times)
        out.append(Row(label, f"中位数 {s.median:.1f} ms，p95 {s.p95:.1f} ms（n = {s.n}）"))
    s = summarize([g.ms for g in r.grades])
    kinds = _counts([g.kind for g in r.grades])
    statuses = _counts([g.status for g in r.grades])
    out.append(Row("判分往返（点击提交到显示结果），全部题型",
                   f"中位数 {s.median:.1f} ms，p95 {s.p95:.1f} ms（n = {s.n}：{kinds}；结果 {statuses}）",
                   TARGETS["round-trip"].text, s.median <= ROUND_TRIP_MEDIAN_MS and s.p95 <= ROUND_TRIP_P95_MS))
    return out


def _build_rows(r: Results) -> list[Row]:
    if r.builds is None:
        return [Row("`mkdocs build` 时间随案例数的增长", _failed("build", r), TARGETS["build-growth"].text, False)]
    b = r.builds
    sizes = sorted(b.wall)
    out = [Row(f"`mkdocs build --strict` 时间：{n} 个案例",
               f"{b.wall[n]:.1f} s（{b.wall_range[n][0]:.1f}–{b.wall_range[n][1]:.1f}，n = {b.runs}；CPU {b.cpu[n]:.1f} s）")
           for n in sizes]
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        allowed = 1.2 * large / small
        growth = b.growth(small, large)
        target = f"≤ {allowed:.1f}" + ("" if (small, large) == (100, 500) else f"（即 {large}/{small} 的 1.2 倍）")
        out.append(Row(f"构建时间增长比（{large} / {small} 个案例）",
                       f"{growth:.2f}（CPU 时间之比 {b.cpu[large] / b.cpu[small]:.2f}）", target, growth <= allowed + 1e-9))
    return out


def _throughput_rows(r: Results) -> list[Row]:
    target = TARGETS["throughput"].text
    if r.throughput is None:
        return [Row("CPython 批量判分吞吐量（exercises.grade）", _failed("throughput", r), target, False)]
    t = r.throughput
    low, high = min(t.per_second_runs), max(t.per_second_runs)
    sources = _counts([s for s, n in t.by_source.items() for _ in range(n)])
    out = [Row("CPython 批量判分吞吐量（exercises.grade）",
               f"{t.per_second:,.0f} 个/秒（{low:,.0f}–{high:,.0f}；{t.answers:,} 个答案 × {t.repetitions} 次；{sources}）",
               target, t.per_second >= THROUGHPUT)]
    for qtype, rate in t.by_type.items():
        if qtype == "text":
            out.append(Row(f"吞吐量：{exercises.type_label(qtype)}（{qtype}）", f"{rate:,.0f} 个/秒",
                           TARGETS["throughput-text"].text, rate >= TEXT_THROUGHPUT))
        else:
            out.append(Row(f"吞吐量：{exercises.type_label(qtype)}（{qtype}）", f"{rate:,.0f} 个/秒"))
    return out


# --------------------------------------------------------------------------- document


def _machine_lines(m: Machine, results: Results) -> list[str]:
    after = m.load_after or m.load_before
    return [
        f"- CPU：{m.cpu}，{m.cores} 核；内存 {m.memory_gb:g} GB",
        f"- 系统：{m.os}；{m.python}",
        f"- 浏览器：{m.chromium}（Playwright {m.playwright}）；Pyodide {m.pyodide}",
        f"- 构建：{m.mkdocs}",
        f"- 提交：{m.commit}",
        f"- 负载（1/5/15 分钟平均）：开始 {' / '.join(f'{x:g}' for x in m.load_before)}，"
        f"结束 {' / '.join(f'{x:g}' for x in after)}",
        "- 设置：" + "，".join(f"{k} {v}" for k, v in results.settings.items()) + f"；共用时 {results.seconds / 60:.1f} 分钟",
    ]


_NOTES = """\
测量方法（`build_tools/devtools/benchmark/`）：时间都在页面内用 `performance.now()` 计（自导航开始的毫秒数），不含 Playwright 的往返。
案例页的就绪时间是 `svc-course:grader-ready` 性能标记的 `startTime`（没有该标记的构建退回到 `[data-case]` 的
`data-grader` 变成 `ready` 的时刻，见「信号」）；空白页 `__bench__/bare.html` 只在模块 Worker 里调用 `loadPyodide`，
用同一批文件，只写进被测站点的临时副本。冷启动每次用全新的浏览器配置目录；再次访问是同一配置里新开的标签页，
在首次访问的后台工作（内存快照）结束之后。空白页与案例页交替测量。长任务来自 `longtask` PerformanceObserver，
Chrome 只报告 ≥ 50 ms 的任务，所以「< 50 ms」表示没有长任务；启动期间指开始时刻不晚于就绪时间的任务。
「trace」各行来自另外几次冷启动的 Chromium 跟踪记录（CDP `Tracing`，开着 V8 的采样分析器；案例页、章节页、404 页轮流），
从导航开始到页面稳定（案例页：判分引擎就绪且每道题都已挂好；其他页：网络空闲）再加 0.5 秒：页面主线程上的每个顶层任务
（`RunTask`，包括 longtask 看不到的只有微任务的任务）按 CPU 采样分给「我们的代码」（`/assets/course/` 和页面里的启动脚本）、
「主题」（Material 的 `/assets/javascripts/` 和它写进页面的内联脚本）和「页面」（解析 HTML、不是脚本引起的样式和布局），
每个采样算给调用栈上最内层有网址的那一帧，规则见 `build_tools/devtools/benchmark/trace.py`；一个任务归占得最多的一方。
时间是墙上时间，括号里的 CPU 时间在机器繁忙时更稳定；跟踪本身会让任务变长一些。元素个数在 HTML 解析完（`readyState` 变成
`interactive`，页面的模块运行之前）和页面稳定时各数一次。判分往返从点击「提交」到题目里出现新的
`[data-result]`（MutationObserver），答案轮流取参考答案、近似错误答案和随机错误答案，在页面的后台工作结束后测量；
每次点击前先把「提交」按钮滚到视野里、等页面空闲（学生读完题才会点提交），免得点击时的滚动把主题的滚动处理也算进去。
字节数是冷启动加载中每个请求的响应头加编码后的响应体，即线路上的字节（本地服务器像按说明配置的主机一样发送构建时生成的 .gz 副本）；案例页等到判分引擎就绪、题目备好（`data-grader-prepared`）、网络空闲；离线副本（service worker 发出的请求）在后台下载的另计。构建时间是临时项目副本里的
`mkdocs build --strict`：原有案例加上用它们复制、改了 id 和标题的案例。吞吐量在 CPython 里对同一组 10,000 个答案
（七种题型平均分配；参考答案、人工评分样例、近似错误答案、随机扰动各约四分之一；固定随机种子）计时。
所有数字都是多次运行的中位数，括号里是最小–最大值。"""


def markdown(results: Results, sections: tuple[str, ...] = SECTIONS) -> str:
    """The whole report: title, machine, the table (rows of the measured `sections`), how it was measured."""
    table = ["| 指标 | 测得值 | 目标 | 结果 |", "|---|---|---|---|"]
    for row in rows(results, sections):
        cells = (row.label, row.value, row.target or "—", row.verdict)
        table.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines = ["# 性能基准", "", "由 `python3 -m build_tools.dev bench` 生成；目标只报告（✅/❌），不让命令失败。", "",
             *_machine_lines(results.machine, results), "", *table, "", _NOTES]
    if results.errors:
        lines += ["", "测量失败的部分：", *(f"- {name}：{_one_line(why)}" for name, why in results.errors.items())]
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> Path:
    """Write the report (UTF-8) and return where."""
    path.write_text(text, encoding="utf-8")
    return path

"""Measurements in Chromium (Python Playwright, Debian's ``/usr/bin/chromium``) on the served site.

Every time is taken *inside the page*, on the page's own clock (``performance.now()``,
milliseconds since navigation start), never as a Python wall-clock difference around a
Playwright call: Playwright's round trips to the browser would otherwise be part of every
figure.

* **Ready time.** On a case page, the ``svc-course:grader-ready`` performance mark the
  grader sets when it becomes ready (its ``startTime``). Until a build has that mark, the
  moment a ``[data-case]`` root's ``data-grader`` turns ``ready`` is used instead, seen by
  a MutationObserver installed before any page script runs; the report says which signal
  each run used. On the bare page, the moment its worker's ``"ready"`` message arrives.
* **Cold and repeat visits.** A cold visit uses a brand-new persistent profile (empty HTTP
  cache, Cache Storage and IndexedDB). The repeat visit opens the same page again in a new
  tab of that profile once the first visit has finished its background work (for the case
  page: until it reports its memory snapshot ``stored``, ``shipped``, ``failed`` or ``unsupported``).
  Bare and case runs alternate so that load on the machine hits both alike.
* **Long tasks.** A ``longtask`` PerformanceObserver (``buffered: true``) registered
  before any page script; Chrome reports only tasks of 50 ms or more. Those that start
  up to the ready time count for start-up; those after it, until the visit settles
  (snapshot stored), are kept apart.
* **Traced visits.** Cold loads recorded with a Chromium trace through a CDP session
  (``Tracing.start``/``Tracing.end``, events reported as they are collected), from before
  navigation until the page is at rest: a case page ready with every question mounted
  (``data-case-ready``), any other page with the network idle, then 0.5 s. :mod:`.trace` reads
  its main-thread tasks and whose code filled them. The same visits count the page's
  elements once its HTML is parsed (``readyState`` turns ``interactive``, before the page's
  modules run) and at rest.
* **Grade round trip.** From the click on a question's 提交 button (a capture-phase
  listener on the window, so it runs before the page's own handler) to the moment a new
  ``[data-result]`` element appears in that question (a MutationObserver). Before each
  click the button is scrolled into view and the page left to go idle, as for a student
  who reads the question before submitting.
* **Bytes.** Every finished request of a cold page load, including the grader worker's,
  as Playwright reports it (response headers + encoded body, as sent on the wire).
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import exercises
from build_tools.devtools.local_browser import CHROMIUM, CHROMIUM_ARGS

from . import trace
from .trace import Owner, Task


__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "READY_MARK",
    "Visit",
    "VisitPair",
    "Grade",
    "PageBytes",
    "TracedVisit",
    "grade_plan",
    "measure_visits",
    "measure_theme_tasks",
    "measure_round_trips",
    "measure_bytes",
    "measure_traces",
]

READY_MARK = "svc-course:grader-ready"
"""The performance mark the grader sets on the main thread when it becomes ready."""
START_MARK = "svc-course:grader-start"
"""The mark the page sets when it creates the grader's worker."""
PHASE_MARK = "svc-course:phase:"
"""Prefix of the marks for the worker's own start-up phases (grader-worker.mjs)."""
PYODIDE_PATH = "/assets/pyodide/"
SNAPSHOT_DONE = ("stored", "shipped", "failed", "unsupported")
"""The snapshot states after which a visit has no background work left (``shipped``: it restored
the site's own snapshot, and stores none)."""
READY_TIMEOUT_MS = 120_000
SNAPSHOT_TIMEOUT_MS = 60_000
GRADE_TIMEOUT_MS = 30_000
TRACE_TIMEOUT_S = 60
"""How long Chromium may take to hand over a trace once asked to stop."""

_INIT_SCRIPT = """
(() => {
  const bench = { longTasks: [], domReady: null, observer: null, parsedElements: null };
  Object.defineProperty(window, "__bench", { value: bench });
  // The page's elements once its HTML is parsed, before deferred scripts and modules run.
  document.addEventListener("readystatechange", () => {
    if (document.readyState === "interactive") bench.parsedElements = document.getElementsByTagName("*").length;
  });
  try {
    bench.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    });
    bench.observer.observe({ type: "longtask", buffered: true });
  } catch (error) {
    bench.longTaskError = String(error);
  }
  // Fallback ready signal: a case root's data-grader turning "ready".
  new MutationObserver((records, observer) => {
    for (const r of records) {
      if (r.target.getAttribute && r.target.getAttribute("data-grader") === "ready" && r.target.hasAttribute("data-case")) {
        bench.domReady = performance.now();
        observer.disconnect();
        return;
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-grader"] });
  bench.ready = () => {
    const mark = performance.getEntriesByName(%(mark)s, "mark")[0];
    if (mark) return { ms: mark.startTime, signal: "mark" };
    if (bench.domReady !== null) return { ms: bench.domReady, signal: "data-grader" };
    if (typeof window.__benchBareReady === "number") return { ms: window.__benchBareReady, signal: "worker message" };
    return null;
  };
  bench.failure = () => window.__benchBareError
    ?? (document.querySelector("[data-case][data-grader=error]") ? "grader error" : null);
  bench.tasks = () => {
    if (bench.observer) for (const e of bench.observer.takeRecords()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    return bench.longTasks;
  };
})();
""" % {"mark": json.dumps(READY_MARK)}


class MeasurementError(RuntimeError):
    """A page never became ready or never showed a result: the figure cannot be measured."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Visit:
    """One page load: when it was ready, by which signal, and the long tasks until then."""

    ready_ms: float
    signal: str
    long_tasks: tuple[tuple[float, float], ...]
    """(start, duration) in ms of the long tasks that started no later than the ready time."""
    after_ready: tuple[tuple[float, float], ...] = ()
    """(start, duration) of the long tasks after ready, until the visit settled (snapshot stored)."""
    snapshot: str | None = None
    """``data-grader-snapshot`` once the visit settled (None: the site does not report one)."""
    phases: tuple[tuple[str, float], ...] = ()
    """(name, ms since navigation start) of the grader's start-up marks, in time order:
    ``grader-start`` (the page creates the worker), then the worker's own phases
    (``svc-course:phase:*``: worker, runtime-files, runtime, ready). Empty for the bare page."""

    @property
    def longest_task(self) -> float:
        """Duration of the longest task before ready (0 when none was reported, i.e. all < 50 ms)."""
        return max((duration for _, duration in self.long_tasks), default=0.0)

    @property
    def longest_after_ready(self) -> float:
        """Duration of the longest task between ready and settling (0: none ≥ 50 ms)."""
        return max((duration for _, duration in self.after_ready), default=0.0)

    @property
    def longest_task_start(self) -> float | None:
        """When the longest task started (ms since navigation start), to tell page load from grader start-up."""
        return max(self.long_tasks, key=lambda task: task[1])[0] if self.long_tasks else None


@dataclass(frozen=True)
class VisitPair:
    """A cold visit in a fresh profile and the repeat visit in the same profile."""

    page: str
    cold: Visit
    repeat: Visit


@dataclass(frozen=True)
class Grade:
    """One graded answer's round trip, measured in the page."""

    case: str
    question: str
    qtype: str
    kind: str
    ms: float
    status: str


@dataclass(frozen=True)
class PageBytes:
    """What a cold load of one page downloaded."""

    path: str
    requests: int
    total: int
    pyodide: int
    pyodide_requests: int
    largest: tuple[tuple[str, int], ...] = field(default=())
    offline_copy: int = 0
    """Bytes the offline worker fetched meanwhile for its copy (requests made by a service worker)."""
    offline_copy_requests: int = 0


@dataclass(frozen=True)
class TracedVisit:
    """A cold load recorded with a trace: its main-thread tasks (see :mod:`.trace`) and its size."""

    path: str
    tasks: tuple[Task, ...]
    elements_parsed: int
    """Elements once the HTML is parsed (what Material's bundle finds when it starts)."""
    elements_settled: int
    """Elements once the page is at rest (a case page: every widget mounted)."""

    def longest(self, owner: Owner | None = None) -> Task | None:
        """The longest task (by wall time), or the longest that `owner`'s code filled most of; None: no such task."""
        chosen = [task for task in self.tasks if owner is None or task.owner is owner]
        return max(chosen, key=lambda task: task.wall_ms, default=None)


# --------------------------------------------------------------------------- browser plumbing


@contextmanager
def fresh_profile(playwright: Any, viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A persistent context on a brand-new user-data folder (nothing cached), deleted afterwards."""
    folder = tempfile.mkdtemp(prefix="svc-bench-profile-")
    context = playwright.chromium.launch_persistent_context(
        folder, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
        viewport=viewport or {"width": 1280, "height": 900},
    )
    try:
        context.add_init_script(_INIT_SCRIPT)
        yield context
    finally:
        context.close()
        shutil.rmtree(folder, ignore_errors=True)


def _open(context: Any, url: str, *, reuse_first: bool = False) -> Any:
    page = context.pages[0] if reuse_first and context.pages else context.new_page()
    page.goto(url, wait_until="commit")
    return page


def _wait_ready(page: Any, timeout_ms: float = READY_TIMEOUT_MS) -> dict[str, Any]:
    handle = page.wait_for_function("() => window.__bench.failure() ?? window.__bench.ready()", timeout=timeout_ms, polling=50)
    value = handle.json_value()
    if isinstance(value, str):
        raise MeasurementError(f"{page.url}：{value}")
    return value


def _visit(page: Any, *, snapshots: bool) -> Visit:
    """Wait for readiness, then for the visit's background work to finish; read the page's figures."""
    ready = _wait_ready(page)
    snapshot = _settle(page, snapshots, also=("restored",))
    page.wait_for_timeout(300)  # let the observer deliver the last long tasks
    tasks = [(t["start"], t["duration"]) for t in page.evaluate("() => window.__bench.tasks()")]
    phases = page.evaluate(_PHASES, [START_MARK, PHASE_MARK])
    return Visit(
        ready_ms=ready["ms"],
        signal=ready["signal"],
        long_tasks=tuple(t for t in tasks if t[0] <= ready["ms"]),
        after_ready=tuple(t for t in tasks if t[0] > ready["ms"]),
        snapshot=snapshot,
        phases=tuple((name, ms) for name, ms in phases),
    )


_PHASES = """
([start, prefix]) => performance.getEntriesByType("mark")
  .filter((m) => m.name === start || m.name.startsWith(prefix))
  .sort((a, b) => a.startTime - b.startTime)
  .map((m) => [m.name === start ? "grader-start" : m.name.slice(prefix.length), m.startTime])
"""


def _settle(page: Any, snapshots: bool, also: tuple[str, ...] = ()) -> str | None:
    """Wait until a visit's background work is done: its snapshot stored (or given up on); returns how it ended."""
    if not snapshots:
        page.wait_for_load_state("networkidle")
        return None
    try:
        page.wait_for_function(
            "done => done.includes(document.documentElement.dataset.graderSnapshot)",
            arg=list(SNAPSHOT_DONE + also), timeout=SNAPSHOT_TIMEOUT_MS, polling=100,
        )
    except Exception:  # noqa: BLE001 - a snapshot never stored is reported, not fatal
        pass
    return page.evaluate("() => document.documentElement.dataset.graderSnapshot ?? 'timeout'")


def visit_pair(playwright: Any, url: str, *, snapshots: bool) -> VisitPair:
    """A cold visit to `url` in a fresh profile, then a repeat visit in a new tab of the same profile."""
    with fresh_profile(playwright) as context:
        first = _open(context, url, reuse_first=True)
        cold = _visit(first, snapshots=snapshots)
        first.close()
        repeat = _visit(_open(context, url), snapshots=snapshots)
    return VisitPair(page=urlsplit(url).path, cold=cold, repeat=repeat)


def measure_visits(playwright: Any, base_url: str, case_path: str, bare_path: str, runs: int, *,
                   snapshots: bool, log: Callable[[str], None] = print) -> tuple[list[VisitPair], list[VisitPair]]:
    """`runs` cold+repeat pairs of the bare page and of the case page, alternating (bare, case, bare, …)."""
    bare: list[VisitPair] = []
    case: list[VisitPair] = []
    for run in range(runs):
        for name, path, into, snap in (("bare", bare_path, bare, False), ("case", case_path, case, snapshots)):
            pair = visit_pair(playwright, base_url + path, snapshots=snap)
            into.append(pair)
            tasks = ", ".join(f"{d:.0f}@{s:.0f}" for s, d in pair.cold.long_tasks) or "无"
            log(f"  {name} 第 {run + 1}/{runs} 次：冷启动 {pair.cold.ready_ms:.0f} ms，再次访问 {pair.repeat.ready_ms:.0f} ms"
                f"（{pair.cold.signal}；冷启动的长任务 ms@开始时刻：{tasks}；快照 {pair.cold.snapshot} → {pair.repeat.snapshot}）")
    return bare, case


def measure_theme_tasks(playwright: Any, base_url: str, path: str, runs: int) -> list[float]:
    """Longest task of cold loads of a page with nothing of ours but the theme (the floor under our figure).

    Material's bundle sets the whole page up in one task when it loads; a page without
    exercises shows how long that task is on this machine, in the same run.
    """
    longest: list[float] = []
    for _ in range(runs):
        with fresh_profile(playwright) as context:
            page = _open(context, base_url + path, reuse_first=True)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # let the observer deliver the last long tasks
            tasks = page.evaluate("() => window.__bench.tasks()")
            longest.append(max((t["duration"] for t in tasks), default=0.0))
    return longest


# --------------------------------------------------------------------------- traced visits


def measure_traces(playwright: Any, base_url: str, pages: dict[str, bool], runs: int,
                   log: Callable[[str], None] = print) -> dict[str, list[TracedVisit]]:
    """`runs` traced cold loads of each page in `pages` ({path: is a case page}), taking turns."""
    traced: dict[str, list[TracedVisit]] = {path: [] for path in pages}
    for run in range(runs):
        for path, case_page in pages.items():
            visit = traced_visit(playwright, base_url + path, case_page=case_page)
            traced[path].append(visit)
            log(f"  trace {path} 第 {run + 1}/{runs} 次：{_describe(visit)}")
    return traced


def _describe(visit: TracedVisit) -> str:
    longest = visit.longest()
    if longest is None:
        return "没有任务"

    def brief(task: Task | None) -> str:
        return f"{task.wall_ms:.0f} ms@{task.start_ms:.0f}（CPU {task.cpu_ms or 0:.0f}）" if task else "无"

    return (f"最长任务 {brief(longest)}：我们的代码 {longest.ours_ms:.0f}、主题 {longest.theme_ms:.0f}、页面 {longest.page_ms:.0f} ms；"
            f"我们的最长 {brief(visit.longest(Owner.OURS))}，主题的最长 {brief(visit.longest(Owner.THEME))}；"
            f"元素 {visit.elements_parsed} → {visit.elements_settled}")


def traced_visit(playwright: Any, url: str, *, case_page: bool) -> TracedVisit:
    """One cold load of `url` in a fresh profile, traced from before navigation until the page is at rest."""
    with fresh_profile(playwright) as context:
        page = context.pages[0] if context.pages else context.new_page()
        session = context.new_cdp_session(page)
        events: list[dict[str, Any]] = []
        complete: list[dict[str, Any]] = []
        session.on("Tracing.dataCollected", lambda params: events.extend(params["value"]))
        session.on("Tracing.tracingComplete", lambda params: complete.append(params))
        session.send("Tracing.start", {"transferMode": "ReportEvents", "traceConfig": {
            "recordMode": "recordAsMuchAsPossible", "includedCategories": list(trace.CATEGORIES)}})
        page.goto(url, wait_until="commit")
        if case_page:
            _wait_ready(page)
            page.wait_for_selector("[data-case][data-case-ready]", state="attached", timeout=READY_TIMEOUT_MS)
        else:
            page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        counts = page.evaluate("() => [window.__bench.parsedElements, document.getElementsByTagName('*').length]")
        session.send("Tracing.end")
        for _ in range(TRACE_TIMEOUT_S * 20):
            if complete:
                break
            page.wait_for_timeout(50)  # lets Playwright deliver the trace's events
        else:
            raise MeasurementError(f"{url}：Chromium 在 {TRACE_TIMEOUT_S} 秒内没有交出跟踪记录")
        if complete[0].get("dataLossOccurred"):  # a truncated trace would leave tasks out unnoticed
            raise MeasurementError(f"{url}：跟踪记录的缓冲区满了，丢失了一部分事件")
        html = page.request.get(url).text()
    try:
        tasks = trace.tasks(events, trace.Origins(url, trace.inline_scripts(html)))
    except trace.TraceError as exc:
        raise MeasurementError(f"{url}：{exc}") from exc
    return TracedVisit(path=urlsplit(url).path, tasks=tuple(tasks),
                       elements_parsed=int(counts[0] or 0), elements_settled=int(counts[1]))


# --------------------------------------------------------------------------- grade round trips

_SET_ANSWER = """
({ qid, answer }) => {
  // The page's own way in (question.mjs): the widget shows the answer as if the student had entered it.
  const detail = { answer };
  document.querySelector(`[data-question="${qid}"]`).dispatchEvent(new CustomEvent("svc-course:set-answer", { detail }));
  return detail.shown;
}
"""

_SETTLED = """
() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() =>
  (window.requestIdleCallback ?? ((f) => setTimeout(f, 50)))(() => resolve(), { timeout: 500 }))))
"""
"""Resolves once the page has rendered twice and then gone idle (at most ~0.5 s)."""

_ARM_PROBE = """
(qid) => {
  const section = document.querySelector(`[data-question="${qid}"]`);
  const before = section.querySelector("[data-result]");
  const probe = { t0: null, t1: null, status: null };
  window.__benchGrade = probe;
  const onClick = (event) => {
    if (probe.t0 === null && event.target.closest && event.target.closest('[data-action="submit"]')
        && section.contains(event.target)) probe.t0 = performance.now();
  };
  window.addEventListener("click", onClick, { capture: true });
  const observer = new MutationObserver(() => {
    const box = section.querySelector("[data-result]");
    if (probe.t0 === null || !box || box === before) return;
    probe.t1 = performance.now();
    probe.status = box.dataset.status;
    observer.disconnect();
    window.removeEventListener("click", onClick, { capture: true });
  });
  observer.observe(section, { childList: true, subtree: true });
}
"""


def answer_candidates(question: dict[str, Any], rng: random.Random, wrong: int = 8) -> list[tuple[str, Any]]:
    """(kind, answer) to grade in turn: the key, then near-misses and wrong answers interleaved.

    The page grades what the widget shows once given the answer (``svc-course:set-answer``): an
    answer no widget can show (a step left out of an order) is graded as the widget shows it."""
    near = [("near-miss", a) for _, a in exercises.near_misses(question)]
    bad = [("wrong", exercises.random_answer(question, rng)) for _ in range(wrong)]
    mixed: list[tuple[str, Any]] = [("key", exercises.key_answer(question))]
    for i in range(max(len(near), len(bad))):
        mixed += near[i : i + 1] + bad[i : i + 1]
    return mixed


def grade_plan(cases: list[dict[str, Any]], per_type: int, seed: int = 7) -> list[tuple[str, dict[str, Any], str, Any]]:
    """(case id, question, kind, answer) so that every question type is graded `per_type` times.

    `cases` are the cases as authored ({"id", "questions"}: a text question's key is not shipped). A type's grades are spread over
    all its questions in turn; each question goes through its own candidates in turn.
    """
    rng = random.Random(seed)
    by_type: dict[str, list[tuple[str, dict[str, Any], list[tuple[str, Any]]]]] = {}
    for case in cases:
        for question in case["questions"]:
            candidates = answer_candidates(question, rng)
            if candidates:
                by_type.setdefault(question["type"], []).append((case["id"], question, candidates))
    plan = []
    for qtype in exercises.QUESTION_TYPES:
        entries = by_type.get(qtype, [])
        for turn in range(per_type if entries else 0):
            case_id, question, candidates = entries[turn % len(entries)]
            kind, answer = candidates[(turn // len(entries)) % len(candidates)]
            plan.append((case_id, question, kind, answer))
    return plan


def measure_round_trips(playwright: Any, base_url: str, cases: list[dict[str, Any]], per_type: int, *,
                        snapshots: bool, log: Callable[[str], None] = print) -> list[Grade]:
    """Grade `per_type` answers of every question type through the page's widgets; round trips in ms.

    Grading starts once the page has settled (its memory snapshot stored or restored, its
    questions prepared: exercises.prepare_json): the figure is the steady-state cost of one
    grade, not a grade queued behind the worker's start-up work.
    """
    plan = grade_plan(cases, per_type)
    grades: list[Grade] = []
    with fresh_profile(playwright, viewport={"width": 1000, "height": 900}) as context:
        page = context.pages[0] if context.pages else context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        for case_id in dict.fromkeys(case_id for case_id, *_ in plan):
            page.goto(f"{base_url}cases/{case_id}/")
            page.wait_for_selector(f'[data-case="{case_id}"][data-grader=ready][data-case-ready]', timeout=READY_TIMEOUT_MS)
            if snapshots:
                _settle(page, snapshots, also=("restored",))
            page.wait_for_function("() => document.documentElement.dataset.graderPrepared !== undefined",
                                   timeout=SNAPSHOT_TIMEOUT_MS, polling=100)
            for planned_case, question, kind, answer in plan:
                if planned_case != case_id:
                    continue
                grades.append(_grade_once(page, case_id, question, kind, answer))
        if errors:
            raise MeasurementError("页面抛出了未捕获的错误：" + "; ".join(errors))
    log(f"  判分往返：{len(grades)} 次（{len({g.qtype for g in grades})} 种题型）")
    return grades


def _grade_once(page: Any, case_id: str, question: dict[str, Any], kind: str, answer: Any) -> Grade:
    """One grade's round trip. The 提交 button is on screen and the page idle before the click,
    as for a student who has read the question: a scroll made by the click itself would put the
    theme's scroll handlers (table of contents, header) into the figure."""
    qid = question["id"]
    page.evaluate(_SET_ANSWER, {"qid": qid, "answer": answer})
    submit = page.locator(f'[data-question="{qid}"] [data-action="submit"]')
    submit.scroll_into_view_if_needed()
    page.evaluate(_SETTLED)
    page.evaluate(_ARM_PROBE, qid)
    submit.click()
    try:
        page.wait_for_function("() => window.__benchGrade.t1 !== null", timeout=GRADE_TIMEOUT_MS, polling="raf")
    except Exception as exc:  # noqa: BLE001 - playwright's TimeoutError
        raise MeasurementError(f"{case_id} {qid}：{GRADE_TIMEOUT_MS / 1000:.0f} 秒内没有出现判分结果") from exc
    probe = page.evaluate("() => window.__benchGrade")
    return Grade(case=case_id, question=qid, qtype=question["type"], kind=kind, ms=probe["t1"] - probe["t0"], status=probe["status"])


# --------------------------------------------------------------------------- bytes


def measure_bytes(playwright: Any, base_url: str, path: str, *, case_page: bool) -> PageBytes:
    """Everything a cold load of `path` downloads until the network is idle (a case page: once its
    grader is ready with the page's questions prepared, ``data-grader-prepared``); what the offline
    worker fetches for its copy (requests made by a service worker) is counted apart."""
    finished: list[Any] = []
    with fresh_profile(playwright) as context:
        context.on("requestfinished", lambda request: finished.append(request))
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(base_url + path, wait_until="load")
        if case_page:
            _wait_ready(page)
            page.wait_for_function("document.documentElement.dataset.graderPrepared", timeout=READY_TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        page_requests = [_wire_size(r) for r in finished if r.service_worker is None]
        offline_copy = [_wire_size(r) for r in finished if r.service_worker is not None]
    pyodide = [(p, n) for p, n in page_requests if p.startswith(PYODIDE_PATH)]
    return PageBytes(
        path=path,
        requests=len(page_requests),
        total=sum(n for _, n in page_requests),
        pyodide=sum(n for _, n in pyodide),
        pyodide_requests=len(pyodide),
        largest=tuple(sorted(page_requests, key=lambda item: -item[1])[:5]),
        offline_copy=sum(n for _, n in offline_copy),
        offline_copy_requests=len(offline_copy),
    )


def _wire_size(request: Any) -> tuple[str, int]:
    """(path, response headers + encoded body): the bytes a finished request took on the wire."""
    size = request.sizes()
    return urlsplit(request.url).path, size["responseHeadersSize"] + size["responseBodySize"]

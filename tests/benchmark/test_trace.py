"""Reading main-thread tasks from a Chromium trace (build_tools/devtools/benchmark/trace.py), on a hand-made trace.

The trace below is small enough to check by eye: one renderer that navigated to the page
(with a worker thread whose samples must not count), another renderer that did not, and a
V8 profile whose stacks say whose code each task ran. Times are in µs, as in Chrome's traces.
"""

from __future__ import annotations

import pytest

from build_tools.devtools.benchmark import trace
from build_tools.devtools.benchmark.trace import Owner, Origins, TraceError
from build_tools.site.assets import GRADER_BOOT_TEMPLATE

PAGE = "http://127.0.0.1:8000/cases/b1/"
PID, MAIN, WORKER, SAMPLER = 10, 11, 12, 13
BOOT = ((5, 9), (40, 5), Owner.OURS)
THEME_INLINE = ((50, 9), (50, 80), Owner.THEME)
ORIGINS = Origins(PAGE, inline=(BOOT, THEME_INLINE))

BUNDLE = "http://127.0.0.1:8000/assets/javascripts/bundle.abc.min.js"
OURS = "http://127.0.0.1:8000/assets/course/case-view.mjs"
OTHER = "http://127.0.0.1:8000/assets/vendor/mermaid/mermaid-loader.js"

# The profile's call tree: node id -> (parent, function name, url, line, column), positions 0-based as V8 gives them.
NODES = {
    1: (None, "(root)", "", 0, 0),
    2: (1, "(program)", "", 0, 0),
    3: (1, "(garbage collector)", "", 0, 0),
    4: (1, "", BUNDLE, 0, 0),             # Material's bundle evaluating
    5: (4, "subscribe", BUNDLE, 13, 40),  # ... its RxJS calling
    6: (5, "scan", OURS, 28, 0),          # ... a callback of ours: the innermost frame with a URL
    7: (1, "showCase", OURS, 120, 0),     # a continuation of ours in a microtask checkpoint
    8: (7, "fetch", "", 0, 0),            # ... in a native function (no URL): still ours
    9: (1, "", PAGE, 4, 8),               # the inline boot script (line 5, column 9, 1-based)
    10: (1, "", PAGE, 49, 8),             # Material's inline script (line 50)
    11: (1, "load", OTHER, 3, 0),         # another script: the page's
}


def _x(name, ts, dur, tid=MAIN, pid=PID, **extra):
    return {"name": name, "ph": "X", "ts": ts, "dur": dur, "pid": pid, "tid": tid, "cat": "toplevel", "args": {}, **extra}


def _thread(pid, tid, name):
    return {"name": "thread_name", "ph": "M", "pid": pid, "tid": tid, "ts": 0, "args": {"name": name}}


def _profile(pid, tid, profile_id, samples):
    """A Profile event for (pid, tid) and one chunk with every node and the given (time, node) samples."""
    nodes = [{"id": i, "callFrame": {"functionName": f, "url": u, "lineNumber": line, "columnNumber": column},
              **({"parent": parent} if parent else {})} for i, (parent, f, u, line, column) in NODES.items()]
    times = [t for t, _ in samples]
    deltas = [b - a for a, b in zip([0, *times], times)]
    return [
        {"name": "Profile", "ph": "P", "pid": pid, "tid": tid, "id": profile_id, "ts": 0, "args": {"data": {"startTime": 0}}},
        {"name": "ProfileChunk", "ph": "P", "pid": pid, "tid": SAMPLER, "id": profile_id, "ts": 1,
         "args": {"data": {"cpuProfile": {"nodes": nodes, "samples": [n for _, n in samples]}, "timeDeltas": deltas}}},
    ]


def _every(start, end, node, step=1000):
    return [(t, node) for t in range(start, end, step)]


# Each task (RunTask on the page's thread), and what must come out of it.
EXPECTED = [
    # start µs, wall µs, ours, theme, page (ms)      why
    (2_000, 10_000, 0.0, 8.0, 2.0),                   # parsing (2 program samples) + the bundle (8 samples)
    (20_000, 4_000, 4.0, 0.0, 0.0),                   # microtask-only: no script event names a URL, the stacks do
    (30_000, 4_000, 3.0, 1.0, 0.0),                   # our callback under Material's stack; GC after it is ours
    (40_000, 3_000, 2.0, 1.0, 0.0),                   # inline scripts told apart by position
    (50_000, 2_000, 0.0, 0.0, 2.0),                   # another script's samples: the page's
    (60_000, 3_000, 0.0, 3.0, 0.0),                   # no samples: the longest script event with a URL decides
    (70_000, 1_000, 0.0, 0.0, 1.0),                   # no samples, no script event: the page's
]


def hand_made_trace(*, with_samples: bool = True) -> list[dict]:
    main_samples = (
        _every(2_000, 4_000, 2) + _every(4_000, 12_000, 4)
        + _every(20_000, 24_000, 8)
        + [(30_000, 6), (31_000, 3), (32_000, 6), (33_000, 4)]
        + [(40_000, 9), (41_000, 9), (42_000, 10)]
        + _every(50_000, 52_000, 11)
    )
    events = [
        _thread(PID, MAIN, "CrRendererMain"), _thread(PID, WORKER, "DedicatedWorker thread"),
        _thread(20, 21, "CrRendererMain"),
        {"name": "navigationStart", "ph": "R", "pid": 20, "tid": 21, "ts": 900,
         "args": {"data": {"documentLoaderURL": "http://127.0.0.1:8000/other/"}}},
        {"name": "navigationStart", "ph": "R", "pid": PID, "tid": MAIN, "ts": 1_000,
         "args": {"data": {"documentLoaderURL": PAGE}}},
        _x("RunTask", 500, 100),                                  # before the navigation: not the page's
        _x("RunTask", 2_000, 10_000, tdur=6_000),
        _x("RunTask", 3_000, 100),                                # nested in the one above: part of it
        _x("RunTask", 20_000, 4_000),
        _x("RunMicrotasks", 20_100, 3_800, cat="v8.execute"),
        _x("RunTask", 30_000, 4_000),
        _x("RunTask", 40_000, 3_000),
        _x("RunTask", 50_000, 2_000),
        _x("RunTask", 60_000, 3_000),
        _x("FunctionCall", 60_100, 2_000, args={"data": {"url": BUNDLE, "lineNumber": 14, "columnNumber": 1}}),
        _x("EvaluateScript", 62_200, 500, args={"data": {"url": PAGE, "lineNumber": 5, "columnNumber": 9}}),
        _x("RunTask", 70_000, 1_000),
        _x("RunTask", 2_000, 90_000, tid=WORKER),                 # the worker's thread: never counted
        _x("RunTask", 2_000, 90_000, pid=20, tid=21),             # the other renderer: never counted
    ]
    if with_samples:
        events += _profile(PID, MAIN, "0x1", main_samples)
        events += _profile(PID, WORKER, "0x2", _every(2_000, 12_000, 7))  # ours, but on the worker
    return events


def test_each_task_is_split_by_the_innermost_frame_with_a_url():
    tasks = trace.tasks(hand_made_trace(), ORIGINS)
    assert len(tasks) == len(EXPECTED), [t.start_ms for t in tasks]
    for task, (start, wall, ours, theme, page) in zip(tasks, EXPECTED):
        got = (task.start_ms, task.wall_ms, task.ours_ms, task.theme_ms, task.page_ms)
        want = ((start - 1_000) / 1000, wall / 1000, ours, theme, page)
        assert got == pytest.approx(want), f"task at {start} µs: {got} != {want}"


def test_a_task_belongs_to_whoever_filled_most_of_it_and_a_tie_is_not_ours():
    owners = [task.owner for task in trace.tasks(hand_made_trace(), ORIGINS)]
    assert owners == [Owner.THEME, Owner.OURS, Owner.OURS, Owner.OURS, Owner.PAGE, Owner.THEME, Owner.PAGE]
    ties = [
        (trace.Task(0, 2, None, ours_ms=1, theme_ms=1, page_ms=0), Owner.THEME),
        (trace.Task(0, 2, None, ours_ms=1, theme_ms=0, page_ms=1), Owner.PAGE),
        (trace.Task(0, 3, None, ours_ms=1, theme_ms=1, page_ms=1), Owner.PAGE),
    ]
    for task, owner in ties:
        assert task.owner is owner, task


def test_cpu_time_is_kept_where_the_trace_has_it():
    tasks = trace.tasks(hand_made_trace(), ORIGINS)
    assert [task.cpu_ms for task in tasks[:2]] == [6.0, None]


def test_the_page_thread_is_the_renderer_main_thread_that_navigated_to_the_page():
    events = hand_made_trace()
    assert trace.main_thread(events, PAGE) == (PID, MAIN, 1_000.0)
    assert trace.main_thread(events, PAGE + "#q-q1") == (PID, MAIN, 1_000.0)
    with pytest.raises(TraceError, match="没有 http://127.0.0.1:8000/nowhere/ 的导航"):
        trace.main_thread(events, "http://127.0.0.1:8000/nowhere/")


def test_a_trace_without_samples_of_the_page_thread_is_refused():
    """Without samples every task would silently be the page's: the measurement must fail instead."""
    with pytest.raises(TraceError, match="CPU 采样"):
        trace.tasks(hand_made_trace(with_samples=False), ORIGINS)


def test_script_locations_are_ours_the_themes_or_the_pages():
    cases = [
        # url, line, column (1-based), owner
        (OURS, None, None, Owner.OURS),
        ("http://127.0.0.1:8000/assets/course/widgets/annotate.mjs", 3, 1, Owner.OURS),
        (BUNDLE, 14, 1, Owner.THEME),
        (PAGE, 5, 9, Owner.OURS),            # the boot script's first character
        (PAGE, 40, 5, Owner.OURS),           # ... and its last
        (PAGE, 40, 6, Owner.THEME),          # just after it: another inline script, the theme's
        (PAGE + "#top", 12, 1, Owner.OURS),
        (PAGE, 50, 30, Owner.THEME),
        (OTHER, 1, 1, Owner.PAGE),
        ("", 1, 1, None),
        (None, None, None, None),
    ]
    for url, line, column, owner in cases:
        assert ORIGINS.owner(url, line, column) is owner, (url, line, column)


def test_inline_scripts_are_found_where_chromium_says_they_start():
    """Chromium reports an inline script's position as the 1-based line and column of its first character
    (`EvaluateScript` at line 5, column 9 for ``<script>(function`` on line 5 of a built case page)."""
    html = ('<html>\n<head>\n<script id="__config" type="application/json">{"a": 1}</script>\n'
            '<script src="x.js"></script>\n<script>(function () {\n  window.svcCourseBoot = {};\n})();</script>\n'
            '</head><body><script>var tabs=__md_get("__tabs")</script></body></html>')
    assert trace.inline_scripts(html) == (
        ((5, 9), (7, 5), Owner.OURS),
        ((8, 22), (8, 48), Owner.THEME),
    )


def test_the_boot_script_carries_the_marker_that_tells_it_apart():
    assert trace.BOOT_MARKER in GRADER_BOOT_TEMPLATE.read_text(encoding="utf-8")

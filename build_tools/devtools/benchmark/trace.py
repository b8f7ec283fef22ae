"""Main-thread tasks of one page load, read from a Chromium trace, each put down to whose code it ran.

Why a trace and not the ``longtask`` observer: Chrome's Long Tasks API misses work that runs
only as microtasks (a promise continuation after a ``fetch`` or a ``scheduler.yield``; a Pyodide
started on the main thread, as the closest peer does, is all of that), and it says nothing of
whose code a task ran. A trace
has every task of the renderer's main thread, with its wall time and its CPU time, and, with
V8's sampling profiler on, the JavaScript stack every ~0.1–0.2 ms.

**Which thread.** The page's renderer main thread is the ``CrRendererMain`` thread on which
the ``navigationStart`` of the page's URL was recorded (the trace holds the browser, the GPU
process and every renderer; the page's workers are other threads of its renderer and never
count). Its tasks are the top-level ``RunTask`` events from that navigation on; ``tdur``, where
Chrome records it, is the task's CPU time (on a busy machine a task's wall time may be mostly
waiting for a core).

**Whose code a moment of a task is.** A JavaScript location (a URL, with line and column for
a script inline in the page) belongs to

* **ours** — the course's code, ``/assets/course/``, and the page's inline boot script (the one
  that defines ``svcCourseBoot``, :data:`BOOT_MARKER`; build_tools/site/static/grader-boot.js);
* **the theme** — MkDocs Material's bundle, ``/assets/javascripts/``, and the page's other inline
  scripts, which Material's templates write;
* **the page** — anything else (another script, a location that names none).

Each profiler sample in a task is its stack; the sample belongs to the *innermost* frame that
names a URL. Innermost, because that is the code doing the work: when Material's RxJS calls a
callback of ours, the callback's work is ours; when our code reads a layout and makes Chrome
recalculate style, the stack's leaf is Chrome's native function and the frame below it is
ours, so the forced style and layout are ours too. A sample with no URL on its stack is
native work outside JavaScript (``(program)``: parsing HTML, style, layout, paint that no
script asked for) and belongs to the page; a ``(garbage collector)`` sample belongs to the
script sample before it in the same task (the collection pays for that code's allocations),
else to the page.
Samples, not the trace's script events, because a microtask checkpoint (``RunMicrotasks``)
names no script at all: only the stack says whose continuation ran.

A task's time is split between the three in proportion to its samples (samples follow CPU
time), and the task belongs to whichever has the largest share (on a tie the page, then the
theme: a tie never makes a task ours). A task
with no sample in it (shorter than the sampling interval, or a core never given to it) falls
back on its script events that name a URL (``EvaluateScript``, ``FunctionCall``,
``v8.compile``, ``v8.compileModule``): the longest of them decides; none, and it is the page's.

>>> origins = Origins("http://h/p/", inline=(((5, 9), (40, 6), Owner.OURS),))
>>> origins.owner("http://h/assets/javascripts/bundle.js"), origins.owner("http://h/p/", 12, 3)
(<Owner.THEME: 'theme'>, <Owner.OURS: 'ours'>)
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urlsplit

__all__ = [
    "CATEGORIES",
    "BOOT_MARKER",
    "Owner",
    "Origins",
    "Task",
    "TraceError",
    "inline_scripts",
    "main_thread",
    "tasks",
]

CATEGORIES = (
    "toplevel",
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8",
    "v8.execute",
    "disabled-by-default-v8.cpu_profiler",
    "blink.user_timing",
)
"""Trace categories to record: tasks (``RunTask``), script events, microtask runs, V8's samples,
and the page's ``navigationStart`` (the origin of its ``performance.now()``)."""

BOOT_MARKER = "svcCourseBoot"
"""What tells the page's inline boot script (ours) from the theme's inline scripts."""

OUR_PATHS = ("/assets/course/",)
THEME_PATHS = ("/assets/javascripts/",)
URL_EVENTS = ("EvaluateScript", "FunctionCall", "v8.compile", "v8.compileModule")
"""Script events that name their script's URL (args.data.url), for tasks without samples."""
GC_FRAME = "(garbage collector)"


class TraceError(ValueError):
    """The trace lacks what the measurement needs (the page's thread, its samples)."""


class Owner(enum.Enum):
    """Whose code a stretch of a main-thread task ran."""

    OURS = "ours"
    THEME = "theme"
    PAGE = "page"


_TIE_ORDER = (Owner.PAGE, Owner.THEME, Owner.OURS)
"""Who gets a task on a tie: the page first (not our code's doing), then the theme."""


@dataclass(frozen=True)
class Origins:
    """Who wrote the scripts of one page: by URL, and for the page's inline scripts by position.

    `inline` holds each inline script's first and last character as (line, column), 1-based
    as Chromium reports them (``EvaluateScript``'s lineNumber/columnNumber), with its owner.
    """

    page_url: str
    inline: tuple[tuple[tuple[int, int], tuple[int, int], Owner], ...] = ()

    def owner(self, url: str | None, line: int | None = None, column: int | None = None) -> Owner | None:
        """Who wrote the code at `url` (line and column 1-based); None when `url` names no script."""
        if not url:
            return None
        path = urlsplit(url).path
        if any(part in path for part in OUR_PATHS):
            return Owner.OURS
        if any(part in path for part in THEME_PATHS):
            return Owner.THEME
        if urldefrag(url).url == urldefrag(self.page_url).url:
            at = (line or 0, column or 0)
            for start, end, owner in self.inline:
                if start <= at <= end:
                    return owner
            return Owner.THEME  # an inline script we do not know of: the theme's templates write the others
        return Owner.PAGE


@dataclass(frozen=True)
class Task:
    """One top-level task of the page's main thread, and whose code filled it."""

    start_ms: float
    """When it started, in ms since the page's navigation start."""
    wall_ms: float
    cpu_ms: float | None
    """The main thread's CPU time in it (None: the trace has no thread time)."""
    ours_ms: float
    theme_ms: float
    page_ms: float

    @property
    def owner(self) -> Owner:
        """Whose share of the task is largest (the page on a tie, then the theme)."""
        shares = {Owner.OURS: self.ours_ms, Owner.THEME: self.theme_ms, Owner.PAGE: self.page_ms}
        return max(_TIE_ORDER, key=lambda owner: shares[owner])


# --------------------------------------------------------------------------- the page's inline scripts

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = {"", "text/javascript", "module", "application/javascript"}


def inline_scripts(html: str) -> tuple[tuple[tuple[int, int], tuple[int, int], Owner], ...]:
    """Every inline script of a page's HTML: its first and last character as 1-based (line, column),
    and its owner (ours if it holds :data:`BOOT_MARKER`, else the theme's).

    >>> inline_scripts('<p>\\n  <script>a()</script><script type="application/json">{}</script>')
    (((2, 11), (2, 13), <Owner.THEME: 'theme'>),)
    """
    found = []
    for match in _SCRIPT.finditer(html):
        attrs, body = match.group(1), match.group(2)
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or (kind and kind.group(1).lower() not in _JS_TYPES) or not body:
            continue
        first, last = match.start(2), match.end(2) - 1
        owner = Owner.OURS if BOOT_MARKER in body else Owner.THEME
        found.append((_position(html, first), _position(html, last), owner))
    return tuple(found)


def _position(text: str, index: int) -> tuple[int, int]:
    """(line, column), both 1-based, of `text[index]`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


# --------------------------------------------------------------------------- the page's thread


def main_thread(events: Sequence[Mapping[str, Any]], page_url: str) -> tuple[int, int, float]:
    """(pid, tid, navigation start in µs) of the renderer main thread that navigated to `page_url`."""
    names = {(e["pid"], e["tid"]): e.get("args", {}).get("name") for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    wanted = urldefrag(page_url).url
    for event in sorted((e for e in events if e.get("name") == "navigationStart"), key=lambda e: e["ts"]):
        data = event.get("args", {}).get("data", {})
        if urldefrag(data.get("documentLoaderURL", "")).url == wanted and names.get((event["pid"], event["tid"])) == "CrRendererMain":
            return event["pid"], event["tid"], float(event["ts"])
    raise TraceError(f"跟踪记录里没有 {page_url} 的导航（navigationStart）：找不到页面的主线程。")


# --------------------------------------------------------------------------- samples


@dataclass(frozen=True)
class _Samples:
    """The thread's profiler samples: times (µs, trace clock) and the node each sample stood in."""

    times: list[float]
    nodes: list[int]
    frames: dict[int, Mapping[str, Any]]
    parents: dict[int, int]


def _samples(events: Sequence[Mapping[str, Any]], pid: int, tid: int) -> _Samples:
    """The V8 profile of one thread: its ``Profile`` event names an id; the ``ProfileChunk``s with
    that id (written from the profiler's own thread) carry nodes, samples and time deltas."""
    starts = {e["id"]: float(e["args"]["data"]["startTime"]) for e in events
              if e.get("name") == "Profile" and e["pid"] == pid and e["tid"] == tid}
    frames: dict[int, Mapping[str, Any]] = {}
    parents: dict[int, int] = {}
    pairs: list[tuple[float, int]] = []
    clock = dict(starts)
    for chunk in sorted((e for e in events if e.get("name") == "ProfileChunk" and e["pid"] == pid and e.get("id") in starts),
                        key=lambda e: e["ts"]):
        data = chunk["args"]["data"]
        profile = data.get("cpuProfile", {})
        for node in profile.get("nodes", []):
            frames[node["id"]] = node.get("callFrame", {})
            if "parent" in node:
                parents[node["id"]] = node["parent"]
        for node, delta in zip(profile.get("samples", []), data.get("timeDeltas", [])):
            clock[chunk["id"]] += delta
            pairs.append((clock[chunk["id"]], node))
    pairs.sort()
    return _Samples([t for t, _ in pairs], [n for _, n in pairs], frames, parents)


def _node_owner(samples: _Samples, origins: Origins, node: int, cache: dict[int, Owner | None]) -> Owner | str | None:
    """Owner of the innermost frame with a URL on the stack whose leaf is `node`; "gc" for a
    garbage-collector sample (always a leaf); None for native work outside JavaScript."""
    if samples.frames.get(node, {}).get("functionName") == GC_FRAME:
        return "gc"
    walked = []
    at: int | None = node
    found: Owner | None = None
    while at is not None:
        if at in cache:
            found = cache[at]
            break
        walked.append(at)
        frame = samples.frames.get(at, {})
        # Chromium's profile positions are 0-based; Origins takes them 1-based.
        found = origins.owner(frame.get("url"), frame.get("lineNumber", -1) + 1, frame.get("columnNumber", -1) + 1)
        if found is not None:
            break
        at = samples.parents.get(at)
    for visited in walked:  # the frames walked past name no URL: theirs is the same answer
        cache[visited] = found
    return found


# --------------------------------------------------------------------------- tasks


def tasks(events: Sequence[Mapping[str, Any]], origins: Origins) -> list[Task]:
    """Every top-level task of the page's main thread from its navigation on, in time order, split by owner.

    Raises :class:`TraceError` when the page's thread is not in the trace or has no profile
    (the split would silently put everything on the page).
    """
    pid, tid, nav = main_thread(events, origins.page_url)
    samples = _samples(events, pid, tid)
    if not samples.times:
        raise TraceError("跟踪记录里没有页面主线程的 CPU 采样（类别 disabled-by-default-v8.cpu_profiler）。")
    thread = sorted((e for e in events if e["pid"] == pid and e["tid"] == tid and e.get("ph") == "X"),
                    key=lambda e: (e["ts"], -e.get("dur", 0)))
    starts = [e["ts"] for e in thread]
    cache: dict[int, Owner | None] = {}
    found: list[Task] = []
    end = float("-inf")
    for event in thread:
        if event.get("name") != "RunTask" or event["ts"] < end:
            continue  # a task nested in another (a nested run loop) is part of that one
        end = event["ts"] + event.get("dur", 0)
        if end <= nav:
            continue
        found.append(_task(event, nav, samples, origins, cache, _url_events(thread, event)))
    return found


def _url_events(thread: Sequence[Mapping[str, Any]], task: Mapping[str, Any]) -> Iterable[Mapping[str, Any]]:
    start, end = task["ts"], task["ts"] + task.get("dur", 0)
    return (e for e in thread if start <= e["ts"] <= end and e.get("name") in URL_EVENTS)


def _task(event: Mapping[str, Any], nav: float, samples: _Samples, origins: Origins,
          cache: dict[int, Owner | None], url_events: Iterable[Mapping[str, Any]]) -> Task:
    start, wall = float(event["ts"]), float(event.get("dur", 0))
    counts = {owner: 0 for owner in Owner}
    previous: Owner | None = None
    low = bisect.bisect_left(samples.times, start)
    high = bisect.bisect_right(samples.times, start + wall)
    for node in samples.nodes[low:high]:
        owner = _node_owner(samples, origins, node, cache)
        if owner == "gc":
            owner = previous if previous in (Owner.OURS, Owner.THEME) else Owner.PAGE
        owner = owner if isinstance(owner, Owner) else Owner.PAGE
        counts[owner] += 1
        previous = owner
    total = sum(counts.values())
    if total:
        shares = {owner: wall * n / total for owner, n in counts.items()}
    else:
        shares = {owner: 0.0 for owner in Owner}
        shares[_owner_by_events(url_events, origins)] = wall
    tdur = event.get("tdur")
    return Task(
        start_ms=(start - nav) / 1000,
        wall_ms=wall / 1000,
        cpu_ms=None if tdur is None else float(tdur) / 1000,
        ours_ms=shares[Owner.OURS] / 1000,
        theme_ms=shares[Owner.THEME] / 1000,
        page_ms=shares[Owner.PAGE] / 1000,
    )


def _owner_by_events(url_events: Iterable[Mapping[str, Any]], origins: Origins) -> Owner:
    """A task without samples: the owner of its longest script event that names a URL, else the page."""
    best: tuple[float, Owner] | None = None
    for event in url_events:
        data = event.get("args", {}).get("data", {})
        owner = origins.owner(data.get("url"), data.get("lineNumber"), data.get("columnNumber"))
        if owner is not None and (best is None or event.get("dur", 0) > best[0]):
            best = (event.get("dur", 0), owner)
    return best[1] if best else Owner.PAGE

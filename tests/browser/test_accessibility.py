"""The site works with a keyboard and a screen reader: an axe-core audit of every built page,
and direct specifications of the case controls' names, focus and announcements.

axe-core (pinned in ``build_tools/site/vendor.py`` as a test-only package, never shipped with the
site) is injected into each page from the verified local copy and run with the WCAG 2.0,
2.1 and 2.2 A/AA rules plus axe's best practices. Any violation of impact *serious* or
*critical* fails, and the message names the rule, its help text and the offending elements.

A case page is audited once every question was answered and graded, so results, part-by-part
feedback, explanations and model answers are in the DOM too (the cases that together show every
kind of widget also once their exercises are mounted). Material's dark ("slate") palette has
colours of its own, so every kind of element is also audited in the dark scheme: each page that
shows a kind no dark audit has seen yet, and the cases that show every widget. Every page
without exercises is also narrowed to a 360 px phone, where it must not scroll sideways.

axe cannot judge everything a keyboard or screen-reader user meets, so the case widgets are
also specified directly: every control has a name in Chromium's own accessibility tree,
each kind of control shows a focus indicator that contrasts with what is behind it, Tab
walks the case from top to bottom through every control and every 提交 button, the finished
case reflows on a 360 px phone without sideways scrolling, and what the page announces
(grader status, grading result, a move in an ordering, the toolbar's report) is written
into a live region that was already rendered.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

import exercises
from build_tools.cases.load import load_case
from build_tools.site import course_pages, vendor
from build_tools.site.printing import PRINT_URL
from course_ui import (
    answer_by_mouse,
    authored,
    question,
    reset,
    set_answers,
    submit_by_mouse,
    submit_in_turn,
    tab_to,
    wait_ready,
    wait_result,
)
from site_page_watch import PHONE_WIDTH, sideways_problem

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
B1, B2 = "b1-phone-drops", "b2-call-wait"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""The rule sets the audit runs: WCAG 2.x levels A and AA, and axe's best practices."""
FAILING_IMPACTS = ("serious", "critical")
"""Violations of these impacts fail; minor and moderate ones are not gated."""

VIEWPORT = {"width": 1280, "height": 900}
SCHEMES = ("light", "dark")


# --------------------------------------------------------------------------- the pages


def _doc_url(md: Path) -> str:
    """docs/chapters/recovery.md -> "chapters/recovery/" (MkDocs' directory URLs)."""
    rel = md.relative_to(REPO / "docs").with_suffix("")
    if rel.name == "index":
        rel = rel.parent
    return "" if str(rel) == "." else f"{rel.as_posix()}/"


CASE_IDS = sorted(path.stem for path in (REPO / "cases").glob("*.yaml"))
"""Every case (a case file is named after its id)."""

COURSE_PAGES = {page.removesuffix(".md") + "/" for page in course_pages.made_pages(REPO / "course")}
"""The generated glossary and reference list: built when course/ has their folder."""

STATIC_PAGES = sorted({_doc_url(md) for md in (REPO / "docs").rglob("*.md")} | {"cases/", PRINT_URL, "404.html"} | COURSE_PAGES)
"""Every page without exercises: home, chapters, guides, the generated case index, glossary and
reference list, the print edition, and 404."""


def test_every_built_page_is_audited(built_site) -> None:
    """The audit tables below are derived from the sources; they must name every page the build made."""
    built = set()
    for html in built_site.pages():
        rel = html.relative_to(built_site.root).as_posix()
        built.add(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    assert built == set(STATIC_PAGES) | {f"cases/{case_id}/" for case_id in CASE_IDS}


def test_axe_is_not_shipped_with_the_site(built_site) -> None:
    """axe-core is a test tool: no built file is axe and no page loads it."""
    names = [p.name for p in built_site.root.rglob("*") if p.is_file() and p.name.lower().startswith("axe")]
    loading = [p.name for p in built_site.pages() if "axe.min.js" in p.read_text(encoding="utf-8")]
    assert (names, loading) == ([], [])


# --------------------------------------------------------------------------- the audit


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The pinned, verified axe-core script (fetched into the cache by ``python -m build_tools.site.vendor``)."""
    try:
        return vendor.axe_script().read_text(encoding="utf-8")
    except vendor.VendorError as exc:
        reason = f"axe-core 不可用：{exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}（CI=true 时不允许跳过）", pytrace=False)
        pytest.skip(reason)


COLOUR_RULES = ("color-contrast", "link-in-text-block")
"""The axe rules that read colours: all a change of colour scheme can change (the palette toggle
switches the body's ``data-md-color-scheme`` and nothing else in the document)."""


def audit(page: Page, axe_source: str, rules: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it settles: of every rule in
    :data:`AXE_TAGS`, or only of `rules` when given.

    The pointer is moved off the content and running transitions are awaited first: a
    colour caught halfway through a hover transition is not a state a reader ever sees.
    """
    page.mouse.move(0, VIEWPORT["height"] - 1)
    page.wait_for_function(_SETTLED)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    run_only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": AXE_TAGS}
    result = page.evaluate("runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})", run_only)
    return [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]


_SETTLED = """() => document.getAnimations().every(
  (a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity)"""


def describe(violations: list[dict[str, Any]], where: str) -> str:
    """A readable failure: each rule with its impact, help and link, then each offending element."""
    lines = [f"axe-core {vendor.AXE_CORE.version} 在 {where} 发现 {len(violations)} 类严重问题："]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']}  ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            summary = " / ".join(line.strip() for line in (node.get("failureSummary") or "").splitlines()[1:] if line.strip())
            html = re.sub(r"\s+", " ", node["html"])[:200]
            lines.append(f"    {' > '.join(map(str, node['target']))}")
            lines.append(f"      {html}")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    …另有 {len(v['nodes']) - 8} 个元素")
    return "\n".join(lines)


def new_context(browser: Browser, scheme: str, foreign: list[str]):
    """A fresh browser profile in a colour scheme; every request it makes outside 127.0.0.1 goes into
    `foreign`. This module opens every page of the site and grades on every case page, so it is
    also where the site is shown never to reach another origin, whatever a page loads lazily."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    context.on("request", lambda request: foreign.append(request.url)
               if urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
               and urlsplit(request.url).hostname != "127.0.0.1" else None)
    return context


def open_in_scheme(browser: Browser, url: str, scheme: str, foreign: list[str]):
    """A fresh context (no stored answers, no palette choice) showing `url` in a colour scheme."""
    context = new_context(browser, scheme, foreign)
    page = context.new_page()
    page.goto(url)
    expected = "slate" if scheme == "dark" else "default"
    page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{expected}'")
    return context, page


def reflow_problem(page: Page) -> str | None:
    """What makes the page scroll sideways once the window is a 360 px phone's (site_page_watch's
    probe), or None; the window is then put back to :data:`VIEWPORT`."""
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 740})
    try:
        page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")
        return sideways_problem(page, PHONE_WIDTH)
    finally:
        page.set_viewport_size(VIEWPORT)


_ELEMENT_KINDS = """() => {
  const kind = (el) => el.localName + [...el.classList].sort().map((name) => "." + name).join("");
  return [...new Set([...document.body.querySelectorAll("*")].map((el) => `${kind(el.parentElement)} > ${kind(el)}`))];
}"""
"""Every kind of element on the page, in its parent's kind (tag and classes): what the site's CSS
gives a colour to."""


def test_every_page_without_exercises_passes_the_audit_in_both_colour_schemes_and_reflows_at_360px(
        browser, site_url, axe_source) -> None:
    """One reader's profile walks every page. Each is audited in light with every rule, and in dark
    with the :data:`COLOUR_RULES` when it shows a kind of element (:data:`_ELEMENT_KINDS`) no page
    audited in dark so far has shown: the dark scheme changes only colours, which come from the
    site's CSS per kind of element (Markdown cannot carry its own: raw HTML is off), so the
    pages made from one template (a guide page per case) add nothing after the first. A page
    opens in the scheme the reader last chose (Material keeps it) and is audited in that one first;
    the palette toggle switches it. The case pages of :data:`READY_AUDITED` get every rule in dark.
    A page is audited once its fonts are in and no diagram is left for Mermaid to draw (the
    course's are drawn at build time; a diagram drawn in the page replaces its ``pre.mermaid``).
    Then the window is narrowed to a 360 px phone: the page must not scroll sideways (WCAG 1.4.10,
    reflow; wide tables and diagrams scroll in their own box), and the failure names what sticks out."""
    foreign: list[str] = []
    context = new_context(browser, SCHEMES[0], foreign)
    context.add_init_script(axe_source)  # in every page from its start: cheaper than a script tag per page
    page = context.new_page()
    found = []
    seen_in_dark: set[str] = set()
    try:
        for url in STATIC_PAGES:
            response = page.goto(site_url + url)
            if response is None or (response.status != 200 and url != "404.html"):
                found.append(f"{url or '首页'}：HTTP {response and response.status}")
                continue
            page.evaluate("() => document.fonts.ready.then(() => true)")
            page.wait_for_function("() => !document.querySelector('pre.mermaid')")
            shown = "dark" if page.evaluate("() => document.body.dataset.mdColorScheme") == "slate" else "light"
            kinds = set(page.evaluate(_ELEMENT_KINDS))
            schemes = ["light", "dark"] if kinds - seen_in_dark else ["light"]
            for scheme in sorted(schemes, key=lambda s: s != shown):
                if scheme != shown:
                    switch_scheme(page, scheme)
                    shown = scheme
                violations = audit(page, axe_source, COLOUR_RULES if scheme == "dark" else ())
                if violations:
                    found.append(describe(violations, f"{url or '首页'}（{scheme}）"))
            if "dark" in schemes:
                seen_in_dark |= kinds
            problem = reflow_problem(page)
            if problem:
                found.append(f"{url or '首页'}（{PHONE_WIDTH} px 宽）：{problem}")
    finally:
        context.close()
    assert foreign == [], f"页面请求了其他来源的资源：{foreign[:5]}"
    if found:
        pytest.fail("\n\n".join(found), pytrace=False)


# A student's finished case: every question submitted and graded, alternately with the key
# and with the grader's own "almost right" answer (so wrong and partial parts show too),
# and every explanation that has become available opened.


def finished_answer(number: int, q: dict[str, Any]) -> Any:
    """The key for even-numbered questions; otherwise the last near miss that is graded (not invalid).
    `q` is the question as authored (course_ui.authored): a text question's key is not shipped."""
    if number % 2 == 0:
        return exercises.key_answer(q)
    graded = [a for _, a in exercises.near_misses(q) if exercises.grade(q, a)["status"] == "graded"]
    return graded[-1] if graded else exercises.key_answer(q)


def finish_case(page: Page, case_id: str, questions: list[dict[str, Any]]) -> None:
    """Answers put into the widgets in one step (``svc-course:set-answer``, as the benchmark does:
    entering them by mouse and keys is test_widgets' subject, and took most of this module's time),
    then each submitted with its 提交 button in turn, graded, and its explanation opened if available
    (in one call into the page: a round trip per question from here made the case tests a third slower)."""
    set_answers(page, [(q["id"], finished_answer(number, authored(case_id, q["id"]))) for number, q in enumerate(questions)])
    statuses = submit_in_turn(page, [q["id"] for q in questions])
    assert [(qid, status) for qid, status in statuses if status != "graded"] == []


@dataclass
class _Open:
    context: Any  # its own browser context, or None for a page in the shared one
    page: Page
    scheme: str
    finished: bool = False


def switch_scheme(page: Page, scheme: str) -> None:
    """Switch the page's colour scheme as a reader does, with the palette toggle in the header
    (Material picks the scheme from the media query only at load), and wait until it shows."""
    page.emulate_media(color_scheme=scheme)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expected = "slate" if scheme == "dark" else "default"
    page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{expected}'")


class CasePagesInScheme:
    """Case pages for this module, one per case, in whichever colour scheme a test asks for.

    A page goes from "ready" (exercises mounted, grader ready, nothing answered) to
    "finished" (:func:`finish_case`) and is reused, so the audits, focus and Tab-order tests
    of one case pay for loading and answering every question once; the scheme is switched on
    the same page (:func:`switch_scheme`). Pages share one browser profile, as one student's
    visits do, so every case page after the first starts its grader from the stored snapshot.
    Asking for "ready" after the page was finished opens it in a fresh profile (where nothing
    is answered yet).
    """

    def __init__(self, browser: Browser, base: str, case_data: Callable[[str], dict]) -> None:
        self.browser = browser
        self.base = base
        self.case_data = case_data
        self.shared = None
        self.open: dict[str, _Open] = {}
        self.errors: list[str] = []
        self.foreign: list[str] = []

    def _new_page(self, case_id: str, scheme: str, fresh: bool) -> _Open:
        if fresh:
            context = new_context(self.browser, scheme, self.foreign)
        else:
            self.shared = self.shared or new_context(self.browser, "light", self.foreign)
            context = self.shared
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(f"{self.base}cases/{case_id}/")
        entry = _Open(context if fresh else None, page, page.evaluate("document.body.dataset.mdColorScheme"))
        entry.scheme = "dark" if entry.scheme == "slate" else "light"
        wait_ready(page, case_id)
        return entry

    def __call__(self, case_id: str, scheme: str, state: str) -> Page:
        entry = self.open.get(case_id)
        if entry is None or (state == "ready" and entry.finished):
            if entry is not None:
                entry.page.close()
            entry = self.open[case_id] = self._new_page(case_id, scheme, fresh=entry is not None)
        entry.page.bring_to_front()
        if entry.scheme != scheme:
            switch_scheme(entry.page, scheme)
            entry.scheme = scheme
        if state == "finished" and not entry.finished:
            finish_case(entry.page, case_id, self.case_data(case_id)["questions"])
            entry.finished = True
        return entry.page

    def release(self, case_id: str) -> None:
        """Close the case's page once its tests are done: pages left open, each with its own
        Pyodide, slowed every later test of the module several times over."""
        entry = self.open.pop(case_id, None)
        if entry is not None:
            (entry.context or entry.page).close()

    def close(self) -> None:
        for entry in self.open.values():
            if entry.context is not None:
                entry.context.close()
        if self.shared is not None:
            self.shared.close()


@pytest.fixture(scope="module")
def scheme_pages(browser, site_url: str, case_data) -> Iterator[CasePagesInScheme]:
    pages = CasePagesInScheme(browser, site_url, case_data)
    yield pages
    pages.close()
    assert pages.errors == [], "页面抛出了未捕获的错误"
    assert pages.foreign == [], "案例页（作答、判分、展开解析）请求了其他来源的资源"


@pytest.fixture(scope="module", params=CASE_IDS)
def case_id(request, scheme_pages: CasePagesInScheme) -> Iterator[str]:
    """A case of the course. Module-scoped, so pytest runs all of one case's tests together
    (audits, names, focus, Tab order) on one page, and closes it before the next case."""
    yield request.param
    scheme_pages.release(request.param)


def _cases_covering_every_type() -> list[str]:
    """Few cases that together have every question type (greedy, largest gain first).

    Why the "ready" state is audited on these only: it differs from "finished" by what the widgets
    show before any answer (empty controls, 「尚未作答」, the reveal wait), which depends on the
    question type, not on the case; every case's own text is audited in the finished state
    (see :func:`audited_states` for the dark scheme)."""
    types = {path.stem: {q["type"] for q in load_case(path).questions} for path in sorted((REPO / "cases").glob("*.yaml"))}
    chosen: list[str] = []
    missing = set(exercises.QUESTION_TYPES)
    while missing:
        best = max(sorted(types), key=lambda case_id: len(types[case_id] & missing))
        chosen.append(best)
        missing -= types[best]
    return sorted(chosen)


READY_AUDITED = _cases_covering_every_type()


def audited_states(case_id: str) -> list[tuple[str, str]]:
    """(scheme, state) in the order one page goes through them. Every case: finished, in light.
    The cases of :data:`READY_AUDITED` also ready (light) and finished in dark: the dark scheme
    changes only colours, which come from the site's CSS per kind of element (a case's Markdown
    cannot carry its own: raw HTML is off), and those cases show every kind — all seven widgets
    with results, feedback and marks, the transcript, data tables, the explanation."""
    if case_id not in READY_AUDITED:
        return [("light", "finished")]
    return [("light", "ready"), ("light", "finished"), ("dark", "finished")]


def test_case_page_has_no_serious_accessibility_violations(scheme_pages, axe_source, case_id) -> None:
    found = []
    for scheme, state in audited_states(case_id):
        violations = audit(scheme_pages(case_id, scheme, state), axe_source)
        shown = {"ready": "判分引擎就绪后", "finished": "全部作答并判分后"}[state]
        if violations:
            found.append(describe(violations, f"cases/{case_id}/（{scheme}，{shown}）"))
    if found:
        pytest.fail("\n\n".join(found), pytrace=False)


# --------------------------------------------------------------------------- names


CONTROLS = "[data-case] :is(input, select, textarea, button, summary, [tabindex])"


def test_every_case_control_has_an_accessible_name(scheme_pages, case_id) -> None:
    """What a screen reader announces for each control, read from Chromium's accessibility tree."""
    page = scheme_pages(case_id, "light", "finished")
    shown = page.evaluate(f"""() => (window.__a11yControls = [...document.querySelectorAll('{CONTROLS}')])
        .map((el) => el.checkVisibility({{visibilityProperty: true}}))""")
    count = len(shown)
    cdp = page.context.new_cdp_session(page)
    controls = cdp.send("Runtime.evaluate", {"expression": "window.__a11yControls"})["result"]["objectId"]
    handles = {int(p["name"]): p["value"]["objectId"]
               for p in cdp.send("Runtime.getProperties", {"objectId": controls, "ownProperties": True})["result"]
               if p["name"].isdigit()}
    unnamed = []
    for index in (i for i in range(count) if shown[i]):
        node = cdp.send("Accessibility.getPartialAXTree", {"objectId": handles[index], "fetchRelatives": False})["nodes"][0]
        name = (node.get("name") or {}).get("value", "")
        if node.get("ignored") or not re.search(r"\w", name):
            html = page.evaluate(f"() => window.__a11yControls[{index}].outerHTML.slice(0, 160)")
            unnamed.append(f"{html} -> {'被忽略' if node.get('ignored') else repr(name)}")
    cdp.detach()
    assert count > 0
    if unnamed:
        pytest.fail("这些控件在无障碍树里没有可读的名称：\n" + "\n".join(unnamed), pytrace=False)


# --------------------------------------------------------------------------- focus


# One row per kind of control a student operates in a case (after the case is finished,
# so tag checkboxes of marked lines and the explanation toggle exist).
FOCUS_KINDS = [
    # id                      case  selector (first match)
    ("toolbar-button",        B1, '[data-action="export"]'),
    ("line-checkbox",         B1, '[data-question="q1"] input.cw-line-pick'),
    ("tag-checkbox",          B1, '[data-question="q1"] .cw-tags:not([hidden]) input'),
    ("radio",                 B1, '[data-question="q2"] input[type=radio]:checked'),
    ("checkbox",              B1, '[data-question="q3"] input[type=checkbox]'),
    ("number-field",          B1, '[data-question="q4a"] input.cw-number'),
    ("move-button",           B1, '[data-question="q5"] [data-move="down"]'),
    ("text-area",             B1, '[data-question="q6"] textarea'),
    ("submit-button",         B1, '[data-question="q2"] [data-action="submit"]'),
    ("reset-button",          B1, '[data-question="q2"] [data-action="reset"]'),
    ("explanation-toggle",    B1, '[data-question="q2"] [data-reveal] summary'),
    ("category-radio",        B2, '[data-question="q3"] input[type=radio]:checked'),
]

_FOCUS_STYLES = """el => {
  // The ring may be drawn by the control or by the label that wraps it (choice rows, chips).
  const parts = [el, el.closest("label")].filter(Boolean);
  const read = () => parts.map((node) => {
    const s = getComputedStyle(node);
    return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, shadow: s.boxShadow};
  });
  const backdrop = (node) => {
    for (let n = node.parentElement; n; n = n.parentElement) {
      const bg = getComputedStyle(n).backgroundColor;
      const alpha = bg.startsWith("rgba") ? parseFloat(bg.split(",")[3]) : 1;
      if (alpha === 1) return bg;
    }
    return "rgb(255, 255, 255)";
  };
  const focused = read();
  const focusVisible = el.matches(":focus-visible");
  el.blur();
  const blurred = read();
  return {focusVisible, parts: parts.map((node, i) => ({
    tag: node.tagName.toLowerCase(), focused: focused[i], blurred: blurred[i], backdrop: backdrop(node)}))};
}"""


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""

    def luminance(rgb: tuple[float, ...]) -> float:
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(_rgb(a)), luminance(_rgb(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def focus_ring(styles: dict[str, Any]) -> str | None:
    """Which element shows a ring on focus (and none without), or None."""
    for part in styles["parts"]:
        on, off = part["focused"], part["blurred"]
        outline = on["outline"] not in ("none", "hidden") and (on["outline"] == "auto" or on["width"] >= 2)
        if (outline and on != off) or (on["shadow"] != "none" and on["shadow"] != off["shadow"]):
            return part["tag"]
    return None


def focus_problem(page: Page, selector: str) -> str | None:
    """Why the first control matching `selector` has no visible focus ring when tabbed to, or None."""
    target = page.locator(selector).first
    tab_to(page, target)
    styles = target.evaluate(_FOCUS_STYLES)
    ringed = focus_ring(styles)
    if not styles["focusVisible"]:
        return "Tab 键聚焦后应匹配 :focus-visible"
    if not ringed:
        return f"聚焦时没有可见的焦点环：{styles['parts']}"
    part = next(p for p in styles["parts"] if p["tag"] == ringed)
    if part["focused"]["outline"] != "none":
        ratio = contrast(part["focused"]["color"], part["backdrop"])
        if ratio < 3:
            return f"焦点环颜色 {part['focused']['color']} 与背景 {part['backdrop']} 的对比度只有 {ratio:.2f}:1"
    return None


@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_focus_is_visible_on_each_kind_of_control(scheme_pages, scheme) -> None:
    problems = []
    for kind, case_id, selector in FOCUS_KINDS:
        problem = focus_problem(scheme_pages(case_id, scheme, "finished"), selector)
        if problem:
            problems.append(f"{kind}（{case_id} {selector}）：{problem}")
    assert problems == []


# --------------------------------------------------------------------------- Tab order


_RECORD_TAB_STOPS = """root => {
  // Each focus stop as it happens, or null once focus has left the case root.
  window.__tabStops = [];
  document.addEventListener("focusin", (event) => {
    const el = event.target;
    if (!root.contains(el)) { window.__tabStops.push(null); return; }
    const box = el.getBoundingClientRect();
    const all = [...root.querySelectorAll("*")];
    const qid = el.closest("[data-question]")?.dataset.question;
    const kind = el.tagName.toLowerCase() + (el.type && el.tagName === "INPUT" ? `[${el.type}]` : "")
      + (el.dataset.action ? `[${el.dataset.action}]` : "") + (el.dataset.move ? `[${el.dataset.move}]` : "");
    const text = (el.labels?.[0] ?? el).textContent.trim().replace(/\\s+/g, " ").slice(0, 24);
    window.__tabStops.push({index: all.indexOf(el), top: box.top + scrollY, bottom: box.bottom + scrollY, left: box.left,
                            label: `${qid ? qid + " " : ""}${kind} 「${text}」`});
  });
}"""

_EXPECTED_STOPS = """root => {
  // What a keyboard user must be able to reach: every rendered control, and one radio per group.
  const all = [...root.querySelectorAll("*")];
  const controls = [...root.querySelectorAll("a[href], button, input, select, textarea, summary")]
    .filter((el) => !el.disabled && el.checkVisibility({visibilityProperty: true}));
  const groups = new Map();
  const single = [];
  for (const el of controls) {
    if (el.type === "radio") groups.set(el.name, [...(groups.get(el.name) ?? []), all.indexOf(el)]);
    else single.push(all.indexOf(el));
  }
  return {single, groups: [...groups.values()], submits: [...root.querySelectorAll('[data-action="submit"]')].map((el) => all.indexOf(el))};
}"""

TABS_PER_LOOK = 12
"""Tab presses between two looks at the recorded stops: a look per press was half the walk's time."""


def tab_through(page: Page, root_selector: str, limit: int = 400) -> list[dict[str, Any]]:
    """Every focus stop inside the case root, from its top (a click on the status line) until focus
    leaves it, each recorded by a ``focusin`` listener as focus arrives (presses made after focus
    has left are not looked at)."""
    root = page.locator(root_selector)
    root.locator(".case-status").click()
    root.evaluate(_RECORD_TAB_STOPS)
    for _ in range(0, limit, TABS_PER_LOOK):
        for _ in range(TABS_PER_LOOK):
            page.keyboard.press("Tab")
        stops = page.evaluate("() => window.__tabStops")
        if None in stops:
            return stops[: stops.index(None)]
    raise AssertionError(f"Tab 键 {limit} 次后焦点仍在案例里")


def goes_back(before: dict[str, Any], after: dict[str, Any]) -> bool:
    """True when `after` lies above `before`, or left of it on the same line."""
    same_line = after["top"] < before["bottom"] and before["top"] < after["bottom"]
    return after["left"] < before["left"] if same_line else after["top"] < before["top"]


def test_tab_walks_the_case_top_to_bottom_through_every_control(scheme_pages, case_id) -> None:
    page = scheme_pages(case_id, "light", "finished")
    root = f'[data-case="{case_id}"]'
    stops = tab_through(page, root)
    expected = page.locator(root).evaluate(_EXPECTED_STOPS)
    visited = [stop["index"] for stop in stops]

    backwards = [(a["label"], b["label"]) for a, b in zip(stops, stops[1:]) if b["index"] <= a["index"] or goes_back(a, b)]
    assert backwards == [], "Tab 键的顺序往回跳了：\n" + "\n".join(f"{a}\n  -> {b}" for a, b in backwards)
    assert [i for i in expected["submits"] if i not in visited] == [], "有题目的「提交」按钮 Tab 键到不了"
    assert [i for i in expected["single"] if i not in visited] == [], "有控件 Tab 键到不了"
    assert [len(set(group) & set(visited)) for group in expected["groups"]] == [1] * len(expected["groups"]), (
        "每组单选按钮应当正好是一个 Tab 停留点"
    )


def test_the_finished_case_reflows_on_a_360px_phone_without_sideways_scrolling(scheme_pages, case_id) -> None:
    """WCAG 1.4.10 (reflow) on the case page in its widest state: every result, feedback part and
    explanation shown. Wide content (tables, transcripts, widgets) wraps or scrolls in its own box.
    The same page then goes back to the desktop width the other tests use."""
    problem = reflow_problem(scheme_pages(case_id, "light", "finished"))
    assert problem is None, f"cases/{case_id}/：{problem}"


# --------------------------------------------------------------------------- announcements


def _nothing(page: Page) -> None:
    pass


def _reset_q2(page: Page) -> None:
    reset(page, question(page, "q2"))


def _reset_q5(page: Page) -> None:
    reset(page, question(page, "q5"))


def _grade_q2(page: Page) -> None:
    section = question(page, "q2")
    answer_by_mouse(page, section, "single_choice", "c")
    submit_by_mouse(section)
    wait_result(section)


def _move_first_item_down(page: Page) -> None:
    question(page, "q5").locator('.cw-order-item [data-move="down"]').first.click()


def _export(page: Page) -> None:
    with page.expect_download():
        page.locator('[data-action="export"]').click()


# What the page says to a screen-reader user, where it says it, and what makes it say it
# (after `prepare`, e.g. clearing an earlier result, the region is checked, then `act`).
ANNOUNCEMENTS = [
    # id                region (case B1)                               prepare    act                     text announced
    ("grader-status",   ".case-status",                                _nothing,  _nothing,               "判分引擎已就绪"),
    ("grading-result",  '[data-question="q2"] .case-feedback',         _reset_q2, _grade_q2,              "得分 2 / 2"),
    ("ordering-move",   '[data-question="q5"] .cw-order ~ [aria-live]', _reset_q5, _move_first_item_down,  "移到第 2 位"),
    ("toolbar-report",  ".case-toolbar-message",                       _grade_q2, _export,                "已导出"),
]

_LIVE_REGION = """el => {
  const live = el.getAttribute("aria-live") ?? ({status: "polite", alert: "assertive", log: "polite"})[el.getAttribute("role")];
  return {live: live ?? "off", rendered: el.checkVisibility() && !el.closest('[aria-hidden="true"]')};
}"""


@pytest.mark.parametrize(
    ("region", "prepare", "act", "text"),
    [pytest.param(*row[1:], id=row[0]) for row in ANNOUNCEMENTS],
)
def test_announcement_is_written_into_a_rendered_live_region(case_pages, region, prepare, act, text) -> None:
    """Screen readers only read out changes inside a live region that was rendered before the change."""
    page = case_pages(B1)
    prepare(page)
    before = page.locator(region).evaluate(_LIVE_REGION)
    act(page)
    assert before["live"] == "polite", f"{region} 不是 live region（aria-live={before['live']}）"
    assert before["rendered"], f"{region} 在写入前没有渲染（display:none 或 aria-hidden），读屏软件不会朗读"
    assert text in page.locator(region).inner_text()

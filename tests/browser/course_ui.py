"""How a student operates the case widgets: by mouse (and touch-like pointer drags) or by keyboard alone.

Each driver takes an answer in the shape the grader receives (the contract in
CONTRACT.md) and produces it through the page's controls, so a test can say
"answer ["c", "d"] by keyboard" and then check that exactly that answer was stored
and graded. Keyboard drivers use only Tab / Shift+Tab, arrows, Space and Enter once
focus is inside the widget; the first focus is placed on the widget's first control,
as if the student had tabbed there.

Also here: reading a question's result and the stored record, and waiting for the grader.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

SITE_PATH = "/"
"""The site is served at the root of 127.0.0.1:<port> in the tests."""

READY_TIMEOUT_MS = 60_000
GRADE_TIMEOUT_MS = 30_000


# --------------------------------------------------------------------------- page state


@functools.cache
def _authored() -> dict[str, dict[str, dict[str, Any]]]:
    from build_tools.cases.load import load_cases

    root = Path(__file__).resolve().parents[2]
    return {case.id: {q["id"]: q for q in case.questions} for case in load_cases(root / "cases")}


def authored(case_id: str, qid: str) -> dict[str, Any]:
    """The question as the case file has it, key included: what key answers and near misses are made
    from (the shipped JSON leaves a text question's key out: its model answer goes through reveal)."""
    return _authored()[case_id][qid]


def storage_key(case_id: str) -> str:
    return f"svc-course:v1:{SITE_PATH}:{case_id}"


def stored_record(page: Page, case_id: str) -> dict | None:
    """The case's record in localStorage (None when nothing is stored)."""
    raw = page.evaluate("key => localStorage.getItem(key)", storage_key(case_id))
    return None if raw is None else json.loads(raw)


def wait_ready(page: Page, case_id: str | None = None, timeout: float = READY_TIMEOUT_MS) -> None:
    """Wait until the case page's grader is ready and its questions are mounted.

    Give `case_id` after an instant navigation: the URL changes before Material swaps
    the content, so the previous case's root may still be on the page for a moment.
    """
    case = f'[data-case="{case_id}"]' if case_id else "[data-case]"
    page.wait_for_selector(f"{case}[data-grader=ready][data-case-ready]", timeout=timeout)


def start_of(page: Page, timeout: float = READY_TIMEOUT_MS) -> list[str]:
    """[how this page's grader started ("snapshot"/"plain"), what became of the snapshot], once both are known."""
    page.wait_for_function("document.documentElement.dataset.graderSnapshot", timeout=timeout)
    return page.evaluate("[document.documentElement.dataset.graderStart, document.documentElement.dataset.graderSnapshot]")


def question(page: Page, qid: str) -> Locator:
    return page.locator(f'[data-question="{qid}"]')


def result_of(section: Locator) -> dict[str, Any]:
    """The shown result: status, score, max (numbers), attempt and message."""
    box = section.locator("[data-result]")
    message = box.locator(".case-message")
    attempt = box.get_attribute("data-attempt")
    return {
        "status": box.get_attribute("data-status"),
        "score": float(box.get_attribute("data-score")),
        "max": float(box.get_attribute("data-max")),
        "attempt": int(attempt) if attempt else None,
        "message": message.first.inner_text() if message.count() else "",
    }


def attempts_of(section: Locator) -> int:
    return int(section.locator(".case-attempts").get_attribute("data-attempts"))


def wait_result(section: Locator, timeout: float = GRADE_TIMEOUT_MS) -> dict[str, Any]:
    """Wait until no grade is in flight (``data-grading``) and a result is shown, and read it.

    The previous result stays on screen for the first moments of a new grade (no
    placeholder flicker), so waiting for any ``[data-result]`` could read the old one.
    """
    section.page.wait_for_function(
        "s => !s.hasAttribute('data-grading') && s.querySelector('[data-result]')",
        arg=section.element_handle(timeout=timeout), timeout=timeout,
    )
    return result_of(section)


def reset(page: Page, section: Locator) -> None:
    """重置 the question (accepting its confirmation)."""
    page.once("dialog", lambda dialog: dialog.accept())
    section.locator('[data-action="reset"]').click()
    section.locator("[data-result]").wait_for(state="detached")


# --------------------------------------------------------------------------- mouse


_SET_ANSWERS = """answers => {
  for (const [qid, answer] of answers) {
    document.querySelector(`[data-question="${qid}"]`).dispatchEvent(new CustomEvent("svc-course:set-answer", { detail: { answer } }));
  }
}"""


def set_answers(page: Page, answers: list[tuple[str, Any]]) -> None:
    """Put answers into their widgets in one step (the ``svc-course:set-answer`` event the benchmark
    uses too), for a test whose subject is not how a student enters them (that is test_widgets')."""
    page.evaluate(_SET_ANSWERS, [list(pair) for pair in answers])


_SUBMIT_IN_TURN = """async (ids) => {
  const statuses = [];
  for (const id of ids) {
    const section = document.querySelector(`[data-question="${id}"]`);
    const done = () => !section.hasAttribute("data-grading") && section.querySelector("[data-result]");
    section.querySelector('[data-action="submit"]').click();
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${id}: no result within 30 s`)), 30000);
      const check = () => { if (done()) { clearTimeout(timer); observer.disconnect(); resolve(); } };
      const observer = new MutationObserver(check);
      observer.observe(section, { attributes: true, childList: true, subtree: true });
      check();
    });
    statuses.push([id, section.querySelector("[data-result]").dataset.status]);
    section.querySelector("[data-reveal] summary")?.click();
  }
  return statuses;
}"""


def submit_in_turn(page: Page, qids: list[str]) -> list[tuple[str, str]]:
    """Click each question's 提交 button in turn, wait for its result and open its explanation if
    one is available, all in one call into the page (a round trip per question from here made a
    finished case a third slower); returns (question id, result status) pairs."""
    return [tuple(pair) for pair in page.evaluate(_SUBMIT_IN_TURN, qids)]


def answer_by_mouse(page: Page, section: Locator, qtype: str, answer: Any) -> None:
    """Produce `answer` with clicks and pointer drags only (typing where a value must be typed)."""
    {
        "single_choice": _mouse_single,
        "multiple_choice": _mouse_multiple,
        "ordering": _mouse_ordering,
        "classify": _mouse_classify,
        "numeric": _mouse_type,
        "annotate": _mouse_annotate,
        "text": _mouse_type,
    }[qtype](page, section, answer)


def submit_by_mouse(section: Locator) -> None:
    section.locator('[data-action="submit"]').click()


def _choice_label(section: Locator, value: str, scope: str = "") -> Locator:
    return section.locator(f'{scope} label.cw-choice:has(> input[value="{value}"])'.strip())


def _mouse_single(page: Page, section: Locator, answer: str | None) -> None:
    if answer is not None:
        _choice_label(section, answer).click()


def _mouse_multiple(page: Page, section: Locator, answer: list[str]) -> None:
    for inp in section.locator("input[type=checkbox]").all():
        if inp.is_checked() != (inp.get_attribute("value") in answer):
            _choice_label(section, inp.get_attribute("value")).click()


def _mouse_ordering(page: Page, section: Locator, answer: list[str]) -> None:
    """Drag each item by its ⠿ handle to its place, top to bottom (pointer events, as a finger would)."""
    section.locator(".cw-order").evaluate("list => list.scrollIntoView({block: 'center'})")
    for position, item in enumerate(answer):
        rows = section.locator(".cw-order-item")
        current = [rows.nth(i).get_attribute("data-item") for i in range(rows.count())]
        if current.index(item) == position:
            continue
        handle = section.locator(f'.cw-order-item[data-item="{item}"] .cw-handle').bounding_box()
        target = rows.nth(position).bounding_box()
        page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        page.mouse.down()
        page.mouse.move(handle["x"] + handle["width"] / 2, target["y"] + 4, steps=12)
        page.mouse.up()


def _mouse_classify(page: Page, section: Locator, answer: dict[str, str]) -> None:
    for item, category in answer.items():
        _choice_label(section, category, f'[data-item="{item}"]').click()


def _mouse_type(page: Page, section: Locator, answer: str) -> None:
    field = section.locator("input[type=text], textarea").first
    field.click()
    field.fill(str(answer))


def _mouse_annotate(page: Page, section: Locator, answer: dict[str, list[str]]) -> None:
    """Select a line by clicking its text (not the checkbox), then tick its tags."""
    for line, tags in answer.items():
        row = section.locator(f'.cw-line[data-line="{line}"]')
        row.locator(".cw-line-text").click()
        for tag in tags:
            row.locator(f'label.cw-choice:has(> input[value="{tag}"])').click()


# --------------------------------------------------------------------------- keyboard


def answer_by_keyboard(page: Page, section: Locator, qtype: str, answer: Any) -> None:
    """Produce `answer` with the keyboard alone."""
    section.locator(".case-widget").locator("input, button, textarea").first.focus()
    {
        "single_choice": _keys_single,
        "multiple_choice": _keys_multiple,
        "ordering": _keys_ordering,
        "classify": _keys_classify,
        "numeric": _keys_type,
        "annotate": _keys_annotate,
        "text": _keys_type,
    }[qtype](page, section, answer)


def submit_by_keyboard(page: Page, section: Locator) -> None:
    tab_to(page, section.locator('[data-action="submit"]'))
    page.keyboard.press("Enter")


def tab_to(page: Page, target: Locator, limit: int = 300) -> None:
    """Press Tab (or Shift+Tab when the target lies above) until `target` has focus."""
    handle = target.element_handle()
    for _ in range(limit):
        where = page.evaluate(
            """t => t === document.activeElement ? 0
                 : (document.activeElement.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1)""",
            handle,
        )
        if where == 0:
            return
        page.keyboard.press("Tab" if where > 0 else "Shift+Tab")
    raise AssertionError(f"Tab 键 {limit} 次仍未到达 {target}")


def _keys_single(page: Page, section: Locator, answer: str | None) -> None:
    if answer is None:
        return
    values = [i.get_attribute("value") for i in section.locator("input[type=radio]").all()]
    index = values.index(answer)
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")


def _keys_multiple(page: Page, section: Locator, answer: list[str]) -> None:
    for inp in section.locator("input[type=checkbox]").all():
        tab_to(page, inp)
        if inp.is_checked() != (inp.get_attribute("value") in answer):
            page.keyboard.press("Space")


def _keys_ordering(page: Page, section: Locator, answer: list[str]) -> None:
    """Move each item up with its ↑ button (Enter), top to bottom."""
    for position, item in enumerate(answer):
        rows = section.locator(".cw-order-item")
        current = [rows.nth(i).get_attribute("data-item") for i in range(rows.count())]
        steps = current.index(item) - position
        if steps <= 0:
            continue
        tab_to(page, section.locator(f'.cw-order-item[data-item="{item}"] [data-move="up"]'))
        for _ in range(steps):
            page.keyboard.press("Enter")


def _keys_classify(page: Page, section: Locator, answer: dict[str, str]) -> None:
    for item, category in answer.items():
        group = section.locator(f'[data-item="{item}"] input[type=radio]')
        values = [i.get_attribute("value") for i in group.all()]
        tab_to(page, group.first)
        index = values.index(category)
        if index == 0:
            page.keyboard.press("Space")
        for _ in range(index):
            page.keyboard.press("ArrowRight")


def _keys_type(page: Page, section: Locator, answer: str) -> None:
    field = section.locator("input[type=text], textarea").first
    tab_to(page, field)
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(str(answer))


def _keys_annotate(page: Page, section: Locator, answer: dict[str, list[str]]) -> None:
    for line, tags in answer.items():
        row = section.locator(f'.cw-line[data-line="{line}"]')
        tab_to(page, row.locator("input.cw-line-pick"))
        page.keyboard.press("Space")
        for tag in tags:
            tab_to(page, row.locator(f'.cw-tags input[value="{tag}"]'))
            page.keyboard.press("Space")


# --------------------------------------------------------------------------- reading widgets back


def import_file(page: Page, data: dict | str) -> str:
    """Import an answers file (`data`, or its raw text) through the 导入答案 file input; returns the report shown."""
    body = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    message = page.locator(".case-toolbar-message").first
    message.evaluate("m => { m.textContent = '' }")
    page.locator("[data-import-file]").first.set_input_files(
        files=[{"name": "answers.json", "mimeType": "application/json", "buffer": body.encode("utf-8")}]
    )
    page.wait_for_function("m => m.textContent !== ''", arg=message.element_handle())
    return message.inner_text()


def shown_answer(section: Locator, qtype: str) -> Any:
    """What the widget shows, read from the DOM (not from storage), in the grader's answer shape."""
    return section.evaluate(
        """(s, type) => {
            const checked = (sel) => [...s.querySelectorAll(sel)].filter(i => i.checked).map(i => i.value);
            switch (type) {
              case "single_choice": return checked("input[type=radio]")[0] ?? null;
              case "multiple_choice": return checked("input[type=checkbox]");
              case "ordering": return [...s.querySelectorAll(".cw-order-item")].map(li => li.dataset.item);
              case "classify": return Object.fromEntries([...s.querySelectorAll("[data-item]")]
                  .map(f => [f.dataset.item, checked(`[data-item="${f.dataset.item}"] input`)[0]])
                  .filter(([, v]) => v !== undefined));
              case "numeric": return s.querySelector("input[type=text]").value;
              case "annotate": return Object.fromEntries([...s.querySelectorAll(".cw-line")]
                  .filter(li => li.querySelector(".cw-line-pick").checked)
                  .map(li => [li.dataset.line, [...li.querySelectorAll(".cw-tags input")].filter(i => i.checked).map(i => i.value)]));
              case "text": return s.querySelector("textarea").value;
            }
        }""",
        qtype,
    )


def result_attrs(section: Locator) -> dict[str, str] | None:
    """The data-* attributes of the shown result, or None."""
    box = section.locator("[data-result]")
    if box.count() == 0:
        return None
    return box.evaluate("b => ({status: b.dataset.status, score: b.dataset.score, max: b.dataset.max, attempt: b.dataset.attempt ?? null, text: b.innerText})")


# --------------------------------------------------------------------------- a student's work

# One student's work on the broken-phone case: graded, invalid, and typed-but-not-submitted answers.
B1_WORK = [
    # qid    type               answer                                        submitted
    ("q1",  "annotate",        {"K1": ["T1"], "K3": ["T2"]},                  True),
    ("q2",  "single_choice",   "c",                                           True),
    ("q3",  "multiple_choice", ["c", "d"],                                    True),
    ("q4a", "numeric",         "abc",                                         True),   # invalid: kept, no attempt
    ("q4b", "numeric",         "280",                                         False),
    ("q5",  "ordering",        ["ask", "apologise", "solve", "follow"],       True),
    ("q6",  "text",            "非常抱歉给您添麻烦了，我马上帮您查一下。",        False),
]


def do_work(page: Page, work: list[tuple]) -> None:
    """Answer (and submit where marked) each question of a work table by mouse."""
    for qid, qtype, answer, submitted in work:
        section = question(page, qid)
        answer_by_mouse(page, section, qtype, answer)
        if submitted:
            submit_by_mouse(section)
            wait_result(section)


def snapshot(page: Page, work: list[tuple]) -> dict:
    """What the student sees of each question: the answer, the result and the attempt count."""
    return {
        qid: (shown_answer(question(page, qid), qtype), result_attrs(question(page, qid)), attempts_of(question(page, qid)))
        for qid, qtype, _, _ in work
    }


# --------------------------------------------------------------------------- test-only checkers


def patched_bundle(real: bytes, addition: str, extra_files: dict[str, str] | None = None) -> bytes:
    """The checker bundle with `addition` appended to ``exercises/__init__.py`` (and `extra_files` added).

    Tests serve it through Playwright's routing to make the grader misbehave on purpose
    (loop forever, crash the runtime); the product never contains such code.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "exercises/__init__.py":
                data += addition.encode("utf-8")
            target.writestr(info, data)
        for name, text in (extra_files or {}).items():
            target.writestr(name, text)
    return out.getvalue()

/**
 * Showing a grading result. The result comes from Python (`exercises.grade`)
 * and is displayed as given: this module decides nothing about correctness.
 * A part's mark (✓ / ◐ / ✗) restates the grader's own `ok` and `score`.
 *
 * The element it renders carries the DOM contract: `data-result`,
 * `data-status` (graded | invalid, or timeout | error when no result came
 * back), `data-score`, `data-max`; it sits in the question's aria-live region
 * so screen readers hear the score and message. On an assessment site a keyless
 * question's answer is only checked: `data-status` is checked | invalid, with
 * no score or max, and the box says 已保存 with the time, or what to fix.
 */

import { SITE_MODE } from "./contract.mjs";
import { h } from "./dom.mjs";
import { T, formatScore } from "./strings.mjs";

/**
 * Render a grader result.
 * @param {HTMLElement} region  the question's aria-live region
 * @param {{status: string, score: number, max: number, parts?: object[], message?: string}} result
 * @param {{attempt?: number}} [context]  which attempt a graded result was
 */
export function renderResult(region, result, { attempt } = {}) {
  if (!("score" in result)) return renderChecked(region, result);
  const graded = result.status === "graded";
  const box = h("div", {
    class: `case-result is-${graded ? outcome(result.score, result.max, result.score >= result.max) : "invalid"}`,
    "data-result": true,
    "data-status": result.status,
    "data-score": String(result.score),
    "data-max": String(result.max),
    "data-attempt": graded && attempt ? String(attempt) : null,
  });
  if (graded) {
    box.append(h("p", { class: "case-score" },
      attempt ? h("span", { class: "case-attempt", text: `${T.attemptN(attempt)} · ` }) : null,
      h("strong", { text: T.score(result.score, result.max) })));
  } else {
    box.append(h("p", { class: "case-score", text: T.invalidTitle }));
  }
  if (result.message) box.append(h("p", { class: "case-message", text: result.message }));
  const parts = Array.isArray(result.parts) ? result.parts : [];
  if (parts.length) box.append(h("ul", { class: "cw-list case-parts" }, parts.map(renderPart)));
  region.replaceChildren(box);
  return box;
}

/**
 * A keyless question's check (an assessment site): 已保存（time）, or the shape problem to fix.
 * @param {HTMLElement} region
 * @param {{status: "checked"|"invalid", message?: string, checkedAt?: string}} result
 */
function renderChecked(region, result) {
  const checked = result.status === "checked";
  const box = h("div", { class: `case-result is-${checked ? "saved" : "invalid"}`, "data-result": true, "data-status": result.status },
    h("p", { class: "case-score" }, h("strong", { text: checked ? T.saved(clock(result.checkedAt)) : T.invalidShape })));
  if (!checked && result.message) box.append(h("p", { class: "case-message", text: result.message }));
  region.replaceChildren(box);
  return box;
}

/** 「3月5日 14:07」: when an answer was saved, in the student's own time zone; "" for no time. */
function clock(iso) {
  const time = new Date(iso ?? "");
  if (Number.isNaN(time.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${time.getMonth() + 1}月${time.getDate()}日 ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

function renderPart(part) {
  const kind = outcome(part.score, part.max, part.ok);
  const label = { ok: T.partOk, partial: T.partPartial, wrong: T.partWrong }[kind];
  return h("li", { class: `case-part is-${kind}`, "data-part": part.id ?? null, "data-ok": String(Boolean(part.ok)) },
    h("span", { class: "case-part-mark", "aria-hidden": "true", text: { ok: "✓", partial: "◐", wrong: "✗" }[kind] }),
    h("span", { class: "cw-sr", text: `${label}：` }),
    part.label ? h("span", { class: "case-part-label", text: part.label }) : null,
    typeof part.max === "number" && part.max > 0
      ? h("span", { class: "case-part-score", text: `${formatScore(part.score)} / ${formatScore(part.max)}` })
      : null,
    part.feedback ? h("span", { class: "case-part-feedback", text: part.feedback }) : null);
}

/** Restate the grader's verdict as ok / partial / wrong for styling. */
function outcome(score, max, ok) {
  if (ok) return "ok";
  return Number(score) > 0 ? "partial" : "wrong";
}

/**
 * 正在判分…, or, while the engine loads, that grading will follow, or, after it failed to load, how to go on.
 * @param {HTMLElement} region
 * @param {"ready"|"loading"|"error"} graderState
 */
export function renderPending(region, graderState) {
  const [ready, failed, queued] = SITE_MODE === "assessment"
    ? [T.checking, T.checkingAfterRetry, T.checkingQueued] : [T.grading, T.gradingAfterRetry, T.gradingQueued];
  const text = graderState === "ready" ? ready : graderState === "error" ? failed : queued;
  region.replaceChildren(h("p", { class: "case-pending", "data-pending": true, text }));
}

/**
 * A grade that produced no result: time limit, internal error, no engine.
 * @param {HTMLElement} region
 * @param {"timeout"|"internal"|"unavailable"} reason
 * @param {number} timeoutMs
 */
export function renderFailure(region, reason, timeoutMs) {
  const message = reason === "timeout" ? T.timeout(Math.round(timeoutMs / 1000))
    : reason === "internal" ? T.gradeError : T.unavailable;
  const box = h("div", {
    class: "case-result is-failure",
    "data-result": true,
    "data-status": reason === "timeout" ? "timeout" : "error",
    "data-score": "0",
    "data-max": "0",
  }, h("p", { class: "case-message", text: message }));
  region.replaceChildren(box);
  return box;
}

/**
 * One question on a case page: its widget, 提交 / 重置, the attempt count,
 * the result, and the explanation once the case allows it.
 *
 * Why attempts and results go through `ctx.update` on every change: answers
 * must survive reload, back/forward and instant navigation, and a grade that
 * finishes after the student left the page must still be recorded.
 * Only `graded` results count as attempts; `invalid` ones and failures
 * (time limit, engine errors) cost nothing.
 *
 * On an assessment site (contract.mjs SITE_MODE) the questions come without keys and the
 * grader only checks an answer's shape: the button reads 保存, a good answer shows 已保存
 * with the time (status `checked`), and nothing counts as an attempt.
 */

import { SITE_MODE } from "./contract.mjs";
import { h } from "./dom.mjs";
import { canonical } from "./store.mjs";
import { T } from "./strings.mjs";
import { WIDGETS } from "./widgets/index.mjs";
import { renderResult, renderPending, renderFailure } from "./feedback.mjs";

/** How long a grade may take before 正在判分… is shown (a ready grader needs ≈2–10 ms). */
const PENDING_DELAY_MS = 150;
/** An assessment site: shape checks and 已保存 instead of scores (see the module comment). */
const ASSESSMENT = SITE_MODE === "assessment";

/**
 * @param {HTMLElement} section  the `[data-question]` element from the page
 * @param {object} question  the question as the grader receives it (from the case JSON)
 * @param {{after: number, explanation_html: string, model_answer: string|null}|undefined} reveal
 * @param {{caseId: string, transcript: object[], grader: import("./grader-client.mjs").GraderClient,
 *          read: () => object, update: (mutate: (record: object) => void) => object}} ctx
 * @returns {{reload: (record: object) => void}}
 */
export function mountQuestion(section, question, reveal, ctx) {
  const widgetModule = WIDGETS[question.type];
  if (!widgetModule) return { reload() {} };

  let slot = section.querySelector(":scope > .case-widget");
  if (!slot) slot = section.appendChild(h("div", { class: "case-widget" }));

  /** Everything the handlers below share about this one question. */
  const view = { section, question, qid: question.id, reveal, ctx, pending: false };
  const record = ctx.read();
  view.widget = widgetModule.mount(
    slot,
    question,
    { answer: record.answers[view.qid], transcript: ctx.transcript, idBase: `svc-${ctx.caseId}-${view.qid}` },
    () => answerChanged(view),
  );
  // The view for readers without JavaScript gives way to the widget once it is there: removed,
  // not hidden, since hidden copies of every question's listing only add to the page's elements.
  section.querySelector(":scope > .case-static")?.remove();
  view.submit = h("button", { type: "button", class: "md-button md-button--primary case-submit", "data-action": "submit", text: T.submit, onclick: () => submitAnswer(view) });
  const reset = h("button", { type: "button", class: "md-button case-reset", "data-action": "reset", text: T.reset, onclick: () => resetAnswer(view) });
  view.attemptsLabel = h("span", { class: "case-attempts", "data-attempts": "0" });
  view.region = h("div", { class: "case-feedback", "aria-live": "polite" });
  view.revealBox = h("div", { class: "case-reveal" });
  slot.after(h("div", { class: "case-actions" }, view.submit, reset, view.attemptsLabel), view.region, view.revealBox);
  if (ASSESSMENT) { // nothing is scored, so nothing is an attempt: the button saves, after the shape check
    view.submit.textContent = T.save;
    view.attemptsLabel.hidden = true;
  }

  // For tools (the benchmark): "svc-course:set-answer" with detail {answer} puts an answer into the
  // widget as if the student had entered it; detail.shown is then what the widget holds.
  section.addEventListener("svc-course:set-answer", (event) => {
    view.widget.setAnswer(event.detail?.answer ?? null);
    answerChanged(view);
    if (event.detail) event.detail.shown = view.widget.getAnswer();
  });

  // Enter in a one-line input (numeric) submits, as in a form.
  slot.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing && event.target.dataset?.submitOnEnter !== undefined) {
      event.preventDefault();
      submitAnswer(view);
    }
  });
  showRecord(view, record);

  return {
    reload(rec) {
      view.widget.setAnswer(rec.answers[view.qid] ?? null);
      showRecord(view, rec);
    },
  };
}

/** The student changed the answer: save it, and say whether the shown result still belongs to it. */
function answerChanged(view) {
  const rec = view.ctx.update((r) => {
    keepAnswer(r, view.qid, view.widget.getAnswer());
  });
  const result = rec.results[view.qid];
  // A result saved before results kept their answer: any change makes it stale.
  setStale(view.region, Boolean(result) && (!("answer" in result) || !sameAnswer(result.answer, rec.answers[view.qid])));
}

/** Store a question's answer, and when it changed (`answeredAt`, carried by the answers file). */
function keepAnswer(record, qid, answer) {
  if (sameAnswer(record.answers[qid], answer) && qid in record.answers) return;
  record.answers[qid] = answer;
  if (typeof record.answeredAt !== "object" || record.answeredAt === null || Array.isArray(record.answeredAt)) record.answeredAt = {};
  record.answeredAt[qid] = new Date().toISOString();
}

/** A shown result that belongs to another answer than the one on screen says so (and stops saying it). */
function setStale(region, stale) {
  const shown = region.querySelector("[data-result]");
  if (!shown) return;
  shown.classList.toggle("is-stale", stale);
  const note = shown.querySelector(".case-stale");
  if (stale && !note) shown.append(h("p", { class: "case-stale", text: ASSESSMENT ? T.savedStale : T.stale }));
  else if (!stale) note?.remove();
}

/** The same answer, whatever the order of an object's keys (a classification, an annotation); none is null. */
function sameAnswer(a, b) {
  return canonical(a ?? null) === canonical(b ?? null);
}

/** After how many graded attempts the question's explanation opens (the case JSON's `reveal.after`, 1 when absent). */
function revealAfter(reveal) {
  return Number.isInteger(reveal?.after) ? reveal.after : 1;
}

async function submitAnswer(view) {
  const { section, submit, region, ctx, qid } = view;
  if (view.pending) return;
  view.pending = true;
  section.dataset.grading = ""; // for tests and tools; no style depends on it, so no repaint
  const answer = view.widget.getAnswer();
  ctx.update((r) => {
    keepAnswer(r, qid, answer);
  });
  // A ready grader answers in a few milliseconds: showing 正在判分… at once would only
  // flicker, and changing the page on the click makes the browser paint a frame before
  // it handles the result (a whole frame, ≈16 ms, on every grade). So the placeholder
  // appears at once only while the engine is still loading, otherwise after PENDING_DELAY_MS.
  const showPending = () => {
    submit.setAttribute("aria-busy", "true");
    renderPending(region, ctx.grader.status.state);
  };
  const waiting = ctx.grader.status.state !== "ready";
  const pendingTimer = waiting ? undefined : setTimeout(showPending, PENDING_DELAY_MS);
  // While the engine loads, fails or is retried, the placeholder says which (onState shows it at once).
  const unwatch = waiting ? ctx.grader.onState(showPending) : () => {};
  // While the explanation is locked, a wrong attempt is told what is wrong and why, not the key
  // (the case's wrong_feedback; exercises.common.wants_hints).
  const locked = (ctx.read().attempts[qid] ?? 0) < revealAfter(view.reveal);
  const asked = view.reveal?.hints === true && locked ? { ...view.question, hints: true } : view.question;
  try {
    const result = await ctx.grader.grade(asked, answer);
    showRecord(view, ctx.update((r) => {
      if (result.status === "graded") {
        r.attempts[qid] = (r.attempts[qid] ?? 0) + 1;
        noteScore(r, qid, Number(result.score));
      }
      // the answer it graded: a later change shows it as stale; when (shown as 已保存 on an assessment site)
      r.results[qid] = ASSESSMENT ? { ...result, answer, checkedAt: new Date().toISOString() } : { ...result, answer };
    }));
  } catch (error) {
    renderFailure(region, error?.reason ?? "internal", ctx.grader.gradeTimeout);
  } finally {
    clearTimeout(pendingTimer);
    unwatch();
    view.pending = false;
    delete section.dataset.grading;
    submit.removeAttribute("aria-busy");
  }
}

/**
 * What the instructor's report shows beside the score: the first and the best graded score, and
 * how many graded attempts there were when the explanation was first opened (`openedAt`), so an
 * answer submitted after reading it can be told apart. Reset keeps it, as it keeps the attempts.
 */
function noteScore(record, qid, score) {
  const history = historyOf(record, qid);
  history.first ??= score;
  history.best = Math.max(history.best ?? score, score);
}

function historyOf(record, qid) {
  if (typeof record.history !== "object" || record.history === null || Array.isArray(record.history)) record.history = {};
  if (typeof record.history[qid] !== "object" || record.history[qid] === null) record.history[qid] = {};
  return record.history[qid];
}

function resetAnswer(view) {
  if (!window.confirm(T.resetConfirm)) return;
  view.widget.setAnswer(null);
  showRecord(view, view.ctx.update((r) => {
    delete r.answers[view.qid];
    delete r.results[view.qid];
    if (r.answeredAt) delete r.answeredAt[view.qid];
  }));
}

/** Attempts, last result and reveal, from a stored record. */
function showRecord(view, rec) {
  const attempts = rec.attempts[view.qid] ?? 0;
  view.attemptsLabel.dataset.attempts = String(attempts);
  view.attemptsLabel.textContent = attempts ? T.attemptsSoFar(attempts) : T.notAttempted;
  const result = rec.results[view.qid];
  if (result) {
    renderResult(view.region, result, { attempt: result.status === "graded" ? attempts : undefined });
    // Results saved before they carried their answer cannot be compared; they are shown as they are.
    setStale(view.region, "answer" in result && !sameAnswer(result.answer, rec.answers[view.qid]));
  } else view.region.replaceChildren();
  const max = Number(result?.max);
  const fullMarks = Number.isFinite(max) && max > 0 && (Number(rec.history?.[view.qid]?.best) >= max
    || (result?.status === "graded" && Number(result.score) >= max));
  showReveal(view.revealBox, view.reveal, { attempts, fullMarks }, () => view.ctx.update((r) => {
    historyOf(r, view.qid).openedAt ??= r.attempts[view.qid] ?? 0;
  }));
}

/**
 * The explanation after `after` graded attempts; the model answer with it, or (`model_after`
 * "full_marks") only once the student has scored full marks, so that it is never a shortcut to them.
 */
function showReveal(revealBox, reveal, { attempts, fullMarks }, onFirstOpen) {
  const after = revealAfter(reveal);
  if (!reveal || !(reveal.explanation_html || reveal.model_answer)) return;
  if (attempts < after) {
    revealBox.replaceChildren(h("p", { class: "case-reveal-wait", text: T.revealAfter(after, after - attempts) }));
    return;
  }
  const withModel = Boolean(reveal.model_answer) && (reveal.model_after !== "full_marks" || fullMarks);
  const shown = revealBox.querySelector("[data-reveal]");
  if (shown && shown.dataset.withModel === String(withModel)) return; // as it is: open, if the student opened it
  const details = h("details", { class: "case-explanation", "data-reveal": true, "data-with-model": String(withModel) },
    h("summary", { text: T.showExplanation }));
  details.open = Boolean(shown?.open);
  details.addEventListener("toggle", () => {
    if (details.open) onFirstOpen();
  });
  if (reveal.explanation_html) {
    const body = h("div", { class: "case-explanation-body" });
    // Build output of build_tools.cases.markdown.render (raw HTML disabled, links
    // filtered): the one place we insert HTML, and never student text.
    body.innerHTML = reveal.explanation_html;
    details.append(body);
  }
  if (withModel) {
    details.append(h("p", { class: "case-model-title", text: T.modelAnswer }),
      h("p", { class: "case-model-answer", text: reveal.model_answer }));
  } else if (reveal.model_answer) details.append(h("p", { class: "case-model-later", text: T.modelAfterFullMarks }));
  revealBox.replaceChildren(details);
}

/**
 * A student's progress, read from the work saved in this browser: the summary at the top and
 * bottom of a case page, and a mark after each link to a case (the case index, the chapter
 * lists, 「接下来」).
 *
 * Why from storage alone: nothing leaves the browser, and every page (not only the case's own)
 * can show it. A question counts as done once it has a graded result (an invalid answer or a
 * failed grade does not); the score is the sum of the latest graded results. On an assessment
 * site a question is done once its answer was saved with the right shape (`checked`), and no
 * score is shown. The number of
 * questions and full marks of cases not on the page come from the generated catalog.mjs,
 * imported only by pages that link to a case.
 */

import { CASE_ID, SITE_MODE } from "./contract.mjs";
import { h } from "./dom.mjs";
import { listCases } from "./store.mjs";
import { T } from "./strings.mjs";

/**
 * @param {object|null|undefined} record  a case's stored record
 * @param {Set<string>|null} questionIds  count only these questions (null: all in the record)
 * @returns {{done: number, score: number, attempts: number}}
 */
export function progressOf(record, questionIds = null) {
  let done = 0;
  let score = 0;
  let attempts = 0;
  for (const [qid, result] of Object.entries(record?.results ?? {})) {
    if (!DONE.has(result?.status) || (questionIds && !questionIds.has(qid))) continue;
    done += 1;
    score += Number(result.score) || 0;
  }
  for (const [qid, n] of Object.entries(record?.attempts ?? {})) {
    if (!questionIds || questionIds.has(qid)) attempts += Number(n) || 0;
  }
  return { done, score, attempts };
}

/** Result statuses that make a question done: graded, or (keyless, on an assessment site) checked. */
const DONE = new Set(["graded", "checked"]);

/** The progress line's text: done, score and attempts, or on an assessment site only what was saved. */
function progressText(done, n, score, max, attempts) {
  if (SITE_MODE === "assessment") return done ? T.progressSaved(done, n) : T.progressSavedNone(n);
  return attempts || done ? T.progress(done, n, score, max, attempts) : T.progressNone(n, max);
}

/** The summary lines of a case root (`[data-progress="top"|"bottom"]`), created on first use. */
export function showCaseProgress(root, record) {
  const sections = [...root.querySelectorAll("[data-question]")];
  const ids = new Set(sections.map((section) => section.dataset.question));
  const max = sections.reduce((sum, section) => sum + (Number(section.dataset.points) || 0), 0);
  const { done, score, attempts } = progressOf(record, ids);
  const text = progressText(done, ids.size, score, max, attempts);
  for (const where of ["top", "bottom"]) {
    let line = root.querySelector(`:scope > [data-progress="${where}"]`);
    if (!line) {
      line = h("p", { class: "case-progress", "data-progress": where });
      const toolbar = root.querySelector(":scope > .case-toolbar");
      if (where === "top" && toolbar) toolbar.after(line);
      else root.append(line);
    }
    line.textContent = text;
  }
}

/**
 * After each link in `container` to a case this student has worked on: 「✓ 已完成」 or
 * 「已完成 3/7 题」 (`data-progress-mark` = "done" | "partial"). Safe to call again: marks are
 * updated in place, and removed when the work is gone.
 * @param {Element|null} container
 * @param {URL} siteRoot
 */
export async function markCaseLinks(container, siteRoot) {
  const links = [...(container?.querySelectorAll("a[href]") ?? [])]
    .map((link) => [link, caseIdOf(link, siteRoot)])
    .filter(([, id]) => id);
  if (links.length === 0) return;
  let catalog;
  try {
    ({ CASES: catalog } = await import("./catalog.mjs"));
  } catch {
    return; // a site built without the catalog: no marks, nothing else lost
  }
  const saved = listCases(siteRoot.pathname);
  for (const [link, id] of links) {
    const total = catalog[id]?.questions;
    const { done } = progressOf(saved.get(id));
    let mark = link.nextElementSibling?.hasAttribute("data-progress-mark") ? link.nextElementSibling : null;
    if (!total || done === 0) {
      mark?.remove();
      continue;
    }
    if (!mark) {
      mark = h("span", { class: "case-progress-mark", "data-progress-mark": "" });
      link.after(mark);
    }
    const complete = done >= total;
    mark.dataset.progressMark = complete ? "done" : "partial";
    mark.textContent = complete ? T.markDone : T.markPartial(Math.min(done, total), total);
  }
}

/** The case id of a link to a case page of this site (…/cases/<id>/), or null. */
function caseIdOf(link, siteRoot) {
  let url;
  try {
    url = new URL(link.href, location.href);
  } catch {
    return null;
  }
  const prefix = `${siteRoot.pathname}cases/`;
  // not the page itself, nor a place in a page (its own line and heading links)
  if (url.origin !== siteRoot.origin || !url.pathname.startsWith(prefix) || url.hash || url.pathname === location.pathname) return null;
  const id = url.pathname.slice(prefix.length).replace(/\/(index\.html)?$/, "");
  return CASE_ID.test(id) ? id : null;
}

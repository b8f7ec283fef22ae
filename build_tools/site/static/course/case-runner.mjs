/**
 * Entry point of the course's browser code, added to every page.
 *
 * It is loaded once per visit: Material's instant navigation swaps page
 * content without re-running it, so everything kept at module level here and
 * in grader-client.mjs (the Pyodide worker above all) survives page changes.
 * Each time Material emits a new document on `document$` (or once, on
 * DOMContentLoaded, without Material) it mounts every `[data-case]` root not
 * yet mounted and forgets the ones that left the page. A page without
 * `[data-case]` does nothing, so it never starts the grader.
 */

import { mountCase } from "./case-view.mjs";
import { h } from "./dom.mjs";
import { offerOfflineUse } from "./offline.mjs";
import { markCaseLinks } from "./progress.mjs";
import { cleanSearchSnippets } from "./search-snippets.mjs";
import { KEY_PREFIX } from "./store.mjs";
import { T } from "./strings.mjs";

/** The site root: this file lives at <root>/assets/course/case-runner.mjs. */
const SITE_ROOT = new URL("../../", import.meta.url);

/** @type {Set<ReturnType<typeof mountCase>>} */
const views = new Set();
/** Whether the offline worker has been offered (once per visit; see offerOfflineOnce). */
let offered = false;

function scan() {
  for (const view of views) {
    if (!view.root.isConnected) {
      view.dispose();
      views.delete(view);
    }
  }
  for (const root of document.querySelectorAll("[data-case]")) {
    if (root.dataset.caseMounted !== undefined) continue;
    views.add(mountCase(root, { siteRoot: SITE_ROOT, onImported: reloadAll }));
  }
  placeSkipLink();
  cleanSearchSnippets();
  markCaseLinks(document.querySelector(".md-content"), SITE_ROOT);
  offerOfflineOnce();
}

/**
 * 「跳到练习」: the second stop of the Tab key on a case page (after Material's own skip link),
 * so a keyboard user reaches the first question without walking the header, the navigation
 * and the case text. Kept in step with instant navigation: moved to the page's first question,
 * or removed on a page without one.
 */
function placeSkipLink() {
  const first = document.querySelector("[data-case] [data-question][id]");
  let link = document.querySelector("[data-skip-to-exercise]");
  if (!first) {
    link?.remove();
    return;
  }
  if (!link) link = h("a", { class: "md-skip case-skip", "data-skip-to-exercise": "", text: T.skipToExercise, onclick: skipToExercise });
  link.href = `#${first.id}`;
  // Moved only when out of place: moving the element would take the focus off it.
  const material = document.querySelector(".md-skip:not([data-skip-to-exercise])");
  if (material && material.nextElementSibling !== link) material.after(link);
  else if (!material && document.body.firstElementChild !== link) document.body.prepend(link);
}

/** Move focus (not only the view) to the first question's first control, where work starts. */
function skipToExercise(event) {
  const target = document.getElementById(new URL(event.currentTarget.href).hash.slice(1));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation(); // Material's instant navigation must not treat it as a jump of its own
  const control = [...target.querySelectorAll("input, select, textarea, button, [tabindex]:not([tabindex='-1'])")]
    .find((element) => !element.disabled && element.getClientRects().length); // shown and usable
  if (control) {
    control.focus();
    control.scrollIntoView({ block: "center" });
    return;
  }
  target.setAttribute("tabindex", "-1"); // not mounted yet: the question itself, focusable by script only
  target.focus();
}

/** After an import (or another tab's work), every case and case link on the page shows what is now stored. */
function reloadAll() {
  for (const view of views) view.reload();
  markCaseLinks(document.querySelector(".md-content"), SITE_ROOT);
}

// Another tab of this site saved work (or storage was cleared, key null): show what is stored
// now, so two tabs of a case never drift apart and an export from either is what both show.
addEventListener("storage", (event) => {
  if (event.key === null || event.key.startsWith(KEY_PREFIX)) reloadAll();
});

/**
 * Scan in a task of its own: Material emits `document$` inside its own
 * start-up work, and mounting there would make one long task of both. The
 * grader does not wait for this (case pages start it while parsing).
 */
function scanSoon() {
  setTimeout(scan, 0);
}

const documents = globalThis.document$;
if (documents && typeof documents.subscribe === "function") documents.subscribe(scanSoon);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scanSoon, { once: true });
else scanSoon();

/**
 * A link clicked while offline would take the student from a working page
 * (answers saved, grading in the worker) to the browser's own error page, in
 * English. Stop such clicks and say why, in Chinese, until the network is back.
 * Capture phase on `document`: before Material's instant navigation sees it.
 */
function keepPageWhileOffline(event) {
  if (navigator.onLine || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!link || link.target || link.hasAttribute("download")) return;
  const to = new URL(link.href, location.href);
  if (to.origin !== location.origin || (to.pathname === location.pathname && to.search === location.search)) return;
  event.preventDefault();
  event.stopPropagation();
  showOfflineNotice();
}

function showOfflineNotice() {
  let notice = document.querySelector("[data-offline-notice]");
  if (!notice) {
    notice = h("p", { class: "course-offline", role: "alert", "data-offline-notice": "" });
    const content = document.querySelector(".md-content") ?? document.body;
    content.prepend(notice);
  }
  notice.textContent = T.offline;
}

document.addEventListener("click", keepPageWhileOffline, true);
addEventListener("online", () => document.querySelector("[data-offline-notice]")?.remove());

/** Every case root on the page has a grader that is ready or failed (true on a page without one). */
function gradersSettled() {
  return [...document.querySelectorAll("[data-case]")].every((root) => ["ready", "error"].includes(root.dataset.grader));
}

/** Once a page with exercises is shown (only there: a reader of a chapter is not sent the runtime). */
function offerOfflineOnce() {
  if (offered || !document.querySelector("[data-case]")) return;
  offered = true;
  offerOfflineUse(SITE_ROOT, gradersSettled);
}

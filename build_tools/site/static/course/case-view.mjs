/**
 * One case root (`[data-case]`) on a page: starts (or reuses) the grader,
 * loads the case's JSON, restores saved work, mounts a question controller
 * per `[data-question]` and the export/import toolbar, and keeps
 * `data-grader` and the status line in step with the grader.
 *
 * The case JSON, not the HTML, carries the questions with their keys: keys
 * are never rendered into the page or the search index.
 */

import { SITE_MODE } from "./contract.mjs";
import { h, yieldToMain } from "./dom.mjs";
import { T } from "./strings.mjs";
import { getGrader } from "./grader-client.mjs";
import { watchConnection } from "./offline.mjs";
import { readCase, updateCase, emptyRecord } from "./store.mjs";
import { mountQuestion } from "./question.mjs";
import { mountToolbar } from "./toolbar.mjs";
import { showCaseProgress } from "./progress.mjs";

/**
 * @param {HTMLElement} root
 * @param {{siteRoot: URL, onImported: () => void}} options
 * @returns {{root: HTMLElement, ready: Promise<void>, reload: () => void, dispose: () => void}}
 */
export function mountCase(root, { siteRoot, onImported }) {
  root.dataset.caseMounted = "";
  // Page-relative attributes; location is already the new page's URL when
  // Material's instant navigation emits the new document.
  const resolve = (name) => new URL(root.getAttribute(name) ?? "", location.href).href;
  const board = statusBoard(root);
  const grader = getGrader(resolve("data-pyodide"), resolve("data-checker"),
    root.hasAttribute("data-snapshot") ? resolve("data-snapshot") : "");
  const stopWatching = watchConnection((offline) => offline ? board.notice("offline", T.offlineMode) : board.clear("offline"));
  const unsubscribe = grader.onState((s) => {
    root.dataset.grader = s.state;
    board.status.dataset.state = s.state;
    board.status.textContent = statusText(s);
    board.showRetry(s.state === "error", () => grader.retry());
  });
  /** What the steps below share about this case on this page. */
  const view = { root, board, caseId: root.dataset.case, sitePath: siteRoot.pathname, questions: [],
    caseHash: root.dataset.caseHash ?? "" };
  const ctx = caseContext(view, grader);
  const ready = loadCase(resolve("data-case-data"))
    .then((data) => showCase(view, ctx, data, { site: siteRoot.href, sitePath: view.sitePath, onImported }))
    .catch((error) => {
      console.error("[course] case data:", error);
      board.notice("case-data", T.caseDataError);
    });

  return {
    root,
    ready,
    /** Re-read the store (after an import) and show it. */
    reload() {
      const { record } = readCase(view.sitePath, view.caseId);
      showChanged(view, record);
      for (const q of view.questions) q.reload(record ?? emptyRecord(view.caseHash));
      if (root.dataset.caseReady !== undefined) showCaseProgress(root, record);
    },
    dispose: () => {
      unsubscribe();
      stopWatching();
    },
  };
}

/** The status line and the notices under it, with the few ways the case view speaks through them. */
function statusBoard(root) {
  let status = root.querySelector(".case-status");
  if (!status) status = root.insertBefore(h("p", { class: "case-status", role: "status", "aria-live": "polite" }), root.firstChild);
  const notices = h("div", { class: "case-notices", "aria-live": "polite" });
  status.after(notices);
  const board = {
    status,
    notices,
    notice(kind, text) {
      let p = notices.querySelector(`[data-notice="${kind}"]`);
      if (!p) p = notices.appendChild(h("p", { class: `case-notice is-${kind}`, "data-notice": kind }));
      p.textContent = text;
    },
    clear: (kind) => notices.querySelector(`[data-notice="${kind}"]`)?.remove(),
    /** The 「重试」 button after a failed start, right under the status line; focus stays on the page. */
    showRetry(shown, retry) {
      let button = notices.querySelector(".case-retry");
      if (!shown) {
        button?.remove();
        return;
      }
      button ??= notices.insertBefore(h("button", { type: "button", class: "case-retry md-button", text: T.retry }), notices.firstChild);
      button.onclick = retry;
    },
    /** Why answers live only in memory: the full disk, storage refused, or corrupt data kept in place. */
    storage(reason) {
      if (reason === "protected") return; // the "corrupt" notice already says the work stays in memory
      board.notice("storage", reason === "quota" ? T.quota : T.storageOff);
    },
  };
  return board;
}

/** Work saved for another version of this case: tell the student to re-check it. */
function showChanged(view, record) {
  if (record && record.caseHash !== view.caseHash) view.board.notice("changed", T.caseChanged);
  else view.board.clear("changed");
}

/** What each question controller may do with the case's stored record. */
function caseContext(view, grader) {
  return {
    caseId: view.caseId,
    grader,
    transcript: [],
    read: () => readCase(view.sitePath, view.caseId).record ?? emptyRecord(view.caseHash),
    update(mutate) {
      const { record, saved } = updateCase(view.sitePath, view.caseId, view.caseHash, mutate);
      if (!saved.persisted) view.board.storage(saved.reason);
      if (view.root.dataset.caseReady !== undefined) showCaseProgress(view.root, record);
      return record;
    },
  };
}

/** The case JSON arrived: restore saved work, mount every question, then the toolbar. */
async function showCase(view, ctx, data, toolbarOptions) {
  const { root, board } = view;
  view.caseHash = view.caseHash || data.hash;
  ctx.transcript = Array.isArray(data.transcript) ? data.transcript : [];
  const { record, problem, unsaved } = readCase(view.sitePath, view.caseId);
  if (problem) board.notice("corrupt", problem.backupKey ? T.corrupt(problem.backupKey) : T.corruptKept);
  if (unsaved) board.storage(unsaved); // work kept in memory earlier in this visit
  showChanged(view, record);
  const byId = new Map(data.questions.map((q) => [q.id, q]));
  ctx.grader.prepare(data.questions);
  // One question per task: building every widget in one go held the main
  // thread for tens of milliseconds on a slow phone, in the middle of start-up.
  for (const section of root.querySelectorAll("[data-question]")) {
    const question = byId.get(section.dataset.question);
    if (question) view.questions.push(mountQuestion(section, question, data.reveal?.[question.id], ctx));
    await yieldToMain();
    if (!root.isConnected) return; // the student navigated away meanwhile
  }
  const toolbar = root.querySelector(".case-toolbar")
    ?? board.status.parentNode.insertBefore(h("div", { class: "case-toolbar" }), board.notices.nextSibling);
  mountToolbar(toolbar, toolbarOptions);
  showTranscriptOnce(root);
  showCaseProgress(root, ctx.read());
  root.dataset.caseReady = "";
}

/**
 * When an annotation question lists every line of the dialogue (to be marked), the dialogue
 * above it is the same text a second time: it gives way to a link to that question (removed,
 * not hidden: a hidden copy only adds to the page's elements). Without JavaScript (no widget),
 * the dialogue stays.
 */
function showTranscriptOnce(root) {
  const transcript = root.querySelector(":scope > .case-transcript");
  const total = transcript?.querySelectorAll(".case-line").length ?? 0;
  const sections = [...root.querySelectorAll("[data-question]")];
  const at = sections.findIndex((section) => section.dataset.type === "annotate" && section.querySelectorAll(".cw-line").length === total);
  if (!transcript || total === 0 || at < 0) return;
  transcript.replaceWith(h("p", { class: "case-transcript-moved" },
    T.transcriptMoved[0], h("a", { href: `#${sections[at].id}`, text: T.transcriptMoved[1](at + 1) }), T.transcriptMoved[2]));
}

/** The status line for a grader state: 正在加载判分引擎…（stage）, 已就绪, or 加载失败 (on an assessment site, its checker's). */
function statusText(s) {
  const assessment = SITE_MODE === "assessment";
  if (s.state === "ready") return assessment ? T.checkerReady : T.graderReady;
  if (s.state === "error") return assessment ? T.checkerError : T.graderError;
  const head = assessment ? T.checkerLoading : s.restarting ? T.graderRestarting : T.graderLoading;
  return `${head}${T.graderStage[s.stage] ?? ""}${s.slow ? ` ${T.graderSlow}` : ""}`;
}

async function loadCase(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const data = await response.json();
  if (!data || !Array.isArray(data.questions)) throw new Error(`no questions in ${url}`);
  return data;
}

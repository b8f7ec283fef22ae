/**
 * The case toolbar: 导出答案 (practice site) or 提交作业 (assessment site), 导入答案, and
 * who the student is (提交人：name（学号 …）· 修改).
 *
 * Export writes every saved case of this site (also those kept only in
 * memory because storage was full) to a JSON file. Import validates the
 * file, never silently overwrites local work that is newer (it asks, and
 * keeps the local answers unless the student agrees) and reports what it did.
 *
 * 提交作业 (handing in) is the assessment site's export: the first time it asks for the
 * student's name and number, in a dialog, and keeps them with the answers (editable through
 * 修改); the file says `mode: "assessment"` and who handed it in. A practice site's export
 * names the student too, once the student has filled them in.
 */

import { ANSWERS_FORMAT, SITE_MODE } from "./contract.mjs";
import { h } from "./dom.mjs";
import { T } from "./strings.mjs";
import { listCases, putCase, readStudent, writeStudent } from "./store.mjs";
import { buildExport, parseImport, planImport, ImportError } from "./transfer.mjs";

const ASSESSMENT = SITE_MODE === "assessment";

/**
 * @param {HTMLElement} container  the page's `.case-toolbar`
 * @param {{site: string, sitePath: string, onImported: () => void}} options
 */
export function mountToolbar(container, { site, sitePath, onImported }) {
  const bar = {
    site, sitePath,
    message: h("p", { class: "case-toolbar-message", role: "status", "aria-live": "polite" }),
    identity: h("p", { class: "case-identity", "data-identity": "" }),
  };
  bar.dialog = identityDialog(bar);
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, "data-import-file": true });
  const mainButton = ASSESSMENT
    ? h("button", { type: "button", class: "md-button md-button--primary case-hand-in", "data-action": "hand-in", text: T.handIn })
    : h("button", { type: "button", class: "md-button case-export", "data-action": "export", text: T.exportLabel });
  const importButton = h("button", { type: "button", class: "md-button case-import", "data-action": "import", text: T.importLabel });

  mainButton.addEventListener("click", () => exportAnswers(bar));
  importButton.addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    bar.message.textContent = importText(await chosen.text(), { site, sitePath });
    showIdentity(bar);
    onImported();
  });

  container.replaceChildren(h("div", { class: "case-toolbar-buttons" }, mainButton, importButton), bar.identity, file,
    bar.message, bar.dialog.element);
  showIdentity(bar);
}

/**
 * 导出答案 / 提交作业: download every saved case of this site. Handing in asks who the student is first,
 * once (the dialog then hands in by itself).
 */
function exportAnswers(bar) {
  const records = listCases(bar.sitePath);
  if (records.size === 0) {
    bar.message.textContent = ASSESSMENT ? T.handInEmpty : T.exportEmpty;
    return;
  }
  const student = readStudent(bar.sitePath);
  if (ASSESSMENT && !student) {
    bar.dialog.open({ handingIn: true });
    return;
  }
  const now = new Date();
  const name = fileName(now, student);
  download(buildExport(bar.site, records, { now, mode: SITE_MODE, student }), name);
  if (!ASSESSMENT) {
    bar.message.textContent = T.exportDone(records.size);
    return;
  }
  const questions = [...records.values()].reduce((sum, record) => sum + Object.keys(record.answers ?? {}).length, 0);
  bar.message.textContent = T.handInDone({ file: name, who: T.identity(student), cases: records.size, questions });
}

/** 提交人：张三（学号 2023001） 修改, or 未填写 with a button to fill them in. */
function showIdentity(bar) {
  const student = readStudent(bar.sitePath);
  const edit = h("button", { type: "button", class: "case-identity-edit", "data-action": "identity",
    text: student ? T.identityEdit : T.identityAdd, onclick: () => bar.dialog.open({ handingIn: false }) });
  bar.identity.replaceChildren(T.identityLabel, h("span", { class: "case-identity-who", text: student ? T.identity(student) : T.identityNone }), " ", edit);
}

/**
 * The dialog that asks for the name and number. Opened to hand in, its button saves them and hands in;
 * opened through 修改, it saves them. Checked here (both filled in) in Chinese, not by the browser.
 */
function identityDialog(bar) {
  const field = (name, label, autocomplete) => {
    const input = h("input", { type: "text", name, class: "case-dialog-input", maxlength: "64", autocomplete, required: true });
    return { input, row: h("label", { class: "case-dialog-field" }, h("span", { text: label }), input) };
  };
  const name = field("name", T.nameLabel, "name");
  const number = field("number", T.numberLabel, "off");
  const title = h("h2", { class: "case-dialog-title", id: `case-identity-title-${Math.random().toString(36).slice(2)}` });
  const error = h("p", { class: "case-dialog-error", role: "alert" });
  const confirm = h("button", { type: "submit", class: "md-button md-button--primary", "data-action": "identity-save" });
  const cancel = h("button", { type: "button", class: "md-button", text: T.cancel, "data-action": "identity-cancel" });
  const form = h("form", { method: "dialog", class: "case-dialog-form", novalidate: true },
    title, h("p", { class: "case-dialog-why", text: T.identityWhy }), name.row, number.row, error,
    h("div", { class: "case-dialog-buttons" }, confirm, cancel));
  const element = h("dialog", { class: "case-dialog", "data-identity-dialog": "", "aria-labelledby": title.id }, form);
  let handingIn = false;
  cancel.addEventListener("click", () => element.close());
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const student = { name: name.input.value.trim(), number: number.input.value.trim() };
    if (!student.name || !student.number) {
      error.textContent = T.identityMissing;
      (student.name ? number.input : name.input).focus();
      return;
    }
    writeStudent(bar.sitePath, student);
    element.close();
    showIdentity(bar);
    if (handingIn) exportAnswers(bar);
  });
  const open = (options) => {
    handingIn = options.handingIn;
    const known = readStudent(bar.sitePath);
    name.input.value = known?.name ?? "";
    number.input.value = known?.number ?? "";
    title.textContent = handingIn ? T.identityHandInTitle : T.identityTitle;
    confirm.textContent = handingIn ? T.identityDownload : T.identitySave;
    error.textContent = "";
    element.showModal();
  };
  return { element, open };
}

/**
 * Import an answers file; returns the report to show. A file that names the student also tells
 * this site who the student is, unless the student already said.
 * @param {string} text
 * @param {{site: string, sitePath: string}} where
 */
export function importText(text, { site, sitePath }) {
  let parsed;
  try {
    parsed = parseImport(text, { mode: SITE_MODE });
  } catch (error) {
    if (error instanceof ImportError) return T.importBadFile(error.message);
    throw error;
  }
  if (parsed.site && parsed.site !== site && !window.confirm(T.importOtherSite(parsed.site))) return T.importCancelled;
  if (parsed.student && !readStudent(sitePath)) writeStudent(sitePath, parsed.student);
  const plan = planImport(parsed.records, listCases(sitePath));
  const overwrite = plan.conflicts.length > 0 && window.confirm(T.importConfirmNewer(plan.conflicts));
  const imported = overwrite ? [...plan.apply, ...plan.conflicts] : plan.apply;
  const unsaved = imported.filter((id) => !putCase(sitePath, id, parsed.records.get(id)).persisted);
  const report = T.importReport({
    imported: imported.sort(),
    keptLocal: overwrite ? [] : plan.conflicts,
    same: plan.same,
    skipped: parsed.skipped,
  });
  return unsaved.length ? `${report}${T.quota}` : report;
}

function download(data, name) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** <ANSWERS_FORMAT>[-<student number>]-20250305-1407.json: a teacher's folder of 120 files sorts by number. */
function fileName(now, student) {
  const pad = (n) => String(n).padStart(2, "0");
  const who = student ? `-${student.number.replace(/[^\p{L}\p{N}_-]+/gu, "_")}` : "";
  return `${ANSWERS_FORMAT}${who}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.json`;
}

/**
 * 导出答案 / 导入答案: the case toolbar.
 *
 * Export writes every saved case of this site (also those kept only in
 * memory because storage was full) to a JSON file. Import validates the
 * file, never silently overwrites local work that is newer (it asks, and
 * keeps the local answers unless the student agrees) and reports what it did.
 */

import { ANSWERS_FORMAT } from "./contract.mjs";
import { h } from "./dom.mjs";
import { T } from "./strings.mjs";
import { listCases, putCase } from "./store.mjs";
import { buildExport, parseImport, planImport, ImportError } from "./transfer.mjs";

/**
 * @param {HTMLElement} container  the page's `.case-toolbar`
 * @param {{site: string, sitePath: string, onImported: () => void}} options
 */
export function mountToolbar(container, { site, sitePath, onImported }) {
  const message = h("p", { class: "case-toolbar-message", role: "status", "aria-live": "polite" });
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, "data-import-file": true });
  const exportButton = h("button", { type: "button", class: "md-button case-export", "data-action": "export", text: T.exportLabel });
  const importButton = h("button", { type: "button", class: "md-button case-import", "data-action": "import", text: T.importLabel });

  exportButton.addEventListener("click", () => {
    const records = listCases(sitePath);
    if (records.size === 0) {
      message.textContent = T.exportEmpty;
      return;
    }
    download(buildExport(site, records), fileName(new Date()));
    message.textContent = T.exportDone(records.size);
  });
  importButton.addEventListener("click", () => file.click());
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    message.textContent = importText(await chosen.text(), { site, sitePath });
    onImported();
  });

  container.replaceChildren(h("div", { class: "case-toolbar-buttons" }, exportButton, importButton), file, message);
}

/**
 * Import an answers file; returns the report to show.
 * @param {string} text
 * @param {{site: string, sitePath: string}} where
 */
export function importText(text, { site, sitePath }) {
  let parsed;
  try {
    parsed = parseImport(text);
  } catch (error) {
    if (error instanceof ImportError) return T.importBadFile(error.message);
    throw error;
  }
  if (parsed.site && parsed.site !== site && !window.confirm(T.importOtherSite(parsed.site))) return T.importCancelled;
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

function fileName(now) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${ANSWERS_FORMAT}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.json`;
}

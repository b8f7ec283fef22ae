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

/** The site root: this file lives at <root>/assets/course/case-runner.mjs. */
const SITE_ROOT = new URL("../../", import.meta.url);

/** @type {Set<ReturnType<typeof mountCase>>} */
const views = new Set();

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
}

/** After an import, every case on the page shows what is now stored. */
function reloadAll() {
  for (const view of views) view.reload();
}

const documents = globalThis.document$;
if (documents && typeof documents.subscribe === "function") documents.subscribe(scan);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan, { once: true });
else scan();

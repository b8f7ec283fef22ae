/**
 * Start Pyodide with the course checker and grade answers: the part shared by
 * the browser's grader worker and the Node equivalence test
 * (tests/pyodide/run_in_pyodide.mjs).
 *
 * Why shared: the equivalence test must exercise the very glue students run,
 * not a copy of it. This module therefore uses no DOM and no worker API; the
 * caller passes `loadPyodide` (imported from the site's own Pyodide copy) and
 * the checker bundle bytes.
 *
 * Data crosses the JS/Python boundary as JSON text only, through
 * `exercises.grade_json(question_json, answer_json) -> result_json` (json in,
 * `grade`, json out, all in Python). No JS value is converted by Pyodide's
 * proxies, so nothing can differ from CPython except the interpreter itself.
 */

/** Where the checker bundle is unpacked inside Pyodide's file system. */
export const CHECKER_DIR = "/home/pyodide/svc-checker";

const GLUE = `
import sys
if ${JSON.stringify(CHECKER_DIR)} not in sys.path:
    sys.path.insert(0, ${JSON.stringify(CHECKER_DIR)})
import exercises
exercises.grade_json
`;

/**
 * Load Pyodide, unpack the checker bundle and import `exercises`.
 *
 * Two optional ways to start, for the memory snapshot (grader-snapshot.mjs):
 * `snapshot` restores a heap saved by an earlier visit instead of starting
 * CPython (≈0.3 s instead of ≈4 s); `makeSnapshot` starts normally but keeps
 * Pyodide able to save its heap later through the returned `snapshot()`.
 * The file system is not part of a snapshot, so the bundle is unpacked on
 * every start: `exercises` itself is already imported in a restored heap, but
 * anything it imports lazily must still find its files.
 *
 * @param {object} options
 * @param {(config: object) => Promise<any>} options.loadPyodide  from the site's pyodide.mjs
 * @param {string} options.indexURL  folder of the Pyodide core files (trailing slash)
 * @param {Uint8Array|ArrayBuffer|Promise<Uint8Array|ArrayBuffer>} options.bundle  the checker zip
 * @param {Uint8Array|Promise<Uint8Array>} [options.snapshot]  a heap saved by `snapshot()` with the same runtime and bundle
 * @param {boolean} [options.makeSnapshot]  allow `snapshot()` on the returned grader
 * @param {(stage: "runtime"|"checker") => void} [options.onStage]  progress for the UI
 * @returns {Promise<{grade: (questionJSON: string, answerJSON: string) => string, pyodide: any, snapshot: () => Uint8Array}>}
 */
export async function startGrader({ loadPyodide, indexURL, bundle, snapshot, makeSnapshot = false, onStage = () => {} }) {
  onStage("runtime");
  const config = { indexURL };
  if (snapshot) config._loadSnapshot = snapshot;
  else if (makeSnapshot) config._makeSnapshot = true;
  const pyodide = await loadPyodide(config);
  onStage("checker");
  const bytes = await bundle;
  // unpackArchive rejects Node Buffers and bare ArrayBuffers: it needs a Uint8Array.
  const view = bytes instanceof Uint8Array ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  pyodide.unpackArchive(view, "zip", { extractDir: CHECKER_DIR });
  const gradeJSON = pyodide.runPython(GLUE);
  return {
    pyodide,
    grade: (questionJSON, answerJSON) => gradeJSON(questionJSON, answerJSON),
    // Only strings ever cross into Python (grade_json), so no JS object is
    // referenced from the heap and it can be saved after any number of grades.
    // Question types are imported on first use (a faster first start); the heap
    // saved for later visits has them all, so a restored grader never imports one.
    snapshot: () => {
      pyodide.runPython("import exercises; exercises.import_all_types()");
      return pyodide.makeMemorySnapshot();
    },
  };
}

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
 * @param {object} options
 * @param {(config: object) => Promise<any>} options.loadPyodide  from the site's pyodide.mjs
 * @param {string} options.indexURL  folder of the Pyodide core files (trailing slash)
 * @param {Uint8Array|ArrayBuffer|Promise<Uint8Array|ArrayBuffer>} options.bundle  the checker zip
 * @param {(stage: "runtime"|"checker") => void} [options.onStage]  progress for the UI
 * @returns {Promise<{grade: (questionJSON: string, answerJSON: string) => string, pyodide: any}>}
 */
export async function startGrader({ loadPyodide, indexURL, bundle, onStage = () => {} }) {
  onStage("runtime");
  const pyodide = await loadPyodide({ indexURL });
  onStage("checker");
  const bytes = await bundle;
  // unpackArchive rejects Node Buffers and bare ArrayBuffers: it needs a Uint8Array.
  const view = bytes instanceof Uint8Array ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  pyodide.unpackArchive(view, "zip", { extractDir: CHECKER_DIR });
  const gradeJSON = pyodide.runPython(GLUE);
  return {
    pyodide,
    grade: (questionJSON, answerJSON) => gradeJSON(questionJSON, answerJSON),
  };
}

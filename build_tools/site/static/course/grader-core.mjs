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

/**
 * The standard library a grader restored from a heap is given: an empty archive (22 bytes) instead of
 * the 2.5 MB python_stdlib.zip. Every module the checker uses is in the heap already
 * (exercises.import_all_types; tests/pyodide/test_equivalence.py grades every proof on a grader
 * restored this way, and tests/grading/test_lazy_types.py checks the checker imports nothing else).
 */
export const RESTORED_STDLIB = new URL("restored-stdlib.zip", import.meta.url).href;

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
 * every start. A restored heap has imported the whole checker already (the
 * heap is saved after `exercises.import_all_types()`), so there the files only
 * serve what Python reads later (source lines in a traceback, an import added
 * inside a function): they are unpacked by the returned `installFiles()`, which
 * the worker calls once it has reported ready, instead of before (≈20 ms of a
 * start that takes ≈0.8 s). On a normal start they are unpacked first, and
 * `installFiles()` does nothing.
 *
 * @param {object} options
 * @param {(config: object) => Promise<any>} options.loadPyodide  from the site's pyodide.mjs
 * @param {string} options.indexURL  folder of the Pyodide core files (trailing slash)
 * @param {Uint8Array|ArrayBuffer|Promise<Uint8Array|ArrayBuffer>} options.bundle  the checker zip
 * @param {Uint8Array|Promise<Uint8Array>} [options.snapshot]  a heap saved by `snapshot()` with the same runtime and bundle
 * @param {boolean} [options.makeSnapshot]  allow `snapshot()` on the returned grader
 * @param {(stage: "runtime"|"checker") => void} [options.onStage]  progress for the UI
 * A restored heap must carry the fingerprint of `bundle` (recorded by `snapshot()`), else
 * this rejects with SnapshotMismatch and the caller starts normally.
 * @returns {Promise<{grade: (questionJSON: string, answerJSON: string) => string, prepare: (questionJSON: string) => boolean, pyodide: any, snapshot: () => Promise<Uint8Array>, installFiles: () => Promise<void>}>}
 */
export async function startGrader({ loadPyodide, indexURL, bundle, snapshot, makeSnapshot = false, onStage = () => {} }) {
  onStage("runtime");
  const config = { indexURL };
  if (snapshot) Object.assign(config, { _loadSnapshot: snapshot, stdLibURL: RESTORED_STDLIB });
  else if (makeSnapshot) config._makeSnapshot = true;
  const pyodide = await loadPyodide(config);
  onStage("checker");
  const install = async () => unpackBundle(pyodide, await bundle);
  if (snapshot) {
    // Pyodide refuses a heap of another runtime build; this refuses one of another checker.
    const made = pyodide.runPython(`import sys; getattr(sys, ${JSON.stringify(BUNDLE_MARK)}, "")`);
    const wanted = fingerprint(await bundle);
    if (made !== wanted) throw new SnapshotMismatch(`snapshot of checker ${made || "(unmarked)"}, page's checker ${wanted}`);
  } else await install();
  const gradeJSON = pyodide.runPython(GLUE);
  const prepareJSON = pyodide.runPython("exercises.prepare_json");
  return {
    pyodide,
    installFiles: snapshot ? install : async () => {},
    grade: (questionJSON, answerJSON) => gradeJSON(questionJSON, answerJSON),
    /** Compile a question's rubric now (exercises.prepare_json): its first grade is then quick. */
    prepare: (questionJSON) => prepareJSON(questionJSON),
    // Only strings ever cross into Python (grade_json), so no JS object is
    // referenced from the heap and it can be saved after any number of grades.
    // Question types are imported on first use (a faster first start); the heap
    // saved for later visits has them all, so a restored grader never imports one.
    snapshot: async () => {
      const mark = JSON.stringify(fingerprint(await bundle));
      pyodide.runPython(`import sys, exercises; exercises.import_all_types(); sys.${BUNDLE_MARK} = ${mark}`);
      return pyodide.makeMemorySnapshot();
    },
  };
}

/** A heap saved with another checker bundle than the one given (see startGrader). */
export class SnapshotMismatch extends Error {}

/** Where a saved heap records which checker bundle it was made with (its fingerprint). */
const BUNDLE_MARK = "_svc_checker";

/**
 * FNV-1a (32 bits) and the length of `bytes`, in hex: tells two checker bundles apart
 * (a mix-up, not an attack), with no need for crypto.subtle, which plain-http sites lack.
 * @param {Uint8Array|ArrayBuffer} bytes
 */
export function fingerprint(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let hash = 0x811c9dc5;
  for (let i = 0; i < view.length; i++) hash = Math.imul(hash ^ view[i], 0x01000193);
  return `${(hash >>> 0).toString(16).padStart(8, "0")}-${view.length.toString(16)}`;
}

function unpackBundle(pyodide, bytes) {
  // unpackArchive rejects Node Buffers and bare ArrayBuffers: it needs a Uint8Array.
  const view = bytes instanceof Uint8Array ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  pyodide.unpackArchive(view, "zip", { extractDir: CHECKER_DIR });
}

/**
 * The grader's module Web Worker: Pyodide and `exercises.grade` live here so
 * the page never freezes while CPython starts (≈3–6 s of CPU) or grades.
 *
 * Protocol (all messages are plain objects):
 *   page → worker  {type: "init", pyodideURL, checkerURL}
 *                  {type: "grade", id, question: JSON text, answer: JSON text}
 *   worker → page  {type: "stage", stage: "runtime"|"checker"}
 *                  {type: "ready", ms}
 *                  {type: "failed", message}   (loading failed; details in the console)
 *                  {type: "result", id, result: JSON text} or {type: "result", id, error: "internal"}
 *
 * A student never sees a Python traceback: grading errors become
 * `error: "internal"` and the traceback goes to the console for maintainers.
 * A runaway grade cannot be interrupted here (no SharedArrayBuffer without
 * COOP/COEP headers); the page terminates this worker and starts a new one.
 */

import { startGrader } from "./grader-core.mjs";

/** @type {Promise<{grade: Function}>|null} */
let grader = null;

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === "init" && !grader) grader = init(message);
  else if (message.type === "grade") handleGrade(message);
});

async function init({ pyodideURL, checkerURL }) {
  const t0 = performance.now();
  try {
    // Fetch the bundle while CPython starts: the two are independent.
    const bundle = fetch(checkerURL).then((response) => {
      if (!response.ok) throw new Error(`checker bundle: HTTP ${response.status} for ${checkerURL}`);
      return response.arrayBuffer();
    });
    bundle.catch(() => {}); // reported below, once awaited
    const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideURL).href);
    const ready = await startGrader({
      loadPyodide,
      indexURL: pyodideURL,
      bundle,
      onStage: (stage) => self.postMessage({ type: "stage", stage }),
    });
    self.postMessage({ type: "ready", ms: Math.round(performance.now() - t0) });
    return ready;
  } catch (error) {
    console.error("[grader] loading failed:", error);
    self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    throw error;
  }
}

async function handleGrade({ id, question, answer }) {
  try {
    const ready = await grader;
    self.postMessage({ type: "result", id, result: ready.grade(question, answer) });
  } catch (error) {
    console.error("[grader] grading failed:", error);
    self.postMessage({ type: "result", id, error: "internal" });
  }
}

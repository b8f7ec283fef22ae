/**
 * The grader's module Web Worker: Pyodide and `exercises.grade` live here so
 * the page never freezes while CPython starts (≈3–6 s of CPU) or grades.
 *
 * It starts loading as soon as it runs, from its own module URL's `pyodide`
 * and `checker` parameters: a message from the page could only be delivered once
 * the page's main thread is free, which during page load it often is not.
 *
 * Protocol (all messages are plain objects):
 *   page → worker  {type: "grade", id, question: JSON text, answer: JSON text, reply?: channel name}
 *   worker → page  {type: "stage", stage: "runtime"|"checker"}
 *                  {type: "ready", ms, start: "snapshot"|"plain", phases}
 *                  {type: "snapshot", state: "shipped"|"restored"|"stored"|"failed"|"unsupported"}
 *                  {type: "failed", message}   (loading failed; details in the console)
 *                  {type: "result", id, result: JSON text} or {type: "result", id, error: "internal"}
 *                  {type: "crashed", id, message}  (the runtime died; this worker is closing)
 *
 * Start-up: a repeat visit restores the memory snapshot an earlier visit saved
 * (grader-snapshot.mjs); a first visit restores the one shipped with the site (the
 * `snapshot` parameter, made at build time), or, without one, CPython starts normally and,
 * once the page has been told "ready", the heap is saved for next time. Saving never delays
 * "ready", and any snapshot failure falls back to the normal start.
 *
 * `phases` says where the start-up time went, as wall-clock times (ms since the
 * epoch, comparable with the page's clock): "worker" (this module runs), "runtime-files"
 * (Pyodide's wasm has arrived; absent when the browser does not report it), "runtime"
 * (Python is running, started or restored) and "ready". The page turns them into
 * performance marks; the benchmark reports them (BENCHMARKS.md).
 *
 * A result goes back twice: on the page's reply channel (a BroadcastChannel with a
 * name private to that page, when the page gave one; why: grader-client.mjs) and as a
 * plain message, the safety net. The page keeps whichever copy comes first.
 *
 * A student never sees a Python traceback: a Python exception in grading
 * becomes `error: "internal"` (a bug in the checker; the traceback goes to the
 * console for maintainers). Any other failure means the runtime itself is gone
 * (Pyodide's fatal errors, out of memory): the worker reports "crashed" and
 * closes, and the page starts a new one and grades that answer again.
 * A runaway grade cannot be interrupted here (no SharedArrayBuffer without
 * COOP/COEP headers); the page terminates this worker and starts a new one.
 */

import { startGrader } from "./grader-core.mjs";
import {
  fetchShippedSnapshot, findSnapshot, forgetSnapshot, openSnapshots, snapshotKey, snapshotsSupported, storePacked, writeSnapshot,
} from "./grader-snapshot.mjs";

self.addEventListener("message", (event) => {
  if (event.data.type === "grade") handleGrade(event.data);
  else if (event.data.type === "prepare") handlePrepare(event.data);
});

// The module's own URL, not self.location: the page may start this worker from a
// small blob module that imports this file (grader-boot.js).
const own = new URL(import.meta.url).searchParams;
/**
 * Settles once the checker's files are on the virtual disk. A restored grader reports
 * ready before unpacking them (its heap has every checker module imported already), but
 * a grade waits for them, so that it runs against the same files as after a plain start
 * (tracebacks, any later import): only a grade sent in the first few ms after ready waits.
 */
let filesInstalled = Promise.resolve();

/** A runtime file that did not arrive or did not compile (the message says which). */
class RuntimeFilesError extends Error {}

/**
 * Rejects with a RuntimeFilesError as soon as a request for one of Pyodide's own files fails
 * (network error or HTTP error) or its WebAssembly does not compile.
 *
 * Why: Pyodide catches a failed wasm download or instantiation, only logs
 * "wasm instantiation failed!" and never settles `loadPyodide` (0.29.5 and 314.0.7, `getInstantiateWasmFunc`),
 * and a missing python_stdlib.zip is only logged too. Without this the page said
 * 「正在加载」 until its two-minute limit. Nothing is fetched twice: this only watches the
 * requests Pyodide makes, in this worker's own scope.
 * @param {string} indexURL  the Pyodide folder (requests under it are watched)
 */
function watchRuntimeFiles(indexURL) {
  return new Promise((_, reject) => {
    const fail = (what, error) => reject(new RuntimeFilesError(`${what}: ${error?.message ?? error}`));
    const plainFetch = self.fetch.bind(self);
    self.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const request = plainFetch(input, init);
      if (url.startsWith(indexURL)) {
        request.then((response) => { if (!response.ok) fail(url, `HTTP ${response.status}`); }, (error) => fail(url, error));
      }
      return request;
    };
    for (const name of ["instantiate", "instantiateStreaming"]) {
      const plain = WebAssembly[name]?.bind(WebAssembly);
      if (!plain) continue;
      WebAssembly[name] = (...args) => {
        const compiled = plain(...args);
        compiled.catch((error) => fail(`WebAssembly.${name}`, error));
        return compiled;
      };
    }
  });
}
/** @type {Promise<{grade: Function, pyodide: any, snapshot: Function, installFiles: Function}>} */
const runtimeFailed = watchRuntimeFiles(new URL(own.get("pyodide") ?? "", self.location.href).href);
runtimeFailed.catch(() => {}); // raced in init(), which reports it
const grader = init({ pyodideURL: own.get("pyodide"), checkerURL: own.get("checker"), shippedURL: own.get("snapshot") });

async function init({ pyodideURL, checkerURL, shippedURL }) {
  const t0 = performance.now();
  const phases = { worker: wallClock() };
  try {
    // Fetch the bundle while CPython starts: the two are independent.
    const bundle = fetch(checkerURL).then((response) => {
      if (!response.ok) throw new Error(`checker bundle: HTTP ${response.status} for ${checkerURL}`);
      return response.arrayBuffer();
    });
    bundle.catch(() => {}); // reported below, once awaited
    const snapshots = openSnapshots(); // opening Cache Storage overlaps importing pyodide.mjs
    const { loadPyodide, version } = await import(new URL("pyodide.mjs", pyodideURL).href);
    const key = snapshotKey(pyodideURL, version, checkerURL);
    const onStage = (stage) => {
      if (stage === "checker") phases.runtime = wallClock();
      self.postMessage({ type: "stage", stage });
    };
    const options = { loadPyodide, indexURL: pyodideURL, bundle, onStage };
    // Either start, raced against the runtime's files failing (see watchRuntimeFiles).
    const started = (more) => Promise.race([startGrader({ ...options, ...more }), runtimeFailed]);

    const saved = await findSnapshot(key, snapshots);
    const shipped = !saved && shippedURL ? fetchShippedSnapshot(shippedURL) : null;
    const candidate = saved ? ["stored", saved.bytes] : shipped ? ["shipped", shipped.then((file) => file.heap)] : null;
    let { ready, from } = await restore(candidate, started, key);
    const start = ready ? "snapshot" : "plain";
    ready ??= await started({ makeSnapshot: snapshotsSupported() });
    phases.ready = wallClock();
    const wasm = performance.getEntriesByType?.("resource").find((entry) => /\/pyodide\.asm\.wasm([?#]|$)/.test(entry.name));
    if (wasm && wasm.responseEnd > 0) phases["runtime-files"] = performance.timeOrigin + wasm.responseEnd;
    self.postMessage({ type: "ready", ms: Math.round(performance.now() - t0), start, phases });

    if (start === "snapshot") {
      filesInstalled = new Promise((resolve) => setTimeout(() => {
        ready.installFiles()
          .catch((error) => console.warn("[grader] could not unpack the checker's files:", error))
          .finally(resolve);
      }, 0));
      if (from === "shipped") filesInstalled.then(() => keepShipped(shipped.then((file) => file.packed), key));
      else self.postMessage({ type: "snapshot", state: "restored" });
    } else if (!snapshotsSupported()) self.postMessage({ type: "snapshot", state: "unsupported" });
    // After "ready" has gone out: grades already queued are answered first.
    else setTimeout(() => saveSnapshot(ready, key), 0);
    return ready;
  } catch (error) {
    console.error("[grader] loading failed:", error);
    self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    throw error;
  }
}

/**
 * Start from a heap: the one this browser saved on an earlier visit, else the one shipped with
 * the site. One that does not restore (corrupt, truncated, another runtime or checker:
 * grader-core.mjs) gives `{ready: null}`, and the caller starts CPython normally, within this
 * page load; a stored one is deleted so that the next visit does not try it again.
 * @param {[string, Promise<Uint8Array>]|null} candidate  [where it comes from, its bytes]
 */
async function restore(candidate, started, key) {
  if (!candidate) return { ready: null, from: null };
  const [from, bytes] = candidate;
  // loadPyodide does reject when the bytes do, but only once its own files are in; a failed
  // download (HTTP error, truncated, corrupt) ends the try at once instead.
  const unusable = bytes.then(() => new Promise(() => {}));
  try {
    return { ready: await Promise.race([started({ snapshot: bytes }), unusable]), from };
  } catch (error) {
    if (error instanceof RuntimeFilesError) throw error; // the network, not the snapshot: keep it
    console.warn(`[grader] the ${from} snapshot did not restore, starting normally:`, error);
    if (from === "stored") await forgetSnapshot(key);
    return { ready: null, from: null };
  }
}

/**
 * Keep the shipped heap this visit restored in Cache Storage too: the next visit then reads it
 * there (unpacked in ~0.1 s less than fetching and unzipping the shipped file from the HTTP cache,
 * which may also have dropped it). Reported as "shipped" once done, whether it could be kept or not.
 */
async function keepShipped(packed, key) {
  if (snapshotsSupported()) {
    const bytes = await packed;
    await storePacked(key, () => new Blob([bytes]));
  }
  self.postMessage({ type: "snapshot", state: "shipped" });
}

async function saveSnapshot(ready, key) {
  let state;
  try {
    state = await writeSnapshot(key, await ready.snapshot());
  } catch (error) {
    console.warn("[grader] could not take a snapshot:", error);
    state = "failed";
  }
  self.postMessage({ type: "snapshot", state });
}

/**
 * The page's questions, prepared one per task in the background (exercises.prepare_json): a grade
 * the page asks for meanwhile waits for one step at most, and its first grade of a text question
 * then takes a few milliseconds instead of about a hundred. "prepared" tells the page when done.
 */
async function handlePrepare({ questions }) {
  let ready;
  try {
    ready = await grader;
  } catch {
    return; // loading failed and the page was told so
  }
  await filesInstalled;
  for (const question of questions) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      ready.prepare(question);
    } catch (error) {
      console.warn("[grader] could not prepare a question:", error);
    }
  }
  self.postMessage({ type: "prepared", count: questions.length });
}

async function handleGrade({ id, question, answer, reply }) {
  let ready;
  try {
    ready = await grader;
  } catch {
    return; // loading failed and the page was told so
  }
  await filesInstalled;
  try {
    sendResult(reply, { type: "result", id, result: ready.grade(question, answer) });
  } catch (error) {
    if (isPythonError(error)) {
      console.error("[grader] grading failed:", error);
      sendResult(reply, { type: "result", id, error: "internal" });
    } else {
      console.error("[grader] the Python runtime stopped:", error);
      self.postMessage({ type: "crashed", id, message: String(error && error.message ? error.message : error) });
      self.close();
    }
  }
}

/** The page's reply channel, opened on the first result (a worker serves one page, one name). */
let replyChannel = null;

/** Post a result on the page's reply channel, if it named one, and as a plain message. */
function sendResult(reply, message) {
  if (typeof reply === "string" && typeof BroadcastChannel === "function") {
    try {
      if (replyChannel?.name !== reply) {
        replyChannel?.close();
        replyChannel = new BroadcastChannel(reply);
      }
      replyChannel.postMessage(message);
    } catch (error) {
      console.warn("[grader] reply channel unusable, answering by message only:", error);
    }
  }
  self.postMessage(message);
}

/** Now, in ms since the epoch: the page and this worker have different time origins. */
function wallClock() {
  return performance.timeOrigin + performance.now();
}

/**
 * A Python exception raised by the checker (a bug in it), as opposed to the
 * runtime dying. Decided by name: after a fatal error every Pyodide API,
 * `pyodide.ffi` included, throws, so the class cannot be looked up then.
 */
function isPythonError(error) {
  return Boolean(error) && error.constructor?.name === "PythonError" && !error.pyodide_fatal_error;
}

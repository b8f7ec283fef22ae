/**
 * The page's side of the grader: one module Web Worker per visit, its
 * loading state, request ids, and the time limit.
 *
 * Why a module-level singleton: case-runner.mjs is loaded once per visit and
 * survives Material's instant navigation, so keeping the worker here means
 * Pyodide starts once and `pyodide.asm.wasm` is fetched once, however many
 * case pages the student opens. Pages without exercises never call
 * getGrader(), so they never start it.
 *
 * Why one request at a time: the worker is single-threaded anyway, and
 * sending the next request only when the previous answered lets the timer
 * measure exactly one grade. When a grade runs past GRADE_TIMEOUT_MS the
 * worker is terminated (the only way to stop Python without SharedArrayBuffer)
 * and a fresh one is started; that request fails with reason "timeout", the
 * others wait for the new worker.
 *
 * Why a crash is retried once: a worker whose runtime dies (Pyodide's fatal
 * errors, out of memory, the browser killing it) is replaced at once and the
 * answer it was grading is graded again by the new worker, so a one-off
 * crash costs the student a few seconds, not a lost submission. An answer
 * that crashes the grader twice fails with reason "internal".
 *
 * Why results come on a BroadcastChannel: after a click Chromium defers the page's
 * ordinary tasks, worker messages among them, until the next frame is painted, so
 * a result posted by the worker in 2 ms was handled only after that frame (≈8–16 ms
 * later) and shown one frame late. Messages on a BroadcastChannel are not deferred.
 * Each worker gets a channel with a random name, so another tab of the same page
 * never sees these results; the worker also posts each result as a plain message,
 * and whichever copy arrives second is ignored (its id no longer matches).
 *
 * Why answers wait through a failed start: a runtime that cannot load (offline, a blocked
 * file) puts the client in the "error" state within a second or two (the worker reports it,
 * grader-worker.mjs), and `retry()` starts a new worker without a reload. Answers submitted
 * before or during the failure stay queued and are graded once a retry succeeds; nothing is
 * rejected for it, so nothing has to be submitted again.
 *
 * Why a worker may already exist: case pages start one with an inline script
 * first in their <head> (see adoptBootWorker).
 *
 * For tests and the benchmark the page records the performance marks
 * "svc-course:grader-start" (a worker is created), "svc-course:grader-ready"
 * (it is ready) and "svc-course:phase:<name>" (the worker's own start-up phases,
 * on the page's timeline), and on <html> the
 * attributes data-grader-start ("snapshot" | "plain": how this worker started)
 * and data-grader-snapshot ("shipped" | "restored" | "stored" | "failed" | "unsupported").
 */

export const GRADE_TIMEOUT_MS = 8000;
export const LOAD_TIMEOUT_MS = 120000;
export const SLOW_LOAD_MS = 15000;
export const READY_MARK = "svc-course:grader-ready";
/** Prefix of the marks for the worker's start-up phases (see grader-worker.mjs). */
export const PHASE_MARK = "svc-course:phase:";
export const START_MARK = "svc-course:grader-start";

const WORKER_URL = new URL("./grader-worker.mjs", import.meta.url);

/** Why a grade did not produce a result: "timeout" | "internal" | "unavailable". */
export class GraderError extends Error {
  constructor(reason, message = reason) {
    super(message);
    this.reason = reason;
  }
}

/** @type {GraderClient|null} */
let current = null;

/**
 * The grader for this visit, started on first use. A page that names a
 * different runtime or checker (a site rebuilt during the visit) replaces it.
 * @param {string} pyodideURL absolute URL of the Pyodide folder
 * @param {string} checkerURL absolute URL of the checker bundle
 * @param {string} [snapshotURL] absolute URL of the snapshot shipped with the site, if any
 */
export function getGrader(pyodideURL, checkerURL, snapshotURL = "") {
  if (current && current.pyodideURL === pyodideURL && current.checkerURL === checkerURL && current.snapshotURL === snapshotURL) {
    return current;
  }
  current?.dispose();
  current = new GraderClient(pyodideURL, checkerURL, { snapshotURL });
  return current;
}

export class GraderClient {
  constructor(pyodideURL, checkerURL, { snapshotURL = "", gradeTimeout = GRADE_TIMEOUT_MS, loadTimeout = LOAD_TIMEOUT_MS } = {}) {
    this.pyodideURL = pyodideURL;
    this.checkerURL = checkerURL;
    this.snapshotURL = snapshotURL;
    this.gradeTimeout = gradeTimeout;
    this.loadTimeout = loadTimeout;
    /** @type {{state: "loading"|"ready"|"error", stage: string, slow: boolean, readyMs: number|null, restarts: number, restarting: boolean}} */
    this.status = { state: "loading", stage: "start", slow: false, readyMs: null, restarts: 0, restarting: false };
    this.listeners = new Set();
    this.queue = [];
    this.inFlight = null;
    this.nextId = 1;
    this.start();
  }

  /** Subscribe to state changes; called at once with the current state. Returns an unsubscribe function. */
  onState(listener) {
    this.listeners.add(listener);
    listener({ ...this.status });
    return () => this.listeners.delete(listener);
  }

  /**
   * Grade one answer. Resolves with the grader's result dict; rejects with a
   * GraderError. Requests made while loading wait until the worker is ready.
   */
  grade(question, answer) {
    return new Promise((resolve, reject) => {
      if (this.disposed) {
        reject(new GraderError("unavailable"));
        return;
      }
      this.queue.push({ question, answer, resolve, reject });
      this.pump();
    });
  }

  /**
   * Have the worker compile these questions' rubrics in the background once it is ready (again
   * after a restart), so that a student's first grade of each is as quick as the next ones.
   */
  prepare(questions) {
    if (this.disposed) return;
    this.prepared = questions.map((question) => JSON.stringify(question));
    if (this.status.state === "ready") this.worker.postMessage({ type: "prepare", questions: this.prepared });
  }

  /** True while an answer is queued or being graded (the UI shows 正在判分…). */
  get busy() {
    return Boolean(this.inFlight) || this.queue.length > 0;
  }

  /** After a failed start: a new worker, without a reload; queued answers are graded once it is ready. */
  retry() {
    if (this.status.state !== "error" || this.disposed) return;
    this.worker?.terminate();
    this.update({ state: "loading", stage: "start", slow: false, readyMs: null, retries: (this.status.retries ?? 0) + 1 });
    this.start();
  }

  dispose() {
    this.disposed = true;
    this.worker?.terminate();
    this.replies?.close();
    this.fail("disposed", false);
    for (const job of this.queue.splice(0)) job.reject(new GraderError("unavailable", "disposed"));
    this.listeners.clear();
  }

  // --- internals -----------------------------------------------------------

  start() {
    const url = workerURL(this.pyodideURL, this.checkerURL, this.snapshotURL);
    const boot = adoptBootWorker(url);
    if (!boot) mark(START_MARK);
    const worker = boot ? boot.worker : new Worker(url, { type: "module" });
    this.worker = worker;
    this.replies?.close();
    this.replies = null; // opened with this worker's first grade (pump), not during page start-up
    const onMessage = (event) => this.onMessage(worker, event.data);
    // A worker script that fails to load (404, wrong MIME type) only fires "error".
    // Once ready, an error means the worker died: replace it.
    const onError = (event) => {
      event.preventDefault?.();
      if (worker !== this.worker) return;
      if (this.status.state === "ready") this.restart({ crashed: true });
      else this.fail(event.message || "worker error");
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
    clearTimeout(this.slowTimer);
    clearTimeout(this.loadTimer);
    this.slowTimer = setTimeout(() => this.update({ slow: true }), SLOW_LOAD_MS);
    this.loadTimer = setTimeout(() => {
      if (worker === this.worker && this.status.state === "loading") this.fail("load timeout");
    }, this.loadTimeout);
    // The worker starts from its URL's parameters; a boot worker may have sent messages already.
    if (boot) for (const event of boot.events) (event.type === "error" ? onError : onMessage)(event);
  }

  onMessage(worker, message) {
    if (worker !== this.worker) return; // a terminated worker's late message
    if (message.type === "stage") this.update({ stage: message.stage });
    else if (message.type === "ready") {
      clearTimeout(this.slowTimer);
      clearTimeout(this.loadTimer);
      markPhases(message.phases);
      markReady(message.start);
      openSearch();
      this.update({ state: "ready", stage: "ready", slow: false, readyMs: message.ms, restarting: false });
      this.pump();
      if (this.prepared) worker.postMessage({ type: "prepare", questions: this.prepared });
    } else if (message.type === "snapshot") setRootData("graderSnapshot", message.state);
    else if (message.type === "prepared") setRootData("graderPrepared", String(message.count));
    else if (message.type === "failed") this.fail(message.message);
    else if (message.type === "result") this.finish(message);
    else if (message.type === "crashed") this.restart({ crashed: true });
  }

  pump() {
    if (this.status.state !== "ready" || this.inFlight || this.queue.length === 0) return;
    const job = this.queue.shift();
    job.id = this.nextId++;
    this.inFlight = job;
    job.timer = setTimeout(() => this.timeOut(job), this.gradeTimeout);
    const worker = this.worker;
    this.replies ??= openReplyChannel((message) => {
      if (message?.type === "result") this.onMessage(worker, message);
    });
    worker.postMessage({
      type: "grade",
      id: job.id,
      question: JSON.stringify(job.question),
      answer: JSON.stringify(job.answer ?? null),
      reply: this.replies?.name,
    });
  }

  finish(message) {
    const job = this.inFlight;
    if (!job || job.id !== message.id) return;
    clearTimeout(job.timer);
    this.inFlight = null;
    if (message.error) job.reject(new GraderError("internal"));
    else {
      try {
        job.resolve(JSON.parse(message.result));
      } catch {
        job.reject(new GraderError("internal"));
      }
    }
    this.pump();
  }

  timeOut(job) {
    if (this.inFlight !== job) return;
    this.inFlight = null;
    job.reject(new GraderError("timeout"));
    this.restart();
  }

  /**
   * Replace the worker. After a crash the answer being graded goes back to the
   * front of the queue, once; a second crash on it rejects it as "internal".
   */
  restart({ crashed = false } = {}) {
    const job = this.inFlight;
    this.inFlight = null;
    if (job) {
      clearTimeout(job.timer);
      if (crashed && !job.retried) {
        job.retried = true;
        this.queue.unshift(job);
      } else job.reject(new GraderError(crashed ? "internal" : "timeout"));
    }
    this.worker.terminate();
    this.update({ state: "loading", stage: "start", readyMs: null, restarts: this.status.restarts + 1, restarting: true });
    this.start();
  }

  fail(message, notify = true) {
    openSearch();
    clearTimeout(this.slowTimer);
    clearTimeout(this.loadTimer);
    if (this.inFlight) { // a grade is only in flight once ready; keep it for the next worker
      clearTimeout(this.inFlight.timer);
      this.queue.unshift(this.inFlight);
      this.inFlight = null;
    }
    this.status = { ...this.status, state: "error", stage: "error", slow: false, detail: message };
    if (notify) this.emit();
  }

  update(change) {
    this.status = { ...this.status, ...change };
    this.emit();
  }

  emit() {
    for (const listener of [...this.listeners]) listener({ ...this.status });
  }
}

/**
 * The worker the case page's inline boot script (build_tools/site/static/grader-boot.js)
 * started first thing in <head>, if it is for this runtime and checker and not yet taken.
 * Its buffered events are handed over; from then on the client listens itself.
 */
function adoptBootWorker(url) {
  const boot = globalThis.svcCourseBoot;
  if (!boot || !boot.worker) return null;
  const fits = boot.workerURL === url;
  const { worker, events } = boot;
  boot.worker = null; // taken (or discarded): later pages never adopt it
  worker.onmessage = worker.onerror = null;
  if (fits) return { worker, events };
  worker.terminate();
  return null;
}

/**
 * A BroadcastChannel under a random name for one worker's results (see the header),
 * or null where there is none; the results then come as worker messages only.
 * @param {(message: any) => void} onMessage
 * @returns {{name: string, close: () => void}|null}
 */
function openReplyChannel(onMessage) {
  if (typeof BroadcastChannel !== "function" || !globalThis.crypto?.getRandomValues) return null;
  try {
    const random = Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(16).padStart(8, "0")).join("");
    const name = `svc-course-grades:${random}`;
    const channel = new BroadcastChannel(name);
    channel.onmessage = (event) => onMessage(event.data);
    return { name, close: () => channel.close() };
  } catch {
    return null;
  }
}

/** The worker's URL: it carries the runtime, checker and shipped snapshot, so the worker starts by itself. */
function workerURL(pyodideURL, checkerURL, snapshotURL) {
  const url = new URL(WORKER_URL);
  url.searchParams.set("pyodide", pyodideURL);
  url.searchParams.set("checker", checkerURL);
  if (snapshotURL) url.searchParams.set("snapshot", snapshotURL);
  return url.href;
}

/** Let Material's search worker start, held back by the boot script until now (see grader-boot.js). */
function openSearch() {
  globalThis.svcCourseBoot?.openSearch?.();
}

/** Record readiness where tests and the benchmark read it (see the header). */
function markReady(start) {
  mark(READY_MARK);
  setRootData("graderStart", start);
}

/**
 * The worker's start-up phases as marks "svc-course:phase:<name>" on the page's
 * timeline (the benchmark reads them to show where start-up time goes).
 * @param {Record<string, number>|undefined} phases  wall-clock ms since the epoch
 */
function markPhases(phases) {
  if (!phases || typeof performance === "undefined" || !performance.timeOrigin) return;
  for (const [name, at] of Object.entries(phases)) {
    mark(`${PHASE_MARK}${name}`, { startTime: Math.max(0, at - performance.timeOrigin) });
  }
}

function mark(name, options) {
  try {
    performance.mark(name, options);
  } catch {
    // performance.mark is optional; the grader does not depend on it.
  }
}

function setRootData(name, value) {
  if (typeof document !== "undefined" && value) document.documentElement.dataset[name] = value;
}

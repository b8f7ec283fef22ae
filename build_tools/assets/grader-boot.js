// Inlined by the build at the top of every case root (build_tools/site_assets.py:
// grader_boot_script). Starts the grader's worker while the page is still being
// parsed: module scripts (case-runner.mjs, even an async one) run only after
// Material's bundle and the first layout, which delayed CPython's start-up, the
// longest wait a student has, by a few hundred milliseconds on a slow machine.
// grader-client.mjs adopts this worker and replays the messages it buffered.
// Classic and dependency-free on purpose; any failure leaves the normal start.
(function () {
  try {
    if (window.svcCourseBoot || typeof Worker === "undefined") return; // started already (instant navigation)
    var root = document.currentScript && document.currentScript.parentNode;
    if (!root || !root.hasAttribute("data-pyodide") || !root.hasAttribute("data-checker")) return;
    var url = function (name) { return new URL(root.getAttribute(name), location.href).href; };
    var workerURL = new URL(__WORKER__, location.href).href;
    var worker = new Worker(workerURL, { type: "module" });
    var boot = { worker: worker, workerURL: workerURL, pyodideURL: url("data-pyodide"), checkerURL: url("data-checker"), events: [] };
    worker.onmessage = worker.onerror = function (event) { boot.events.push(event); };
    worker.postMessage({ type: "init", pyodideURL: boot.pyodideURL, checkerURL: boot.checkerURL });
    window.svcCourseBoot = boot;
    if (performance.mark) performance.mark("svc-course:grader-start");
  } catch (error) {
    // The page starts the grader the normal way.
  }
})();

// Inlined by the build at the top of each case page's <head> (site_assets.grader_boot_script).
// Starts the grader's worker before anything else on the page: Material's bundle and
// the first layout keep the main thread busy for a few hundred milliseconds on a slow
// machine, and a worker created or messaged during that time only starts after it.
// The worker reads its runtime and checker from its own URL, so it begins loading
// Pyodide as soon as it runs, without waiting for a message from this thread.
// grader-client.mjs adopts this worker and replays the messages it buffered.
// Classic and dependency-free on purpose; any failure leaves the normal start.
(function () {
  try {
    if (window.svcCourseBoot || typeof Worker === "undefined") return; // started already (instant navigation)
    var resolve = function (path) { return new URL(path, location.href).href; };
    var pyodideURL = resolve(__PYODIDE__), checkerURL = resolve(__CHECKER__);
    var url = new URL(__WORKER__, location.href);
    url.searchParams.set("pyodide", pyodideURL);
    url.searchParams.set("checker", checkerURL);
    var worker = new Worker(url.href, { type: "module" });
    var boot = { worker: worker, workerURL: url.href, pyodideURL: pyodideURL, checkerURL: checkerURL, events: [] };
    worker.onmessage = worker.onerror = function (event) { boot.events.push(event); };
    window.svcCourseBoot = boot;
    if (performance.mark) performance.mark("svc-course:grader-start");
  } catch (error) {
    // The page starts the grader the normal way.
  }
})();

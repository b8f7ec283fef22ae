// Inlined by the build at the top of each case page's <head> (site_assets.grader_boot_script).
// Starts the grader's worker before anything else on the page: Material's bundle and
// the first layout keep the main thread busy for a few hundred milliseconds on a slow
// machine, and a worker created or messaged during that time only starts after it.
// The worker reads its runtime and checker from its own URL, so it begins loading
// Pyodide as soon as it runs, without waiting for a message from this thread.
// grader-client.mjs adopts this worker and replays the messages it buffered.
//
// It also holds back Material's search worker until the grader is ready: building
// the search index takes a few hundred milliseconds of CPU, which on a two-core
// phone is taken from CPython's start. Material's worker is created as usual, but
// through a stand-in that keeps its messages until the gate opens: when the grader
// is ready or has failed (grader-client.mjs calls svcCourseBoot.openSearch), as
// soon as the student opens search, or after SEARCH_GATE_MS whatever happens.
// Only Material's search worker is held back; every other worker starts at once.
// Classic and dependency-free on purpose; any failure leaves the normal start.
(function () {
  var SEARCH_GATE_MS = 20000;
  var SEARCH_WORKER = /(^|\/)workers\/search\.[^\/?#]*\.js([?#]|$)/;
  try {
    if (window.svcCourseBoot || typeof Worker === "undefined") return; // started already (instant navigation)
    var resolve = function (path) { return new URL(path, location.href).href; };
    var pyodideURL = resolve(__PYODIDE__), checkerURL = resolve(__CHECKER__);
    var url = new URL(__WORKER__, location.href);
    url.searchParams.set("pyodide", pyodideURL);
    url.searchParams.set("checker", checkerURL);
    if (__SNAPSHOT__) url.searchParams.set("snapshot", resolve(__SNAPSHOT__));
    // The worker starts from a two-line blob module that imports Pyodide's loader and
    // the real worker: a worker created from an http(s) URL has its script fetched only
    // once the page's main thread is free, which while Material starts is a few hundred
    // milliseconds later; and both static imports are fetched at once, where the worker
    // alone would ask for pyodide.mjs only after its own modules had arrived.
    var entry = URL.createObjectURL(new Blob([
      "import " + JSON.stringify(new URL("pyodide.mjs", pyodideURL).href) + ";\n",
      "import " + JSON.stringify(url.href) + ";\n"
    ], { type: "text/javascript" }));
    var worker = new Worker(entry, { type: "module" });
    var boot = { worker: worker, workerURL: url.href, pyodideURL: pyodideURL, checkerURL: checkerURL, events: [] };
    worker.onmessage = worker.onerror = function (event) { boot.events.push(event); };
    var release = function () { URL.revokeObjectURL(entry); worker.removeEventListener("message", release); worker.removeEventListener("error", release); };
    worker.addEventListener("message", release);
    worker.addEventListener("error", release);
    window.svcCourseBoot = boot;
    if (performance.mark) performance.mark("svc-course:grader-start");
  } catch (error) {
    return; // The page starts the grader the normal way, and search is not held back.
  }

  try {
    var RealWorker = window.Worker, waiting = [], open = false;
    var openGate = function () {
      if (open) return;
      open = true;
      window.Worker = RealWorker;
      document.documentElement.setAttribute("data-search-gate", "open");
      for (var i = 0; i < waiting.length; i++) waiting[i]();
      waiting = [];
    };
    var heldWorker = function (workerURL, options) {
      var standIn = new EventTarget(), queue = [], real = null;
      var forward = function (event) {
        standIn.dispatchEvent(new MessageEvent(event.type, { data: event.data }));
      };
      standIn.postMessage = function (message, transfer) {
        if (real) real.postMessage(message, transfer);
        else if (queue) queue.push([message, transfer]);
      };
      standIn.terminate = function () {
        queue = null;
        if (real) real.terminate();
      };
      waiting.push(function () {
        if (!queue) return; // terminated while held
        real = new RealWorker(workerURL, options);
        real.addEventListener("message", forward);
        real.addEventListener("error", function () { standIn.dispatchEvent(new Event("error")); });
        for (var i = 0; i < queue.length; i++) real.postMessage(queue[i][0], queue[i][1]);
        queue = null;
      });
      return standIn;
    };
    var GatedWorker = function (workerURL, options) {
      if (!open && SEARCH_WORKER.test(String(workerURL))) return heldWorker(workerURL, options);
      return new RealWorker(workerURL, options);
    };
    GatedWorker.prototype = RealWorker.prototype;
    window.Worker = GatedWorker;
    boot.openSearch = openGate;
    document.documentElement.setAttribute("data-search-gate", "held");

    // The student opens search (Material ticks its #__search toggle, also from the keyboard).
    document.addEventListener("change", function (event) {
      if (event.target && event.target.id === "__search" && event.target.checked) openGate();
    }, true);
    document.addEventListener("focusin", function (event) {
      if (event.target && event.target.form && event.target.form.name === "search") openGate();
    }, true);
    setTimeout(openGate, SEARCH_GATE_MS);
  } catch (error) {
    window.Worker = RealWorker || window.Worker; // search starts the normal way
  }
})();

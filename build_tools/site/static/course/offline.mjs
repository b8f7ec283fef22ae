/**
 * Offline use: register the site's service worker (sw.js, see build_tools/site/offline.py) and
 * say 「离线模式」 on case pages while the network is gone.
 *
 * The worker is registered only once the page's grader is ready (or has failed), so that its
 * first download of the grading runtime is served from the HTTP cache instead of competing with
 * the grader's own start. Then the page hands it the URLs it loaded before the worker controlled
 * it (its own HTML, scripts, case data), so that a reload without network finds them all.
 * `data-offline-copy` on <html> says how far this got: "registering", then
 * "ready:<version>" (a reload offline works), or "unsupported" / "failed".
 */

const WORKER = "sw.js";

/**
 * @param {URL} siteRoot
 * @param {() => boolean} graderSettled  true once the page's grader is ready or failed (or there is none)
 */
export function offerOfflineUse(siteRoot, graderSettled) {
  const root = document.documentElement;
  if (!("serviceWorker" in navigator) || !isSecureContext) {
    root.dataset.offlineCopy = "unsupported";
    return;
  }
  const start = () => register(siteRoot).catch((error) => {
    console.warn("[offline] service worker not registered:", error);
    root.dataset.offlineCopy = "failed";
  });
  if (graderSettled()) return void start();
  const watch = new MutationObserver(() => {
    if (!graderSettled()) return;
    watch.disconnect();
    start();
  });
  watch.observe(document.body, { attributes: true, subtree: true, attributeFilter: ["data-grader"] });
}

async function register(siteRoot) {
  const root = document.documentElement;
  root.dataset.offlineCopy = "registering";
  const registration = await navigator.serviceWorker.register(new URL(WORKER, siteRoot).href, { scope: siteRoot.pathname });
  // A new deploy's worker is found now, not at some later navigation (offline: nothing to find).
  await registration.update().catch(() => {});
  await settled(registration);
  const urls = [location.href.split("#")[0], ...performance.getEntriesByType("resource").map((entry) => entry.name)]
    .filter((url) => url.startsWith(siteRoot.href));
  const kept = await new Promise((resolve) => {
    navigator.serviceWorker.addEventListener("message", function onKept(event) {
      if (event.data?.type !== "kept") return;
      navigator.serviceWorker.removeEventListener("message", onKept);
      resolve(event.data);
    });
    registration.active.postMessage({ type: "keep", urls: [...new Set(urls)] });
  });
  root.dataset.offlineCopy = `ready:${kept.version}`;
}

/**
 * Resolves once no newer worker is installing or waiting (a new deploy's worker has taken over),
 * so that what the page loaded is kept in the copy of the deploy it came from.
 * @param {ServiceWorkerRegistration} registration
 */
async function settled(registration) {
  for (;;) {
    const next = registration.installing ?? registration.waiting;
    if (!next) return registration.active ? undefined : navigator.serviceWorker.ready;
    await new Promise((resolve) => next.addEventListener("statechange", resolve, { once: true }));
    if (next.state === "redundant") return; // it failed to install: the current worker stays
  }
}

/**
 * Keep the case's notice area saying 「离线模式」 while the browser is offline.
 * @param {(offline: boolean) => void} show
 * @returns {() => void} stop listening
 */
export function watchConnection(show) {
  const update = () => show(navigator.onLine === false);
  update();
  addEventListener("online", update);
  addEventListener("offline", update);
  return () => {
    removeEventListener("online", update);
    removeEventListener("offline", update);
  };
}

// The site's service worker, written to <site>/sw.js by the build (build_tools/site/offline.py),
// which fills in __VERSION__ (a hash of every built file) and __RUNTIME__ (the files a case page
// needs to grade, relative to the site root).
//
// Why: grading runs in the browser, so a student who has opened a case page should be able to
// reload it and go on without a network. Pages are fetched from the network first (a student
// online always sees the current site); a copy is kept of every page and file of this site the
// student has used, and of the grading runtime, in one cache per deploy. Offline, the copy
// answers; a page never opened says so in Chinese instead of the browser's error page.
// A new deploy has a new __VERSION__, so a new worker: it fills its own cache, then deletes the
// old one, so one version is never served with another's files. Caches are named by the site's
// path too: two sites of one host (a practice site and its assessment site side by side, two
// courses on one GitHub Pages account) never delete each other's copy.
const VERSION = __VERSION__;
const RUNTIME = __RUNTIME__;
const PREFIX = "svc-course-site-";
const SCOPE = new URL(self.registration.scope);
const MINE = `${PREFIX}${SCOPE.pathname}:`;
const CACHE = MINE + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(RUNTIME.map((path) => new URL(path, SCOPE).href)))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE && (name.startsWith(MINE) || unnamed(name)))
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// The page asks for what it loaded before this worker controlled it (its own HTML, scripts, data).
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep" || !Array.isArray(event.data.urls)) return;
  const urls = event.data.urls.filter(ours);
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.map((url) => keep(cache, url))))
    .then(() => event.source?.postMessage({ type: "kept", version: VERSION, count: urls.length })));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !ours(request.url)) return;
  event.respondWith(request.mode === "navigate" ? page(request) : file(request));
});

/** A cache of a deploy from before caches were named by their site's path: whose it was cannot be told, so it goes. */
function unnamed(name) {
  return name.startsWith(PREFIX) && !name.startsWith(`${PREFIX}/`);
}

/** Same origin and inside this site (not another site on the same host). */
function ours(url) {
  const parsed = new URL(url);
  return parsed.origin === SCOPE.origin && parsed.pathname.startsWith(SCOPE.pathname);
}

async function keep(cache, url) {
  try {
    if (await cache.match(url)) return;
    const response = await fetch(url);
    if (response.ok) await cache.put(url, response);
  } catch {
    // Not kept: this one will not work offline, the rest still does.
  }
}

/** A page: the network's when there is one (kept for later), else the kept copy, else a notice. */
async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch {
    const kept = await cache.match(request, { ignoreSearch: true });
    return kept ?? offlineNotice();
  }
}

/** Any other file: the kept copy (files are named by content or belong to this deploy), else the network's, kept. */
async function file(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  if (isWorkerScript(request.url)) {
    // Its code is the file kept without the query; answered as a new response, so that the worker's
    // own URL (import.meta.url) is the one asked for, with the runtime it names.
    const code = await cache.match(request, { ignoreSearch: true });
    if (code) return new Response(await code.blob(), { headers: code.headers });
  }
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

/** The grader's worker is started with its runtime in the query; its code is the same file. */
function isWorkerScript(url) {
  return new URL(url).pathname.endsWith("/grader-worker.mjs");
}

function offlineNotice() {
  const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>离线</title><body style="font-family: sans-serif; max-width: 36em; margin: 3em auto; padding: 0 1em; line-height: 1.7">
<h1>现在没有网络</h1><p>这一页还没有在这台设备上打开过，所以离线时看不到。已经打开过的案例页离线也能打开、作答和判分；\
恢复网络后再打开这一页即可。</p><p><a href="${SCOPE.pathname}">回到首页</a></p></body></html>`;
  return new Response(html, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}

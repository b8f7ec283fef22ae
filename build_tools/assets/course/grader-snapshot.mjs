/**
 * Keep the grader's Pyodide memory snapshot between visits, in Cache Storage.
 *
 * Why: starting CPython costs ≈4 s of CPU on every visit, even with every file
 * in the HTTP cache; restoring a heap saved after the checker was imported
 * takes ≈0.3 s. The snapshot API (`_makeSnapshot`, `makeMemorySnapshot`,
 * `_loadSnapshot`) is private to Pyodide, so everything here is defensive:
 *
 * - a snapshot is keyed by the Pyodide folder, Pyodide's version and the
 *   checker bundle's URL (which carries its content hash), so a new runtime or
 *   a rebuilt checker never meets an old heap; Pyodide itself also refuses a
 *   heap from another build (its BUILD_ID is inside the snapshot);
 * - storing keeps one snapshot per site and runtime folder: older ones are deleted;
 * - any failure (no Cache Storage outside secure contexts, quota, a corrupt
 *   entry) means "no snapshot": the grader starts the normal way, and a
 *   snapshot that failed to restore is deleted so it is not tried again.
 *
 * The heap is 31 MB but mostly empty; it is stored gzip-compressed (≈6 MB)
 * with the browser's own CompressionStream, which costs ≈0.3 s on restore and
 * spares a phone 25 MB of storage.
 *
 * Worker-side module: no DOM.
 */

const CACHE_NAME = "svc-course-grader";
const KEY_PATH = "__svc-course-snapshot__";
const FORMAT = "gzip";

/** True where snapshots can be kept (Cache Storage exists: secure contexts only). */
export function snapshotsSupported() {
  return typeof caches !== "undefined" && typeof CompressionStream !== "undefined";
}

/**
 * The Cache Storage key of the snapshot for one runtime and one checker bundle.
 * @param {string} pyodideURL absolute URL of the Pyodide folder (trailing slash)
 * @param {string} version Pyodide's version (pyodide.mjs exports it)
 * @param {string} checkerURL absolute URL of the checker bundle
 */
export function snapshotKey(pyodideURL, version, checkerURL) {
  const key = new URL(KEY_PATH, pyodideURL);
  key.searchParams.set("pyodide", version);
  key.searchParams.set("checker", checkerURL);
  key.searchParams.set("format", FORMAT);
  return key.href;
}

/**
 * The stored snapshot for `key`, or null (none, unsupported, unreadable).
 * @returns {Promise<Uint8Array|null>}
 */
export async function readSnapshot(key) {
  if (!snapshotsSupported()) return null;
  try {
    const cache = await caches.open(CACHE_NAME);
    const response = await cache.match(key);
    if (!response) return null;
    const expected = Number(response.headers.get("x-snapshot-bytes"));
    const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    if (!bytes.length || bytes.length !== expected) throw new Error(`snapshot has ${bytes.length} bytes, expected ${expected}`);
    return bytes;
  } catch (error) {
    console.warn("[grader] stored snapshot unreadable, starting normally:", error);
    await forgetSnapshot(key);
    return null;
  }
}

/**
 * Store `bytes` under `key` and delete this runtime folder's older snapshots.
 * @returns {Promise<"stored"|"failed"|"unsupported">}
 */
export async function writeSnapshot(key, bytes) {
  if (!snapshotsSupported()) return "unsupported";
  try {
    const body = await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).blob();
    const cache = await caches.open(CACHE_NAME);
    const folder = new URL(KEY_PATH, key).href;
    for (const request of await cache.keys()) {
      if (request.url.startsWith(folder) && request.url !== key) await cache.delete(request);
    }
    await cache.put(key, new Response(body, { headers: { "content-type": "application/gzip", "x-snapshot-bytes": String(bytes.length) } }));
    return "stored";
  } catch (error) {
    console.warn("[grader] could not store the snapshot (the next visit starts normally):", error);
    return "failed";
  }
}

/** Delete the snapshot under `key` (a restore failed with it). Never throws. */
export async function forgetSnapshot(key) {
  if (!snapshotsSupported()) return;
  try {
    await (await caches.open(CACHE_NAME)).delete(key);
  } catch {
    // Nothing more to do: the next visit will try the entry again and fall back again.
  }
}

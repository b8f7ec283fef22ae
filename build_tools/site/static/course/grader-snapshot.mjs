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
 * The heap is 31 MB, about half of it pages of zeros. It is stored sparse
 * (a bitmap and the non-zero 4 KB pages, ≈15 MB): packing and unpacking take
 * a few tens of milliseconds, where gzip took ≈0.8 s of the grader's thread
 * after the first start (answers waited behind it) and ≈0.3 s on every restore.
 *
 * Worker-side module: no DOM.
 */

const CACHE_NAME = "svc-course-grader";
const KEY_PATH = "__svc-course-snapshot__";
const FORMAT = "sparse-4k-v1";
const PAGE = 4096;
const MAGIC = 0x53564353; // "SVCS"
const HEADER_WORDS = 4; // magic, total bytes, page size, page count

/** True where snapshots can be kept (Cache Storage exists: secure contexts only). */
export function snapshotsSupported() {
  return typeof caches !== "undefined";
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
 * Open the snapshot store. The worker calls this first thing, so that opening
 * Cache Storage (≈60 ms on a browser profile that has not used it yet) overlaps
 * loading pyodide.mjs instead of following it. Resolves to null where there is
 * no usable Cache Storage.
 * @returns {Promise<Cache|null>}
 */
export function openSnapshots() {
  if (!snapshotsSupported()) return Promise.resolve(null);
  return caches.open(CACHE_NAME).catch((error) => {
    console.warn("[grader] Cache Storage unreadable, starting normally:", error);
    return null;
  });
}

/**
 * The stored snapshot for `key`: null when there is none (or no Cache Storage),
 * otherwise `{bytes}`, a promise of its bytes (wrapped: an async function would
 * otherwise wait for the promise it returns). Finding it is quick; reading and unpacking
 * 15 MB is not, so the caller can hand the promise to `loadPyodide`, which
 * awaits it only after fetching its own scripts: the two overlap. The promise
 * rejects on a corrupt entry; the caller then forgets it and starts normally.
 * @param {string} key
 * @param {Promise<Cache|null>} [store]  from openSnapshots(), if already opened
 * @returns {Promise<{bytes: Promise<Uint8Array>}|null>}
 */
export async function findSnapshot(key, store = openSnapshots()) {
  try {
    const cache = await store;
    const response = cache && (await cache.match(key));
    if (!response) return null;
    return { bytes: response.arrayBuffer().then((buffer) => unpack(new Uint8Array(buffer))) };
  } catch (error) {
    console.warn("[grader] Cache Storage unreadable, starting normally:", error);
    return null;
  }
}

/**
 * Store a heap under `key`, packed (`pack`), and delete this runtime folder's older snapshots.
 * @param {string} key
 * @param {Uint8Array} heap
 * @returns {Promise<"stored"|"failed"|"unsupported">}
 */
export function writeSnapshot(key, heap) {
  return storePacked(key, () => pack(heap));
}

/**
 * Store a heap packed already under `key` (the shipped file, unzipped: no second pass over the
 * heap), and delete this runtime folder's older snapshots.
 * @param {string} key
 * @param {() => Blob|Uint8Array} packed  made here, so that a failure to make it is a "failed" too
 * @returns {Promise<"stored"|"failed"|"unsupported">}
 */
export async function storePacked(key, packed) {
  if (!snapshotsSupported()) return "unsupported";
  try {
    const body = packed();
    const cache = await caches.open(CACHE_NAME);
    const folder = new URL(KEY_PATH, key).href;
    for (const request of await cache.keys()) {
      if (request.url.startsWith(folder) && request.url !== key) await cache.delete(request);
    }
    await cache.put(key, new Response(body, { headers: { "content-type": "application/octet-stream" } }));
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

/**
 * The snapshot the site ships (made at build time, build_tools/site/snapshot.py): packed by
 * `pack` and gzip-compressed. It is unzipped here, so any static host can serve it as a plain
 * file; a host that sends it with Content-Encoding: gzip has the browser unzip it instead,
 * which the first two bytes tell. Rejects on any problem (HTTP error, truncated or foreign
 * file, no DecompressionStream): the caller then starts normally.
 * @param {string} url
 * @returns {Promise<{heap: Uint8Array, packed: Uint8Array}>}  the heap, and the packed bytes it came from (`storePacked`)
 */
export async function fetchShippedSnapshot(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`shipped snapshot: HTTP ${response.status} for ${url}`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const unzipped = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(unzipped).arrayBuffer());
  }
  return { heap: unpack(bytes), packed: bytes };
}

/**
 * The heap without its all-zero pages: a header, one byte per page (1 = kept),
 * then the kept pages in order.
 * @param {Uint8Array} bytes
 * @returns {Blob}
 */
export function pack(bytes) {
  const pages = Math.ceil(bytes.length / PAGE);
  const kept = new Uint8Array(pages);
  const parts = [];
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, Math.floor(aligned.length / 4));
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE;
    const end = Math.min(start + PAGE, aligned.length);
    let zero = end - start === PAGE;
    for (let w = start / 4; zero && w < end / 4; w++) if (words[w] !== 0) zero = false;
    if (!zero) {
      kept[page] = 1;
      parts.push(aligned.subarray(start, end));
    }
  }
  const header = new Uint32Array([MAGIC, bytes.length, PAGE, pages]);
  return new Blob([header, kept, ...parts]);
}

/**
 * The heap `pack` stored, checked for size on the way.
 * @param {Uint8Array} packed
 * @returns {Uint8Array}
 */
export function unpack(packed) {
  if (packed.length < HEADER_WORDS * 4) throw new Error("snapshot too short");
  const [magic, total, page, pages] = new Uint32Array(packed.slice(0, HEADER_WORDS * 4).buffer);
  if (magic !== MAGIC || page !== PAGE || pages !== Math.ceil(total / PAGE)) throw new Error("not a snapshot of this format");
  const kept = packed.subarray(HEADER_WORDS * 4, HEADER_WORDS * 4 + pages);
  let offset = HEADER_WORDS * 4 + pages;
  const bytes = new Uint8Array(total);
  for (let p = 0; p < pages; p++) {
    if (!kept[p]) continue;
    const length = Math.min(PAGE, total - p * PAGE);
    if (offset + length > packed.length) throw new Error("snapshot truncated");
    bytes.set(packed.subarray(offset, offset + length), p * PAGE);
    offset += length;
  }
  if (offset !== packed.length) throw new Error(`snapshot has ${packed.length - offset} bytes too many`);
  return bytes;
}

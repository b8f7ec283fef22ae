/**
 * Saving a student's work per case in localStorage.
 *
 * Why it looks like this:
 * - One key per case, `svc-course:v1:<site-path>:<case-id>`, so two courses on
 *   one origin (GitHub Pages project sites) never share answers, and a case's
 *   record can be replaced on its own (import, reset). An assessment site
 *   (contract.mjs SITE_MODE) keys its records `svc-course:v1:assessment:<site-path>:<case-id>`:
 *   a practice site and an assessment site at the same address (one replacing
 *   the other) never show each other's work.
 * - The student's name and number, typed once for handing in, live under
 *   `svc-course:v1:[assessment:]<site-path>::student` (not a case id, so never listed as a case).
 * - The record carries the case's content hash, so a student is told when the
 *   instructor changed the case after they answered.
 * - Nothing here may throw into the page: corrupt data is moved aside under
 *   `…:corrupt:<time>` and reported; a full or disabled storage keeps the
 *   record in memory (module state, so it survives instant navigation) and
 *   reports that, and export still reads it.
 *
 * Record: {version: 1, caseHash, answers: {qid: answer}, attempts: {qid: n},
 *          results: {qid: result}, savedAt: ISO time, answeredAt?: {qid: ISO time},
 *          history?: {qid: {first, best, openedAt}}};
 *          `answeredAt` says when each answer last changed (the answers file carries it);
 *          a result also keeps the `answer` it graded, so a changed answer shows its
 *          result as stale; `history` keeps the first and best graded score and the
 *          number of graded attempts when the explanation was first opened.
 */

import { CASE_ID, SITE_MODE } from "./contract.mjs";

export const KEY_PREFIX = "svc-course:v1:";
export const RECORD_VERSION = 1;
/** What an assessment site puts between KEY_PREFIX and the site path (a site path starts with "/"). */
const SCOPE = SITE_MODE === "assessment" ? "assessment:" : "";

/**
 * Records the browser refused to store, by key, with why it refused
 * ({record, reason}); newer than anything in storage.
 */
const memory = new Map();
/** Keys whose stored value is corrupt and could not be backed up: never overwrite them. */
const protectedKeys = new Set();

/** @returns {Storage|null} localStorage, or null where the browser forbids it. */
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The storage key of a case. */
export function caseKey(sitePath, caseId) {
  return `${KEY_PREFIX}${SCOPE}${sitePath}:${caseId}`;
}

/** A fresh record for a case whose content hash is `caseHash`. */
export function emptyRecord(caseHash) {
  return { version: RECORD_VERSION, caseHash, answers: {}, attempts: {}, results: {}, savedAt: null };
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * What is wrong with a stored or imported record (empty list: nothing).
 * Checks the shape only; answers themselves are judged by the grader.
 * @param {any} r
 * @param {{requireVersion?: boolean}} [options]
 * @returns {string[]}
 */
export function recordProblems(r, { requireVersion = true } = {}) {
  if (!isPlainObject(r)) return ["不是一个对象"];
  const problems = [];
  if (requireVersion && r.version !== RECORD_VERSION) problems.push(`版本号应为 ${RECORD_VERSION}`);
  if (typeof r.caseHash !== "string") problems.push("缺少 caseHash");
  if (!isPlainObject(r.answers)) problems.push("answers 应为对象");
  if (!isPlainObject(r.attempts)) problems.push("attempts 应为对象");
  else if (!Object.values(r.attempts).every((n) => Number.isInteger(n) && n >= 0)) {
    problems.push("attempts 应为非负整数");
  }
  if (!isPlainObject(r.results)) problems.push("results 应为对象");
  else if (!Object.values(r.results).every(isShowableResult)) problems.push("results 中的判分结果格式不对");
  if (r.savedAt !== null && (typeof r.savedAt !== "string" || Number.isNaN(Date.parse(r.savedAt)))) {
    problems.push("savedAt 应为时间");
  }
  if (r.answeredAt !== undefined && !(isPlainObject(r.answeredAt) && Object.values(r.answeredAt).every(isTime))) {
    problems.push("answeredAt 应为各题的作答时间");
  }
  if (nestedDeeperThan(r, MAX_DEPTH)) problems.push(`数据嵌套超过 ${MAX_DEPTH} 层`);
  return problems;
}

/**
 * How deep a record may nest. A real one nests 5 levels (record → results →
 * question → parts → part); a value nested thousands of levels deep parses,
 * but JSON.stringify, structuredClone and String() overflow the stack on it,
 * which would break every later save and the widgets that show it.
 */
const MAX_DEPTH = 16;

/** True when `value` nests more than `limit` arrays/objects deep (recursion bounded by `limit`). */
function nestedDeeperThan(value, limit) {
  if (value === null || typeof value !== "object") return false;
  if (limit === 0) return true;
  for (const child of Object.values(value)) if (nestedDeeperThan(child, limit - 1)) return true;
  return false;
}

function isTime(value) {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

/** A stored result the page can show: a status, and parts (if any) that are objects. */
function isShowableResult(x) {
  return isPlainObject(x) && typeof x.status === "string" &&
    (x.parts === undefined || (Array.isArray(x.parts) && x.parts.every(isPlainObject)));
}

/**
 * Read a case's record. `unsaved` says why the record lives only in this
 * page's memory (the browser refused to store it), so a view opened later in
 * the visit can still warn that closing the page loses it.
 * @returns {{record: object|null, problem: null|{kind: "corrupt", backupKey: string|null},
 *            unsaved?: "quota"|"unavailable"|"protected"}}
 */
export function readCase(sitePath, caseId) {
  const key = caseKey(sitePath, caseId);
  if (memory.has(key)) {
    const { record, reason } = memory.get(key);
    return { record: structuredClone(record), problem: null, unsaved: reason };
  }
  const store = storage();
  let raw = null;
  try {
    raw = store ? store.getItem(key) : null;
  } catch {
    raw = null;
  }
  if (raw === null) return { record: null, problem: null };
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed !== undefined && recordProblems(parsed).length === 0) return { record: parsed, problem: null };
  return { record: null, problem: { kind: "corrupt", backupKey: setAside(store, key, raw) } };
}

/** Move a corrupt value to `<key>:corrupt:<time>`; null when that cannot be stored. */
function setAside(store, key, raw) {
  const backupKey = `${key}:corrupt:${new Date().toISOString()}`;
  try {
    store.setItem(backupKey, raw);
    store.removeItem(key);
    return backupKey;
  } catch {
    protectedKeys.add(key);
    return null;
  }
}

/**
 * Save a case's record (stamping savedAt). Never throws.
 * @returns {{persisted: boolean, reason?: "quota"|"unavailable"|"protected"}}
 */
export function writeCase(sitePath, caseId, record) {
  return persist(caseKey(sitePath, caseId), { ...record, version: RECORD_VERSION, savedAt: new Date().toISOString() });
}

/**
 * Store one record, or keep it in memory when storage is off, full, or the key
 * is protected (its stored value was corrupt and is waiting to be set aside).
 * @returns {{persisted: boolean, reason?: "quota"|"unavailable"|"protected"}}
 */
function persist(key, value) {
  const store = storage();
  if (protectedKeys.has(key) || !store) {
    const reason = store ? "protected" : "unavailable";
    memory.set(key, { record: value, reason });
    return { persisted: false, reason };
  }
  try {
    store.setItem(key, JSON.stringify(value));
    memory.delete(key);
    return { persisted: true };
  } catch (error) {
    const reason = isQuota(error) ? "quota" : "unavailable";
    memory.set(key, { record: value, reason });
    return { persisted: false, reason };
  }
}

/**
 * Read-modify-write of one case, so two views of the same case (an old page
 * still finishing a grade after instant navigation, and the new one) never
 * overwrite each other's work with a stale copy.
 * @param {(record: object) => void} mutate
 * @returns {{record: object, saved: ReturnType<typeof writeCase>}}
 */
export function updateCase(sitePath, caseId, caseHash, mutate) {
  const { record } = readCase(sitePath, caseId);
  const next = record ?? emptyRecord(caseHash);
  next.caseHash = caseHash;
  mutate(next);
  const saved = writeCase(sitePath, caseId, next);
  return { record: readCase(sitePath, caseId).record ?? next, saved };
}

/** Replace a case's record as it is (import), keeping its savedAt. */
export function putCase(sitePath, caseId, record) {
  return persist(caseKey(sitePath, caseId), { ...record, version: RECORD_VERSION });
}

/**
 * Every readable case record of this site (storage, overlaid by memory).
 * Corrupt values are skipped here; they are reported when their case opens.
 * @returns {Map<string, object>}
 */
export function listCases(sitePath) {
  const prefix = `${KEY_PREFIX}${SCOPE}${sitePath}:`;
  const found = new Map();
  const store = storage();
  try {
    for (let i = 0; store && i < store.length; i += 1) {
      const key = store.key(i);
      if (!key || !key.startsWith(prefix)) continue;
      const caseId = key.slice(prefix.length);
      if (!CASE_ID.test(caseId)) continue;
      try {
        const value = JSON.parse(store.getItem(key));
        if (recordProblems(value).length === 0) found.set(caseId, value);
      } catch {
        /* corrupt: reported when the case is opened */
      }
    }
  } catch {
    /* storage unavailable: memory only */
  }
  for (const [key, { record }] of memory) {
    if (key.startsWith(prefix)) found.set(key.slice(prefix.length), structuredClone(record));
  }
  return found;
}

/** The storage key of the student's name and number on this site. */
function studentKey(sitePath) {
  return `${KEY_PREFIX}${SCOPE}${sitePath}::student`;
}

/** Student names and numbers are short; anything longer is a paste gone wrong. */
const IDENTITY_LIMIT = 64;

/**
 * The student's name and number as typed once on this site, or null. Never throws.
 * @returns {{name: string, number: string}|null}
 */
export function readStudent(sitePath) {
  const key = studentKey(sitePath);
  let value = memory.get(key)?.record;
  if (value === undefined) {
    try {
      value = JSON.parse(storage()?.getItem(key) ?? "null");
    } catch {
      value = null;
    }
  }
  return cleanStudent(value);
}

/**
 * Remember the student's name and number (trimmed, at most IDENTITY_LIMIT characters each).
 * @returns {{persisted: boolean, reason?: "quota"|"unavailable"|"protected"}}
 */
export function writeStudent(sitePath, student) {
  return persist(studentKey(sitePath), cleanStudent(student));
}

/** {name, number} with both filled in, trimmed and bounded; null for anything else. */
export function cleanStudent(value) {
  if (!isPlainObject(value)) return null;
  const name = String(value.name ?? "").trim().slice(0, IDENTITY_LIMIT);
  const number = String(value.number ?? "").trim().slice(0, IDENTITY_LIMIT);
  return name && number ? { name, number } : null;
}

/** A stored value as text with object keys sorted: equal text, same work (whatever order the keys were written in). */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function isQuota(error) {
  return (
    error instanceof DOMException &&
    (error.name === "QuotaExceededError" || error.name === "NS_ERROR_DOM_QUOTA_REACHED" || error.code === 22)
  );
}

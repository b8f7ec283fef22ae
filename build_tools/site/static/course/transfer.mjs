/**
 * The answers file: building it, reading it back, and deciding what an import
 * may change.
 *
 * Why separate from the buttons (toolbar.mjs): this is the versioned file
 * format teachers receive and `cases grade` reads, so it stays in one small
 * module of pure functions with no DOM.
 *
 * Format: {format: ANSWERS_FORMAT, version: ANSWERS_VERSION, site, exportedAt, mode?, student?,
 *          cases: {<id>: {caseHash, answers, attempts, results, savedAt, answeredAt?, history?}}}
 * (the constants come from contract.mjs, generated from build_tools/cases/submission.py, which
 * defines the format). A file handed in from an assessment site says `mode: "assessment"` and
 * holds, per case, only caseHash, answers, answeredAt and savedAt: it has no results to hold.
 */

import { ANSWERS_FORMAT as FORMAT, ANSWERS_VERSION as FORMAT_VERSION, CASE_ID } from "./contract.mjs";
import { canonical, cleanStudent, recordProblems, RECORD_VERSION } from "./store.mjs";

/**
 * Build the export object.
 * @param {string} site  origin + site path, e.g. "https://example.org/course/"
 * @param {Map<string, object>} records  case id -> stored record
 * @param {{now?: Date, mode?: "practice"|"assessment", student?: {name: string, number: string}|null}} [options]
 *   `mode`: the site's (contract.mjs SITE_MODE); `student`: who hands it in, when the student said
 */
export function buildExport(site, records, { now = new Date(), mode = "practice", student = null } = {}) {
  const cases = {};
  for (const id of [...records.keys()].sort()) cases[id] = caseEntry(records.get(id), mode);
  const who = cleanStudent(student);
  return { format: FORMAT, version: FORMAT_VERSION, site, exportedAt: now.toISOString(),
    ...(mode === "assessment" ? { mode } : {}), ...(who ? { student: who } : {}), cases };
}

/** One case of the file: everything the browser kept, or on an assessment site the answers and their times. */
function caseEntry(record, mode) {
  const { caseHash, answers, attempts, results, savedAt, answeredAt, history } = record;
  const times = answeredAt ? { answeredAt } : {};
  if (mode === "assessment") return { caseHash, answers, savedAt, ...times };
  return { caseHash, answers, attempts, results, savedAt, ...times, ...(history ? { history } : {}) };
}

/** An import file that cannot be used; `message` is shown to the student. */
export class ImportError extends Error {}

/**
 * Read an answers file. Whole-file problems throw ImportError; a bad case
 * entry is skipped and listed, so one damaged case does not block the rest.
 * @param {string} text
 * A case without attempts or results (handed in from an assessment site) is read with none; on an
 * assessment site (`mode`) a file's results, attempts and history are left out: scores from the
 * practice site would otherwise show where none may.
 * @param {string} text
 * @param {{mode?: "practice"|"assessment"}} [options]
 * @returns {{site: string, records: Map<string, object>, skipped: string[], student: {name: string, number: string}|null}}
 */
export function parseImport(text, { mode = "practice" } = {}) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportError("文件不是有效的 JSON。");
  }
  if (data === null || typeof data !== "object" || data.format !== FORMAT) {
    throw new ImportError("这不是本课程导出的答案文件。");
  }
  if (data.version !== FORMAT_VERSION) {
    throw new ImportError(`文件版本 ${data.version} 不受支持（本页面支持版本 ${FORMAT_VERSION}）。`);
  }
  if (data.cases === null || typeof data.cases !== "object" || Array.isArray(data.cases)) {
    throw new ImportError("文件缺少 cases。");
  }
  const records = new Map();
  const skipped = [];
  for (const [id, entry] of Object.entries(data.cases)) {
    if (!CASE_ID.test(id)) {
      skipped.push(`案例编号「${id}」无效`);
      continue;
    }
    const record = { version: RECORD_VERSION, attempts: {}, results: {}, ...entry };
    if (mode === "assessment") {
      Object.assign(record, { attempts: {}, results: {} });
      delete record.history;
    }
    const problems = recordProblems(record);
    if (problems.length) skipped.push(`${id}：${problems.join("，")}`);
    else records.set(id, record);
  }
  return { site: typeof data.site === "string" ? data.site : "", records, skipped, student: cleanStudent(data.student) };
}

/**
 * Decide, case by case, what an import does. Local work that is newer than the
 * file's and different from it is a conflict: the caller must ask before
 * overwriting it.
 * @param {Map<string, object>} incoming
 * @param {Map<string, object>} local
 * @returns {{apply: string[], conflicts: string[], same: string[]}}
 */
export function planImport(incoming, local) {
  const plan = { apply: [], conflicts: [], same: [] };
  for (const [id, record] of incoming) {
    const mine = local.get(id);
    if (!mine) plan.apply.push(id);
    else if (sameWork(mine, record)) plan.same.push(id);
    else if (time(mine.savedAt) > time(record.savedAt)) plan.conflicts.push(id);
    else plan.apply.push(id);
  }
  return plan;
}

function time(iso) {
  const t = Date.parse(iso ?? "");
  return Number.isNaN(t) ? 0 : t;
}

/** Same answers, attempts and results (key order ignored). */
function sameWork(a, b) {
  return ["answers", "attempts", "results"].every((k) => canonical(a[k]) === canonical(b[k]));
}

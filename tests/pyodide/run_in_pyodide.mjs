#!/usr/bin/env node
/**
 * Grade (question, answer) pairs in the npm Pyodide under Node, through the
 * same glue the browser worker uses (build_tools/site/static/course/grader-core.mjs),
 * on a grader restored from a heap with an empty standard library, as a student's is.
 *
 * Usage:
 *   node run_in_pyodide.mjs --pyodide <folder of pyodide.mjs> --bundle <checker zip>
 *                           --in pairs.json --out results.json
 *
 * pairs.json: [{"question": {...}, "answer": <any JSON>}, ...]
 * results.json: {"python": "<sys.version>", "stdlib_bytes": n, "ready_ms": n, "grade_ms": n,
 *                "results": [{"question_json", "answer_json", "result_json"}, ...]}
 *
 * Each question and answer goes through JSON.parse + JSON.stringify, exactly
 * as in the browser (the case JSON is parsed by fetch().json(), the answer is
 * a JS value built by a widget), and the JSON text actually sent is written
 * back, so the CPython side grades the very same text.
 */

import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const here = new URL(".", import.meta.url);
const { startGrader } = await import(new URL("../../build_tools/site/static/course/grader-core.mjs", here).href);

const { values } = parseArgs({
  options: {
    pyodide: { type: "string" },
    bundle: { type: "string" },
    in: { type: "string" },
    out: { type: "string" },
  },
});
for (const name of ["pyodide", "bundle", "in", "out"]) {
  if (!values[name]) {
    console.error(`missing --${name}`);
    process.exit(2);
  }
}

const indexURL = resolve(values.pyodide) + "/";
const t0 = performance.now();
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const bundle = readFile(values.bundle);
// Grade as most students do: on a grader restored from a heap (the shipped snapshot's path), whose
// standard library is an empty archive. A plain start makes the heap, as the build does.
const plain = await startGrader({ loadPyodide, indexURL, bundle, makeSnapshot: true });
const heap = await plain.snapshot();
const readyMs = performance.now() - t0;
const grader = await startGrader({ loadPyodide, indexURL, bundle, snapshot: heap });
await grader.installFiles();

const pairs = JSON.parse(await readFile(values.in, "utf8"));
const t1 = performance.now();
const results = pairs.map(({ question, answer }) => {
  const questionJSON = JSON.stringify(question);
  const answerJSON = JSON.stringify(answer ?? null);
  return { question_json: questionJSON, answer_json: answerJSON, result_json: grader.grade(questionJSON, answerJSON) };
});
const gradeMs = performance.now() - t1;

await writeFile(values.out, JSON.stringify({
  python: grader.pyodide.runPython("import sys; sys.version"),
  stdlib_bytes: grader.pyodide.FS.stat(grader.pyodide.runPython("import sys; [p for p in sys.path if p.endswith('.zip')][0]")).size,
  ready_ms: Math.round(readyMs),
  grade_ms: Math.round(gradeMs),
  results,
}));

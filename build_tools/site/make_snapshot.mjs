// Make the grader's Pyodide memory snapshot at build time, in Node (build_tools/site/snapshot.py runs it).
//
// Usage: node make_snapshot.mjs <pyodide folder> <checker zip> <course folder> <out file>
//
// Starts the site's own grader (course/grader-core.mjs) on the site's own Pyodide and checker
// bundle, exactly as the browser's worker does, saves the heap, packs it (course/grader-snapshot.mjs:
// the all-zero pages left out) and writes it gzip-compressed. Prints one line of JSON: sizes, times,
// Pyodide's version and build id.
//
// The heap keeps os.environ as it was: Emscripten fills it from the process in Node (the build
// machine's LANG and `_`, the path of the program), so the environment is given in full here,
// with the values a browser gets (HOME and PYTHONINSPECT are Pyodide's own defaults).
import { readFile, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

const NEUTRAL_ENV = {
  HOME: "/home/pyodide", PYTHONINSPECT: "1", USER: "web_user", LOGNAME: "web_user",
  PATH: "/", PWD: "/", LANG: "C.UTF-8", _: "./this.program",
};

/** Set by Pyodide itself on every start, in the browser too. */
const PYODIDE_SETS = ["LD_LIBRARY_PATH"];

const [pyodideDir, checkerZip, courseDir, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error("usage: node make_snapshot.mjs <pyodide folder> <checker zip> <course folder> <out file>");
  process.exit(2);
}
const url = (path) => pathToFileURL(path).href;
// Emscripten names the program after process.argv[1] (this file's path on the build machine)
// and keeps the name in the heap; the browser's name for it is "./this.program".
process.argv[1] = "./this.program";
const started = performance.now();
const { loadPyodide, version } = await import(url(`${pyodideDir}/pyodide.mjs`));
const { startGrader } = await import(url(`${courseDir}/grader-core.mjs`));
const { pack } = await import(url(`${courseDir}/grader-snapshot.mjs`));
const bundle = await readFile(checkerZip);
const grader = await startGrader({
  loadPyodide: (config) => loadPyodide({ ...config, env: { ...NEUTRAL_ENV } }),
  indexURL: `${pyodideDir}/`,
  bundle,
  makeSnapshot: true,
});
const environ = JSON.parse(grader.pyodide.runPython("import json, os; json.dumps(dict(os.environ))"));
const extra = Object.keys(environ).filter((name) => !(name in NEUTRAL_ENV) && !PYODIDE_SETS.includes(name));
if (extra.length) throw new Error(`the heap would keep build-machine variables: ${extra.join(", ")}`);
const bytes = await grader.snapshot();
const packed = new Uint8Array(await pack(bytes).arrayBuffer());
const compressed = gzipSync(packed, { level: 9 });
await writeFile(outFile, compressed);
console.log(JSON.stringify({
  pyodide: version,
  build_id: grader.pyodide._api?.config?.BUILD_ID ?? null,
  heap_bytes: bytes.length,
  packed_bytes: packed.length,
  gzip_bytes: compressed.length,
  ms: Math.round(performance.now() - started),
}));
process.exit(0); // Pyodide keeps Node's event loop alive

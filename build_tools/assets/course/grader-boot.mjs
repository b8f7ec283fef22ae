/**
 * Start the grader's worker while the case page is still being parsed.
 *
 * Why: case-runner.mjs is a deferred module. It runs only after the whole
 * page has been parsed, Material's bundle has run and every widget module has
 * been fetched, which on a slow machine is half a second or more, and CPython's
 * start-up (the longest wait a student has) would only begin then. This tiny
 * async module is placed at the top of the case root, so it runs as soon as it
 * is fetched; it starts the same grader singleton that case-view.mjs later
 * picks up with getGrader() (same module URL, same instance, same worker).
 */

import { getGrader } from "./grader-client.mjs";

const root = document.querySelector("[data-case][data-pyodide][data-checker]");
if (root) {
  const resolve = (name) => new URL(root.getAttribute(name), location.href).href;
  getGrader(resolve("data-pyodide"), resolve("data-checker"));
}

"""The site the browser measurements load: built once, plus a bare Pyodide page, served on 127.0.0.1.

Why a bare page: the honest yardstick for "how long until the grader is ready" is how
long Pyodide itself takes to start on the same machine, from the same server, in the same
run. ``__bench__/bare.html`` starts a module worker that only imports the site's own
``assets/pyodide/pyodide.mjs`` and awaits ``loadPyodide`` with the same files; it is
written into the *served copy* of the built site, never into the repository's sources.

The server is the one the tests use (``build_tools.devtools.local_browser``), with Pyodide's MIME types,
sending the build's gzip copies (``GzipStaticHandler``) as a host set up for them would.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from build_tools.devtools.local_browser import GzipStaticHandler, free_port, serve_static

__all__ = ["BARE_PAGE", "BuiltSite", "build_site", "free_port", "serve", "supports_snapshots", "write_bare_page"]

BARE_PAGE = "__bench__/bare.html"
"""Site-relative path of the bare page."""

_BARE_HTML = """<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>bare loadPyodide</title>
<p id="state">loading</p>
<script type="module">
// The time Pyodide is ready, in ms since navigation start (the same clock as the case page's mark).
const worker = new Worker(new URL("./bare-worker.mjs", import.meta.url), { type: "module" });
worker.addEventListener("message", (event) => {
  if (event.data === "ready") {
    window.__benchBareReady = performance.now();
    document.getElementById("state").textContent = "ready";
  } else {
    window.__benchBareError = String(event.data);
  }
});
worker.addEventListener("error", (event) => { window.__benchBareError = event.message || "worker error"; });
</script>
</html>
"""

_BARE_WORKER = """// Pyodide and nothing else: the same files the grader worker loads, no checker.
import { loadPyodide } from "../assets/pyodide/pyodide.mjs";

try {
  await loadPyodide({ indexURL: new URL("../assets/pyodide/", import.meta.url).href });
  postMessage("ready");
} catch (error) {
  postMessage(`failed: ${error && error.message ? error.message : error}`);
}
"""


@dataclass(frozen=True)
class BuiltSite:
    """A strictly built site and the address it must be served from."""

    root: Path
    base_url: str
    port: int


def build_site(repo: Path, out: Path, port: int | None = None) -> BuiltSite:
    """``mkdocs build --strict`` of `repo` into `out`, with SITE_URL set to where it will be served."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet", "-d", str(out)]
    done = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict 失败（退出码 {done.returncode}）：\n{done.stdout}{done.stderr}")
    write_bare_page(out)
    return BuiltSite(root=out, base_url=base_url, port=port)


def write_bare_page(site_root: Path) -> Path:
    """Write ``__bench__/bare.html`` and its worker into a built site; returns the page's path."""
    folder = site_root / "__bench__"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bare-worker.mjs").write_text(_BARE_WORKER, encoding="utf-8")
    page = folder / "bare.html"
    page.write_text(_BARE_HTML, encoding="utf-8")
    return page


def supports_snapshots(site_root: Path) -> bool:
    """Whether the built course code reports memory snapshots (``data-grader-snapshot``).

    Only then is it worth waiting, after a first visit, for the snapshot to be stored:
    a site without the feature would make every run wait out the full time limit.
    """
    course = site_root / "assets" / "course"
    return any("graderSnapshot" in path.read_text(encoding="utf-8", errors="replace") for path in course.rglob("*.mjs"))


def serve(site: BuiltSite) -> contextlib.AbstractContextManager[str]:
    """Serve `site` on its port from a background thread, sending the build's gzip copies as a host set
    up for them does (bytes are counted as served); yields the base URL."""
    return serve_static(site.root, site.port, handler=GzipStaticHandler)

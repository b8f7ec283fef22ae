"""The site's service worker (``sw.js`` at the site root): case pages a student has opened work offline.

Written after the build, from ``static/offline-worker.js``, with two facts only the finished
site knows: a version (a hash of every file built, so any change to the site makes a new
worker, which replaces the old copy instead of mixing with it) and the grading runtime a case
page needs (Pyodide, the checker and its snapshot, the course's modules), which the worker
keeps from the start. The page registers it (``case-runner.mjs``) once its grader is ready.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import compress

__all__ = ["WORKER", "TEMPLATE", "RUNTIME_GLOBS", "service_worker", "site_version"]

WORKER = "sw.js"
"""Where the worker goes: at the site root, so that its scope is the whole site."""
TEMPLATE = Path(__file__).with_name("static") / "offline-worker.js"
RUNTIME_GLOBS = ("assets/pyodide/*", "assets/checker/*", "assets/course/**/*.mjs", "assets/course/*.css", "assets/course/*.zip")
"""The files a case page needs to grade, kept by the worker as soon as it installs."""


def site_version(site_dir: Path) -> str:
    """12 hex digits of a hash of every file of the built site (but the worker itself and gzip copies)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and not compress.is_copy(p)):
        relative = path.relative_to(site_dir).as_posix()
        if relative == WORKER:
            continue
        digest.update(relative.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


def service_worker(site_dir: Path) -> str:
    """The text of ``sw.js`` for the site built in `site_dir`."""
    runtime = sorted({p.relative_to(site_dir).as_posix() for pattern in RUNTIME_GLOBS
                      for p in site_dir.glob(pattern) if p.is_file() and not compress.is_copy(p)})
    code = TEMPLATE.read_text(encoding="utf-8")
    code = "\n".join(line for line in code.splitlines() if not line.startswith("//"))
    return (code.replace("__VERSION__", json.dumps(site_version(site_dir)))
                .replace("__RUNTIME__", json.dumps(runtime)).strip() + "\n")

"""Every file the course plugin adds to the site besides pages, and where it goes.

The built site must load nothing from another origin, so everything a page uses is
listed here with its site-relative destination:

* ``assets/site/``     — the site's own CSS (Chinese font stacks, case page layout);
* ``assets/course/``   — the browser exercise runtime (ES modules + CSS), copied as is;
* ``assets/vendor/mermaid/`` — Mermaid, self-hosted, behind a small lazy loader;
* ``assets/pyodide/``  — the Pyodide core files (skipped when a CDN is configured).

Why a lazy loader for Mermaid: Material renders diagrams with the global ``mermaid`` and
fetches it from unpkg when it is missing. The loader defines that global on every page
(so Material never goes to the CDN) but downloads the 3.5 MB Mermaid build, with a
subresource-integrity hash, only when a page actually has a diagram.

No MkDocs import: :class:`Asset` is a plain record the plugin turns into ``File`` objects.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import vendor
from .payload import PYODIDE_DIR

__all__ = [
    "Asset",
    "COURSE_DIR",
    "SITE_DIR",
    "EXTRA_CSS",
    "MERMAID_LOADER",
    "COURSE_SCRIPT",
    "GRADER_WORKER",
    "grader_boot_script",
    "course_runtime",
    "site_styles",
    "mermaid",
    "pyodide",
    "mermaid_loader_js",
    "sri",
]

ASSETS = Path(__file__).with_name("static")
COURSE_DIR = ASSETS / "course"
"""The browser exercise runtime (owned by the runtime, copied verbatim)."""
SITE_DIR = ASSETS / "site"
"""The site's own static files (CSS)."""

EXTRA_CSS: tuple[str, ...] = ("assets/site/site.css", "assets/course/case.css")
"""Stylesheets added to every page, in this order."""
MERMAID_LOADER = "assets/vendor/mermaid/mermaid-loader.js"
"""Classic script on every page; must not be async (Material checks for ``mermaid`` at load)."""
COURSE_SCRIPT = "assets/course/case-runner.mjs"
"""The exercise runtime's entry module; it does nothing on pages without a case."""
GRADER_WORKER = "assets/course/grader-worker.mjs"
"""The grader's module worker; the inline boot script of case pages starts it early."""
GRADER_BOOT_TEMPLATE = ASSETS / "grader-boot.js"
"""Classic script inlined first in each case page's ``<head>`` (``__WORKER__``, ``__PYODIDE__``, ``__CHECKER__``)."""


@dataclass(frozen=True)
class Asset:
    """One file of the built site: its destination and either a source file or bytes."""

    dest: str
    source: Path | None = None
    content: bytes | None = None


def course_runtime() -> list[Asset]:
    """Every file under ``build_tools/site/static/course/``, at ``assets/course/``."""
    return _tree(COURSE_DIR, "assets/course")


def site_styles() -> list[Asset]:
    """The site's own stylesheets, at ``assets/site/``."""
    return _tree(SITE_DIR, "assets/site")


def mermaid(cache: Path | None = None) -> list[Asset]:
    """The verified Mermaid build and the loader that fetches it on demand."""
    files = vendor.package_files(vendor.MERMAID, cache=cache)
    script = files["dist/mermaid.min.js"]
    loader = mermaid_loader_js("mermaid.min.js", sri(script.read_bytes()))
    return [
        Asset("assets/vendor/mermaid/mermaid.min.js", source=script),
        Asset(MERMAID_LOADER, content=loader.encode("utf-8")),
    ]


def pyodide(cache: Path | None = None) -> list[Asset]:
    """The verified Pyodide core files, at ``assets/pyodide/``."""
    files = vendor.package_files(vendor.PYODIDE, cache=cache)
    return [Asset(PYODIDE_DIR + name, source=path) for name, path in files.items()]


def sri(data: bytes) -> str:
    """A subresource-integrity value (``sha384-…``) for `data`."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def mermaid_loader_js(script_name: str, integrity: str) -> str:
    """The loader script: a stand-in ``window.mermaid`` that loads the real one on first use.

    Material calls ``mermaid.initialize(config)`` once and then awaits
    ``mermaid.render(id, text)`` per diagram; the stand-in remembers the configuration,
    loads `script_name` (next to the loader) with `integrity`, and hands over.
    """
    return _LOADER_TEMPLATE.replace("__SCRIPT__", script_name).replace("__INTEGRITY__", integrity)


def _tree(root: Path, dest: str) -> list[Asset]:
    if not root.is_dir():
        return []
    return [
        Asset(f"{dest}/{path.relative_to(root).as_posix()}", source=path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    ]


_LOADER_TEMPLATE = """\
/* Self-hosted Mermaid, loaded only on pages that have a diagram.
   Material for MkDocs uses the global `mermaid` and, when it is missing, fetches it
   from unpkg; this stand-in keeps every request on the site's own origin. */
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined") return;
  var src = new URL("__SCRIPT__", document.currentScript.src).href;
  var config = null;
  var loading = null;
  var standIn = {
    initialize: function (options) { config = options; },
    render: function (id, text) {
      return load().then(function (real) { return real.render(id, text); });
    }
  };
  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.integrity = "__INTEGRITY__";
      script.onload = function () {
        var real = window.mermaid;
        if (!real || real === standIn) { reject(new Error("Mermaid 脚本没有定义 mermaid")); return; }
        if (config) real.initialize(config);
        resolve(real);
      };
      script.onerror = function () {
        loading = null;
        window.mermaid = standIn;
        reject(new Error("无法加载图表脚本：" + src));
      };
      document.head.appendChild(script);
    });
    return loading;
  }
  window.mermaid = standIn;
})();
"""


def grader_boot_script(worker_src: str, pyodide_src: str, checker_src: str) -> str:
    """The inline boot script of a case page (paths relative to the page, or absolute URLs).

    Comment lines are dropped: the script is inlined into every case page.
    """
    template = GRADER_BOOT_TEMPLATE.read_text(encoding="utf-8")
    code = "\n".join(line for line in template.splitlines() if not line.lstrip().startswith("//"))
    for name, value in (("__WORKER__", worker_src), ("__PYODIDE__", pyodide_src), ("__CHECKER__", checker_src)):
        code = code.replace(name, json.dumps(value).replace("</", "<\\/"))
    return code.strip()

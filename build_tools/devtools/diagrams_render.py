"""Render every Mermaid diagram of ``docs/`` to ``docs/diagrams/<key>.svg`` (see diagrams.py).

Run after adding or editing a diagram (needs the test extra and Debian's Chromium,
both installed by ``python3 -m build_tools.dev test``)::

    .venv/bin/python -m build_tools.devtools.diagrams_render          # render what is missing, drop what is stale
    .venv/bin/python -m build_tools.devtools.diagrams_render --check  # only report; exit 1 if anything is to do

The site is built with ``SERVICE_COURSE_LIVE_DIAGRAMS=1`` (fences left to Mermaid), served
on 127.0.0.1, and each page with diagrams is opened in Chromium; Material renders them with
its theme into closed shadow roots, which an init script opens so the SVG can be read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from build_tools.site.diagrams import DIAGRAM_DIR, diagram_key, mermaid_sources, sources_in_html, svg_for_page
from build_tools.devtools.local_browser import CHROMIUM, CHROMIUM_ARGS, serve_static

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""
RENDERED = """(count) => {
  const hosts = [...document.querySelectorAll("div.mermaid")];
  if (hosts.length !== count || !hosts.every((h) => h.shadowRoot?.querySelector("svg"))) return null;
  return hosts.map((h) => h.shadowRoot.querySelector("svg").outerHTML);
}"""


def wanted_keys(docs: Path = DOCS) -> dict[str, str]:
    """Every diagram in the chapters and guides: key → source."""
    found: dict[str, str] = {}
    for page in sorted(docs.rglob("*.md")):
        for source in mermaid_sources(page.read_text(encoding="utf-8")):
            found[diagram_key(source)] = source
    return found


def plan(folder: Path = DIAGRAM_DIR, docs: Path = DOCS) -> tuple[list[str], list[Path]]:
    """(keys without an SVG, SVG files no diagram uses)."""
    wanted = wanted_keys(docs)
    present = {path.stem: path for path in folder.glob("*.svg")} if folder.is_dir() else {}
    return sorted(set(wanted) - set(present)), sorted(path for key, path in present.items() if key not in wanted)


def render_all(folder: Path = DIAGRAM_DIR) -> list[str]:
    """Build the site with live diagrams, render every one, write the SVGs; returns the keys written."""
    from playwright.sync_api import sync_playwright  # test extra; only this command needs it

    with tempfile.TemporaryDirectory(prefix="diagrams-") as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "SERVICE_COURSE_LIVE_DIAGRAMS": "1", "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], cwd=REPO, env=env, check=True)
        pages = [page for page in sorted(site.rglob("*.html")) if '<pre class="mermaid">' in page.read_text(encoding="utf-8")]
        folder.mkdir(parents=True, exist_ok=True)
        written: list[str] = []
        with serve_static(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script(OPEN_SHADOW_ROOTS)
            for path in pages:
                sources = sources_in_html(path.read_text(encoding="utf-8"))
                page.goto(base + path.relative_to(site).as_posix())
                svgs = page.wait_for_function(RENDERED, arg=len(sources), timeout=60_000).json_value()
                for source, svg in zip(sources, svgs, strict=True):
                    key = diagram_key(source)
                    (folder / f"{key}.svg").write_text(svg_for_page(svg, key) + "\n", encoding="utf-8")
                    written.append(key)
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.devtools.diagrams_render", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="只报告缺少或多余的 SVG，不渲染")
    args = parser.parse_args(argv)
    missing, stale = plan()
    if args.check:
        for key in missing:
            print(f"缺少预渲染图：docs/diagrams/{key}.svg")
        for path in stale:
            print(f"多余的预渲染图（没有图表使用）：{path.relative_to(REPO)}")
        return 1 if missing or stale else 0
    written = render_all()
    for path in stale:
        path.unlink()
    print(f"已渲染 {len(set(written))} 张图，删除 {len(stale)} 张多余的图，位于 {DIAGRAM_DIR.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

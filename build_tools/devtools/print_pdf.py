"""The course as a PDF: the print edition (``print/``) printed by Chromium.

    python3 -m build_tools.dev pdf [--out 服务营销.pdf]     set up, build the site, write the PDF

Why a developer command and not part of ``mkdocs build``: printing needs a browser, and the site
must build without one. Chromium prints the page the site already serves, so the PDF has the layout a
reader gets from the browser's own 「打印」 on that page: A4 with the page's margins (``@page`` in
``static/site/print.css``), every chapter and case on a new sheet, page numbers in the footer, an
outline (bookmarks) from the headings, and the fonts embedded (Noto Sans/Serif CJK from the system,
Debian's ``fonts-noto-cjk``), so that the text can be searched and copied.

Links to other pages of the site lose their target in the PDF (the text stays): they would point
at the temporary local server the PDF was printed from.

Afterwards :func:`build_tools.devtools.pdf_repair.repair` mends what Chromium gets wrong: text that
copies as look-alikes (the CJK radical ⾏ for 行, ‒ for –) and doubled bookmark names.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from build_tools.devtools.local_browser import CHROMIUM, CHROMIUM_ARGS, serve_static
from build_tools.site.printing import PRINT_URL

__all__ = ["DEFAULT_OUT", "render_pdf", "main"]

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = Path("服务营销-打印版.pdf")

FOOTER = ('<div style="width:100%;font-size:8pt;text-align:center;color:#555;'
          'font-family:\'Noto Sans CJK SC\',sans-serif">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
"""Chromium's footer template: page n / total, in the bottom margin that print.css leaves."""
FOOTER_TEXT = "0123456789 / "
"""Every character the footer shows."""

HEADINGS = """() => [...document.querySelectorAll(".print-edition :is(h1, h2, h3, h4, h5, h6)")]
  .map((h) => [...h.childNodes].filter((n) => !(n.classList && n.classList.contains("headerlink")))
                               .map((n) => n.textContent).join("").trim())"""
"""The text of every heading of the edition, without Material's 「¶」 links."""

UNLINK_OTHER_PAGES = """() => {
  for (const a of document.querySelectorAll(".print-edition a[href]")) {
    const url = new URL(a.href, location.href);
    if (url.origin === location.origin && url.pathname !== location.pathname) a.removeAttribute("href");
  }
}"""
"""Links to the site's other pages lose their target: in the PDF they would lead to the local server."""


def render_pdf(browser, print_url: str, out: Path) -> Path:
    """Print the page at `print_url` to `out` with `browser` (a Playwright Chromium browser), then mend it."""
    from build_tools.devtools.pdf_repair import repair  # pypdf and fontTools: the test extra, like Playwright

    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(print_url, wait_until="load")
        page.wait_for_selector(".print-edition")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.evaluate(UNLINK_OTHER_PAGES)
        out.parent.mkdir(parents=True, exist_ok=True)
        headings = page.evaluate(HEADINGS)
        text = page.evaluate("() => document.querySelector('.print-edition').textContent")
        page.pdf(path=out, format="A4", prefer_css_page_size=True, print_background=True, outline=True,
                 tagged=True, display_header_footer=True, header_template="<span></span>", footer_template=FOOTER)
    finally:
        context.close()
    repair(out, text + FOOTER_TEXT, headings)
    return out


def _build(site: Path) -> None:
    """``mkdocs build --strict`` of this repository into `site`; a failure ends the command with its log."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)  # links stay relative; instant navigation plays no part in printing
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"网站构建失败（mkdocs build --strict），没有生成 PDF：\n{done.stdout}{done.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m build_tools.dev pdf",
                                     description="构建网站并把打印版（print/）打印成 A4 的 PDF。")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"PDF 的路径（默认 {DEFAULT_OUT}）")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        sys.exit(f"没有 {CHROMIUM}：生成 PDF 需要 Debian 的 chromium 和 fonts-noto-cjk（以 root 运行 python3 -m build_tools.dev pdf 会自动安装）。")
    from playwright.sync_api import sync_playwright  # the test extra; imported here so --help works without it

    with tempfile.TemporaryDirectory(prefix="course-pdf-") as folder:
        site = Path(folder) / "site"
        _build(site)
        with serve_static(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                out = render_pdf(browser, base + PRINT_URL, args.out.resolve())
            finally:
                browser.close()
    print(f"已生成 {out}（{out.stat().st_size / 1e6:.1f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())

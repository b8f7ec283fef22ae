"""Every chapter renders in a real browser: Chinese glyphs from a CJK font, diagrams as SVG.

* Glyphs: Chromium reports (DevTools ``CSS.getPlatformFontsForNode``) which installed
  font drew a node's text. The chapter title must be drawn by a CJK font, not by a
  fallback that shows boxes.
* Diagrams: each ```` ```mermaid ```` block arrives pre-rendered as an inline SVG
  (build_tools/site/diagrams.py), so a chapter page shows every diagram without downloading
  or running Mermaid.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.site.pages import CHAPTERS

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"

SVG_SIZES = """() => [...document.querySelectorAll("article .mermaid-static > svg")]
  .map(svg => { const r = svg.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; })"""


def diagrams_in(chapter) -> int:
    return (DOCS / chapter.src).read_text(encoding="utf-8").count("```mermaid")


def fonts_for(page, selector: str) -> dict[str, int]:
    """Installed font family -> glyphs it drew, for the first node matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def wait_for_svgs(page, count: int) -> list[list[int]]:
    page.wait_for_function(f"() => document.querySelectorAll('article .mermaid-static > svg').length >= {count}",
                           timeout=20_000)
    return page.evaluate(SVG_SIZES)


def test_every_chapter_shows_its_title_in_a_cjk_font_and_its_diagrams_as_svg_without_mermaid(site_page) -> None:
    """Each chapter in turn in one page: the title's Han glyphs drawn by a CJK font; every diagram
    an inline SVG of a real size, no Mermaid block left and mermaid.min.js never requested."""
    page = site_page.page
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if "mermaid" in request.url else None)
    wrong = []
    for chapter in CHAPTERS:
        expected = diagrams_in(chapter)
        scripts.clear()
        site_page.open(f"chapters/{chapter.slug}/")
        title = page.locator("article h1").first.text_content().rstrip("¶ ")
        fonts = fonts_for(page, "article h1")
        cjk = sum(glyphs for name, glyphs in fonts.items() if "CJK" in name)
        han = sum(1 for ch in chapter.label if "\u4e00" <= ch <= "\u9fff")
        sizes = wait_for_svgs(page, expected) if expected else []
        page.wait_for_load_state("networkidle")
        tiny = [size for size in sizes if size[0] < 100 or size[1] < 20]
        problems = {
            f"标题是「{title}」": title != chapter.label,
            f"中文字形来自：{fonts}": cjk < han,
            "每章至少应有一张图": expected < 1,
            f"{len(sizes)} 张 SVG，应为 {expected}": len(sizes) != expected,
            f"太小的图：{tiny}": bool(tiny),
            "还有未渲染的 Mermaid 块": page.locator("pre.mermaid, pre > code.language-mermaid, div.mermaid").count() > 0,
            "下载了 mermaid.min.js": any(url.endswith("mermaid.min.js") for url in scripts),  # the tiny stand-in loader is all
        }
        wrong += [f"chapters/{chapter.slug}/：{problem}" for problem, found in problems.items() if found]
    assert wrong == []


def test_instant_navigation_keeps_the_page_and_renders_diagrams(site_page) -> None:
    """A click is handled by Material (no reload): the exercise runtime and Pyodide survive it."""
    page = site_page.page
    site_page.open("")
    page.evaluate("window.__sameDocument = true")
    page.locator("article a[href$='chapters/quality/']").first.click()
    # navigation.tracking may append the old page's section anchor for a moment
    page.wait_for_url(re.compile(r".*/chapters/quality/(#.*)?$"))
    page.locator("article h1").first.wait_for()
    assert page.evaluate("window.__sameDocument === true") is True
    assert len(wait_for_svgs(page, diagrams_in(CHAPTERS[3]))) == diagrams_in(CHAPTERS[3])

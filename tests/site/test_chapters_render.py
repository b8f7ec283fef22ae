"""Every chapter renders in a real browser: Chinese glyphs from a CJK font, diagrams as SVG.

* Glyphs: Chromium reports (DevTools ``CSS.getPlatformFontsForNode``) which installed
  font drew a node's text. The chapter title must be drawn by a CJK font, not by a
  fallback that shows boxes.
* Diagrams: Material puts each Mermaid SVG in a *closed* shadow root, invisible to
  ``querySelector``. An init script wraps ``attachShadow`` to keep the roots, so the test
  can count the SVGs and measure them: one per ```` ```mermaid ```` block of the chapter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.pages import CHAPTERS

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"

KEEP_SHADOW_ROOTS = """
window.__shadowRoots = [];
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, init);
  window.__shadowRoots.push(root);
  return root;
};
"""

SVG_SIZES = """() => window.__shadowRoots
  .map(root => root.querySelector("svg"))
  .filter(Boolean)
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
    page.wait_for_function(f"() => window.__shadowRoots.filter(r => r.querySelector('svg')).length >= {count}",
                           timeout=20_000)
    return page.evaluate(SVG_SIZES)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[ch.slug for ch in CHAPTERS])
def test_chapter_title_is_drawn_with_a_cjk_font(site_page, chapter) -> None:
    site_page.open(f"chapters/{chapter.slug}/")
    assert site_page.page.locator("article h1").first.text_content().rstrip("¶ ") == chapter.label
    fonts = fonts_for(site_page.page, "article h1")
    cjk = {name: glyphs for name, glyphs in fonts.items() if "CJK" in name}
    han = sum(1 for ch in chapter.label if "\u4e00" <= ch <= "\u9fff")
    assert sum(cjk.values()) >= han, f"中文字形来自：{fonts}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[ch.slug for ch in CHAPTERS])
def test_chapter_diagrams_render_as_svg(site_page, chapter) -> None:
    expected = diagrams_in(chapter)
    assert expected >= 1, "每章至少应有一张图"
    site_page.page.add_init_script(KEEP_SHADOW_ROOTS)
    site_page.open(f"chapters/{chapter.slug}/")
    sizes = wait_for_svgs(site_page.page, expected)
    assert len(sizes) == expected
    assert [size for size in sizes if size[0] < 100 or size[1] < 20] == []
    assert site_page.page.locator("pre.mermaid, pre > code.language-mermaid").count() == 0


def test_instant_navigation_keeps_the_page_and_renders_diagrams(site_page) -> None:
    """A click is handled by Material (no reload): the exercise runtime and Pyodide survive it."""
    page = site_page.page
    page.add_init_script(KEEP_SHADOW_ROOTS)
    site_page.open("")
    page.evaluate("window.__sameDocument = true")
    page.locator("article a[href$='chapters/quality/']").first.click()
    page.wait_for_url("**/chapters/quality/")
    page.locator("article h1").first.wait_for()
    assert page.evaluate("window.__sameDocument === true") is True
    assert len(wait_for_svgs(page, diagrams_in(CHAPTERS[3]))) == diagrams_in(CHAPTERS[3])

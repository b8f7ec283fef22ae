"""Mermaid diagrams of the chapters, pre-rendered to SVG so chapter pages need no Mermaid.

Why: Mermaid is a 3 MB script. Rendering a chapter's diagrams in the browser froze the
page for about 0.6 s on our 2-core test machine (more on a cheap phone), on every visit.
The diagrams only change when a chapter's text does, so they are rendered once, in
headless Chromium through Material's own Mermaid integration (same theme, same CSS
variables, so dark mode still works), and committed as ``docs/diagrams/<key>.svg``,
where ``<key>`` is a hash of the diagram's source. At build time each fenced
```` ```mermaid ```` block with a matching SVG becomes that SVG, inline; a block without one
(a diagram just added or edited) is left to Mermaid in the browser, as before, until
``python -m build_tools.devtools.diagrams_render`` is run. ``tests/site/test_diagrams.py`` fails
while any diagram lacks its SVG, so the fallback never ships unnoticed.

    >>> diagram_key("flowchart LR\\n  A --> B\\n") == diagram_key("flowchart LR\\n  A --> B")
    True
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DIAGRAM_DIR",
    "Inlined",
    "diagram_key",
    "mermaid_sources",
    "inline_diagrams",
    "diagram_block",
    "sources_in_html",
    "svg_for_page",
]

DIAGRAM_DIR = Path(__file__).resolve().parents[2] / "docs" / "diagrams"
"""Where the pre-rendered SVGs live (excluded from the site's files in mkdocs.yml)."""

_FENCE = re.compile(r"^(?P<fence>```|~~~)mermaid[ \t]*\n(?P<source>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_HTML_BLOCK = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.S)
_MERMAID_ID = re.compile(r"__mermaid_\d+(?!\d)")
_VIEWBOX_WIDTH = re.compile(r'<svg\b[^>]*\bviewBox="[-\d.]+[ ,]+[-\d.]+[ ,]+([\d.]+)[ ,]+[\d.]+"')

DIAGRAM_LABEL = "图表（较宽时可左右滚动）"
"""What a screen reader announces for a diagram's scrolling box (the SVG inside names its own kind)."""


@dataclass(frozen=True)
class Inlined:
    """A page's Markdown with pre-rendered diagrams inlined, and the keys that had none."""

    markdown: str
    missing: tuple[str, ...]


def diagram_key(source: str) -> str:
    """The name of a diagram's SVG: a hash of its source, blind to trailing white space."""
    normal = "\n".join(line.rstrip() for line in source.strip().splitlines())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def mermaid_sources(markdown: str) -> list[str]:
    """The source of every fenced Mermaid block, in page order."""
    return [match["source"] for match in _FENCE.finditer(markdown)]


def inline_diagrams(markdown: str, folder: Path = DIAGRAM_DIR) -> Inlined:
    """Replace each Mermaid fence that has a pre-rendered SVG in `folder` by that SVG."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key = diagram_key(match["source"])
        path = folder / f"{key}.svg"
        if not path.is_file():
            missing.append(key)
            return match.group(0)
        svg = path.read_text(encoding="utf-8").strip()
        # One line, so Python-Markdown passes it through as a single raw HTML block.
        return diagram_block(svg, key)

    return Inlined(_FENCE.sub(replace, markdown), tuple(missing))


def diagram_block(svg: str, key: str) -> str:
    """The HTML that shows a pre-rendered diagram: the SVG in a box that can scroll sideways.

    Why the box: an SVG scaled down to a phone's width shrinks its 16 px labels along with it
    (a wide flowchart read at 4 px on a 360 px screen). site.css keeps every diagram at least
    3/4 of its natural width, so labels stay at 12 px or more, and a wider diagram scrolls
    inside this box. The box is a labelled, focusable group so that keyboard users can
    scroll it too. ``--diagram-width`` is the SVG's own width (its viewBox), which CSS
    cannot read from the SVG itself.

        >>> diagram_block('<svg viewBox="0 0 742.06 129"></svg>', "k").partition("<svg")[0]
        '<div class="mermaid-static" data-diagram="k" role="group" aria-label="图表（较宽时可左右滚动）" tabindex="0" style="--diagram-width: 742px">'
    """
    width = _VIEWBOX_WIDTH.search(svg)
    style = f' style="--diagram-width: {round(float(width[1]))}px"' if width else ""
    return (f'<div class="mermaid-static" data-diagram="{key}" role="group" aria-label="{DIAGRAM_LABEL}" tabindex="0"{style}>'
            f"{svg}</div>")


def sources_in_html(page_html: str) -> list[str]:
    """The Mermaid sources as a built page carries them (``<pre class="mermaid">``), in order."""
    return [html.unescape(match["source"]) for match in _HTML_BLOCK.finditer(page_html)]


def svg_for_page(svg: str, key: str) -> str:
    """A rendered SVG made independent of its page: Material numbers diagrams per page
    (``__mermaid_0``…), and those ids scope the SVG's own CSS and arrow markers, so they
    become ``mermaid-<key>`` to stay unique wherever the diagram is inlined."""
    return _MERMAID_ID.sub(f"mermaid-{key}", svg).replace("\n", " ")

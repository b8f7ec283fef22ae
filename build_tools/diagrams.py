"""Mermaid diagrams of the chapters, pre-rendered to SVG so chapter pages need no Mermaid.

Why: Mermaid is a 3 MB script. Rendering a chapter's diagrams in the browser froze the
page for about 0.6 s on our 2-core test machine (more on a cheap phone), on every visit.
The diagrams only change when a chapter's text does, so they are rendered once, in
headless Chromium through Material's own Mermaid integration (same theme, same CSS
variables, so dark mode still works), and committed as ``docs/diagrams/<key>.svg``,
where ``<key>`` is a hash of the diagram's source. At build time each fenced
```` ```mermaid ```` block with a matching SVG becomes that SVG, inline; a block without one
(a diagram just added or edited) is left to Mermaid in the browser, as before, until
``python -m build_tools.diagrams_render`` is run. ``tests/site/test_diagrams.py`` fails
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
    "sources_in_html",
    "svg_for_page",
]

DIAGRAM_DIR = Path(__file__).resolve().parent.parent / "docs" / "diagrams"
"""Where the pre-rendered SVGs live (excluded from the site's files in mkdocs.yml)."""

_FENCE = re.compile(r"^(?P<fence>```|~~~)mermaid[ \t]*\n(?P<source>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_HTML_BLOCK = re.compile(r'<pre class="mermaid"><code>(?P<source>.*?)</code></pre>', re.S)
_MERMAID_ID = re.compile(r"__mermaid_\d+(?!\d)")


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
        return f'<div class="mermaid-static" data-diagram="{key}">{svg}</div>'

    return Inlined(_FENCE.sub(replace, markdown), tuple(missing))


def sources_in_html(page_html: str) -> list[str]:
    """The Mermaid sources as a built page carries them (``<pre class="mermaid">``), in order."""
    return [html.unescape(match["source"]) for match in _HTML_BLOCK.finditer(page_html)]


def svg_for_page(svg: str, key: str) -> str:
    """A rendered SVG made independent of its page: Material numbers diagrams per page
    (``__mermaid_0``…), and those ids scope the SVG's own CSS and arrow markers, so they
    become ``mermaid-<key>`` to stay unique wherever the diagram is inlined."""
    return _MERMAID_ID.sub(f"mermaid-{key}", svg).replace("\n", " ")

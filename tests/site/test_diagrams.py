"""Pre-rendered Mermaid diagrams (build_tools/site/diagrams.py): present, current, inert, and inlined.

A diagram added or edited in docs/ without re-rendering would silently fall back to
downloading Mermaid (3 MB) in the browser; the first test turns that into a CI failure
that says which command fixes it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.site import diagrams
from build_tools.site.printing import PRINT_URL
from build_tools.devtools.diagrams_render import plan

ACTIVE_MARKUP = re.compile(r"<script\b|\son\w+\s*=|javascript:", re.I)
FENCE = "前文\n\n```mermaid\nflowchart LR\n    A --> B   \n```\n\n后文\n"


def test_every_diagram_in_docs_has_a_current_svg_and_none_is_stale() -> None:
    missing, stale = plan()
    assert (missing, [p.name for p in stale]) == ([], []), (
        "预渲染图与 docs/ 中的 Mermaid 图表不一致：运行 .venv/bin/python -m build_tools.devtools.diagrams_render 后提交 docs/diagrams/"
    )


@pytest.mark.parametrize("svg", sorted(diagrams.DIAGRAM_DIR.glob("*.svg")), ids=lambda p: p.name)
def test_pre_rendered_svg_is_one_inert_svg_element(svg: Path) -> None:
    text = svg.read_text(encoding="utf-8").strip()
    assert text.startswith("<svg ") and text.endswith("</svg>")
    assert "\n" not in text
    assert ACTIVE_MARKUP.findall(text) == []
    assert "__mermaid_" not in text  # page-local ids were renamed after the diagram's key


KEYS = [
    ("trailing spaces do not matter", "flowchart LR\n    A --> B   \n", "flowchart LR\n    A --> B"),
    ("surrounding blank lines do not matter", "\n\nflowchart LR\n    A --> B\n\n", "flowchart LR\n    A --> B"),
]


@pytest.mark.parametrize("label, one, other", KEYS, ids=[k[0] for k in KEYS])
def test_diagram_key_ignores_white_space_at_line_ends(label: str, one: str, other: str) -> None:
    assert diagrams.diagram_key(one) == diagrams.diagram_key(other)


def test_diagram_key_changes_with_the_diagram() -> None:
    assert diagrams.diagram_key("flowchart LR\n    A --> B") != diagrams.diagram_key("flowchart LR\n    A --> C")


def test_fence_with_an_svg_becomes_that_svg(tmp_path: Path) -> None:
    key = diagrams.diagram_key("flowchart LR\n    A --> B")
    (tmp_path / f"{key}.svg").write_text('<svg id="mermaid-x"><g/></svg>\n', encoding="utf-8")
    inlined = diagrams.inline_diagrams(FENCE, tmp_path)
    assert inlined.missing == ()
    block = diagrams.diagram_block('<svg id="mermaid-x"><g/></svg>', key)
    assert inlined.markdown == f"前文\n\n{block}\n\n后文\n"


BLOCKS = [
    # label                         svg                                                   style attribute
    ("a viewBox gives the width",   '<svg id="m" viewBox="0 0 742.0625 129"><g/></svg>',   ' style="--diagram-width: 742px"'),
    ("commas in the viewBox",       '<svg viewBox="0,0,1705.5,60"></svg>',                ' style="--diagram-width: 1706px"'),
    ("no viewBox, no width",        '<svg id="m"><g/></svg>',                             ""),
]


@pytest.mark.parametrize("label, svg, style", BLOCKS, ids=[b[0] for b in BLOCKS])
def test_a_diagram_block_is_a_labelled_focusable_box_that_knows_the_diagrams_width(label: str, svg: str, style: str) -> None:
    block = diagrams.diagram_block(svg, "k")
    assert block == (f'<div class="mermaid-static" data-diagram="k" role="group" aria-label="{diagrams.DIAGRAM_LABEL}" '
                     f'tabindex="0"{style}>{svg}</div>')


def test_fence_without_an_svg_is_left_to_mermaid_and_reported(tmp_path: Path) -> None:
    inlined = diagrams.inline_diagrams(FENCE, tmp_path)
    assert inlined.markdown == FENCE
    assert inlined.missing == (diagrams.diagram_key("flowchart LR\n    A --> B"),)


SVG_IDS = [
    ("style and markers", '<svg id="__mermaid_1"><style>#__mermaid_1 .node{}</style><path marker-end="url(#__mermaid_1_arrow)"/></svg>',
     '<svg id="mermaid-k"><style>#mermaid-k .node{}</style><path marker-end="url(#mermaid-k_arrow)"/></svg>'),
    ("a longer number is one id", '<svg id="__mermaid_10">', '<svg id="mermaid-k">'),
    ("line breaks become spaces", "<svg>\n<g/>\n</svg>", "<svg> <g/> </svg>"),
]


@pytest.mark.parametrize("label, svg, expected", SVG_IDS, ids=[s[0] for s in SVG_IDS])
def test_svg_for_page_renames_material_page_ids(label: str, svg: str, expected: str) -> None:
    assert diagrams.svg_for_page(svg, "k") == expected


def test_sources_in_html_unescape_the_built_blocks() -> None:
    page = '<pre class="mermaid"><code>flowchart LR\n    A[&quot;甲&quot;] --&gt; B\n</code></pre>'
    assert diagrams.sources_in_html(page) == ['flowchart LR\n    A["甲"] --> B\n']


def test_built_chapters_inline_every_diagram(built_site) -> None:
    for chapter in sorted(built_site.root.glob("chapters/*/index.html")):
        page = chapter.read_text(encoding="utf-8")
        assert '<pre class="mermaid">' not in page, chapter
    edition = built_site.root / PRINT_URL / "index.html"  # the print edition repeats every chapter's diagrams
    inlined = sum(p.read_text(encoding="utf-8").count('class="mermaid-static"') for p in built_site.pages() if p != edition)
    assert inlined == sum(len(diagrams.mermaid_sources(p.read_text(encoding="utf-8")))
                          for p in Path(diagrams.DIAGRAM_DIR.parent).rglob("*.md"))

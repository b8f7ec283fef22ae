"""Draw the class report's charts (:class:`.stats.Chart`) as static SVG with pygal.

Why pygal: the report must be readable with JavaScript off, open from disk and request nothing,
so its charts are SVG made here, once, not drawn in the reader's browser (which rules out a
JavaScript chart library, vendored or not). pygal (3.1.3, LGPLv3+, pure Python, maintained by
Kozea since 2012) draws bar charts as SVG with text as text, so Chinese renders in the reader's
system fonts; it is 1.3 MB installed (a third of it its own tests), plus importlib-metadata and
its two small dependencies (0.5 MB). matplotlib's SVG backend would do as well, but brings NumPy,
Pillow and fontTools, tens of megabytes, for three kinds of bar chart.

What is changed from pygal's defaults, each through its documented API: no JavaScript (``js=[]``,
and an XML filter, ``add_xml_filter``, that drops the configuration ``<script>`` pygal writes anyway
and the ``<desc>`` data of the tooltips, which only pygal's script from another site would show);
values printed on the bars, so the numbers are readable without hovering; the site's Chinese font
stack; wider left margins for Chinese axis labels (pygal reckons every character 0.6 em wide, a
Chinese one is 1 em).
"""

from __future__ import annotations

import unicodedata
from typing import Any, Callable
from xml.etree import ElementTree

import pygal
from pygal.style import Style

from .stats import Chart, ChartKind, Row, Tone

__all__ = ["COLOURS", "FONTS", "WIDTH", "svg"]

FONTS = ('-apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", '
         '"Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')
"""The site's Chinese font stack (build_tools/site/static/site/site.css)."""

COLOURS = {
    Tone.CORRECT: "#2e7d32",
    Tone.PARTIAL: "#f9a825",
    Tone.WRONG: "#c62828",
    Tone.FORBIDDEN: "#6a1b9a",
    Tone.INVALID: "#424242",
    Tone.NEUTRAL: "#1565c0",
    Tone.MISSING: "#bdbdbd",
}
"""One colour per tone, in every chart and in the report's legend (:mod:`.pages` uses the same)."""

INK = "#212121"
LIGHT_TONES = frozenset({Tone.PARTIAL, Tone.MISSING})
"""Tones light enough for dark text on them; values on the others are printed in white."""

WIDTH = 520
"""The drawing's width in its own units; the page scales it to the column it sits in."""

LABEL_SIZE = 17
VALUE_SIZE = 14
ROW_HEIGHT = 36


def svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element to put in an HTML page (no XML declaration, no script)."""
    graph = _CHARTS[chart.kind](chart)
    graph.add_xml_filter(_without_scripts)
    return graph.render(is_unicode=True)


def _common(chart: Chart, colours: tuple[str, ...], height: int, value_colours: tuple[str, ...] = (),
            **extra: Any) -> dict[str, Any]:
    """pygal options every chart shares."""
    style = Style(
        font_family=FONTS, background="white", plot_background="white", foreground="#212121",
        foreground_strong="#212121", foreground_subtle="#9e9e9e", opacity="1", opacity_hover="0.85",
        colors=colours, label_font_size=LABEL_SIZE, major_label_font_size=LABEL_SIZE,
        value_font_size=VALUE_SIZE, value_colors=value_colours or (INK,) * len(colours), guide_stroke_color="#e0e0e0",
        major_guide_stroke_color="#bdbdbd",
    )
    options: dict[str, Any] = dict(
        style=style, width=WIDTH, height=height, js=[],
        disable_xml_declaration=True, explicit_size=False, show_legend=False, print_values=True,
        print_zeroes=False, truncate_label=-1, margin=12, margin_right=28, spacing=8, pretty_print=False,
        classes=["pygal-chart", f"chart-{chart.kind.value}"],
    )
    if chart.percent:
        options.update(range=(0, 1), y_labels=[0, 0.25, 0.5, 0.75, 1], value_formatter=_percent, formatter=_percent_on_bar)
    else:
        options.update(value_formatter=_count, formatter=_count)
    options.update(extra)
    return options


def _columns(chart: Chart) -> pygal.Graph:
    """Upright columns of one series: a distribution of scores."""
    most = max((row.values[0] for row in chart.rows), default=0)
    graph = pygal.Bar(**_common(chart, (COLOURS[chart.series[0].tone],), 300, range=(0, max(most, 1)),
                               min_scale=2, max_scale=6, print_values_position="top"))
    graph.x_labels = [row.label for row in chart.rows]
    graph.add(chart.series[0].name, [_value(row.values[0]) for row in chart.rows])
    return graph


def _bars(chart: Chart) -> pygal.Graph:
    """Horizontal bars of one series, each coloured by its row's tone (an option right or wrong).

    Drawn as a stacked chart with one series per tone, each row's value in its tone's series and
    None (no bar) in the others: pygal colours values by series, and so the value printed on a bar
    can be white on a dark bar and dark on a light one."""
    tones = [tone for tone in Tone if any((row.tone or chart.series[0].tone) is tone for row in chart.rows)]
    graph = pygal.HorizontalStackedBar(**_common(chart, tuple(COLOURS[t] for t in tones), _height(chart),
                                                 tuple(_ink_on(t) for t in tones), margin_left=_label_margin(chart.rows)))
    graph.x_labels = [row.label for row in reversed(chart.rows)]  # pygal draws the first label at the bottom
    for tone in tones:
        graph.add(tone.value, [_value(row.values[0]) if (row.tone or chart.series[0].tone) is tone else None
                               for row in reversed(chart.rows)])
    return graph


def _stacked(chart: Chart) -> pygal.Graph:
    """Horizontal bars stacked from several series (full / part / zero marks, missing / partly made...)."""
    graph = pygal.HorizontalStackedBar(**_common(chart, tuple(COLOURS[s.tone] for s in chart.series), _height(chart),
                                                 tuple(_ink_on(s.tone) for s in chart.series),
                                                 margin_left=_label_margin(chart.rows)))
    graph.x_labels = [row.label for row in reversed(chart.rows)]
    for index, series in enumerate(chart.series):
        graph.add(series.name, [_value(row.values[index]) for row in reversed(chart.rows)])
    return graph


def _ink_on(tone: Tone) -> str:
    """The colour of a value printed on a bar of this tone."""
    return INK if tone in LIGHT_TONES else "white"


_CHARTS: dict[ChartKind, Callable[[Chart], pygal.Graph]] = {
    ChartKind.COLUMNS: _columns,
    ChartKind.BARS: _bars,
    ChartKind.STACKED: _stacked,
}


def _height(chart: Chart) -> int:
    return 56 + ROW_HEIGHT * max(len(chart.rows), 1)


def _label_margin(rows: tuple[Row, ...]) -> int:
    """Extra room on the left for Chinese labels, which pygal measures as if Latin (0.6 em a character)."""
    shortfall = 0.0
    for row in rows:
        wide = sum(1 for char in row.label if unicodedata.east_asian_width(char) in ("W", "F"))
        shortfall = max(shortfall, wide * 0.45 * LABEL_SIZE)
    return 12 + round(shortfall)


def _value(value: float) -> float | None:
    """A bar's value; None draws no bar (pygal draws a zero-height one otherwise)."""
    return value if value > 0 else None


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def _percent_on_bar(value: float) -> str:
    """The share printed on a bar: left out on short bars (under 12 %), where it would not fit."""
    return "" if value < 0.12 else _percent(value)


def _count(value: float) -> str:
    return f"{value:.0f}"


def _without_scripts(root: ElementTree.Element) -> ElementTree.Element:
    """Drop every ``<script>`` (pygal writes its configuration in one even with ``js=[]``) and the
    ``<desc>`` data its tooltip script reads (a quarter of the size of the chart, for nothing here)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in ("script", "desc"):
                parent.remove(child)
    return root

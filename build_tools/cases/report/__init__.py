"""``cases grade ... --report DIR``: a class report and one feedback page per student, as static HTML.

``DIR/index.html`` shows where the class went wrong — the score distribution of the assignment
and of each case, how each question went, and for each question the chart its type calls for
(the share choosing each option, the rubric concepts missed and forbidden phrases used, the steps
misplaced...) — then the text answers nearest a rubric threshold, for a second look, and every
flag of the batch. ``DIR/students/<student number>.html`` shows one student their answers, scores
and the feedback the site would have shown. Every page opens from disk, requests nothing, needs no
JavaScript and prints.

:mod:`.stats` computes what to show (plain data); :mod:`.charts` draws the charts as SVG with
pygal (the choice of library is explained there: pure Python, 1.3 MB, static SVG with Chinese as
text); :mod:`.pages` writes the HTML with Jinja2 (autoescaped: student text is untrusted);
:mod:`.answers` puts a student's answer in words and :mod:`.plain` a case's Markdown in plain text.
"""

from __future__ import annotations

from .pages import Written, write_report

__all__ = ["Written", "write_report"]

"""Everything that turns ``cases/`` and ``docs/`` into the course site, in three rooms.

* ``build_tools.cases``    — the case format: load a YAML file with its line numbers, check it
  against the schema, render its Markdown safely, prove every key and sample with the graders,
  the Moodle export, the ``cases`` command, and batch grading of students' answers files
  (``gradebook``, ``gradesheet``) with its class report and feedback pages (``report``). Never
  imports MkDocs: an instructor's tools run without the site.
* ``build_tools.site``     — the ``course_cases`` MkDocs plugin and what it builds: case pages,
  the per-case JSON and checker bundle the browser grades with, the grader's memory snapshot,
  the offline worker (``sw.js``), static files, vendored Pyodide and Mermaid, diagrams, Chinese search,
  the course-wide glossary and reference list (from ``course/``), and
  the print edition (``print/``).
* ``build_tools.devtools`` — for developers only (``python3 -m build_tools.dev``): set-up, serve,
  test, the local browser and server, diagram rendering, the benchmark, the PDF. Never imported by a build.

The graders themselves live in the ``exercises`` package, standard library only, because the
same files run in CPython here and in Pyodide in the student's browser.
"""

"""The benchmark command: ``python3 -m build_tools.dev bench`` → one table, also written to BENCHMARKS.md.

One module per job:

* ``machine``    — CPU, cores, RAM, load before/after, OS, Python, Chromium, Pyodide, commit;
* ``generate``   — a temporary project copy with N cases made from the shipped ones;
* ``build_time`` — ``mkdocs build`` time for each case count, and its growth;
* ``throughput`` — ``exercises.grade`` answers per second on 10,000 mixed answers;
* ``site``       — the built site, the bare ``loadPyodide`` page, a local server;
* ``browser``    — ready times, long tasks, traced visits, grade round trips and bytes, in Chromium;
* ``trace``      — a trace's main-thread tasks, each split between our code, the theme and the page;
* ``stats``      — medians and percentiles;
* ``report``     — the Markdown table with each target's ✅/❌;
* ``cli``        — the command line.

Benchmarks print figures; they never fail on a time (only on a measurement that broke).
"""

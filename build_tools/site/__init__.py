"""The site build: ``plugin`` (the ``course_cases`` MkDocs plugin) and the modules it delegates to,
none of which knows MkDocs: ``pages``, ``payload`` (what the browser grader loads),
``assets`` (the files under ``static/``), ``vendor``, ``snapshot`` (the grader's memory snapshot,
made with Node), ``offline`` (the service worker ``sw.js``), ``diagrams``, ``search``, ``theme_fixes``,
``schema_doc``, ``assessment`` (the keyless assessment build: its switch, and the instructor pages it leaves out)."""

"""The site build: ``plugin`` (the ``course_cases`` MkDocs plugin) and the modules it delegates to,
none of which knows MkDocs: ``pages``, ``markdown``, ``payload`` (what the browser grader loads),
``assets`` (the files under ``static/``), ``vendor``, ``diagrams``, ``search``, ``theme_fixes``,
``schema_doc``."""

"""The case format: ``load`` (YAML with line numbers, ``yamlload``), ``schema`` (the format,
``case.schema.json``), ``proof`` (every key and sample graded as a student's answer would be),
``explain`` (why a sample's mark differs), ``markdown`` (case Markdown to safe HTML, for pages and exports), ``moodle`` (Moodle XML and the Moodle grade CSV) and ``cli``
(the ``cases`` command)."""

"""Developer tools, never imported by a build: ``dev`` (``python3 -m build_tools.dev``),
``local_browser`` (Chromium and a local server), ``diagrams_render``, ``benchmark``, ``submissions``
(a class of made-up answers files for ``cases grade --report``)."""

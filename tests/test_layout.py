"""The layout holds: each room imports only what it may (see build_tools/__init__.py).

`exercises/` runs in Pyodide with nothing but the standard library; `build_tools/cases/` is the
instructor's tooling and must work without MkDocs; a site build never loads developer tools.
Imports are read from the source (every ``import`` and ``from … import``, nested ones too).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """File (relative to the repository) -> absolute names of the modules it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against this file's package
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    names.add(".".join(base + ([node.module] if node.module else [])))
                else:
                    names.add(node.module or "")
        found[str(path.relative_to(ROOT))] = names
    return found


def offending(folder: str, allowed) -> list[str]:
    return [f"{file}: imports {name}" for file, names in imported_modules(ROOT / folder).items()
            for name in sorted(names) if not allowed(name)]


def test_the_graders_import_only_the_standard_library_and_each_other():
    stdlib = sys.stdlib_module_names | {"__future__"}
    assert offending("exercises", lambda name: name.split(".")[0] in stdlib or name.startswith("exercises")) == []


SITE_ONLY = ("mkdocs", "material", "markdown", "pymdownx")
"""Top-level packages only a site build needs (Python-Markdown included; markdown-it-py, which renders
case Markdown in build_tools/cases/markdown.py for pages, Moodle and reports alike, is not one)."""


def test_the_case_tools_never_import_mkdocs_or_the_site():
    found = offending("build_tools/cases", lambda name: name.split(".")[0] not in SITE_ONLY
                      and not name.startswith(("build_tools.site", "build_tools.devtools")))
    assert found == []


def test_a_site_build_never_imports_developer_tools():
    assert offending("build_tools/site", lambda name: not name.startswith("build_tools.devtools")) == []


def test_the_check_can_fail():
    """The scan sees relative and nested imports (otherwise the tests above would pass vacuously)."""
    names = imported_modules(ROOT / "build_tools" / "site")
    assert "build_tools.cases.load" in names["build_tools/site/plugin.py"]
    assert "mkdocs.plugins" in names["build_tools/site/plugin.py"]
    assert "build_tools.cases.markdown" in names["build_tools/site/payload.py"]  # imported inside a function

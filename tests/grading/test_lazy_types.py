"""Question-type modules (and score arithmetic) are imported on first use, and all at once before a memory snapshot.

Each type imported before the grader is ready lengthens the start-up a student waits
for in the browser; `import_all_types` lets the saved heap carry them all. Checked in
a fresh interpreter, since this test session has imported every type already.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import exercises
from exercises import QUESTION_TYPES

REPORT = "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules if m.startswith('exercises.question_types.')))"

CASES = [
    ("import exercises", []),
    ("exercises.grade({'id': 'q', 'type': 'numeric', 'key': 630}, '630')", ["numeric"]),
    ("exercises.key_answer({'id': 'q', 'type': 'single_choice', 'options': [{'id': 'a', 'text': 'x', 'correct': True}]})", ["single_choice"]),
    ("exercises.import_all_types()", sorted(QUESTION_TYPES)),
]


def imported_types_after(code: str) -> list[str]:
    program = f"import sys\nimport exercises\nfrom exercises import QUESTION_TYPES\n{code}\n{REPORT}\n"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    return ast.literal_eval(done.stdout)


@pytest.mark.parametrize(("code", "expected"), CASES)
def test_only_the_question_types_used_are_imported(code: str, expected: list[str]) -> None:
    assert imported_types_after(code) == expected


def test_importing_the_package_leaves_score_arithmetic_for_the_first_grade() -> None:
    program = "import sys\nimport exercises\nprint(sorted(m for m in ('fractions', 'exercises.common') if m in sys.modules))\n"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert ast.literal_eval(done.stdout) == []


def imported_at_run_time(node: ast.AST) -> set[str]:
    """Absolute imports anywhere under `node`, except in ``if TYPE_CHECKING:`` blocks (never run)."""
    if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
        return set()
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if isinstance(node, ast.ImportFrom):
        return {node.module} if node.level == 0 and node.module else set()
    return {name for child in ast.iter_child_nodes(node) for name in imported_at_run_time(child)}


def test_every_module_the_checker_imports_is_loaded_before_a_snapshot() -> None:
    """A grader restored from a heap gets an empty standard library (grader-core.mjs, RESTORED_STDLIB):
    every module any line of exercises/ imports, inside a function too, must be in the heap already."""
    root = Path(exercises.__file__).parent
    wanted = {name for path in root.rglob("*.py") for name in imported_at_run_time(ast.parse(path.read_text(encoding="utf-8")))}
    wanted -= {"__future__"}
    assert {"re", "json", "fractions"} <= wanted  # the scan sees imports (else this would pass vacuously)
    program = f"import sys\nimport exercises\nexercises.import_all_types()\nprint(sorted(set({sorted(wanted)!r}) - set(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert ast.literal_eval(done.stdout) == []

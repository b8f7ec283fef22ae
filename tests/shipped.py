"""The course's own cases, loaded once per test process.

Why: about twenty test modules read the shipped cases when they are collected; loading them
in each cost ~0.35 s a module, six seconds of every run before the first test. Tests must not
change what they get (copy a question before mutating it, as the key-mutation tests do).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from build_tools.cases.load import Case, load_cases

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"


@cache
def _loaded() -> tuple[Case, ...]:
    return tuple(load_cases(CASES_DIR))


def shipped_cases() -> list[Case]:
    """Every case in ``cases/``, in the loader's order (a new list of the same, shared cases)."""
    return list(_loaded())

"""What is wrong with a question definition: the only part of the checker the package needs at import.

Kept apart from :mod:`exercises.common` (score arithmetic with :class:`fractions.Fraction`)
so that importing :mod:`exercises` does not import :mod:`fractions`: in the browser each
module imported before the grader is ready adds to the start-up a student waits for,
and ``fractions`` (with the regular expressions it compiles) is the largest of them.
"""

from __future__ import annotations

from dataclasses import dataclass

Path = tuple  # a path of keys/indices inside a question definition


class QuestionError(ValueError):
    """A question definition is broken; raised by grade() only for definitions that skipped validation."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a question definition, found at build time.

    `path` is relative to the question (e.g. ("options", 2, "id")); `message` says
    what is wrong and how to fix it, in Chinese, for the instructor.
    """

    path: Path
    message: str

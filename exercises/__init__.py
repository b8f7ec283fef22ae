"""The one grader: every score a student, CI or an instructor sees comes from here.

Pure standard-library Python that runs unchanged in CPython 3.11+ and in
Pyodide. ``grade(question, answer)`` never raises on a bad answer: an answer of
the wrong shape is ``invalid`` with a message saying what to fix. Each question
type is one module with the same functions (:class:`QuestionType`: validate, grade,
shape_problem, keyless, max_points, key_answer, near_misses, random_answer), so callers
treat every type alike.

An assessment site ships each question as :func:`keyless_question` made it: no key, no
feedback, nothing that tells a right answer from a wrong one. ``grade`` of such a question
only checks the answer's shape, with the very checks a full grade starts with, and says
``checked`` (or ``invalid``, with the same message) instead of a score.

>>> grade({"id": "q1", "type": "numeric", "key": 630}, "630")["score"]
1
"""

from __future__ import annotations

import importlib
import json
import os
import re
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # annotations only: importing these would slow the browser's start-up
    import random
    from fractions import Fraction

    from .views import Block

from .problems import Problem, QuestionError

__all__ = ["QUESTION_TYPES", "Problem", "QuestionError", "QuestionType", "grade", "grade_json", "import_all_types",
           "key_answer", "keyless_question", "max_points", "near_misses", "prepare_json", "random_answer", "shape_problem",
           "static_view", "type_label", "validate_question", "module_for"]

TYPES_PACKAGE = f"{__name__}.question_types"
"""One module per question type, named as case files name the type (see :class:`QuestionType`)."""


def _type_names() -> tuple[str, ...]:
    """The modules of :data:`TYPES_PACKAGE`, found on disk without importing them (see :func:`module_for`):
    the folder is the registry, so a new type is one new file here, not a list to keep in step."""
    folder = os.path.join(os.path.dirname(__file__), "question_types")
    return tuple(sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".py") and not name.startswith("_")))


QUESTION_TYPES: tuple[str, ...] = _type_names()
"""Every question type, in alphabetical order."""


class QuestionType(Protocol):
    """What every ``exercises/question_types/<type>.py`` module provides, so that callers treat every
    type alike.

    Adding a type touches four files: that module (these names), its widget
    ``build_tools/site/static/course/widgets/<type>.mjs``, its ``$defs`` entry in
    ``build_tools/cases/case.schema.json`` and its ``cases new`` example in
    ``build_tools/cases/templates.py``; ``tests/grading/test_question_types.py`` names any
    piece that is missing.
    """

    LABEL: str
    """The type's name in Chinese (「单选」), as pages and reports show it."""

    def validate(self, question: dict[str, Any]) -> list[Problem]:
        """Semantic problems of a definition whose shape the schema already checked."""

    def grade(self, question: dict[str, Any], answer: Any) -> dict[str, Any]:
        """The ``graded`` result of an answer that has the question's shape (:func:`exercises.grade`
        asks :meth:`shape_problem` first and answers ``invalid`` itself)."""

    def shape_problem(self, question: dict[str, Any], answer: Any) -> str | None:
        """Why `answer` has not the shape the question asks for (``grade`` says ``invalid`` with this
        message), or None; reads only what :meth:`keyless` keeps."""

    def keyless(self, question: dict[str, Any]) -> dict[str, Any]:
        """The fields an assessment site ships besides id and type: what the widget shows and
        :meth:`shape_problem` reads, nothing that tells a right answer from a wrong one."""

    def max_points(self, question: dict[str, Any]) -> Fraction:
        """Full marks."""

    def key_answer(self, question: dict[str, Any]) -> Any:
        """The answer the key implies, in the shape a student's browser sends."""

    def near_misses(self, question: dict[str, Any]) -> list[tuple[str, Any]]:
        """(description, answer) pairs that are almost right and must not score full marks."""

    def random_answer(self, question: dict[str, Any], rng: random.Random) -> Any:
        """An answer of the right shape near the key, drawn with `rng`."""

    def static_view(self, question: dict[str, Any]) -> list[Block]:
        """What the case page shows for it without JavaScript (hints, options, items): never the key."""

def type_label(qtype: str) -> str:
    """A question type's name in Chinese (「对话标注」), from its module's ``LABEL``; an unknown type as written."""
    if qtype not in QUESTION_TYPES:
        return str(qtype)
    return module_for({"type": qtype}).LABEL


def static_view(question: dict[str, Any]) -> list[Block]:
    """What the question shows without JavaScript (:mod:`exercises.views`): never the key."""
    return module_for(question).static_view(question)


def module_for(question: dict[str, Any]) -> ModuleType:
    """The module that knows this question's type, imported on first use.

    Lazily, because in the browser every module imported before the grader is ready
    adds to the start-up a student waits for (Pyodide compiles each from source:
    all seven types together cost about 40 ms there), and most cases use only a few
    types. Once imported, a type is found in ``sys.modules``.
    """
    qtype = question.get("type") if isinstance(question, dict) else None
    if qtype not in QUESTION_TYPES:
        raise QuestionError(f"未知题型「{qtype}」；可用题型：{', '.join(QUESTION_TYPES)}")
    return importlib.import_module(f"{TYPES_PACKAGE}.{qtype}")


def import_all_types() -> None:
    """Import every question type now, and compile the shared phrase banks: before the browser saves
    a memory snapshot, so that a grader restored from it never has to import or compile them."""
    for qtype in QUESTION_TYPES:
        module_for({"type": qtype})
    module_for({"type": "text"}).warm()


def validate_question(question: dict[str, Any]) -> list[Problem]:
    """Semantic problems of a question definition whose shape the schema already checked."""
    return module_for(question).validate(question)


def grade(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    """Score `answer` against `question`: a result dict, `graded` or `invalid`.

    A keyless question (:func:`keyless_question`) has nothing to score with: its answer is only
    checked, ``{"status": "checked" | "invalid", "parts": [], "message": …}``, without score or max.
    """
    module = module_for(question)
    problem = module.shape_problem(question, answer)
    if question.get(KEYLESS) is True:
        return {"status": "invalid" if problem else "checked", "parts": [], "message": problem or ""}
    if problem:
        from .common import invalid  # the type modules import it anyway; here only when needed

        return invalid(module.max_points(question), problem)
    return module.grade(question, answer)


KEYLESS = "keyless"
"""The field that marks a question as :func:`keyless_question` made it (case files cannot write it: the schema)."""


def keyless_question(question: dict[str, Any]) -> dict[str, Any]:
    """The question as an assessment site ships it: id, type, what its type's ``keyless`` keeps, and
    ``keyless: true``. No key, correct flag, credit, feedback, rubric, explanation or sample."""
    return {"id": question["id"], "type": question["type"], **module_for(question).keyless(question), KEYLESS: True}


def shape_problem(question: dict[str, Any], answer: Any) -> str | None:
    """Why `answer` has not the shape `question` asks for, or None (full or keyless question alike)."""
    return module_for(question).shape_problem(question, answer)


def grade_json(question_json: str, answer_json: str) -> str:
    """JSON in, JSON out: the entry point the browser worker calls.

    Answer text that ``json`` cannot turn into a value (nested thousands of levels
    deep, an integer of more than 4,300 digits, not JSON at all) is an ``invalid``
    answer like any other wrong shape, not an exception: in the browser an exception
    would read as "the grader is broken".
    """
    question = json.loads(question_json)
    try:
        if _nested_deeper_than(answer_json, MAX_ANSWER_DEPTH):
            raise ValueError("nested too deep")
        answer = json.loads(answer_json)
    except (ValueError, RecursionError):
        result = {**grade(question, None), "message": "答案的数据无法读取（格式不对、嵌套过深或数字过长），请重新作答后再提交。"}
    else:
        result = grade(question, answer)
    return json.dumps(result, ensure_ascii=False, sort_keys=True)


def prepare_json(question_json: str) -> bool:
    """Do now what a question's first grade would do, so that the student's first grade is quick.

    Grading the key answer imports the question's type and runs its code once. A text question's
    model answer is not on the page before it is revealed; its module's ``prepare`` compiles the
    rubric instead (synonyms become patterns, remembered by content: the browser parses each
    question afresh). In the browser, restored from a snapshot, the first grade of a text question
    took 250–550 ms, the next ones under 15. The worker calls this for the page's questions, in the
    background, once it is ready. Returns whether there was anything to prepare; never raises on a
    bad question.
    """
    try:
        question = json.loads(question_json)
        module = module_for(question)
        if question.get(KEYLESS) is True:  # only shapes to check: the first check is quick already
            return False
        if question.get("type") == "text":
            module.prepare(question)
        else:
            grade(question, module.key_answer(question))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, QuestionError):
        return False
    return True


MAX_ANSWER_DEPTH = 64
"""Deepest nesting of arrays/objects grade_json reads (a real answer nests 2 deep).

Checked before ``json.loads`` because the interpreters part ways on deep input:
CPython 3.11 raises RecursionError near 1,000 levels, Pyodide's CPython parses a few
thousand and then overflows the WebAssembly stack, a fatal error that kills the
grader. Refusing beyond this depth gives both the same ``invalid`` result."""

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _nested_deeper_than(text: str, limit: int) -> bool:
    """Whether JSON `text` nests more than `limit` arrays/objects deep (brackets in strings ignored)."""
    if text.count("[") + text.count("{") <= limit:  # the usual case, decided at C speed
        return False
    depth = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def max_points(question: dict[str, Any]) -> Fraction:
    """Full marks of a question: the one definition that grades, pages and gradebooks all use."""
    return module_for(question).max_points(question)


def random_answer(question: dict[str, Any], rng: random.Random) -> Any:
    """An answer of the right shape near the key, at random (benchmarks, property tests)."""
    return module_for(question).random_answer(question, rng)


def key_answer(question: dict[str, Any]) -> Any:
    """The answer the key implies, in the shape a student would send."""
    return module_for(question).key_answer(question)


def near_misses(question: dict[str, Any]) -> list[tuple[str, Any]]:
    """(description, answer) pairs that are almost right and must not score full marks."""
    return module_for(question).near_misses(question)

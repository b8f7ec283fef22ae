"""Every question type is one unit: its module implements the whole protocol, and every other piece a
type needs (widget, schema definition, page fallback, benchmark support) is in place.

A new type that misses a piece fails here, naming the piece, before it fails anywhere subtler.
"""

from __future__ import annotations

import inspect
import json
import random
import re
from fractions import Fraction
from pathlib import Path

import exercises
from build_tools.cases.load import load_cases
from build_tools.devtools.benchmark import browser
from build_tools.site import pages

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ROOT / "build_tools" / "site" / "static" / "course" / "widgets"
SCHEMA = json.loads((ROOT / "build_tools" / "cases" / "case.schema.json").read_text(encoding="utf-8"))
QUESTIONS = [(case.id, q) for case in load_cases(ROOT / "cases") for q in case.questions]
PROTOCOL = [name for name, member in vars(exercises.QuestionType).items()
            if inspect.isfunction(member) and not name.startswith("_")]


def test_the_protocol_names_what_callers_use():
    assert sorted(PROTOCOL) == ["grade", "key_answer", "max_points", "near_misses", "random_answer", "validate"]


def test_every_type_module_implements_the_whole_protocol():
    missing = []
    for qtype in exercises.QUESTION_TYPES:
        module = exercises.module_for({"type": qtype})
        for name in PROTOCOL:
            function = getattr(module, name, None)
            wanted = [p for p in inspect.signature(getattr(exercises.QuestionType, name)).parameters if p != "self"]
            if function is None or list(inspect.signature(function).parameters) != wanted:
                missing.append(f"{qtype}.{name}({', '.join(wanted)})")
    assert missing == []


def test_every_type_has_its_widget_schema_definition_page_fallback_and_benchmark_support():
    index = (WIDGETS / "index.mjs").read_text(encoding="utf-8")
    missing = []
    for qtype in exercises.QUESTION_TYPES:
        if not (WIDGETS / f"{qtype}.mjs").is_file() or f'import * as {qtype} from "./{qtype}.mjs"' not in index:
            missing.append(f"{qtype}: widget widgets/{qtype}.mjs, imported in widgets/index.mjs")
        if qtype not in SCHEMA["$defs"] or {"$ref": f"#/$defs/{qtype}"} not in SCHEMA["$defs"]["question"]["oneOf"]:
            missing.append(f"{qtype}: $defs.{qtype} in the schema, listed in $defs.question.oneOf")
        if qtype not in exercises.TYPE_NAMES:
            missing.append(f"{qtype}: its Chinese name in exercises.TYPE_NAMES")
        if f'case "{qtype}"' not in browser._SET_ANSWER:
            missing.append(f"{qtype}: how the benchmark answers it in the page (benchmark/browser.py)")
        example = next((q for _, q in QUESTIONS if q["type"] == qtype), None)
        if example is None:
            missing.append(f"{qtype}: a question of this type in some case (its proofs and page)")
        elif not re.search(r"<(ol|ul|p|div)[^>]*>", pages.question_fallback(example)):
            missing.append(f"{qtype}: a static fallback in pages.py")
    assert missing == []


def test_full_marks_are_one_number_whoever_asks():
    """max_points, the result of any answer (graded or invalid) and the page all say the same."""
    wrong = []
    for case_id, question in QUESTIONS:
        maximum = exercises.max_points(question)
        said = {Fraction(str(exercises.grade(question, answer)["max"]))
                for answer in (None, exercises.key_answer(question))}
        if said != {maximum} or Fraction(str(pages.question_max(question))) != maximum:
            wrong.append(f"{case_id}:{question['id']}: {maximum} vs {said}")
    assert wrong == []


def test_random_answers_are_graded_or_invalid_never_an_error():
    rng = random.Random(1)
    wrong = []
    for case_id, question in QUESTIONS:
        for _ in range(30):
            answer = exercises.random_answer(question, rng)
            status = exercises.grade(question, answer)["status"]
            if status not in ("graded", "invalid"):
                wrong.append(f"{case_id}:{question['id']} <- {answer!r}: {status}")
    assert wrong == []

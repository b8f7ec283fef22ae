"""Every question type is one unit: its module implements the whole protocol (label and static view
included), and its widget, schema definition and `cases new` example are in place; the registry,
the widget index, the page fallback and the benchmark follow from those four files.

A new type that misses a piece fails here, naming the piece, before it fails anywhere subtler.
"""

from __future__ import annotations

import inspect
import json
import random
import re
from fractions import Fraction
from pathlib import Path

import pytest

import exercises
from build_tools.cases import templates
from shipped import shipped_cases
from build_tools.site import assets, pages

ROOT = Path(__file__).resolve().parents[2]
WIDGETS = ROOT / "build_tools" / "site" / "static" / "course" / "widgets"
SCHEMA = json.loads((ROOT / "build_tools" / "cases" / "case.schema.json").read_text(encoding="utf-8"))
QUESTIONS = [(case.id, q) for case in shipped_cases() for q in case.questions]
PROTOCOL = [name for name, member in vars(exercises.QuestionType).items()
            if inspect.isfunction(member) and not name.startswith("_")]


def test_the_protocol_names_what_callers_use():
    assert sorted(PROTOCOL) == ["grade", "key_answer", "keyless", "max_points", "near_misses", "random_answer", "shape_problem",
                              "static_view", "validate"]


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


def test_every_type_has_its_label_widget_schema_definition_template_and_page_fallback():
    """The files of a type: its module (label, static view), its widget, its schema definition and its
    example for ``cases new``. Everything else (registry, widget index, page fallback, benchmark)
    follows from them."""
    index = assets.widget_index_js()
    missing = []
    for qtype in exercises.QUESTION_TYPES:
        module = exercises.module_for({"type": qtype})
        if not isinstance(getattr(module, "LABEL", None), str) or not module.LABEL:
            missing.append(f"{qtype}: LABEL, its name in Chinese, in exercises/question_types/{qtype}.py")
        if not (WIDGETS / f"{qtype}.mjs").is_file() or f'import * as {qtype} from "./{qtype}.mjs"' not in index:
            missing.append(f"{qtype}: widget build_tools/site/static/course/widgets/{qtype}.mjs")
        if qtype not in SCHEMA["$defs"] or {"$ref": f"#/$defs/{qtype}"} not in SCHEMA["$defs"]["question"]["oneOf"]:
            missing.append(f"{qtype}: $defs.{qtype} in the schema, listed in $defs.question.oneOf")
        if qtype not in templates.EXAMPLES:
            missing.append(f"{qtype}: its commented example for `cases new --type {qtype}` in build_tools/cases/templates.py")
        example = next((q for _, q in QUESTIONS if q["type"] == qtype), None)
        if example is None:
            missing.append(f"{qtype}: a question of this type in some case (its proofs and page)")
        elif not re.search(r"<(ol|ul|p|div)[^>]*>", pages.question_fallback(example)):
            missing.append(f"{qtype}: a static view (static_view) that shows something without JavaScript")
    assert missing == []


def test_the_widget_index_names_a_missing_widget(tmp_path):
    (tmp_path / "numeric.mjs").write_text("export function mount() {}\n", encoding="utf-8")
    with pytest.raises(assets.MissingWidget) as caught:
        assets.widget_index_js(tmp_path)
    assert "widgets/text.mjs" in str(caught.value) and "widgets/numeric.mjs" not in str(caught.value)


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

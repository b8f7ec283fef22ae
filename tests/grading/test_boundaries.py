"""The grader's outer contract: standard library only, bounded time, JSON in and out."""

import ast
import json
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest

import exercises
from exercises.common import number

EXERCISES = Path(exercises.__file__).parent


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted(EXERCISES.glob("*.py")), ids=lambda p: p.name)
def test_exercises_imports_only_the_standard_library(path):
    outside = imported_top_level_modules(path) - set(sys.stdlib_module_names) - {"__future__"}
    assert outside == set()


TEXT = {"id": "q", "type": "text", "key": "非常抱歉", "concepts": [{"id": "a", "label": "致歉", "synonyms": ["抱歉"]}]}
LONG_ANSWERS = [
    ("text, 1 MB of Chinese", TEXT, "抱歉您好" * 262_144),
    ("text with a limit, 1 MB", {**TEXT, "max_chars": 80}, "抱" * 1_048_576),
    ("annotate, 10,000 selected ids", {"id": "q", "type": "annotate", "tags": [{"id": "T1", "label": "x"}],
     "selectable": ["K1"], "key": [{"line": "K1", "tags": ["T1"]}]}, {f"L{i}": ["T1"] for i in range(10_000)}),
    ("multiple choice, 10,000 ids", {"id": "q", "type": "multiple_choice", "options": [
        {"id": "a", "text": "甲", "role": "correct"}, {"id": "b", "text": "乙"}]}, ["a"] * 10_000),
    ("numeric, 1 MB of digits", {"id": "q", "type": "numeric", "key": 1}, "9" * 1_048_576),
]


@pytest.mark.parametrize("label, question, answer", LONG_ANSWERS, ids=[a[0] for a in LONG_ANSWERS])
def test_huge_answers_are_answered_within_a_second(label, question, answer):
    started = time.perf_counter()
    result = exercises.grade(question, answer)
    elapsed = time.perf_counter() - started
    print(f"{label}: {result['status']} in {elapsed * 1000:.0f} ms")
    assert result["status"] in ("graded", "invalid")
    assert elapsed < 1.0


def test_grade_json_round_trips_chinese():
    question = json.dumps(TEXT, ensure_ascii=False)
    result = json.loads(exercises.grade_json(question, json.dumps("非常抱歉")))
    assert result["score"] == 1 and result["parts"][0]["label"] == "致歉"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (2, 2),
        (Fraction(3, 2), 1.5),
        (Fraction(2, 3), 0.6667),
        (Fraction(4, 2), 2),
        (1.5, 1.5),
        (7.0, 7),
        (0.1 + 0.2, 0.3),
        (Fraction(-1, 3), -0.3333),
        (Fraction(1, 10**12), 0),                   # below what 4 decimals can show
        (Fraction(10**12 + 1, 10**12), 1),
        (0.99999999, 1),
    ],
)
def test_scores_are_reported_as_json_friendly_numbers(value, shown):
    result = number(value)
    assert result == shown and type(result) is type(shown)

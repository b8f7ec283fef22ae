"""`exercises.prepare_json` does ahead of time what a question's first grade would do.

The browser's worker calls it for the page's questions, in the background, once it is ready:
restored from a memory snapshot, a text question's first grade compiled its rubric then and
took 250–550 ms. So after preparing, grading an answer must compile nothing more. Checked in
a fresh interpreter per case (this session's caches are warm), with the question as the page
holds it (a text question without its model answer).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import exercises
from shipped import shipped_cases
from build_tools.site import payload

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import json, sys
import exercises
from exercises import patterns
from exercises.question_types import text
questions, answers = json.load(sys.stdin)
prepared = [exercises.prepare_json(json.dumps(q)) for q in questions]
before = patterns._compiled.cache_info().misses, text._compiled.cache_info().misses
for q, a in zip(questions, answers):
    exercises.grade_json(json.dumps(q), json.dumps(a))
after = patterns._compiled.cache_info().misses, text._compiled.cache_info().misses
print(json.dumps([prepared, before, after]))
"""


def test_after_preparing_the_pages_questions_grading_compiles_nothing_more():
    failures = []
    for case in shipped_cases():
        page_questions = json.loads(payload.case_json(case))["questions"]
        texts = [q for q in page_questions if q["type"] == "text"]
        if not texts:
            continue
        by_id = {q["id"]: q for q in case.questions}
        # Real answers: the model answer and each sample, which reach the rubric's patterns.
        pairs = [(q, a) for q in texts for a in [by_id[q["id"]]["key"], *(s["answer"] for s in by_id[q["id"]].get("samples", []))]]
        data = json.dumps([[q for q, _ in pairs], [a for _, a in pairs]], ensure_ascii=False)
        done = subprocess.run([sys.executable, "-c", PROGRAM], input=data, capture_output=True, text=True, check=True)
        prepared, before, after = json.loads(done.stdout)
        if not all(prepared) or before != after:
            failures.append(f"{case.id}: prepared {prepared}, compiled while grading {after[0] - before[0]} + {after[1] - before[1]}")
    assert failures == []


def test_preparing_never_raises_and_says_whether_there_was_anything_to_prepare():
    odd = ["not json", "null", "[]", '{"type": "nonesuch"}', '{"type": "single_choice"}', '{"type": "text", "concepts": "x"}']
    assert [exercises.prepare_json(text) for text in odd] == [False, False, False, False, False, True]
    numeric = {"id": "q", "type": "numeric", "key": 630}
    assert exercises.prepare_json(json.dumps(numeric)) is True

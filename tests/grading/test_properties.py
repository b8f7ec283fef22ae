"""Properties every question of every case must have, whatever the answer."""

import json
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exercises
from exercises.question_types.text import synonym_groups
from shipped import shipped_cases

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [q for case in shipped_cases() for q in case.questions]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=6), children, max_size=6),
    max_leaves=20,
)


def answer_shaped_like(question):
    """Answers of the question's own shape, so most of them are graded, not just invalid: the type's
    own random answers (every type has them), and for the types below answers built freely from the
    question's ids and words, which reach further from the key."""
    own = st.randoms(use_true_random=False).map(lambda rng: exercises.random_answer(question, rng))
    free = freely_built(question)
    return own if free is None else own | free


def freely_built(question):
    qtype = question["type"]
    if qtype in ("single_choice", "multiple_choice"):
        ids = [o["id"] for o in question["options"]]
        return st.sampled_from(ids) if qtype == "single_choice" else st.lists(st.sampled_from(ids), unique=True, min_size=1)
    if qtype == "ordering":
        return st.permutations([i["id"] for i in question["items"]])
    if qtype == "classify":
        cats = [c["id"] for c in question["categories"]]
        return st.fixed_dictionaries({i["id"]: st.sampled_from(cats) for i in question["items"]})
    if qtype == "numeric":
        return st.integers(-2000, 2000) | st.floats(-1e6, 1e6, allow_nan=False)
    if qtype == "annotate":
        tags = [t["id"] for t in question["tags"]]
        return st.dictionaries(st.sampled_from(question["selectable"]), st.lists(st.sampled_from(tags), unique=True), min_size=1)
    if qtype == "text":
        words = ["".join(term[0] for term in pattern.terms)  # one spelling of each phrase, pattern and bank entry
                 for concept in question["concepts"] for group in synonym_groups(concept) for pattern in group]
        return st.lists(st.sampled_from(words) | st.sampled_from(["不", "没有", "，", "。", "您", "我们", " "]),
                        max_size=30).map("".join)
    return None


def question_and_answer(data: st.DataObject, any_json: bool = False) -> tuple[dict, object]:
    """A question of any case (shrinks towards the first) and an answer to it; `note` names both on failure."""
    question = data.draw(st.sampled_from(QUESTIONS), label="question")
    strategy = json_values | answer_shaped_like(question) if any_json else answer_shaped_like(question)
    answer = data.draw(strategy, label="answer")
    return question, answer


# Questions are drawn, not parametrized: one test per property, with as many examples as the
# Hypothesis profile allows (tests/conftest.py: "dev" locally, "ci" when CI=true).
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_json_answer_is_graded_or_invalid_and_never_raises(data):
    question, answer = question_and_answer(data, any_json=True)
    result = exercises.grade(question, answer)
    assert result["status"] in ("graded", "invalid")
    assert isinstance(result["message"], str) and result["message"]
    json.dumps(result)


@given(data=st.data())
def test_score_is_within_zero_and_max(data):
    question, answer = question_and_answer(data)
    result = exercises.grade(question, answer)
    assert 0 <= Fraction(str(result["score"])) <= Fraction(str(result["max"]))


@given(data=st.data())
def test_grading_is_deterministic(data):
    question, answer = question_and_answer(data)
    first = json.dumps(exercises.grade(question, answer), sort_keys=True)
    assert all(json.dumps(exercises.grade(question, answer), sort_keys=True) == first for _ in range(2))

"""Ordering, classification and numeric questions."""

import pytest

from exercises import grade

ORDER = {
    "id": "q", "type": "ordering", "points": 4,
    "items": [{"id": i, "text": i} for i in ("solve", "apologise", "follow", "ask")],
    "key": ["ask", "apologise", "solve", "follow"],
    "also_accept": [["apologise", "ask", "solve", "follow"]],
    "constraints": [{"before": "solve", "after": "follow", "feedback": "回访在解决之后。"}],
}


@pytest.mark.parametrize(
    "scheme, answer, score",
    [
        ("lcs", ["ask", "apologise", "solve", "follow"], 4),
        ("lcs", ["apologise", "ask", "solve", "follow"], 4),     # the alternative order
        ("lcs", ["ask", "apologise", "follow", "solve"], 3),     # one adjacent swap: 3 of 4 in order
        ("lcs", ["follow", "solve", "ask", "apologise"], 0),     # a run of 2 (= ⌈√4⌉): any order or its reverse has one
        ("lcs", ["follow", "solve", "apologise", "ask"], 0),
        ("position", ["ask", "apologise", "follow", "solve"], 2),
        ("all_or_nothing", ["ask", "apologise", "follow", "solve"], 0),
        ("all_or_nothing", ["apologise", "ask", "solve", "follow"], 4),
    ],
)
def test_ordering_schemes(scheme, answer, score):
    assert grade({**ORDER, "scoring": scheme}, answer)["score"] == score


def test_lcs_runs_that_any_order_or_its_reverse_has_earn_nothing():
    """⌈√n⌉ steps in order is what doing nothing, or turning the list over, gets (Erdős–Szekeres);
    one step more counts in full, and a complete order is always full marks, however short."""
    from exercises.question_types import ordering

    rows = []  # (n, answer as positions in the key, expected credit numerator over n)
    rows += [(7, [0, 1, 2, 6, 5, 4, 3], 4), (7, [0, 1, 2, 5, 4, 6, 3], 5), (7, [2, 1, 0, 5, 4, 3, 6], 0),
             (7, [1, 0, 3, 2, 5, 4, 6], 4), (2, [0, 1], 2), (3, [0, 2, 1], 0), (3, [0, 1, 2], 3), (10, [9, 0, 1, 2, 3, 4, 5, 6, 7, 8], 9)]
    wrong = []
    for n, positions, credit in rows:
        steps = [f"s{i}" for i in range(n)]
        question = {"id": "q", "type": "ordering", "points": n, "items": [{"id": s, "text": s} for s in steps[::-1]],
                    "key": steps}
        score = grade(question, [steps[p] for p in positions])["score"]
        if score != credit:
            wrong.append((n, positions, score, credit, ordering.chance_run(n)))
    assert wrong == []


def test_ordering_reversed_earns_nothing():
    plain = {**ORDER, "also_accept": []}
    assert grade(plain, ["follow", "solve", "apologise", "ask"])["score"] == 0


def test_ordering_broken_constraint_gives_its_feedback():
    result = grade(ORDER, ["ask", "apologise", "follow", "solve"])
    constraint = [p for p in result["parts"] if p["id"] == "constraint-1"][0]
    assert (constraint["ok"], constraint["feedback"]) == (False, "回访在解决之后。")


@pytest.mark.parametrize(
    "answer",
    [["ask", "apologise", "solve"], ["ask", "ask", "solve", "follow"], ["ask", "x", "solve", "follow"], "ask", None, [1, 2, 3, 4]],
)
def test_ordering_incomplete_or_malformed_is_invalid(answer):
    assert grade(ORDER, answer)["status"] == "invalid"


CLASSIFY = {
    "id": "q", "type": "classify",
    "categories": [{"id": "do", "label": "宜"}, {"id": "dont", "label": "忌"}],
    "items": [
        {"id": "i1", "text": "那台柜员机经常吃卡", "key": "dont"},
        {"id": "i2", "text": "给您带来不便了", "key": "do"},
        {"id": "i3", "text": "这种事常有", "key": "dont"},
        {"id": "i4", "text": "我们会尽快处理", "key": ["do", "dont"][:1]},
    ],
}


@pytest.mark.parametrize(
    "answer, status, score",
    [
        ({"i1": "dont", "i2": "do", "i3": "dont", "i4": "do"}, "graded", 4),
        ({"i1": "do", "i2": "do", "i3": "dont", "i4": "do"}, "graded", 3),
        ({"i1": "do", "i2": "dont", "i3": "do", "i4": "dont"}, "graded", 0),
        ({"i1": "dont", "i2": "do", "i3": "dont"}, "invalid", 0),              # one item left out
        ({"i1": "dont", "i2": "do", "i3": "dont", "i4": "maybe"}, "invalid", 0),  # unknown category
        ({"i1": "dont", "i2": "do", "i3": "dont", "i4": "do", "i9": "do"}, "invalid", 0),
        (["dont", "do"], "invalid", 0),
    ],
)
def test_classify_scores_per_item(answer, status, score):
    result = grade(CLASSIFY, answer)
    assert (result["status"], result["score"]) == (status, score)


def test_classify_accepts_any_listed_category():
    question = {**CLASSIFY, "items": [{"id": "i1", "text": "甲", "key": ["do", "dont"]}, {"id": "i2", "text": "乙", "key": "do"}]}
    assert grade(question, {"i1": "dont", "i2": "do"})["score"] == 2


NUMERIC = {
    "id": "q", "type": "numeric", "points": 2, "key": 730, "unit": "人",
    "common_errors": [{"value": 630, "feedback": "比较对象选错了。"}],
}


@pytest.mark.parametrize(
    "answer, status, score",
    [
        (730, "graded", 2),
        (730.0, "graded", 2),
        ("730", "graded", 2),
        ("730人", "graded", 2),
        ("７３０", "graded", 2),         # full-width digits
        (" 730 人 ", "graded", 2),
        ("730.001", "graded", 0),       # just outside a zero tolerance
        (630, "graded", 0),
        ("七百三十", "invalid", 0),
        ("", "invalid", 0),
        (None, "invalid", 0),
        (True, "invalid", 0),
        (float("nan"), "invalid", 0),
        ("73%", "invalid", 0),
    ],
)
def test_numeric_parsing_and_tolerance(answer, status, score):
    result = grade(NUMERIC, answer)
    assert (result["status"], result["score"]) == (status, score)


def test_numeric_common_error_gets_targeted_feedback():
    assert "比较对象选错了。" in grade(NUMERIC, 630)["parts"][0]["feedback"]


@pytest.mark.parametrize(
    "tolerance, answer, score",
    [({"tolerance": 0.5}, 730.5, 1), ({"tolerance": 0.5}, 730.51, 0),
     ({"relative_tolerance": 0.01}, 737.3, 1), ({"relative_tolerance": 0.01}, 737.31, 0)],
)
def test_numeric_tolerance_is_exact_at_the_edge(tolerance, answer, score):
    assert grade({"id": "q", "type": "numeric", "key": 730, **tolerance}, answer)["score"] == score


def test_adjacent_scoring_counts_consecutive_steps_kept_in_order():
    from fractions import Fraction

    from exercises.question_types import ordering

    base = {"id": "q", "type": "ordering", "scoring": "adjacent", "key": list("abcde"),
            "items": [{"id": i, "text": i} for i in "bdace"]}
    rows = [(list("abcde"), Fraction(1)), (list("bacde"), Fraction(2, 4)), (list("edcba"), Fraction(0)),
            (list("cdeab"), Fraction(3, 4)), (list("bdace"), Fraction(0))]
    wrong = [(answer, exercises_score) for answer, credit in rows
             if (exercises_score := Fraction(str(ordering.grade(base, answer)["score"]))) != credit]
    assert wrong == []
    assert ordering.shown_order_credit(base) == 0  # b d a c e keeps no pair of a b c d e, nor does its reverse
    lcs = {**base, "scoring": "lcs", "items": [{"id": i, "text": i} for i in "abcde"]}
    assert ordering.shown_order_credit(lcs) == 1  # shown as the key: doing nothing earns full marks

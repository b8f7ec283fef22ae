"""Single and multiple choice: scores, partial credit, invalid answers."""

import pytest

from exercises import QuestionError, grade
from exercises.question_types import multiple_choice, ordering

SINGLE = {
    "id": "q", "type": "single_choice", "points": 2,
    "options": [
        {"id": "a", "text": "C3", "feedback": "只说明不在地下室。"},
        {"id": "b", "text": "C4", "credit": 0.5, "feedback": "有一定道理。"},
        {"id": "c", "text": "C6", "correct": True, "feedback": "换卡就不断线。"},
    ],
}


@pytest.mark.parametrize(
    "answer, status, score",
    [
        ("c", "graded", 2),            # the correct option
        (["c"], "graded", 2),          # a one-element list is accepted as the same choice
        ("b", "graded", 1),            # half-right option earns its credit
        ("a", "graded", 0),            # wrong option
        ("z", "invalid", 0),           # unknown option id
        ("", "invalid", 0),            # nothing chosen
        (None, "invalid", 0),
        (3, "invalid", 0),             # wrong type
        (["a", "c"], "invalid", 0),    # two choices for a single-choice question
    ],
)
def test_single_choice_scores(answer, status, score):
    result = grade(SINGLE, answer)
    assert (result["status"], result["score"], result["max"]) == (status, score, 2)


def test_single_choice_feedback_names_the_chosen_option():
    result = grade(SINGLE, "b")
    assert result["parts"][0]["feedback"] == "部分正确。 有一定道理。"


def options(*roles):
    return [{"id": chr(97 + i), "text": f"选项{i}", **({"role": r} if r else {})} for i, r in enumerate(roles)]


# A wrong, B optional, C D E correct  (B1-Q3: SERVQUAL dimensions)
MULTI = {"id": "q", "type": "multiple_choice", "points": 3, "options": options(None, "optional", "correct", "correct", "correct")}


@pytest.mark.parametrize(
    "scheme, answer, score",
    [
        ("each_decision", ["c", "d", "e"], 3),
        ("each_decision", ["b", "c", "d", "e"], 3),   # optional option costs nothing
        ("each_decision", ["c", "d"], 2.25),           # 3 of 4 decisions right
        ("each_decision", ["a", "c", "d", "e"], 2.25),  # one wrong tick
        ("each_decision", ["a"], 0),
        ("net_correct", ["c", "d", "e"], 3),
        ("net_correct", ["a", "c", "d", "e"], 2),       # (3 - 1) / 3
        ("net_correct", ["a", "c"], 0),                 # (1 - 1) / 3
        ("all_or_nothing", ["c", "d", "e"], 3),
        ("all_or_nothing", ["c", "d"], 0),
        ("all_or_nothing", ["b", "c", "d", "e"], 3),
    ],
)
def test_multiple_choice_schemes(scheme, answer, score):
    result = grade({**MULTI, "scoring": scheme}, answer)
    assert result["status"] == "graded"
    assert result["score"] == score


@pytest.mark.parametrize("answer", [[], "", None, ["x"], ["c", "c"], [1], {"c": True}])
def test_multiple_choice_invalid_answers_cost_nothing(answer):
    result = grade(MULTI, answer)
    assert (result["status"], result["score"]) == ("invalid", 0)


def test_multiple_choice_tells_which_correct_option_was_missed():
    result = grade(MULTI, ["c", "d"])
    missed = [p for p in result["parts"] if p["id"] == "e"][0]
    assert missed["ok"] is False and missed["feedback"].startswith("漏选了此项")


def test_multiple_choice_hints_discuss_the_ticked_options_only_and_score_the_same():
    """"hints": true (the page, before the explanation unlocks): a missed correct option or an
    unticked wrong one is not named (that would be the key), the number missed is; scores do not change."""
    rows = [  # answer, options that must not appear, words the message must have
        (["c", "d"], {"a", "e"}, "漏选了 1 项"),
        (["a", "c"], {"d", "e"}, "漏选了 2 项"),
        (["b", "c", "d", "e"], set(), "。"),
    ]
    wrong = []
    for answer, hidden, said in rows:
        full, hinted = grade(MULTI, answer), grade({**MULTI, "hints": True}, answer)
        shown = {p["id"] for p in hinted["parts"]}
        if shown != set(answer) or shown & hidden:
            wrong.append((answer, "parts", sorted(shown)))
        if said not in hinted["message"] or hinted["score"] != full["score"]:
            wrong.append((answer, hinted["message"], hinted["score"], full["score"]))
        if {p["id"]: p for p in full["parts"] if p["id"] in shown} != {p["id"]: p for p in hinted["parts"]}:
            wrong.append((answer, "a ticked option is discussed differently"))
    assert wrong == []


def test_an_unknown_scoring_scheme_is_an_error_naming_the_known_ones():
    """A scheme name that skipped validation is never graded by some default: grade() says what is wrong."""
    questions = [
        (multiple_choice, {"id": "q", "type": "multiple_choice", "scoring": "each",
                           "options": [{"id": "a", "text": "甲", "role": "correct"}, {"id": "b", "text": "乙"}]}, ["a"]),
        (ordering, {"id": "q", "type": "ordering", "scoring": "LCS", "key": ["a", "b"],
                    "items": [{"id": "a", "text": "甲"}, {"id": "b", "text": "乙"}]}, ["a", "b"]),
    ]
    for module, question, answer in questions:
        with pytest.raises(QuestionError, match="|".join(module.SCHEMES)):
            module.grade(question, answer)
        assert [p.path for p in module.validate(question)] == [("scoring",)], module.__name__

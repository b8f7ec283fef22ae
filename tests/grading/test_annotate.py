"""Transcript annotation: hits, tags, false alarms, either-way lines."""

import pytest

from exercises import grade

QUESTION = {
    "id": "q", "type": "annotate",
    "tags": [{"id": "T1", "label": "礼貌用语不当"}, {"id": "T3", "label": "推卸责任"}, {"id": "T9", "label": "挂断"}],
    "selectable": ["K1", "C1", "K2", "C2", "K3"],
    "key": [{"line": "K1", "tags": ["T1"]}, {"line": "K3", "tags": ["T3", "T9"]}],
    "either": ["K2"],
}


@pytest.mark.parametrize(
    "answer, score",
    [
        ({"K1": ["T1"], "K3": ["T9"]}, 4),            # both lines, one matching tag each
        ({"K1": ["T1"], "K3": ["T1"]}, 3),            # K3 found, wrong tag
        ({"K1": [], "K3": []}, 2),                    # lines without tags
        ({"K1": ["T1"]}, 2),                          # K3 missed
        ({"K1": ["T1"], "K3": ["T3"], "K2": []}, 4),  # either-way line costs nothing
        ({"K1": ["T1"], "K3": ["T3"], "C1": []}, 3),  # a customer line costs 1
        ({"C1": [], "C2": []}, 0),                    # floored at 0
        (["K1", "K3"], 2),                            # a plain list of lines = lines without tags
    ],
)
def test_annotate_scoring(answer, score):
    result = grade(QUESTION, answer)
    assert (result["status"], result["score"], result["max"]) == ("graded", score, 4)


@pytest.mark.parametrize("answer", [{}, None, "K1", {"K9": []}, {"K1": "T1"}, {"K1": ["T7"]}])
def test_annotate_invalid_answers(answer):
    assert grade(QUESTION, answer)["status"] == "invalid"


def test_annotate_missed_line_feedback_names_expected_tags():
    part = [p for p in grade(QUESTION, {"K1": ["T1"]})["parts"] if p["id"] == "K3"][0]
    assert "T3 推卸责任" in part["feedback"] and part["ok"] is False

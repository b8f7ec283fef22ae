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
        ({"K1": ["T1"]}, 2),                          # K3 missed
        ({"K1": ["T1"], "K3": ["T3"], "K2": ["T9"]}, 4),  # either-way line costs nothing
        ({"K1": ["T1"], "K3": ["T3"], "C1": ["T1"]}, 3),  # a customer line costs 1
        ({"C1": ["T1"], "C2": ["T9"]}, 0),            # floored at 0
    ],
)
def test_annotate_scoring(answer, score):
    result = grade(QUESTION, answer)
    assert (result["status"], result["score"], result["max"]) == ("graded", score, 4)


@pytest.mark.parametrize("answer", [{}, None, "K1", {"K9": []}, {"K1": "T1"}, {"K1": ["T7"]}])
def test_annotate_invalid_answers(answer):
    assert grade(QUESTION, answer)["status"] == "invalid"


def test_a_line_ticked_without_a_tag_is_sent_back_not_graded():
    """Incomplete, not wrong: the student is told which lines lack a tag, and no attempt is used."""
    cases = [({"K1": [], "K3": []}, "K1、K3"), ({"K1": ["T1"], "K3": []}, "K3"), (["K1", "K3"], "K1、K3"),
             ({"K1": ["T1"], "K3": ["T3"], "K2": []}, "K2")]
    wrong = []
    for answer, lines in cases:
        result = grade(QUESTION, answer)
        if result["status"] != "invalid" or f"句子 {lines} 选出来了，但还没有选错误类型标签" not in result["message"]:
            wrong.append(f"{answer}: {result['status']} {result['message']}")
    assert wrong == []
    untagged_ok = {**QUESTION, "tag_points": 0}  # where tags earn nothing, a line alone is a full answer
    assert grade(untagged_ok, {"K1": [], "K3": []})["status"] == "graded"


def test_annotate_missed_line_feedback_names_expected_tags_by_their_labels_once():
    part = [p for p in grade(QUESTION, {"K1": ["T1"]})["parts"] if p["id"] == "K3"][0]
    assert "「推卸责任」、「挂断」" in part["feedback"] and part["ok"] is False
    labelled = {**QUESTION, "tags": [{"id": "T1", "label": "T1 礼貌用语不当"}, *QUESTION["tags"][1:]]}
    wrong_tag = [p for p in grade(labelled, {"K1": ["T9"], "K3": ["T3"]})["parts"] if p["id"] == "K1"][0]
    assert "应是「T1 礼貌用语不当」" in wrong_tag["feedback"] and "T1 T1" not in wrong_tag["feedback"]


def test_hints_say_what_is_wrong_without_the_right_tags_or_categories_and_score_the_same():
    """"hints": true (the page, while the explanation is locked): no expected tag or category is named;
    the score and which parts are wrong do not change."""
    classify = {"id": "c", "type": "classify", "items": [{"id": "i1", "text": "甲", "key": "k1"}, {"id": "i2", "text": "乙", "key": "k2"}],
                "categories": [{"id": "k1", "label": "可靠性"}, {"id": "k2", "label": "移情性"}]}
    rows = [  # (question, a wrong answer, labels a full feedback names and hints must not)
        (QUESTION, {"K1": ["T9"]}, ["礼貌用语不当", "推卸责任"]),   # K1 wrong tag, K3 missed
        (classify, {"i1": "k2", "i2": "k1"}, ["应属于"]),
    ]
    wrong = []
    for question, answer, named in rows:
        full, hinted = grade(question, answer), grade({**question, "hints": True}, answer)
        text = " ".join(p["feedback"] for p in hinted["parts"])
        if not all(label in " ".join(p["feedback"] for p in full["parts"]) for label in named):
            wrong.append((question["id"], "full feedback lost a label"))
        if any(label in text for label in named):
            wrong.append((question["id"], text))
        if (hinted["score"], [p["ok"] for p in hinted["parts"]]) != (full["score"], [p["ok"] for p in full["parts"]]):
            wrong.append((question["id"], "score or verdicts changed"))
    assert wrong == []

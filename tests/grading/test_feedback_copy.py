"""What a student reads after a grade: each defect a walk-through found is pinned here on the result
text the page renders (the message and every part's label and feedback)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import exercises
from shipped import shipped_cases

ROOT = Path(__file__).resolve().parents[2]
CASES = shipped_cases()


def shown(result: dict) -> str:
    """Everything of a result the page puts on screen, in order."""
    return "\n".join([result["message"]] + [f"{p['label']}：{p['feedback']}" for p in result["parts"]])


def test_quoted_item_texts_are_not_quoted_twice():
    question = {"id": "q", "type": "ordering", "key": ["a", "b", "c"],
                "items": [{"id": "a", "text": "「非常抱歉给您带来不便。」"}, {"id": "b", "text": "「我已经为您查好了。」"},
                          {"id": "c", "text": "挂断"}],
                "constraints": [{"before": "a", "after": "b"}, {"before": "b", "after": "c"}]}
    text = shown(exercises.grade(question, ["b", "a", "c"]))
    assert "「「" not in text and "」」" not in text
    assert "「非常抱歉给您带来不便。」应在「我已经为您查好了。」之前" in text


def test_each_broken_ordering_constraint_is_said_once():
    wrong = []
    for case in CASES:
        for q in (q for q in case.questions if q["type"] == "ordering" and q.get("constraints")):
            result = exercises.grade(q, list(reversed(exercises.key_answer(q))))
            text = shown(result)
            for part in result["parts"]:
                if part["id"].startswith("constraint-") and not part["ok"] and text.count(part["feedback"]) != 1:
                    wrong.append(f"{case.id}:{q['id']} {part['feedback']!r} x{text.count(part['feedback'])}")
    assert wrong == []


def test_cut_texts_end_with_an_ellipsis():
    question = {"id": "q", "type": "classify", "categories": [{"id": "x", "label": "甲"}, {"id": "y", "label": "乙"}],
                "items": [{"id": "i1", "text": "一个很长很长很长很长很长很长很长很长的项目", "key": "x"},
                          {"id": "i2", "text": "短", "key": "y"}]}
    message = exercises.grade(question, {"i2": "y"})["message"]
    assert "「一个很长很长很长很长很长很长很长很长的项…」" in message


def test_an_answer_with_no_chinese_is_asked_for_in_chinese():
    b1 = next(c for c in CASES if c.id == "b1-phone-drops")
    question = next(q for q in b1.questions if q["type"] == "text")
    english = exercises.grade(question, "Sorry sir, I will check your phone and call you back in ten minutes.")
    mixed = exercises.grade(question, "先生您好，sorry 让您久等了，我马上帮您 check 一下，十分钟内给您回电。")
    assert english["status"] == "invalid" and english["message"].startswith("请用中文作答")
    assert "关键词" not in english["message"]
    assert mixed["status"] == "graded"


def test_question_references_use_the_numbers_the_page_shows():
    """The page numbers questions 第 1 题, 第 2 题 … in file order and has no 「小题」: a feedback that points
    at another question uses its page number (b8 q3b's common error points at q3a, 第 3 题)."""
    wrong = [f"{case.id}: 「{m.group(0)}」" for case in CASES
             for m in re.finditer(r"第\s*\d+\s*小题", json.dumps(case.data, ensure_ascii=False))]
    assert wrong == []
    b8 = next(c for c in CASES if c.id == "b8-late-passenger")
    number = 1 + [q["id"] for q in b8.questions].index("q3a")
    q3b = next(q for q in b8.questions if q["id"] == "q3b")
    assert any(f"第 {number} 题" in error.get("feedback", "") for error in q3b["common_errors"])

"""Keyless questions (what an assessment site ships): the shape checks a student gets there are the
very checks a full grade starts with, and nothing in them can tell a right answer from a wrong one.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import exercises
from shipped import shipped_cases

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = [(case.id, q) for case in shipped_cases() for q in case.questions]

HOSTILE = [None, "", " ", [], {}, 0, 1.5, True, "z-unknown", ["z-unknown"], [1, 2], {"z-unknown": "x"},
           {"z": 1}, ["a", "a"], "六百", "630", "1e99999", "English only, no Chinese.", "好" * 30_000]
"""Answers of every wrong (and a few right) shapes, for every type."""


def answers_for(question: dict, rng: random.Random) -> list:
    """The key, its near misses, random answers near it and hostile values: every path of a shape check."""
    answers = [exercises.key_answer(question)] if question["type"] != "text" else [question["key"]]
    answers += [answer for _, answer in exercises.near_misses(question)]
    answers += [exercises.random_answer(question, rng) for _ in range(8)]
    ids = [entry["id"] for group in ("options", "items") for entry in question.get(group) or []]
    answers += [ids, ids[:1], ids * 2, {i: "z-unknown" for i in ids}]
    return answers + HOSTILE


def test_a_keyless_question_checks_every_answer_exactly_as_the_full_grade_does():
    """checked where the full question says graded, invalid with the same message where it says invalid."""
    rng = random.Random(15)
    differ = []
    for case_id, question in QUESTIONS:
        keyless = exercises.keyless_question(question)
        for answer in answers_for(question, rng):
            full, checked = exercises.grade(question, answer), exercises.grade(keyless, answer)
            expected = ("checked", "") if full["status"] == "graded" else ("invalid", full["message"])
            if (checked["status"], checked["message"]) != expected or "score" in checked or "max" in checked:
                differ.append((case_id, question["id"], repr(answer)[:60], full["status"], checked))
    assert differ == []


def test_the_browser_path_checks_a_keyless_question_too():
    """grade_json (what the worker calls) and prepare_json (called for every question of a page) on keyless JSON."""
    wrong = []
    for case_id, question in QUESTIONS:
        shipped = json.dumps(exercises.keyless_question(question), ensure_ascii=False)
        key = question["key"] if question["type"] == "text" else exercises.key_answer(question)
        result = json.loads(exercises.grade_json(shipped, json.dumps(key, ensure_ascii=False)))
        if result != {"status": "checked", "parts": [], "message": ""} or exercises.prepare_json(shipped) is not False:
            wrong.append((case_id, question["id"], result))
    assert wrong == []


def test_a_keyless_question_cannot_tell_the_key_from_a_near_miss():
    """What a student could learn by probing the checker: nothing. Every near miss that has the right
    shape gets the same result as the key (the same dict, not only the same status)."""
    told = []
    for case_id, question in QUESTIONS:
        keyless = exercises.keyless_question(question)
        key = question["key"] if question["type"] == "text" else exercises.key_answer(question)
        for what, answer in exercises.near_misses(question):
            checked = exercises.grade(keyless, answer)
            if checked["status"] == "checked" and checked != exercises.grade(keyless, key):
                told.append((case_id, question["id"], what, checked))
    assert told == []


def test_keyless_keeps_only_what_the_widget_shows_and_the_shape_check_reads():
    """Each type's keyless fields, named here once more on purpose: a field added to a type's
    keyless() must be added here too, after asking whether it tells anything about the key."""
    allowed = {
        "single_choice": {"options"}, "multiple_choice": {"options"}, "ordering": {"items"},
        "classify": {"categories", "items"}, "numeric": {"unit"}, "annotate": {"selectable", "tags", "tag_points"},
        "text": {"min_chars", "max_chars"},
    }
    entry_fields = {"options": {"id", "text"}, "items": {"id", "text"}, "categories": {"id", "label"}, "tags": {"id", "label"}}
    extra = []
    for case_id, question in QUESTIONS:
        keyless = exercises.keyless_question(question)
        fields = set(keyless) - {"id", "type", "keyless"}
        if not fields <= allowed[question["type"]]:
            extra.append((case_id, question["id"], sorted(fields - allowed[question["type"]])))
        for group, kept in entry_fields.items():
            for entry in keyless.get(group) or []:
                if set(entry) != kept:
                    extra.append((case_id, question["id"], group, sorted(set(entry) - kept)))
    assert extra == []
    assert set(allowed) == set(exercises.QUESTION_TYPES)

"""The banks' example tables as (question, answer) pairs, for CPython and for Pyodide alike.

A bank of ways to say something (apology, follow-up…) is tried as a concept: it must find
something in each of its ``matches`` and nothing in its ``non_matches``. A bank of things not
to say (blame, brush-off: those with a feedback text) is tried as a forbidden rule, as a case
uses it, so its negations and hypotheses are judged the way a student's answer is.
"""

from __future__ import annotations

from exercises.banks import BANKS


def bank_question(name: str) -> dict:
    """A one-concept text question whose only synonym group is the bank, or a question that forbids it."""
    bank = BANKS[name]
    if bank.feedback:
        return {"id": f"bank-{name}", "type": "text", "key": "甲",
                "concepts": [{"id": "never", "label": "占位", "points": 1, "synonyms": ["甲乙丙丁戊"]}],
                "forbidden": [{"bank": name, "deduction": 1}]}
    return {"id": f"bank-{name}", "type": "text", "key": bank.matches[0],
            "concepts": [{"id": "bank", "label": bank.title, "points": 1, "synonyms": [{"bank": name}]}]}


def found(result: dict) -> bool:
    """Whether the bank found something: the concept scored, or the forbidden rule deducted."""
    return result["score"] > 0 or any(part["score"] < 0 for part in result["parts"])


def bank_pairs() -> list[dict]:
    pairs = []
    for name, bank in BANKS.items():
        question = bank_question(name)
        pairs += [{"label": f"{name} matches", "question": question, "answer": a, "expect_match": True}
                  for a in bank.matches]
        pairs += [{"label": f"{name} does not match", "question": question, "answer": a, "expect_match": False}
                  for a in bank.non_matches]
    return pairs

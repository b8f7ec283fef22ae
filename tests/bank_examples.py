"""The banks' example tables as (question, answer) pairs, for CPython and for Pyodide alike.

A bank used as a concept must find something in each of its ``matches`` and nothing in
its ``non_matches``; the negation rules are shown by the same grading path (a non-match
such as 「我不会道歉」 scores 0 because the cue cancels the apology).
"""

from __future__ import annotations

from exercises.banks import BANKS


def bank_question(name: str) -> dict:
    """A one-concept text question whose only synonym group is the bank."""
    return {"id": f"bank-{name}", "type": "text", "key": BANKS[name].matches[0],
            "concepts": [{"id": "bank", "label": BANKS[name].title, "points": 1, "synonyms": [{"bank": name}]}]}


def bank_pairs() -> list[dict]:
    pairs = []
    for name, bank in BANKS.items():
        question = bank_question(name)
        pairs += [{"label": f"{name} matches", "question": question, "answer": a, "expect_match": True}
                  for a in bank.matches]
        pairs += [{"label": f"{name} does not match", "question": question, "answer": a, "expect_match": False}
                  for a in bank.non_matches]
    return pairs

"""Every character of every synonym and forbidden phrase in the cases folds from its traditional form."""

from pathlib import Path

import opencc

from shipped import shipped_cases
from exercises.banks import BANKS
from exercises.chinese import fold

ROOT = Path(__file__).resolve().parents[2]


def phrases():
    """Every phrase and pattern a rubric or a shared bank writes (bank references stand for the bank's)."""
    for bank in BANKS.values():
        yield from bank.entries
    for case in shipped_cases():
        for question in case.questions:
            for concept in question.get("concepts", []):
                for group in concept["synonyms"]:
                    yield from (item for item in ([group] if not isinstance(group, list) else group) if isinstance(item, str))
            for rule in question.get("forbidden", []):
                yield from rule.get("phrases") or []


def test_traditional_spelling_of_every_case_phrase_folds_to_simplified():
    to_traditional = opencc.OpenCC("s2t")
    unfolded = {}
    for phrase in phrases():
        traditional = to_traditional.convert(phrase)
        if fold(traditional) != fold(phrase):
            unfolded[phrase] = traditional
    assert unfolded == {}


def test_the_checked_in_table_is_what_the_generator_writes_from_opencc():
    """exercises/_hanzi_variants.py is generated (build_tools/devtools/hanzi_table.py), never edited by hand."""
    from build_tools.devtools import hanzi_table

    assert hanzi_table.TARGET.read_text(encoding="utf-8") == hanzi_table.module_text(hanzi_table.table())

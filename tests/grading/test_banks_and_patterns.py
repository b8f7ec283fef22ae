"""Shared phrase banks, proximity patterns and the negation rules, each held to its own table.

The tables live with the data (``exercises.banks``): every bank's examples that must and
must not match, and the sentences the negation cues are judged on. The same questions are
graded inside Pyodide by tests/pyodide/test_equivalence.py, so the tables hold there too.
"""

import json
from pathlib import Path

from bank_examples import bank_pairs, found
from exercises import banks, grade
from exercises.chinese import fold, is_cancelled
from exercises.patterns import MAX_GAP, parse, pattern_problem, spans
from exercises.question_types.text import validate

ROOT = Path(__file__).resolve().parents[2]


def test_every_bank_matches_its_examples_and_nothing_else():
    wrong = []
    for pair in bank_pairs():
        result = grade(pair["question"], pair["answer"])
        if found(result) != pair["expect_match"]:
            wrong.append((pair["label"], pair["answer"], result["score"]))
    assert wrong == []


def test_every_bank_has_examples_in_both_directions_and_traditional_spelling():
    thin = [name for name, bank in banks.BANKS.items()
            if len(bank.matches) < 3 or len(bank.non_matches) < 2
            or not any(fold(text) != text for text in bank.matches)]  # a traditional or upper-case spelling
    assert thin == []


def test_negation_examples():
    wrong = []
    for sentence, phrase, negated in banks.NEGATION_EXAMPLES:
        text, target = fold(sentence), fold(phrase)
        start = text.index(target)
        if is_cancelled(text, start, start + len(target)) is not negated:
            wrong.append((sentence, phrase, negated))
    assert wrong == []


def test_patterns_find_ordered_terms_within_one_clause():
    rows = [
        # (pattern, text, found?)
        ("您|你…手机…毛病|问题", "这多半是您手机本身的毛病", True),
        ("您|你…手机…毛病|问题", "你这手机的问题", True),
        ("您|你…手机…毛病|问题", "毛病是您手机的", False),           # order matters
        ("您|你…手机…毛病|问题", "您好，手机有毛病", False),          # a comma ends the clause
        ("操作...不当", "用户操作不当造成的", True),                   # three dots work as a gap too
        ("操作…不当", "操作" + "一" * MAX_GAP + "不当", True),         # the longest gap allowed
        ("操作…不当", "操作" + "一" * (MAX_GAP + 1) + "不当", False),  # one more is too far
        ("给您|给你…添麻烦", "給您添麻煩了", True),                   # folded like any phrase
        ("道歉", "我向您道歉", True),                                  # a plain phrase is a pattern of one term
    ]
    wrong = [(p, t) for p, t, found in rows if bool(spans(parse(p), fold(t))) is not found]
    assert wrong == []


def test_malformed_patterns_are_explained():
    for entry in ("…手机", "您|…手机", "手机…", "   "):
        assert pattern_problem(entry), entry
    assert pattern_problem("您|你…手机") is None


def test_rubric_problems_name_unknown_banks_and_empty_terms():
    question = {
        "id": "q", "type": "text", "key": "抱歉",
        "concepts": [{"id": "a", "label": "致歉", "synonyms": [{"bank": "apologies"}, "抱歉…"]}],
        "forbidden": [{"deduction": 1}, {"bank": "blames"}],
    }
    problems = {(p.path, p.message.split("：")[0].split("，")[0]) for p in validate(question)}
    paths = {path for path, _ in problems}
    assert ("concepts", 0, "synonyms", 0) in paths and ("concepts", 0, "synonyms", 1) in paths
    assert ("forbidden", 0) in paths and ("forbidden", 1, "bank") in paths


def test_the_schema_lists_exactly_the_banks():
    schema = json.loads((ROOT / "build_tools" / "cases" / "case.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["bank_ref"]["properties"]["bank"]["enum"] == list(banks.BANKS)
    forbidden = schema["$defs"]["text"]["properties"]["forbidden"]["items"]
    assert forbidden["properties"]["bank"]["enum"] == list(banks.BANKS)


def test_english_words_students_mix_in_are_read_as_their_chinese():
    from exercises.chinese import gloss

    wrong = [(raw, gloss(fold(raw))) for raw, expected in banks.ENGLISH_EXAMPLES if gloss(fold(raw)) != expected]
    assert wrong == []


def test_every_cue_has_a_character_the_quick_filter_looks_for():
    from exercises.question_types.text import _CUE_MARKS

    cues = (banks.NEGATION_CUES + banks.WIDE_NEGATION_CUES + banks.POST_NEGATION_CUES + banks.CLAUSE_DENIALS
            + banks.PROHIBITIONS)
    assert [cue for cue in cues if _CUE_MARKS.isdisjoint(cue)] == []
    assert [cue for cue in banks.CLAUSE_DENIALS if "不" not in cue and "没" not in cue] == []


def test_every_bank_shows_english_mixed_in():
    assert [name for name, bank in banks.BANKS.items()
            if not any(any("a" <= c <= "z" for c in fold(text)) for text in bank.matches)] == []


def test_neutral_mask_covers_every_occurrence_of_every_neutral_phrase():
    """The fast mask (tried only near anchor characters) equals the plain definition: every
    character of every occurrence of every neutral phrase, on texts where they overlap and repeat."""
    from exercises.chinese import find_all, neutral_mask

    def plain(text: str) -> bytearray:
        mask = bytearray(len(text))
        for phrase in banks.NOT_NEGATIONS:
            for start in find_all(text, phrase):
                mask[start : start + len(phrase)] = b"\x01" * len(phrase)
        return mask

    texts = [fold(sentence) for sentence, _, _ in banks.NEGATION_EXAMPLES]
    texts += [fold(text) for bank in banks.BANKS.values() for text in bank.matches + bank.non_matches]
    texts += ["".join(banks.NOT_NEGATIONS), "，".join(banks.NOT_NEGATIONS), "不不好意思不过是否能否非常非常"]
    wrong = [text for text in texts if neutral_mask(text) != plain(text)]
    assert wrong == []

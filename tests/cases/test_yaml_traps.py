"""YAML 1.1's implicit types in case files: what looks like text stays text, real numbers stay numbers,
and what still cannot be text unquoted (true, 630, ~, null) is named in the error with the fix.

Each trap is tried in the three places an instructor most often writes short text: a synonym
list, an option text and a transcript line (the loader does not know which field it reads, so
one place passing would prove nothing about the others).
"""

from __future__ import annotations

import pytest

from build_tools.cases.load import CaseErrors, load_case

BASE = """\
id: demo
title: 演示
summary: 一句话。
chapters: [encounters]
narrative: 案情。
transcript:
  - {id: K1, speaker: 服务员, text: TRANSCRIPT}
questions:
  - id: q1
    type: single_choice
    prompt: 选一个。
    options:
      - {id: a, text: 对的, correct: true}
      - {id: b, text: OPTION}
  - id: q2
    type: text
    prompt: 写一句。
    key: 让您久等了，真抱歉。
    concepts:
      - {id: c1, label: 致歉, synonyms: [抱歉, SYNONYM]}
    samples: [{answer: 抱歉。, mark: 1}, {answer: 抱歉！, mark: 1}, {answer: 真抱歉。, mark: 1}, {answer: 好。, mark: 0},
              {answer: 嗯。, mark: 0}, {answer: 等着。, mark: 0}, {answer: 很抱歉。, mark: 1}, {answer: 行。, mark: 0}]
  - id: q3
    type: numeric
    prompt: 多少？
    key: NUMBER
    common_errors:
      - {value: 80, feedback: 再算一次。}
"""
PLACES = {  # where the trap goes -> (marker in BASE, path of the value in the loaded case, line, field)
    "transcript line": ("TRANSCRIPT", ("transcript", 0, "text"), 7, "transcript[0].text"),
    "option text": ("OPTION", ("questions", 0, "options", 1, "text"), 14, "questions[0]（题目 q1）.options[1].text"),
    "synonym": ("SYNONYM", ("questions", 1, "concepts", 0, "synonyms", 1), 20,
                "questions[1]（题目 q2）.concepts[0].synonyms[1]"),
}
FILLER = {"TRANSCRIPT": "您好。", "OPTION": "错的", "SYNONYM": "不好意思", "NUMBER": "40"}


def _case(tmp_path, **fill: str):
    """The case with each marker replaced (by `fill`, else a harmless value), loaded."""
    text = BASE
    for marker, default in FILLER.items():
        text = text.replace(marker, fill.get(marker, default))
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return load_case(path)


def _at(data, path):
    for step in path:
        data = data[step]
    return data


def test_what_yaml_1_1_reads_as_something_else_stays_the_text_written(tmp_path):
    traps = ["12:50", "yes", "no", "on", "off", "Yes", "OFF", "010", "1e3", "1_000", "0x1F", "2024-01-01", "=", ".inf"]
    wrong = []
    for trap in traps:
        for place, (marker, path, _, _) in PLACES.items():
            try:
                value = _at(_case(tmp_path, **{marker: trap}).data, path)
            except CaseErrors as exc:
                wrong.append(f"{trap} in a {place}: refused: {exc}")
                continue
            if value != trap:
                wrong.append(f"{trap} in a {place}: read as {value!r}")
    assert wrong == []


def test_what_still_is_no_text_is_named_with_its_line_field_and_the_quotes_that_fix_it(tmp_path):
    """true, a plain number and the empty forms cannot be text unquoted; the message names what YAML
    made of them and the fix, and the quoted spelling then loads as written."""
    cases = {"true": "「是/否」", "630": "读成了数字", "3.5": "读成了数字", "~": "~、null", "null": "~、null"}
    wrong = []
    for written, named in cases.items():
        for place, (marker, path, line, field) in PLACES.items():
            try:
                _case(tmp_path, **{marker: written})
                wrong.append(f"{written} in a {place}: accepted")
                continue
            except CaseErrors as exc:
                first = exc.errors[0]
            if (first.line, first.field) != (line, field) or named not in first.message or "引号" not in first.message:
                wrong.append(f"{written} in a {place}: {first}")
            quoted = _at(_case(tmp_path, **{marker: f'"{written}"'}).data, path)
            if quoted != written:
                wrong.append(f'"{written}" in a {place}: read as {quoted!r}')
    assert wrong == []


def test_numbers_in_numeric_fields_stay_numbers(tmp_path):
    wrong = []
    for written, number in {"630": 630, "-2": -2, "+5": 5, "0": 0, "3.5": 3.5, "0.25": 0.25, "-0.5": -0.5,
                            ".5": 0.5, "1.5e3": 1500.0}.items():
        question = _case(tmp_path, NUMBER=written).questions[2]
        key = question["key"]
        if key != number or isinstance(key, (str, bool)):
            wrong.append(f"key: {written} read as {key!r}")
    assert _case(tmp_path).questions[2]["common_errors"][0]["value"] == 80
    assert wrong == []


def test_text_where_a_number_or_true_false_is_wanted_says_what_to_write(tmp_path):
    line = BASE.splitlines().index("    key: NUMBER") + 1
    wanted = {"12:50": "这里要写一个数", "010": "请写成 10", "1_000": "请写成 1000", "1e3": "请写成 1000",
              '"630"': "请写成 630"}
    wrong = []
    for written, fix in wanted.items():
        with pytest.raises(CaseErrors) as caught:
            _case(tmp_path, NUMBER=written)
        first = caught.value.errors[0]
        if (first.line, first.field) != (line, "questions[2]（题目 q3）.key") or fix not in first.message:
            wrong.append(f"key: {written}: {first}")
    with pytest.raises(CaseErrors) as caught:
        _case(tmp_path, OPTION="错的, correct: no")
    first = caught.value.errors[0]
    if first.field != "questions[0]（题目 q1）.options[1].correct" or "请写 true 或 false" not in first.message:
        wrong.append(f"correct: no: {first}")
    assert wrong == []


def test_explicit_tags_of_values_json_cannot_hold_are_refused_where_written(tmp_path):
    """A date or bytes could not reach the browser's JSON (and a date in a message was a traceback)."""
    wrong = []
    for tagged in ["!!timestamp 2024-01-01", "!!binary aGk=", "!!set {a: null}"]:
        with pytest.raises(CaseErrors) as caught:
            _case(tmp_path, OPTION=tagged)
        first = caught.value.errors[0]
        if first.line != 14 or "标签" not in first.message:
            wrong.append(f"{tagged}: {first}")
    assert wrong == []

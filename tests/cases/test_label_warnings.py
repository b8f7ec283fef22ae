"""`cases check` warns (and still passes) when an answer label is written as Markdown.

Options, ordering and classify items, categories and annotation tags are shown as plain
text, with and without JavaScript: ``**粗体**`` reaches the student with its asterisks.
The case is valid, so this is a warning with file, line and field, not an error.
"""

from pathlib import Path

import pytest

from build_tools.cases.load import load_case
from build_tools.cases.proof import check_cases
from build_tools.cases.cli import main

VALID = """\
id: demo
title: 演示案例
summary: 一句话简介。
chapters: [recovery]
narrative: |
  案情，**这里**可以用 Markdown。
transcript:
  - {id: K1, speaker: 客服, text: 喂！}
  - {id: C1, speaker: 客户, text: 你好。}
questions:
  - id: q1
    type: single_choice
    prompt: 选**一个**。
    options:
      - {id: a, text: 甲, correct: true}
      - {id: b, text: 乙}
  - id: q2
    type: ordering
    prompt: 排序。
    items:
      - {id: s2, text: 后}
      - {id: s1, text: 先}
    key: [s1, s2]
  - id: q3
    type: classify
    prompt: 分类。
    categories:
      - {id: c1, label: 宜}
      - {id: c2, label: 忌}
    items:
      - {id: i1, text: 道歉, key: c1}
      - {id: i2, text: 推诿, key: c2}
  - id: q4
    type: annotate
    prompt: 标注。
    tags: [{id: T1, label: 礼貌用语不当}]
    key: [{line: K1, tags: [T1]}]
"""


def variant(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def warnings_for(text: str, tmp_path: Path) -> list:
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    return check_cases([load_case(path)]).warnings


# (name, file text, expected line, expected field, the markup quoted in the message)
WARNED = [
    ("bold option", variant("text: 甲,", "text: '**甲**',"), 15, "questions[0]（题目 q1）.options[0].text", "「**」"),
    ("code in an item", variant("text: 先}", "text: '`先`'}"), 22, "questions[1]（题目 q2）.items[1].text", "「`」"),
    ("link in a category", variant("label: 忌}", "label: '[忌](https://example.org/)'}"), 29,
     "questions[2]（题目 q3）.categories[1].label", "「[忌](https://example.org/)」"),
    ("emphasis in a tag", variant("label: 礼貌用语不当}", "label: 礼貌用语*不当*}"), 36,
     "questions[3]（题目 q4）.tags[0].label", "「*不当*」"),
]


@pytest.mark.parametrize("name, text, line, field, markup", WARNED, ids=[w[0] for w in WARNED])
def test_markdown_in_an_answer_label_is_warned_with_line_and_field(name, text, line, field, markup, tmp_path):
    (warning,) = warnings_for(text, tmp_path)
    assert (warning.line, warning.field) == (line, field)
    assert markup in warning.message and "按纯文本显示" in warning.message


@pytest.mark.parametrize(
    "label",
    ["甲", "满意度 ≥ 80%", "5*3*2 元", "[甲] 乙 (丙)", "a * b", "SERVQUAL_v2"],
)
def test_plain_labels_are_not_warned(label, tmp_path):
    assert warnings_for(variant("text: 甲,", f"text: '{label}',"), tmp_path) == []


def test_markdown_where_markdown_renders_is_not_warned(tmp_path):
    assert "**" in VALID  # in the narrative and a prompt
    assert warnings_for(VALID, tmp_path) == []


def test_cases_check_prints_the_warning_and_still_passes(tmp_path, capsys):
    path = tmp_path / "demo.yaml"
    path.write_text(variant("text: 甲,", "text: '**甲**',"), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "demo.yaml:15: questions[0]（题目 q1）.options[0].text" in err
    assert "提醒" in err and "按纯文本显示" in err
    assert "全部通过" in out and "1 条提醒" in out

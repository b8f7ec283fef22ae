"""A corpus of broken case files, each with the exact message an instructor must see."""

from pathlib import Path

import pytest

from build_tools.cases.load import CaseErrors, load_case

VALID = """\
id: demo
title: 演示案例
summary: 一句话简介。
chapters: [recovery]
narrative: |
  案情。
transcript:
  - {id: K1, speaker: 客服, text: 喂！}
  - {id: C1, speaker: 客户, text: 你好。}
questions:
  - id: q1
    type: single_choice
    prompt: 选一个。
    options:
      - {id: a, text: 甲, correct: true}
      - {id: b, text: 乙}
  - id: q2
    type: annotate
    prompt: 标注。
    tags: [{id: T1, label: 礼貌用语不当}]
    key: [{line: K1, tags: [T1]}]
"""


def variant(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


# (name, file text, expected line, expected field, expected message fragment)
BROKEN = [
    ("yaml syntax", variant("title: 演示案例", "title: [演示案例"), 3, "", "YAML 语法错误"),
    ("duplicate key", variant("summary: 一句话简介。", "summary: 一句话简介。\nsummary: 又一个"), 4, "", "键「summary」在同一层写了两次（第 3 行已有）"),
    ("missing required field", variant("summary: 一句话简介。\n", ""), 1, "", "缺少必填字段 summary"),
    ("typo in a field name", variant("narrative: |", "narative: |"), 5, "narative", "是不是想写 narrative？"),
    ("wrong type", variant("chapters: [recovery]", "chapters: recovery"), 4, "chapters", "列表要写成 [a, b]"),
    ("unknown chapter", variant("chapters: [recovery]", "chapters: [marketing]"), 4, "chapters[0]", "「「marketing」」不是允许的值"),
    ("empty value", variant("title: 演示案例", "title:"), 2, "title", "冒号后面要写内容"),
    ("id differs from file name", variant("id: demo", "id: other"), 1, "id", "与文件名「demo」不一致"),
    ("duplicate question id", variant("  - id: q2", "  - id: q1"), 17, "questions[1]（题目 q1）.id", "题目 id「q1」重复"),
    ("two correct options", variant("{id: b, text: 乙}", "{id: b, text: 乙, correct: true}"), 14, "questions[0]（题目 q1）.options", "恰好有一个选项写 `correct: true`，现在有 2 个"),
    ("unknown question type", variant("type: single_choice", "type: essay"), 12, "questions[0]（题目 q1）.type", "「「essay」」不是允许的值"),
    ("annotate refers to a missing line", variant("key: [{line: K1", "key: [{line: K7"), 21, "questions[1]（题目 q2）.key[0].line", "「K7」不是可选的对话行 id"),
    ("annotate refers to a missing tag", variant("tags: [T1]}]", "tags: [T9]}]"), 21, "questions[1]（题目 q2）.key[0].tags", "「T9」不是本题的标签 id"),
    ("points do not add up", variant("    key: [{line: K1", "    points: 5\n    key: [{line: K1"), 21, "questions[1]（题目 q2）.points", "按 key 计算满分是 2"),
    ("duplicate transcript line", variant("{id: C1, speaker", "{id: K1, speaker"), 9, "transcript[1].id", "对话行 id「K1」重复"),
    ("tab indentation", variant("  案情。", "\t案情。"), 6, "", "YAML 语法错误"),
    ("top level is a list", "- id: demo\n", 1, "", "最外层应是「字段: 值」形式"),
    ("unknown option field", variant("{id: b, text: 乙}", "{id: b, text: 乙, corect: true}"), 16, "questions[0]（题目 q1）.options[1].corect", "是不是想写 correct？"),
    # YAML's implicit types (12:50, yes, 630, ~ …) and their messages: tests/cases/test_yaml_traps.py
]


@pytest.mark.parametrize("name, text, line, field, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_case_reports_file_line_field_and_fix(name, text, line, field, message, tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseErrors) as caught:
        load_case(path)
    first = caught.value.errors[0]
    assert (first.line, first.field) == (line, field)
    assert message in first.message
    assert str(path) in str(caught.value) or "demo.yaml" in str(caught.value)


def test_the_valid_base_loads():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.yaml"
        path.write_text(VALID, encoding="utf-8")
        case = load_case(path)
    assert [q["id"] for q in case.questions] == ["q1", "q2"]
    assert case.questions[1]["selectable"] == ["K1", "C1"]


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_bytes(VALID.encode("utf-8").replace("演示案例".encode(), "演示案例".encode("gbk")))
    with pytest.raises(CaseErrors) as caught:
        load_case(path)
    assert caught.value.errors[0].line == 2 and "UTF-8" in caught.value.errors[0].message


def test_python_tags_are_refused_by_the_safe_loader(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(variant("title: 演示案例", "title: !!python/object/apply:os.system [echo hacked]"), encoding="utf-8")
    with pytest.raises(CaseErrors) as caught:
        load_case(path)
    assert caught.value.errors[0].line == 2


def test_the_cli_prints_the_report_without_a_traceback(tmp_path, capsys):
    from build_tools.cases.cli import main

    path = tmp_path / "demo.yaml"
    path.write_text(variant("title: 演示案例", "title: [演示案例"), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "demo.yaml:3" in err and "Traceback" not in err

"""build_tools.site.schema_doc: the format reference is generated from the JSON Schema and covers all of it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_tools.site.schema_doc import reference, type_text

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "build_tools" / "cases" / "case.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("prop", "expected"),
    [
        ({"type": "string"}, "字符串"),
        ({"type": "integer"}, "整数"),
        ({"type": ["string", "number"]}, "字符串 或 数"),
        ({"type": "array", "items": {"type": "string"}}, "列表（字符串）"),
        ({"type": "array", "items": {"type": "object"}}, "列表（每项是映射，见下表）"),
        ({"enum": ["lcs", "position"]}, "取值之一：`lcs`、`position`"),
        ({"const": "text"}, "固定为 `text`"),
        ({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}, "字符串 或 列表（字符串）"),
        ({"$ref": "#/$defs/sample"}, "见[样例答案](#schema-sample)"),
        ({}, "任意（与学生答案的形状相同）"),
    ],
)
def test_type_text(prop: dict, expected: str) -> None:
    assert type_text(prop) == expected


def _rows(markdown: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", markdown, re.M)


def test_every_top_level_field_has_a_row() -> None:
    md = reference(SCHEMA)
    top = md.split("{#schema-case}", 1)[1].split("####", 1)[0]
    assert _rows(top) == list(SCHEMA["properties"])


QUESTION_TYPES = [ref["$ref"].rsplit("/", 1)[1] for ref in SCHEMA["$defs"]["question"]["oneOf"]]


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_every_field_of_every_question_type_is_documented(qtype: str) -> None:
    md = reference(SCHEMA)
    shared = _rows(md.split("{#schema-question}", 1)[1].split("{#schema-", 1)[0])
    section = md.split(f"{{#schema-{qtype}}}", 1)[1].split("{#schema-", 1)[0]
    own = _rows(section.split("#####", 1)[0])
    assert sorted(set(shared) | set(own)) == sorted(SCHEMA["$defs"][qtype]["properties"])


def test_required_and_optional_are_marked() -> None:
    md = reference(SCHEMA)
    assert "| `id` | 字符串 | 必填 |" in md
    assert "| `tags` | 列表（字符串） | 可选 |" in md


def test_pipes_in_descriptions_do_not_break_tables() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string", "description": "甲 | 乙"}}}
    assert "| `a` | 字符串 | 可选 | 甲 &#124; 乙 |" in reference(schema)


def test_headings_start_at_the_requested_level() -> None:
    assert reference(SCHEMA, level=2).startswith("## 案例文件的顶层字段")

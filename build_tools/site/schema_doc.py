"""Turn the case JSON Schema into the format reference of the instructor guide.

The reference is generated from ``build_tools/cases/case.schema.json`` at every build, so the
guide cannot drift from what the loader accepts. The schema carries a Chinese
``description`` on every property; this module lays them out as Markdown tables:

* the top-level fields of a case file, then one table per list of objects inside it;
* the fields every question type shares, once;
* per question type (``$defs``), only its own fields, with nested lists as sub-tables;
* the marked sample answer.

Pure function of the schema dict; no MkDocs, no I/O.

>>> md = reference({"type": "object", "required": ["id"],
...                 "properties": {"id": {"type": "string", "description": "编号"}}})
>>> "| `id` | 字符串 | 必填 | 编号 |" in md
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..cases.schema import NON_BLANK

__all__ = ["reference", "type_text"]

Schema = Mapping[str, Any]

_TYPE_NAMES = {
    "string": "字符串",
    "integer": "整数",
    "number": "数",
    "boolean": "是/否（true/false）",
    "object": "映射（对象）",
    "array": "列表",
    "null": "空",
}
_HEADER = "| 字段 | 类型 | 必填 | 说明 |\n|---|---|---|---|"


def reference(schema: Schema, *, level: int = 3) -> str:
    """The whole format reference as Markdown; headings start at `level` (``###``)."""
    defs: Mapping[str, Schema] = schema.get("$defs", {})
    question_types = _question_types(defs)
    out: list[str] = []
    h = "#" * level

    out.append(f"{h} 案例文件的顶层字段 {{#schema-case}}")
    if schema.get("description"):
        out.append(_cell(schema["description"]))
    out.append(_table(schema, defs))
    out.extend(_nested_tables(schema, defs, "", level + 1))

    if question_types:
        shared = _shared_properties([defs[name] for name in question_types])
        out.append(f"{h} 所有题型共有的字段 {{#schema-question}}")
        question = defs.get("question", {})
        intro = _cell(question.get("description", "一道题；type 决定其余字段。"))
        kinds = "、".join(f"[`{name}`](#schema-{name})" for name in question_types)
        out.append(f"{intro} `type` 取值：{kinds}。")
        out.append(_table({"properties": shared, "required": _shared_required(defs, question_types)}, defs))
        for name in question_types:
            out.append(_question_section(name, defs[name], shared, defs, level))

    for name, definition in defs.items():
        if name in question_types or name == "question":
            continue
        out.append(f"{h} {_cell(_title_of(name, definition))}（`{name}`） {{#schema-{name}}}")
        if definition.get("description"):
            out.append(_cell(definition["description"]))
        out.append(_table(definition, defs))
        out.extend(_nested_tables(definition, defs, "", level + 1))
    return "\n\n".join(part for part in out if part) + "\n"


def type_text(prop: Schema, defs: Mapping[str, Schema] | None = None) -> str:
    """How a property's type reads in the table: 「列表（字符串）」, 「取值之一：…」.

    >>> type_text({"type": "array", "items": {"type": "string"}})
    '列表（字符串）'
    >>> type_text({"enum": ["a", "b"]})
    '取值之一：`a`、`b`'
    """
    defs = defs or {}
    if "$ref" in prop:
        name = _ref_name(prop["$ref"])
        return f"见[{_cell(_title_of(name, defs.get(name, {})))}](#schema-{name})"
    if "const" in prop:
        return f"固定为 `{prop['const']}`"
    if "enum" in prop:
        return "取值之一：" + "、".join(f"`{value}`" for value in prop["enum"])
    for combinator in ("anyOf", "oneOf"):
        if combinator in prop:
            return " 或 ".join(type_text(option, defs) for option in prop[combinator])
    kind = prop.get("type")
    if isinstance(kind, list):
        return " 或 ".join(_TYPE_NAMES.get(k, k) for k in kind)
    if kind == "array":
        items = prop.get("items", {})
        if items.get("type") == "object":
            return "列表（每项是映射，见下表）"
        return f"列表（{type_text(items, defs)}）" if items else "列表"
    if kind is None:
        return "任意（与学生答案的形状相同）"
    return _TYPE_NAMES.get(kind, str(kind))


def _question_types(defs: Mapping[str, Schema]) -> list[str]:
    """Names of the per-type definitions the ``question`` definition chooses between."""
    question = defs.get("question", {})
    options = question.get("oneOf") or question.get("anyOf") or []
    return [_ref_name(option["$ref"]) for option in options if "$ref" in option]


def _shared_properties(definitions: Sequence[Schema]) -> dict[str, Schema]:
    """Properties present, with the same schema, in every question type (``type`` aside)."""
    first = definitions[0].get("properties", {})
    shared = {}
    for name, prop in first.items():
        if name == "type":
            shared[name] = {"enum": [d["properties"]["type"].get("const") for d in definitions],
                            "description": "题型，决定其余字段。"}
        elif all(d.get("properties", {}).get(name) == prop for d in definitions[1:]):
            shared[name] = prop
    return shared


def _shared_required(defs: Mapping[str, Schema], names: Sequence[str]) -> list[str]:
    sets = [set(defs[name].get("required", [])) for name in names]
    return sorted(set.intersection(*sets)) if sets else []


def _question_section(
    name: str, definition: Schema, shared: Mapping[str, Schema], defs: Mapping[str, Schema], level: int
) -> str:
    """One question type: its description and the fields it adds to the shared ones."""
    h = "#" * (level + 1)
    own = {k: v for k, v in definition.get("properties", {}).items() if k not in shared}
    parts = [f"{h} 题型 `{name}` {{#schema-{name}}}"]
    if definition.get("description"):
        parts.append(_cell(definition["description"]))
    if own:
        parts.append("除共有字段外：")
        parts.append(_table({"properties": own, "required": definition.get("required", [])}, defs))
    parts.extend(_nested_tables({"properties": own}, defs, "", level + 2))
    return "\n\n".join(parts)


def _table(schema: Schema, defs: Mapping[str, Schema]) -> str:
    """A 字段/类型/必填/说明 table of an object schema's properties."""
    required = set(schema.get("required", []))
    rows = [_HEADER]
    for name, prop in schema.get("properties", {}).items():
        need = "必填" if name in required else "可选"
        rows.append(f"| `{name}` | {type_text(prop, defs)} | {need} | {_describe(prop)} |")
    return "\n".join(rows)


def _nested_tables(schema: Schema, defs: Mapping[str, Schema], prefix: str, level: int) -> list[str]:
    """A sub-table for every property that is a list of objects (recursively)."""
    out = []
    for name, prop in schema.get("properties", {}).items():
        items = prop.get("items", {}) if prop.get("type") == "array" else {}
        if items.get("type") != "object":
            continue
        path = f"{prefix}{name}"
        out.append(f"{'#' * min(level, 6)} `{path}` 的每一项")
        out.append(_table(items, defs))
        out.extend(_nested_tables(items, defs, f"{path}[]·", level + 1))
    return out


def _describe(prop: Schema) -> str:
    """The description plus the constraints a writer must know (pattern, minimum…)."""
    text = _cell(prop.get("description", ""))
    notes = []
    if "pattern" in prop and prop["pattern"] != NON_BLANK:  # NON_BLANK is said as 不能为空 below
        notes.append(f"格式 `{prop['pattern']}`")
    if prop.get("minItems"):
        notes.append(f"至少 {prop['minItems']} 项")
    if prop.get("uniqueItems"):
        notes.append("不可重复")
    if prop.get("minLength", 0) > 0 and prop.get("type") == "string":
        notes.append("不能为空")
    if "minimum" in prop:
        notes.append(f"≥ {prop['minimum']}")
    if "exclusiveMinimum" in prop:
        notes.append(f"> {prop['exclusiveMinimum']}")
    if "maximum" in prop:
        notes.append(f"≤ {prop['maximum']}")
    if "exclusiveMaximum" in prop:
        notes.append(f"< {prop['exclusiveMaximum']}")
    if "default" in prop:
        notes.append(f"默认 `{prop['default']}`")
    return text + (f"（{'；'.join(notes)}）" if notes else "")


def _title_of(name: str, definition: Schema) -> str:
    return {"sample": "样例答案", "question": "题目"}.get(name, definition.get("title", name))


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _cell(text: str) -> str:
    """Schema text inside a Markdown table cell: pipes escaped, one line."""
    return str(text).replace("|", "&#124;").replace("\n", " ").strip()

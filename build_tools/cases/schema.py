"""Check a case against the shipped JSON Schema, with messages an instructor can act on.

The schema (``case.schema.json``) is the single description of the case format:
editors use it for autocompletion, the instructor guide is generated from it,
and this module walks it to report problems. We walk it ourselves, rather than
use a generic validator, so that every message is in plain Chinese, names the
field by its path and says how to fix it. The walker implements the keywords in
:data:`VALIDATING` with their standard meaning and refuses a schema that uses any other
(:func:`unsupported_keywords`), so a keyword added to the schema can never be ignored
silently; ``tests/cases/test_schema.py`` cross-checks against the ``jsonschema`` package
so the two never disagree about what is valid. (Why not ``jsonschema`` itself at run
time: its messages are English and point at JSON paths; ours name the YAML field and the
fix, and a plain walk over a 500-line schema needs no dependency in the instructor's tools.)

>>> [i.message for i in check({"id": "x"})][:1]
['缺少必填字段 title（案例标题（纯文本）。）。']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_TYPE_NAMES = {"string": "文字", "number": "数字", "integer": "整数", "boolean": "true 或 false",
               "array": "列表（每项以 - 开头）", "object": "键值对（字段: 值）"}


VALIDATING = frozenset({"type", "const", "enum", "minLength", "pattern", "minimum", "exclusiveMinimum", "maximum",
                        "exclusiveMaximum", "minItems", "uniqueItems", "items", "properties", "required",
                        "additionalProperties", "anyOf", "oneOf", "$ref"})
"""The keywords :func:`check` implements."""
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "default", "examples"})
"""Keywords that validate nothing (documentation, and where definitions live)."""
NON_BLANK = r"\S"
"""The pattern the schema gives every text that must not be empty: white space alone is empty to a reader."""


@dataclass(frozen=True)
class Issue:
    """One schema violation at `path` inside the case."""

    path: tuple
    message: str


SCHEMA_FILE = resources.files(__package__).joinpath("case.schema.json")
"""The case format, as shipped with the package (beside this module)."""


@lru_cache(maxsize=1)
def case_schema() -> dict[str, Any]:
    """The case format schema shipped with the package (refused if it uses a keyword the walker lacks)."""
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    unknown = unsupported_keywords(schema)
    if unknown:
        raise ValueError(f"case.schema.json uses keywords build_tools.cases.schema does not implement: {unknown}")
    return schema


def unsupported_keywords(schema: Any) -> list[str]:
    """Keywords of `schema` that are neither implemented (:data:`VALIDATING`) nor mere annotations, with where."""
    found = []

    def visit(node: Any, where: str) -> None:
        if isinstance(node, list):
            for index, item in enumerate(node):
                visit(item, f"{where}[{index}]")
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key not in VALIDATING and key not in ANNOTATIONS:
                found.append(f"{where}/{key}")
            if key in ("properties", "$defs"):
                for name, child in value.items():
                    visit(child, f"{where}/{key}/{name}")
            elif key not in ("enum", "const", "required", "examples", "default"):
                visit(value, f"{where}/{key}")

    visit(schema, "#")
    return found


def case_id_pattern() -> str:
    """The pattern every case id matches (ECMAScript syntax, as JSON Schema's; Python reads it alike):
    the schema holds it, and the browser's copy is generated from here (``build_tools.site.assets``)."""
    return case_schema()["properties"]["id"]["pattern"]


def check(case: Any) -> list[Issue]:
    """Every schema violation in `case` (empty when the case is well-formed)."""
    schema = case_schema()
    issues: list[Issue] = []
    _walk(case, schema, schema, (), issues)
    return issues


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = root["$defs"][name]
    return node


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "integer": (int,), "number": (int, float), "array": (list,), "object": (dict,),
}


def _is_type(value: Any, name: str) -> bool:
    python = _PYTHON_TYPES.get(name)
    if python is None:
        return True
    # JSON Schema's numbers are not booleans, though Python's bool is an int
    return isinstance(value, python) and (name == "boolean" or not isinstance(value, bool))


def _what(schema: dict[str, Any]) -> str:
    description = schema.get("description", "")
    return f"（{description}）" if description else ""


def _walk(value: Any, schema: dict[str, Any], root: dict[str, Any], path: tuple, issues: list[Issue]) -> None:
    schema = _resolve(schema, root)
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        if not any(_is_type(value, t) for t in allowed):
            wanted = " 或 ".join(_TYPE_NAMES.get(t, t) for t in allowed)
            issues.append(Issue(path, f"应为{wanted}，现在是 {_show(value)}。{_hint(value, allowed)}"))
            return
    if "const" in schema and value != schema["const"]:
        issues.append(Issue(path, f"应为 {schema['const']}。"))
        return
    if "enum" in schema and value not in schema["enum"]:
        issues.append(Issue(path, f"「{_show(value)}」不是允许的值；可选：{', '.join(map(str, schema['enum']))}。"))
        return
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            issues.append(Issue(path, "不能为空。" if not value else f"至少要写 {schema['minLength']} 个字。"))
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            blank = schema["pattern"] == NON_BLANK
            issues.append(Issue(path, "不能为空（只有空白）。" if blank else f"「{value[:40]}」格式不对{_what(schema)}"))
    if _is_type(value, "number"):
        for keyword, ok, words in (("minimum", lambda v, b: v >= b, "不能小于"),
                                   ("exclusiveMinimum", lambda v, b: v > b, "必须大于"),
                                   ("maximum", lambda v, b: v <= b, "不能大于"),
                                   ("exclusiveMaximum", lambda v, b: v < b, "必须小于")):
            if keyword in schema and not ok(value, schema[keyword]):
                issues.append(Issue(path, f"{words} {schema[keyword]}，现在是 {value}。"))
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            issues.append(Issue(path, f"至少要有 {schema['minItems']} 项{_what(schema)}。"))
        if schema.get("uniqueItems") and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
            issues.append(Issue(path, "列表里有重复的项，请删掉重复的。"))
        if "items" in schema:
            for index, item in enumerate(value):
                _walk(item, schema["items"], root, path + (index,), issues)
    if isinstance(value, dict):
        _walk_object(value, schema, root, path, issues)
    if "anyOf" in schema:
        if not any(not _collect(value, option, root) for option in schema["anyOf"]):
            issues.append(Issue(path, _any_of_problem(value, schema, root)))
    if "oneOf" in schema and isinstance(value, dict):
        _walk_one_of(value, schema, root, path, issues)


def _walk_object(value: dict, schema: dict[str, Any], root: dict[str, Any], path: tuple, issues: list[Issue]) -> None:
    properties = schema.get("properties", {})
    missing = [name for name in schema.get("required", ()) if name not in value]
    # a misspelt field is reported as unknown (with the likely name), not also as a missing one
    typos = {_closest(str(k), list(properties)) for k in value if k not in properties} if missing else set()
    for name in missing:
        if name not in typos:
            described = _what(_resolve(properties.get(name, {}), root))
            issues.append(Issue(path, f"缺少必填字段 {name}{described}。"))
    for name, item in value.items():
        if name in properties:
            _walk(item, properties[name], root, path + (name,), issues)
        elif schema.get("additionalProperties") is False:
            known = ", ".join(properties)
            close = _closest(str(name), list(properties))
            advice = f"是不是想写 {close}？" if close else f"可用的字段：{known}。"
            issues.append(Issue(path + (name,), f"不认识的字段「{name}」。{advice}"))


def _walk_one_of(value: dict, schema: dict[str, Any], root: dict[str, Any], path: tuple, issues: list[Issue]) -> None:
    """Questions: pick the branch whose `type` const matches, then report that branch's problems."""
    for option in schema["oneOf"]:
        branch = _resolve(option, root)
        if branch.get("properties", {}).get("type", {}).get("const") == value.get("type"):
            _walk(value, branch, root, path, issues)
            return


def _collect(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> list[Issue]:
    found: list[Issue] = []
    _walk(value, schema, root, (), found)
    return found


def _show(value: Any) -> str:
    if value is None:
        return "空（什么也没写）"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"「{value}」"
    return text if len(text) <= 40 else text[:40] + "…"


def _any_of_problem(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> str:
    """Why a value fits none of the forms: a scalar YAML did not read as text says so (「形式不对」 alone
    left an instructor who wrote the synonym 12:50 looking at the number 770 without a clue)."""
    takes_text = any(_resolve(option, root).get("type") == "string" for option in schema["anyOf"])
    if takes_text and isinstance(value, (int, float, bool)):
        return f"应为文字，现在是 {_show(value)}。{_yaml_scalar_hint(value)}"
    return f"形式不对{_what(schema)}"


def _yaml_scalar_hint(value: int | float | bool) -> str:
    """What YAML did with an unquoted scalar, and the fix (quotes)."""
    if isinstance(value, bool):
        return (f"YAML 把不加引号的 yes、no、on、off、true、false 读成了 {str(value).lower()}；"
                "要写成文字请加上引号，例如 \"yes\"。")
    return (f"YAML 把不加引号、像数字的写法读成了数字 {value}（例如 12:50 会读成 770，010 读成 8，1_000 读成 1000）；"
            "要写成文字请加上引号，例如 \"12:50\"。")


def _hint(value: Any, allowed: list[str]) -> str:
    if value is None:
        return "冒号后面要写内容；如果不需要这个字段，请整行删掉。"
    if "string" in allowed and isinstance(value, (int, float, bool)):
        return _yaml_scalar_hint(value)
    if "array" in allowed and isinstance(value, str):
        return "列表要写成 [a, b] 或每项一行、以「- 」开头。"
    return ""


def _closest(name: str, candidates: list[str]) -> str | None:
    """A known field name that differs from `name` by a small typo, if any."""
    import difflib

    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else None

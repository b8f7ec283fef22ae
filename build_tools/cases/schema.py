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
import math
import re
from dataclasses import dataclass
from collections.abc import Callable
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
    issues: list[Issue] = []
    _compiled_schema()(case, (), issues)
    return issues


Check = Callable[[Any, tuple, list[Issue]], None]
"""A compiled schema node: appends the problems of a value at a path to a list."""


@lru_cache(maxsize=1)
def _compiled_schema() -> Check:
    return _Compiler(case_schema()).compile(case_schema())


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


_BOUNDS = (("minimum", lambda v, b: v >= b, "不能小于"), ("exclusiveMinimum", lambda v, b: v > b, "必须大于"),
           ("maximum", lambda v, b: v <= b, "不能大于"), ("exclusiveMaximum", lambda v, b: v < b, "必须小于"))


class _Compiler:
    """Turns each schema node into a :data:`Check` once, so validating a case does only the checks
    its nodes name (the schema is walked once per process, not once per value: a fifth of the
    time of loading 500 cases went to re-reading keywords). Keywords are checked in a fixed order
    (type, const, enum, text, numbers, lists, objects, anyOf, oneOf), and a value of the wrong
    type, const or enum gets that one message only."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.done: dict[int, Check] = {}

    def compile(self, schema: dict[str, Any]) -> Check:
        schema = _resolve(schema, self.root)
        key = id(schema)
        if key not in self.done:
            later: list[Check] = []
            self.done[key] = lambda value, path, issues: later[0](value, path, issues)  # a $ref cycle
            later.append(self._node(schema))
            self.done[key] = later[0]
        return self.done[key]

    def _node(self, schema: dict[str, Any]) -> Check:
        gate = self._gate(schema)
        steps = [step for step in (self._text(schema), self._numbers(schema), self._list(schema),
                                   self._object(schema), self._any_of(schema), self._one_of(schema)) if step]

        def check(value: Any, path: tuple, issues: list[Issue]) -> None:
            if gate is not None and not gate(value, path, issues):
                return
            for step in steps:
                step(value, path, issues)

        return check

    @staticmethod
    def _gate(schema: dict[str, Any]) -> Callable[[Any, tuple, list[Issue]], bool] | None:
        types = schema.get("type")
        allowed = None if types is None else (types if isinstance(types, list) else [types])
        has_const, has_enum = "const" in schema, "enum" in schema
        if allowed is None and not has_const and not has_enum:
            return None

        def gate(value: Any, path: tuple, issues: list[Issue]) -> bool:
            if allowed is not None and not any(_is_type(value, t) for t in allowed):
                wanted = " 或 ".join(_TYPE_NAMES.get(t, t) for t in allowed)
                issues.append(Issue(path, f"应为{wanted}，现在是 {_show(value)}。{_hint(value, allowed)}"))
                return False
            if has_const and value != schema["const"]:
                issues.append(Issue(path, f"应为 {schema['const']}。"))
                return False
            if has_enum and value not in schema["enum"]:
                issues.append(Issue(path, f"「{_show(value)}」不是允许的值；可选：{', '.join(map(str, schema['enum']))}。"))
                return False
            return True

        return gate

    @staticmethod
    def _text(schema: dict[str, Any]) -> Check | None:
        least, pattern = schema.get("minLength", 0), schema.get("pattern")
        if not least and pattern is None:
            return None
        regex = re.compile(pattern) if pattern is not None else None

        def text(value: Any, path: tuple, issues: list[Issue]) -> None:
            if not isinstance(value, str):
                return
            if len(value) < least:
                issues.append(Issue(path, "不能为空。" if not value else f"至少要写 {least} 个字。"))
            elif regex is not None and not regex.search(value):
                blank = pattern == NON_BLANK
                issues.append(Issue(path, "不能为空（只有空白）。" if blank else f"「{value[:40]}」格式不对{_what(schema)}"))

        return text

    @staticmethod
    def _numbers(schema: dict[str, Any]) -> Check | None:
        bounds = [(keyword, ok, words, schema[keyword]) for keyword, ok, words in _BOUNDS if keyword in schema]
        if not bounds:
            return None

        def numbers(value: Any, path: tuple, issues: list[Issue]) -> None:
            if _is_type(value, "number"):
                for _, ok, words, bound in bounds:
                    if not ok(value, bound):
                        issues.append(Issue(path, f"{words} {bound}，现在是 {value}。"))

        return numbers

    def _list(self, schema: dict[str, Any]) -> Check | None:
        least, unique = schema.get("minItems", 0), bool(schema.get("uniqueItems"))
        item = self.compile(schema["items"]) if "items" in schema else None
        if not least and not unique and item is None:
            return None

        def items(value: Any, path: tuple, issues: list[Issue]) -> None:
            if not isinstance(value, list):
                return
            if len(value) < least:
                issues.append(Issue(path, f"至少要有 {least} 项{_what(schema)}。"))
            if unique and len({json.dumps(v, sort_keys=True) for v in value}) != len(value):
                issues.append(Issue(path, "列表里有重复的项，请删掉重复的。"))
            if item is not None:
                for index, entry in enumerate(value):
                    item(entry, path + (index,), issues)

        return items

    def _object(self, schema: dict[str, Any]) -> Check | None:
        properties = schema.get("properties", {})
        required = schema.get("required", ())
        closed = schema.get("additionalProperties") is False
        if not properties and not required and not closed:
            return None
        fields = {name: self.compile(child) for name, child in properties.items()}
        root = self.root

        def mapping(value: Any, path: tuple, issues: list[Issue]) -> None:
            if not isinstance(value, dict):
                return
            missing = [name for name in required if name not in value]
            # a misspelt field is reported as unknown (with the likely name), not also as a missing one
            typos = {_closest(str(k), list(properties)) for k in value if k not in properties} if missing else set()
            for name in missing:
                if name not in typos:
                    described = _what(_resolve(properties.get(name, {}), root))
                    issues.append(Issue(path, f"缺少必填字段 {name}{described}。"))
            for name, item in value.items():
                field = fields.get(name)
                if field is not None:
                    field(item, path + (name,), issues)
                elif closed:
                    known = ", ".join(properties)
                    close = _closest(str(name), list(properties))
                    advice = f"是不是想写 {close}？" if close else f"可用的字段：{known}。"
                    issues.append(Issue(path + (name,), f"不认识的字段「{name}」。{advice}"))

        return mapping

    def _any_of(self, schema: dict[str, Any]) -> Check | None:
        if "anyOf" not in schema:
            return None
        options = [self.compile(option) for option in schema["anyOf"]]
        root = self.root

        def any_of(value: Any, path: tuple, issues: list[Issue]) -> None:
            for option in options:
                found: list[Issue] = []
                option(value, (), found)
                if not found:
                    return
            issues.append(Issue(path, _any_of_problem(value, schema, root)))

        return any_of

    def _one_of(self, schema: dict[str, Any]) -> Check | None:
        """Questions: pick the branch whose `type` const matches, then report that branch's problems."""
        if "oneOf" not in schema:
            return None
        branches: dict[Any, Check] = {}
        for option in schema["oneOf"]:
            branch = _resolve(option, self.root)
            kind = branch.get("properties", {}).get("type", {}).get("const")
            branches.setdefault(kind, self.compile(branch))

        def one_of(value: Any, path: tuple, issues: list[Issue]) -> None:
            kind = value.get("type") if isinstance(value, dict) else None
            if isinstance(kind, (str, int, float, bool)):
                branch = branches.get(kind)
                if branch is not None:
                    branch(value, path, issues)

        return one_of


def _show(value: Any) -> str:
    if value is None:
        return "空"
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else f"「{value}」"
    return text if len(text) <= 40 else text[:40] + "…"


def _any_of_problem(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> str:
    """Why a value fits none of the forms: a scalar YAML did not read as text says so (「形式不对」 alone
    left an instructor who wrote a synonym YAML read as a number looking at it without a clue)."""
    takes_text = any(_resolve(option, root).get("type") == "string" for option in schema["anyOf"])
    if takes_text and (value is None or isinstance(value, (int, float, bool))):
        return f"应为文字，现在是 {_show(value)}。{_hint(value, ['string'])}"
    return f"形式不对{_what(schema)}"


def _yaml_scalar_hint(value: int | float | bool) -> str:
    """What YAML did with an unquoted number or true/false written where text is wanted, and the fix.

    Only unmistakable numbers and true/false get here: the case loader keeps 12:50, yes, 010,
    1_000 and dates as text (``yamlload.CaseResolver``)."""
    if isinstance(value, bool):
        word = str(value).lower()
        return f"YAML 把不加引号的 {word} 读成了「是/否」；要写成文字请加上引号：\"{word}\"。"
    return f"YAML 把不加引号的 {value} 读成了数字；要写成文字请加上引号：\"{value}\"。"


_EMPTY_HINT = ("冒号后面要写内容：现在什么也没写，或只写了 ~、null（YAML 把它们读成「空」）。"
               "要写文字 ~ 或 null 请加上引号，例如 \"~\"；不需要这一项就把这一行删掉。")


def _number_hint(text: str) -> str:
    """What to write where a number is wanted and the case file has text (the loader reads 010, 1_000,
    1e3, 12:50 and quoted numbers as text: ``yamlload.CaseResolver``)."""
    try:
        number = float(text.strip().replace("_", ""))
    except ValueError:
        number = None
    if number is not None and math.isfinite(number):
        plain = str(int(number)) if number.is_integer() else repr(number)
        return (f"案例文件把「{text}」当作文字；这里要一个数，请写成 {plain}"
                "（不加引号，不以 0 开头，不用 _ 分隔，不用 e 记数）。")
    return "这里要写一个数，例如 630（不加引号）；12:50 这样的时间、日期在案例文件里都是文字。"


def _hint(value: Any, allowed: list[str]) -> str:
    if value is None:
        return _EMPTY_HINT
    if "string" in allowed and isinstance(value, (int, float, bool)):
        return _yaml_scalar_hint(value)
    if isinstance(value, str) and ("number" in allowed or "integer" in allowed):
        return _number_hint(value)
    if isinstance(value, str) and "boolean" in allowed:
        return "请写 true 或 false（不加引号）；yes、no、on、off 在案例文件里是文字。"
    if "array" in allowed and isinstance(value, str):
        return "列表要写成 [a, b] 或每项一行、以「- 」开头。"
    return ""


def _closest(name: str, candidates: list[str]) -> str | None:
    """A known field name that differs from `name` by a small typo, if any."""
    import difflib

    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return matches[0] if matches else None

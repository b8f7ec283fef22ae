"""Safe YAML loading that remembers where every value came from.

Instructors need errors that point at a line, so the loader keeps, for every
mapping key and list entry, the line it was written on. Values are plain
``dict``/``list`` subclasses, so the rest of the code (and ``json.dumps``)
treats them as ordinary data. Loading is ``yaml.SafeLoader`` underneath: no
Python objects can be constructed from a case file. A key written twice in one
mapping is an error, never a silent overwrite.

Unquoted values are read by :data:`CASE_SCALARS`, not by YAML 1.1's rules: only what is
unmistakably a number (``630``, ``-2``, ``3.5``), ``true``/``false`` or empty (``~``, ``null``)
is read as one; ``12:50``, ``yes``/``no``/``on``/``off``, ``010``, ``1_000`` and ``2024-01-01``
stay the text they look like (YAML 1.1 reads them as 770, true/false, 8, 1000 and a date), as
do ``1e3`` (text in PyYAML already) and ``=``.

>>> data = load_text("a: 1\\nb:\\n  - x\\n  - y\\n", "demo.yaml")
>>> data["b"][1], line_of(data, ("b", 1))
('y', 4)
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class YamlError(Exception):
    """A file that is not valid YAML, with the 1-based line and column of the problem."""

    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{file}:{line}:{column}: {message}")
        self.file, self.line, self.column, self.message = file, line, column, message


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    """A sequence that knows its own line and the line of each entry."""

    line: int = 0
    item_lines: list[int]


class CaseResolver(yaml.resolver.BaseResolver):
    """Which unquoted scalars of a case file are numbers, booleans or empty: :data:`CASE_SCALARS`, nothing else.

    Why not YAML 1.1's rules (PyYAML's ``Resolver``): they read times as base-60 numbers
    (``12:50`` -> 770), ``yes/no/on/off`` as booleans, ``010`` as octal 8, ``1_000`` as 1000 and
    ``2024-01-01`` as a date. An instructor writes those as text (a synonym, an option, a line of
    dialogue), and where a number is wanted they are never what was meant: ``key: 12:50`` passed the
    schema as 770. So they stay text everywhere; a numeric field given one gets a message naming it
    (:mod:`.schema`), and real numbers (``key: 630``) stay numbers. The resolver cannot know which
    field a value is for, so a real number written where text is wanted (a synonym ``630``) still
    needs quotes, and the schema check says so.
    """


CASE_SCALARS = (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]+|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^<<$", "<"),
)
"""(tag, pattern, possible first characters) of every unquoted scalar that is not text.

Integers without leading zeros or ``_``; decimals with digits after the point (an exponent
allowed); ``true``/``false``; the empty forms; ``<<`` (merging a mapping, as YAML does). The
first characters are PyYAML's index into the patterns: only scalars starting with one are tried.
"""

for _tag, _pattern, _first in CASE_SCALARS:
    CaseResolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about 15 times faster on the course's cases, same values and
marks), the pure-Python one otherwise; either way only the safe constructors, plus ours below."""


class _Loader(CaseResolver, _BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe loader that reads scalars by :class:`CaseResolver`, records line numbers and refuses duplicate keys.

    :class:`CaseResolver` comes first so that its table of implicit types is the one found;
    the rest (parser, safe constructors, ``resolve`` itself) is the base loader's.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # Most nodes of a case file are plain strings: take their value directly, as the safe
        # constructor would (``construct_yaml_str``), without its per-node bookkeeping (a third
        # of loading time). Every other node, and every tag, goes the usual way.
        if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return node.value
        return super().construct_object(node, deep)


_STR_TAG = "tag:yaml.org,2002:str"


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise YamlError(loader.name, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            "键（冒号前面的部分）必须是简单的文字。")
        if key in result:
            raise YamlError(
                loader.name, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                f"键「{key}」在同一层写了两次（第 {result.key_lines[key]} 行已有）。请删掉或合并其中一个，"
                "否则后一个会悄悄覆盖前一个。",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


NOT_JSON_TAGS = ("timestamp", "binary", "set", "omap", "pairs")
"""Explicit tags (``!!timestamp 2024-01-01``) whose values are no JSON: refused where they are written,
since a case becomes JSON for the browser (and a date in a message would end in a traceback)."""


def _refuse_tag(loader: _Loader, node: yaml.Node) -> Any:
    raise YamlError(loader.name, node.start_mark.line + 1, node.start_mark.column + 1,
                    f"案例文件里不能用 {node.tag.replace('tag:yaml.org,2002:', '!!')} 标签：值只能是文字、数字、true/false、"
                    "列表和「字段: 值」。请删掉这个标签（日期等写成文字，例如 \"2024-01-01\"）。")


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
for _name in NOT_JSON_TAGS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_name}", _refuse_tag)


def load_text(text: str, file: str) -> Any:
    """Parse one YAML document; raise :class:`YamlError` with a line number on any problem."""
    loader = _Loader(text)
    loader.name = file
    try:
        return loader.get_single_data()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "无法解析"
        raise YamlError(file, line, column, f"YAML 语法错误：{problem}。常见原因：缩进不一致、"
                        "冒号后缺空格、以特殊符号开头的文字没有加引号。") from None
    except yaml.YAMLError as exc:
        raise YamlError(file, 1, 1, f"YAML 无法解析：{exc}") from None
    finally:
        loader.dispose()


def line_of(root: Any, path: tuple) -> int:
    """The line of the deepest existing node on `path` (0 when unknown)."""
    node, line = root, getattr(root, "line", 0)
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


def plain(value: Any) -> Any:
    """A deep copy as ordinary dicts and lists (for JSON output and hashing)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value

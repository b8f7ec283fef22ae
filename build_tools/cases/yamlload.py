"""Safe YAML loading that remembers where every value came from.

Instructors need errors that point at a line, so the loader keeps, for every
mapping key and list entry, the line it was written on. Values are plain
``dict``/``list`` subclasses, so the rest of the code (and ``json.dumps``)
treats them as ordinary data. Loading is ``yaml.SafeLoader`` underneath: no
Python objects can be constructed from a case file. A key written twice in one
mapping is an error, never a silent overwrite.

>>> data = load_text("a: 1\\nb:\\n  - x\\n  - y\\n", "demo.yaml")
>>> data["b"][1], line_of(data, ("b", 1))
('y', 4)
"""

from __future__ import annotations

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


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it (about 15 times faster on the course's cases, same values and
marks), the pure-Python one otherwise; either way only the safe constructors, plus ours below."""


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Safe loader that records line numbers and refuses duplicate keys."""

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


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


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

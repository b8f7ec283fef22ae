"""The fast (libyaml) loader reads every case exactly as the pure-Python safe loader does, lines included."""

from pathlib import Path

import yaml

from build_tools.cases import yamlload

ROOT = Path(__file__).resolve().parents[2]


class _PurePython(yamlload.CaseResolver, yaml.SafeLoader):
    """The same resolver and constructors over PyYAML's pure-Python parser: the reference."""


_PurePython.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yamlload._construct_mapping)
_PurePython.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, yamlload._construct_sequence)


def _reference(text: str, name: str):
    loader = _PurePython(text)
    loader.name = name
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _differences(fast, slow, path=()):
    """Paths where values, types or recorded lines differ."""
    if type(fast) is not type(slow) or (not isinstance(fast, (dict, list)) and fast != slow):
        return [path]
    found = []
    if isinstance(fast, dict):
        if (fast.line, fast.key_lines, list(fast)) != (slow.line, slow.key_lines, list(slow)):
            return [path]
        for key in fast:
            found += _differences(fast[key], slow[key], path + (key,))
    elif isinstance(fast, list):
        if (fast.line, fast.item_lines, len(fast)) != (slow.line, slow.item_lines, len(slow)):
            return [path]
        for index, (a, b) in enumerate(zip(fast, slow)):
            found += _differences(a, b, path + (index,))
    return found


TRAPS = {  # what the loader's plain-string shortcut must leave to the safe constructor
    "yaml-1.1": "time: 12:50\nflag: yes\noctal: 010\nfloat: 1e3\nnull: ~\nquoted: '12:50'\n",
    "tags": "forced: !!str 5\nnumber: !!int '7'\nfloat: !!float '2'\nstamp: 2026-12-06\n",
    "anchors": "a: &x [1, &y two]\nb: *x\nc: *y\nd: {<<: {k: v}, e: f}\n",
    "block": "text: |\n  两行\n  文字\nfolded: >-\n  a\n  b\n",
}


def test_every_case_loads_the_same_with_both_parsers():
    assert yamlload._Loader.__mro__[1:3] == (yamlload.CaseResolver, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    sources = [(path.name, path.read_text(encoding="utf-8")) for path in sorted((ROOT / "cases").glob("*.yaml"))]
    wrong = []
    for name, text in sources + list(TRAPS.items()):
        wrong += [(name, where) for where in _differences(yamlload.load_text(text, name), _reference(text, name))]
    assert wrong == []

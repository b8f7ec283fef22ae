"""The shipped JSON Schema is a real, standard schema and agrees with our own walker."""

from pathlib import Path

import jsonschema
import pytest
import yaml

from build_tools.cases import schema

ROOT = Path(__file__).resolve().parents[2]
CASE_FILES = sorted((ROOT / "cases").glob("*.yaml"))


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(schema.case_schema())


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_every_case_is_valid_for_a_standard_validator_too(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema.case_schema()).validate(data)
    assert schema.check(data) == []


SHAPES = [
    ("missing title", lambda d: d.pop("title")),
    ("unknown field", lambda d: d.update(colour="red")),
    ("question without prompt", lambda d: d["questions"][0].pop("prompt")),
    ("option text is a number", lambda d: d["questions"][1].__setitem__("options", [{"id": "a", "text": 3}, {"id": "b", "text": "x"}])),
    ("negative points", lambda d: d["questions"][0].__setitem__("points", -1)),
    ("bad chapter", lambda d: d.__setitem__("chapters", ["nowhere"])),
]


@pytest.mark.parametrize("name, mutate", SHAPES, ids=[s[0] for s in SHAPES])
def test_both_validators_reject_the_same_broken_shapes(name, mutate):
    data = yaml.safe_load((ROOT / "cases" / "b1-phone-drops.yaml").read_text(encoding="utf-8"))
    mutate(data)
    assert not jsonschema.Draft202012Validator(schema.case_schema()).is_valid(data)
    assert schema.check(data) != []


def test_blank_strings_are_refused_by_both_validators_with_a_plain_message():
    """A title of spaces is empty to a reader: the schema says so in standard terms ("\\S"), so the
    jsonschema package agrees, and our message says it is empty rather than "wrong format"."""
    data = yaml.safe_load((ROOT / "cases" / "b1-phone-drops.yaml").read_text(encoding="utf-8"))
    wrong = []
    for text in ("", "   ", "\n\t"):
        data["title"] = text
        ours = [i.message for i in schema.check(data) if i.path == ("title",)]
        if jsonschema.Draft202012Validator(schema.case_schema()).is_valid(data) or not ours or "不能为空" not in ours[0]:
            wrong.append(f"{text!r}: {ours}")
    assert wrong == []


def test_a_schema_keyword_the_walker_does_not_implement_is_refused_not_ignored():
    assert schema.unsupported_keywords(schema.case_schema()) == []
    extended = {"type": "object", "$defs": {"t": {"type": "string", "maxLength": 3}},
                "properties": {"a": {"$ref": "#/$defs/t"}, "b": {"anyOf": [{"type": "string", "format": "date"}]}}}
    assert schema.unsupported_keywords(extended) == ["#/$defs/t/maxLength", "#/properties/b/anyOf[0]/format"]

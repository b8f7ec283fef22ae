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

"""build_tools.site.payload: the checker bundle and the per-case JSON the browser grader loads,
and the promise that answer keys travel only there — never in a page or the search index.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from build_tools.site import payload
from shipped import shipped_cases
from build_tools.cases.schema import SCHEMA_FILE
from build_tools.cases.markdown import render
from build_tools.site.printing import PRINT_URL
from case_secrets import secrets_of

REPO = Path(__file__).resolve().parents[2]
CASES = shipped_cases()
IDS = [case.id for case in CASES]


# --------------------------------------------------------------------------- checker bundle


def test_bundle_is_byte_for_byte_reproducible_and_named_by_its_hash():
    first, second = payload.bundle_bytes(), payload.bundle_bytes()
    assert first == second
    assert payload.bundle_path() == f"assets/checker/exercises.{hashlib.sha256(first).hexdigest()[:12]}.zip"


def test_bundle_holds_exactly_the_package_sources_sorted_with_fixed_metadata():
    root = payload.exercises_dir()
    expected = sorted(f"exercises/{p.relative_to(root).as_posix()}" for p in root.rglob("*.py")
                      if "__pycache__" not in p.parts)
    with zipfile.ZipFile(io.BytesIO(payload.bundle_bytes())) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == expected
        assert {(i.date_time, i.external_attr >> 16, i.create_system) for i in infos} == {((1980, 1, 1, 0, 0, 0), 0o100644, 3)}
        assert all(archive.read(i) == (root / i.filename.removeprefix("exercises/")).read_bytes() for i in infos)


def test_unpacked_bundle_imports_and_grades_on_its_own(tmp_path):
    zipfile.ZipFile(io.BytesIO(payload.bundle_bytes())).extractall(tmp_path)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import exercises, json; "
        "print(exercises.__file__.startswith(sys.argv[1])); "
        "print(json.loads(exercises.grade_json(json.dumps({'id': 'q', 'type': 'numeric', 'key': 630}), '\"630\"'))['score'])"
    )
    done = subprocess.run([sys.executable, "-I", "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.split() == ["True", "1"], done.stderr


# --------------------------------------------------------------------------- case JSON


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case_json_carries_the_questions_as_graded_minus_samples_and_raw_explanations(case):
    """...and minus a text question's key: its model answer, shown only through reveal (its policy)."""
    data = json.loads(payload.case_json(case))
    assert (data["format"], data["version"], data["id"], data["hash"]) == ("service-course-case", 1, case.id, case.content_hash)
    assert data["questions"] == [
        {k: v for k, v in q.items() if k not in ("samples", "explanation") and not (k == "key" and q["type"] == "text")}
        for q in case.questions
    ]
    assert [line["id"] for line in data["transcript"]] == [line["id"] for line in case.data.get("transcript") or []]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_reveal_has_rendered_explanations_and_model_answers_of_text_questions_only(case):
    reveal = json.loads(payload.case_json(case))["reveal"]
    assert reveal == {
        q["id"]: {
            "after": q.get("reveal_after", 1),
            "explanation_html": render(q["explanation"]) if q.get("explanation") else "",
            "model_answer": q["key"] if q["type"] == "text" else None,
            "model_after": "full_marks",  # the course default (payload.case_json, the plugin)
            "hints": True,  # likewise: hints while the explanation is locked
        }
        for q in case.questions
    }


def test_the_model_answer_policy_decides_what_the_case_json_carries():
    """A case's model_answer wins over the course default; never ships no model answer at all."""
    case = next(c for c in CASES if any(q["type"] == "text" for q in c.questions))
    text = next(q["id"] for q in case.questions if q["type"] == "text")
    rows = [  # (the case's own setting, the course default, model answer shipped?, model_after)
        (None, payload.ModelAnswer.AFTER_FULL_MARKS, True, "full_marks"),
        (None, payload.ModelAnswer.NEVER, False, "attempts"),
        ("after_attempts", payload.ModelAnswer.NEVER, True, "attempts"),
        ("never", payload.ModelAnswer.AFTER_ATTEMPTS, False, "attempts"),
    ]
    wrong = []
    for own, default, shipped, after in rows:
        data = {k: v for k, v in case.data.items() if k != "model_answer"} | ({"model_answer": own} if own else {})
        reveal = json.loads(payload.case_json(replace(case, data=data), default))["reveal"][text]
        if (reveal["model_answer"] is not None, reveal["model_after"]) != (shipped, after):
            wrong.append((own, default.value, reveal["model_answer"] is not None, reveal["model_after"]))
    assert wrong == []


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_root_attributes_point_at_the_files_the_site_gets(case):
    files = payload.client_files(CASES)
    attrs = payload.case_root_attrs(case)
    assert attrs["data-case"] == case.id
    assert attrs["data-case-hash"] == case.content_hash
    assert attrs["data-pyodide"] == "assets/pyodide/"
    assert {attrs["data-case-data"], attrs["data-checker"]} <= set(files)
    assert files[attrs["data-case-data"]] == payload.case_json(case)


def test_one_json_per_case_and_one_bundle():
    files = payload.client_files(CASES)
    assert sorted(files) == sorted([payload.bundle_path()] + [payload.case_json_path(c) for c in CASES])


# --------------------------------------------------------------------------- keys stay out of pages


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_no_key_feedback_or_explanation_is_in_any_page_or_the_search_index(built_site, case):
    """Every page: the case pages, the print edition that holds them all, the guides."""
    paths = built_site.pages()
    assert built_site.root / PRINT_URL / "index.html" in paths  # the print edition is checked too
    published = [p.read_text(encoding="utf-8") for p in paths]
    published.append(json.dumps(json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8")),
                                ensure_ascii=False))
    leaked = sorted(s for s in secrets_of(case) if any(s in text for text in published))
    assert secrets_of(case)  # the check looks for something
    assert leaked == []


FUNCTION_START = re.compile(
    r"^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*(?P<fn>\w+)"             # function name(
    r"|^\s*(?:export\s+)?(?:const|let)\s+(?P<arrow>\w+)\s*=\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*=>\s*\{\s*$"  # name = () => {
    r"|^\s*(?:async\s+)?(?P<method>\w+)\s*\([^)]*\)\s*\{\s*$")                   # method() {
STRINGS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`(?:\\.|[^`\\])*`')
LONGEST_FUNCTION = 60


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """(name, first line, length in lines) of every function, method and block-bodied arrow function,
    nested ones included (a nested function's lines count towards its parent's too)."""
    lines = source.split("\n")
    found = []
    for start, line in enumerate(lines):
        match = FUNCTION_START.match(line)
        if not match or "{" not in line or match.group("method") in ("if", "for", "while", "switch", "catch"):
            continue
        depth, end, opened = 0, start, False
        for end in range(start, len(lines)):
            code = STRINGS.sub('""', lines[end]).split("//")[0]
            depth += code.count("{") - code.count("}")
            opened = opened or "{" in code
            if opened and depth <= 0:
                break
        found.append((match.group("fn") or match.group("arrow") or match.group("method"), start + 1, end - start + 1))
    return found


def test_every_runtime_function_is_at_most_60_lines():
    """Small functions with names that say what they do (the style guide's bound), in every runtime module."""
    root = Path(__file__).resolve().parents[2] / "build_tools" / "site" / "static"
    long = [f"{path.relative_to(root)}:{line} {name}() {length} 行"
            for path in sorted(root.rglob("*.*js")) for name, line, length in function_lengths(path.read_text(encoding="utf-8"))
            if length > LONGEST_FUNCTION]
    assert long == []
    # the scanner itself sees a long function, an arrow function and a method, and strings do not fool it
    sample = ("export async function big(a) {\n" + '  const s = "}}}";\n' * 60 + "}\n"
              "const arrow = (x) => {\n  return x;\n};\nconst api = {\n  setAnswer(answer) {\n    go();\n  },\n};\n")
    assert function_lengths(sample) == [("big", 1, 62), ("arrow", 63, 3), ("setAnswer", 67, 3)]


def test_the_case_file_and_the_build_name_the_same_reveal_policies():
    """model_answer and wrong_feedback: the schema's enums (case files) are the plugin's choices (payload's Enums)."""
    properties = json.loads(SCHEMA_FILE.read_text("utf-8"))["properties"]
    assert properties["model_answer"]["enum"] == [policy.value for policy in payload.ModelAnswer]
    assert properties["wrong_feedback"]["enum"] == [level.value for level in payload.WrongFeedback]

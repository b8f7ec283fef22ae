"""The browser's Pyodide grades exactly like CPython: every key, sample and near-miss of every case.

The pairs come from ``build_tools.cases.proof.proofs`` (what ``cases check`` grades), plus a few
answers of the wrong shape so the ``invalid`` path is compared too, and the assessment site's
keyless questions with the key and those wrong shapes (its shape checks). Each question is the one
the browser really receives (from the shipped per-case JSON). ``run_in_pyodide.mjs`` grades
them in the npm Pyodide the site vendors, under Node, through the browser worker's own glue, on a
grader restored from a heap with an empty standard library (as a student's grader usually is),
and reports the JSON text it sent; CPython grades that same text with
``exercises.grade_json``. The two result strings must be identical, byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import exercises
from build_tools.site import payload, vendor
from shipped import shipped_cases
from build_tools.cases.proof import proofs
from bank_examples import bank_pairs, found

REPO = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("run_in_pyodide.mjs")
CASES = shipped_cases()
BANKS_CASE = "(phrase banks)"
WRONG_SHAPES = [None, "", "   ", 0, [], {}, ["no-such-id"], {"no-such-id": "x"}]


def pairs_of(case) -> list[dict]:
    """(question as shipped, answer) for every proof of the case and every wrong-shape answer."""
    shipped = {q["id"]: q for q in json.loads(payload.case_json(case))["questions"]}
    pairs = [
        {"question_id": p.question["id"], "kind": p.kind, "label": p.label,
         "question": shipped[p.question["id"]], "answer": p.answer}
        for p in proofs(case)
    ]
    for qid, question in shipped.items():
        pairs += [{"question_id": qid, "kind": "shape", "label": repr(a), "question": question, "answer": a}
                  for a in WRONG_SHAPES]
    # the assessment site's keyless questions: its shape checks (the key and every wrong shape)
    keyless = {q["id"]: q for q in json.loads(payload.case_json(case, keyless=True))["questions"]}
    pairs += [{"question_id": p.question["id"], "kind": "keyless", "label": f"keyless {p.label}",
               "question": keyless[p.question["id"]], "answer": answer}
              for p in proofs(case) if p.kind == "key" for answer in [p.answer, *WRONG_SHAPES]]
    return pairs


@pytest.fixture(scope="module")
def pyodide_results(tmp_path_factory) -> dict[str, dict]:
    """Run every case's pairs through Pyodide in one Node process; results by case id."""
    node = shutil.which("node")
    if node is None:
        message = "没有 node：Pyodide 等价性测试需要 Node.js"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    pyodide_dir = vendor.package_files(vendor.PYODIDE)["pyodide.mjs"].parent
    work = tmp_path_factory.mktemp("pyodide")
    bundle = work / "exercises.zip"
    bundle.write_bytes(payload.bundle_bytes())
    everything = [{**pair, "case": case.id} for case in CASES for pair in pairs_of(case)]
    everything += [{"case": BANKS_CASE, "question_id": pair["question"]["id"], "kind": "bank", "label": pair["label"],
                    "question": pair["question"], "answer": pair["answer"], "expect_match": pair["expect_match"]}
                   for pair in bank_pairs()]
    (work / "pairs.json").write_text(json.dumps(everything, ensure_ascii=False), encoding="utf-8")
    subprocess.run(
        [node, str(RUNNER), "--pyodide", str(pyodide_dir), "--bundle", str(bundle),
         "--in", str(work / "pairs.json"), "--out", str(work / "results.json")],
        check=True, timeout=600,
    )
    out = json.loads((work / "results.json").read_text(encoding="utf-8"))
    by_case: dict[str, dict] = {}
    for pair, result in zip(everything, out["results"], strict=True):
        by_case.setdefault(pair["case"], {"pairs": [], "python": out["python"], "stdlib_bytes": out["stdlib_bytes"]})["pairs"].append((pair, result))
    print(f"\nPyodide {out['python'].split()[0]}: ready in {out['ready_ms']} ms, "
          f"{len(everything)} grades in {out['grade_ms']} ms")
    return by_case


def test_pyodide_is_the_python_the_site_ships(pyodide_results):
    versions = {entry["python"].split()[0] for entry in pyodide_results.values()}
    assert versions == {"3.13.2"}


def test_the_pairs_are_graded_on_a_restored_grader_without_a_standard_library(pyodide_results):
    """So every module grading needs is in the heap: a restored start does not download python_stdlib.zip."""
    assert {entry["stdlib_bytes"] for entry in pyodide_results.values()} == {22}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_pyodide_grades_every_pair_exactly_like_cpython(pyodide_results, case):
    checked = pyodide_results[case.id]["pairs"]
    mismatches = [
        (pair["question_id"], pair["kind"], pair["label"])
        for pair, result in checked
        if exercises.grade_json(result["question_json"], result["answer_json"]) != result["result_json"]
    ]
    kinds = {kind for _, kind, _ in ((p["question_id"], p["kind"], p["label"]) for p, _ in checked)}
    assert mismatches == []
    assert kinds >= {"key", "near-miss", "shape", "keyless"}
    assert len(checked) == len(pairs_of(case))


def test_pyodide_holds_the_phrase_banks_to_their_examples(pyodide_results):
    checked = pyodide_results[BANKS_CASE]["pairs"]
    wrong = [(pair["label"], pair["answer"]) for pair, result in checked
             if found(json.loads(result["result_json"])) is not pair["expect_match"]
             or exercises.grade_json(result["question_json"], result["answer_json"]) != result["result_json"]]
    assert wrong == []
    assert len(checked) == len(bank_pairs())

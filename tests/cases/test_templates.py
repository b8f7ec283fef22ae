"""`cases new ID --type TYPE`: the file it writes passes `cases check` as written, for every type."""

from __future__ import annotations

import exercises
from build_tools.cases.cli import main
from build_tools.cases.load import load_case


def test_new_writes_a_case_that_the_check_passes_for_every_type_and_for_all(tmp_path, capsys):
    """Keys, samples and near misses of each example proven by the same `cases check`; the file has
    exactly the question types asked for (no --type: single choice)."""
    choices = [(None, ("single_choice",))] + [(qtype, (qtype,)) for qtype in exercises.QUESTION_TYPES]
    choices.append(("all", exercises.QUESTION_TYPES))
    wrong = []
    for choice, wanted in choices:
        case_id = f"x1-{choice or 'default'}".replace("_", "-")
        folder = tmp_path / case_id
        typed = ["--type", choice] if choice else []
        if main(["new", case_id, "--dir", str(folder), *typed]) != 0:
            wrong.append(f"{choice}: cases new failed: {capsys.readouterr().err}")
            continue
        path = folder / f"{case_id}.yaml"
        status = main(["check", str(path)])
        said = capsys.readouterr()
        if status != 0:
            wrong.append(f"{choice}: cases check exited {status}:\n{said.err}\n{said.out}")
            continue
        types = tuple(question["type"] for question in load_case(path).questions)
        if types != tuple(wanted):
            wrong.append(f"{choice}: question types {types}, wanted {wanted}")
    assert wrong == []


def test_new_refuses_an_unknown_type_and_names_the_types(tmp_path, capsys):
    assert main(["new", "x1-demo", "--type", "essay", "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "「essay」" in err and all(qtype in err for qtype in exercises.QUESTION_TYPES) and "all" in err
    assert not (tmp_path / "x1-demo.yaml").exists()

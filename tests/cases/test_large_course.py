"""A course of many cases loads on two cores and gives exactly what one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.cases import load
from build_tools.devtools.benchmark.generate import generate_cases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def alone(monkeypatch) -> None:
    """As under ``mkdocs build``: this process runs no other thread (earlier tests in this worker
    may have left a server thread, which would rightly keep the loader from forking)."""
    monkeypatch.setattr(load.threading, "active_count", lambda: 1)


@pytest.fixture(scope="module")
def many_cases(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many") / "cases"
    generate_cases(sorted((ROOT / "cases").glob("*.yaml")), load.PARALLEL_FROM + 6, folder)
    return folder


def _serially(monkeypatch, target) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(load, "PARALLEL_FROM", 10**9)
        try:
            return load.load_cases(target)
        except load.CaseErrors as exc:
            return exc.errors


def test_a_helper_process_loads_half_and_the_result_is_the_same(many_cases, monkeypatch) -> None:
    shared = load.load_cases(many_cases)
    by_helper = [case for case in shared if case.source is None]
    assert len(by_helper) >= load.PARALLEL_FROM // 2, "no helper process loaded any case"
    assert shared == _serially(monkeypatch, many_cases)
    serial = {case.id: case for case in _serially(monkeypatch, many_cases)}
    paths = [("questions", 0, "prompt"), ("title",), ("questions", 1, "id")]
    wrong = [(case.id, path) for case in by_helper for path in paths
             if case.line_of(path) != serial[case.id].line_of(path) or not case.line_of(path)]
    assert wrong == []


def test_errors_found_by_the_helper_are_reported_like_the_others(many_cases, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    files = sorted(many_cases.glob("*.yaml"))
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    first, last = folder / files[0].name, folder / files[-1].name  # one in each half
    first.write_text(first.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    last.write_text(last.read_text(encoding="utf-8") + "\nquestions: [\n", encoding="utf-8")
    with pytest.raises(load.CaseErrors) as shared:
        load.load_cases(folder)
    assert shared.value.errors == _serially(monkeypatch, folder)
    assert {error.file.rsplit("/", 1)[-1] for error in shared.value.errors} == {first.name, last.name}


def test_a_case_file_changed_after_loading_gives_no_line_rather_than_a_wrong_one(many_cases, tmp_path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in many_cases.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    case = next(case for case in load.load_cases(folder) if case.source is None)
    assert case.line_of(("title",)) > 0
    case.path.write_text("\n\n" + case.path.read_text(encoding="utf-8"), encoding="utf-8")
    load._reread.cache_clear()
    assert case.line_of(("title",)) == 0


def test_with_another_thread_running_this_process_loads_every_case_itself(many_cases, monkeypatch) -> None:
    monkeypatch.setattr(load.threading, "active_count", lambda: 2)  # e.g. mkdocs serve's web server
    assert all(case.source is not None for case in load.load_cases(many_cases))

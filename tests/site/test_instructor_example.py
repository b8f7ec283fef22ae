"""The annotated example in the instructor guide is a real, valid case that passes `cases check`.

The guide promises that its example cannot go stale: this test takes the YAML block out
of docs/guide/instructor.md and runs it through the same loader and proofs as CI.
"""

from __future__ import annotations

import re
from pathlib import Path

import exercises
from build_tools.cases.load import load_cases
from build_tools.cases.proof import check_cases

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide" / "instructor.md"


def example_yaml() -> tuple[str, str]:
    """(case id, YAML text) of the guide's complete example."""
    blocks = re.findall(r"^```yaml\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.S | re.M)
    complete = [block for block in blocks if re.search(r"^questions:", block, re.M)]
    assert len(complete) == 1, "教师指南里应恰好有一个完整示例"
    case_id = re.search(r"^id: ([a-z0-9-]+)", complete[0], re.M).group(1)
    return case_id, complete[0]


def test_the_example_passes_cases_check(tmp_path: Path) -> None:
    case_id, text = example_yaml()
    (tmp_path / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    cases = load_cases(tmp_path)
    report = check_cases(cases)
    assert [str(f) for f in report.failures] == []
    assert report.counts["key"] == [len(cases[0].questions)] * 2


def test_the_example_covers_every_question_type(tmp_path: Path) -> None:
    case_id, text = example_yaml()
    (tmp_path / f"{case_id}.yaml").write_text(text, encoding="utf-8")
    (case,) = load_cases(tmp_path)
    assert sorted({q["type"] for q in case.questions}) == sorted(exercises.QUESTION_TYPES)

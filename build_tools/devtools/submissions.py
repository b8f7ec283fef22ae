"""A class of made-up students' answers files, for testing and timing ``cases grade --report``.

Each student has a skill (the chance of answering a question with its key) and answers every
question of the chosen cases the way a real class does: the key, one of the instructors'
human-marked samples, one of the type's own near-misses (:func:`exercises.near_misses`), a random
perturbation of the key (:func:`exercises.random_answer`), or nothing. The files are written as
the site writes them (:mod:`build_tools.cases.submission`): current case hashes, a student name and
number, per-question answer times; practice files also carry the results the browser would have
stored (graded by the same ``exercises.grade``), so that a clean class raises no flag.

The random generator has a fixed seed: the same arguments give the same files.

>>> from build_tools.cases.load import load_cases
>>> files = make_class(load_cases(Path("cases")), students=120)        # doctest: +SKIP
>>> paths = write_class(files, Path("/tmp/class"))                      # doctest: +SKIP

From the command line (e.g. to try ``cases grade --report`` on a class of three cases)::

    python -m build_tools.devtools.submissions /tmp/class --students 120 --case b1-phone-drops --case b2-call-wait
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import exercises

from build_tools.cases import submission
from build_tools.cases.load import Case, load_cases

__all__ = ["ClassFile", "SITE", "main", "make_class", "write_class"]

SITE = "https://course.example.edu/service-marketing-exam/"
"""The site the made-up files say they come from (one site: a clean batch flags no other site)."""

SEED = 20250301
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ("伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "晓东",
         "雨桐", "子涵", "浩然")
START = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class ClassFile:
    """One made-up student's answers file: its name and its JSON-ready content."""

    name: str
    data: dict[str, Any]


def make_class(cases: Iterable[Case], students: int = 120, *, mode: str = "assessment",
               seed: int = SEED) -> list[ClassFile]:
    """`students` answers files over every case given (named ``<student number>.json``).

    ``mode="practice"`` adds the results the student's browser stores; ``assessment`` files hold
    none (an assessment build has no keys to grade with).
    """
    if mode not in submission.MODES:
        raise ValueError(f"mode must be one of {submission.MODES}")
    rng = random.Random(seed)
    cases = list(cases)
    pools = {id(q): _pools(q) for case in cases for q in case.questions}
    files = []
    for index in range(students):
        number = f"2024{index + 1:04d}"
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        skill = rng.uniform(0.25, 0.95)
        began = START + timedelta(minutes=rng.randrange(0, 600))
        entries = {case.id: _case_entry(case, pools, skill, began, mode, rng) for case in cases}
        data = {"format": submission.FORMAT, "version": submission.VERSION, "site": SITE,
                "exportedAt": _iso(began + timedelta(hours=2)), "mode": mode,
                "student": {"name": name, "number": number}, "cases": entries}
        files.append(ClassFile(f"{number}.json", data))
    return files


def write_class(files: Sequence[ClassFile], folder: Path) -> list[Path]:
    """Write the files into `folder` (created if needed), as the site's export writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in files:
        path = folder / item.name
        path.write_text(json.dumps(item.data, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    return paths


def _pools(question: dict[str, Any]) -> dict[str, list[Any]]:
    """The fixed answers a student may give besides the key: samples and near-misses."""
    return {"sample": [s["answer"] for s in question.get("samples") or [] if "answer" in s],
            "near-miss": [answer for _, answer in exercises.near_misses(question)]}


def _case_entry(case: Case, pools: dict[int, dict[str, list[Any]]], skill: float, began: datetime, mode: str,
                rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    times: dict[str, str] = {}
    for offset, question in enumerate(case.questions):
        answer = _answer(question, pools[id(question)], skill, rng)
        if answer is not None:
            answers[question["id"]] = answer
            times[question["id"]] = _iso(began + timedelta(minutes=3 * offset + rng.randrange(3)))
    entry: dict[str, Any] = {"caseHash": case.content_hash, "answers": answers, "answeredAt": times,
                             "savedAt": max(times.values(), default=_iso(began))}
    if mode == "practice":
        questions = {q["id"]: q for q in case.questions}
        entry["attempts"] = {qid: 1 for qid in answers}
        entry["results"] = {qid: {**exercises.grade(questions[qid], answer), "answer": answer}
                            for qid, answer in answers.items()}
    return entry


def _answer(question: dict[str, Any], pool: dict[str, list[Any]], skill: float, rng: random.Random) -> Any:
    """One student's answer: the key with chance `skill`, else a sample, a near-miss or a perturbed key;
    None (not answered) one time in thirty. A perturbed key of a shape the grader refuses (a marked line
    without a tag...) is drawn again, up to ten times: the site points such answers out before a
    student hands them in, so a real class has few."""
    roll = rng.random()
    if roll < 1 / 30:
        return None
    if roll < skill:
        return exercises.key_answer(question)
    source = rng.choice(("sample", "near-miss", "perturbed"))
    if source != "perturbed" and pool[source]:
        return rng.choice(pool[source])
    for _ in range(10):
        answer = exercises.random_answer(question, rng)
        if exercises.grade(question, answer)["status"] == "graded":
            break
    return answer


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.devtools.submissions",
                                     description="生成一个班的模拟答案文件（用于试用和测试 cases grade --report）。")
    parser.add_argument("folder", type=Path, help="写入答案文件的文件夹")
    parser.add_argument("--students", type=int, default=120)
    parser.add_argument("--cases", type=Path, default=Path("cases"), help="案例文件夹（默认 cases/）")
    parser.add_argument("--case", action="append", default=[], metavar="ID", help="只用这个案例（可以写多次；默认全部）")
    parser.add_argument("--mode", choices=submission.MODES, default="assessment")
    args = parser.parse_args(argv)
    cases = [case for case in load_cases(args.cases) if not args.case or case.id in args.case]
    missing = sorted(set(args.case) - {case.id for case in cases})
    if missing:
        print(f"没有这些案例：{', '.join(missing)}", file=sys.stderr)
        return 2
    paths = write_class(make_class(cases, args.students, mode=args.mode), args.folder)
    print(f"已写出 {len(paths)} 份答案文件（{len(cases)} 个案例）：{args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

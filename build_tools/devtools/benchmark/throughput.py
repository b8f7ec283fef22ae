"""Batch-grading throughput of ``exercises.grade`` in CPython (what ``cases grade`` and CI run).

``python -m build_tools.devtools.benchmark.throughput`` measures in a fresh interpreter and prints the
figures as JSON: ``bench`` runs it that way, after its browser and build sections, so that the
figure is what ``cases grade`` gets in a process of its own and not what is left of a process
that has built sites and driven browsers for minutes (measured: every type about 10 % slower
there, with nothing else running).

Why a mixed sample and not just the keys: a grader is often fastest on a perfect answer
(everything matches at once) and slowest on a messy one. The 10,000 answers are drawn
evenly across the seven question types and, within each type, in turn from the four
kinds of answer a real batch holds: the key, the instructors' human-marked samples, the
type's own near-misses (:func:`exercises.near_misses`) and random perturbations of the
key (:func:`exercises.random_answer`). The random generator has a fixed seed, so every run grades the same answers.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import exercises

__all__ = ["Answer", "Throughput", "SOURCES", "draw_answers", "measure", "measure_cases", "main"]

SOURCES = ("key", "sample", "near-miss", "perturbed")
"""The kinds of answer, taken in turn for each question type."""
DEFAULT_TOTAL = 10_000
DEFAULT_SEED = 20240605


@dataclass(frozen=True)
class Answer:
    """One answer to grade, and where it came from."""

    qtype: str
    source: str
    question: dict[str, Any]
    answer: Any


@dataclass(frozen=True)
class Throughput:
    """Answers per second: the median over repetitions, overall and per question type."""

    answers: int
    repetitions: int
    per_second: float
    per_second_runs: tuple[float, ...]
    by_type: dict[str, float]
    """Question type -> median answers per second on that type's share of the answers."""
    by_source: dict[str, int]
    """How many answers of each source were graded (per repetition)."""


def draw_answers(questions: Iterable[dict[str, Any]], total: int = DEFAULT_TOTAL, seed: int = DEFAULT_SEED) -> list[Answer]:
    """Exactly `total` answers, spread evenly over every question type present, sources in turn.

    `questions` are question dicts as the grader receives them (from loaded cases), with
    their ``samples`` still attached.
    """
    rng = random.Random(seed)
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for question in questions:
        by_type[question["type"]].append(question)
    types = [t for t in exercises.QUESTION_TYPES if by_type[t]]
    if not types:
        raise ValueError("没有题目可以用来测判分吞吐量。")
    pools = {id(q): _fixed_answers(q) for qs in by_type.values() for q in qs}
    drawn: list[Answer] = []
    for position, qtype in enumerate(types):
        share = total // len(types) + (1 if position < total % len(types) else 0)
        for turn in range(share):
            question = by_type[qtype][turn % len(by_type[qtype])]
            source = SOURCES[(turn // len(by_type[qtype])) % len(SOURCES)]
            fixed = pools[id(question)].get(source)
            if source == "perturbed" or not fixed:
                source, answer = "perturbed", exercises.random_answer(question, rng)
            else:
                answer = rng.choice(fixed)
            drawn.append(Answer(qtype, source, question, answer))
    rng.shuffle(drawn)
    return drawn


def measure(answers: list[Answer], repetitions: int = 5, clock: Callable[[], float] = time.perf_counter) -> Throughput:
    """Grade every answer `repetitions` times; medians of answers per second, overall and per type.

    Each grade is also timed on its own, so the per-type figures come from the same pass
    as the overall one (a second pass per type would double the run time for nothing).
    """
    if repetitions < 1 or not answers:
        raise ValueError("至少要判分一次，且至少要有一个答案。")
    counts = Counter(item.qtype for item in answers)
    overall: list[float] = []
    per_type: dict[str, list[float]] = defaultdict(list)
    grade = exercises.grade
    for _ in range(repetitions):
        spent: dict[str, float] = defaultdict(float)
        started = clock()
        for item in answers:
            before = clock()
            grade(item.question, item.answer)
            spent[item.qtype] += clock() - before
        overall.append(len(answers) / (clock() - started))
        for qtype, count in counts.items():
            per_type[qtype].append(count / spent[qtype])
    return Throughput(
        answers=len(answers),
        repetitions=repetitions,
        per_second=statistics.median(overall),
        per_second_runs=tuple(overall),
        by_type={t: statistics.median(per_type[t]) for t in exercises.QUESTION_TYPES if t in per_type},
        by_source=dict(Counter(item.source for item in answers)),
    )


# --------------------------------------------------------------------------- answers


def _fixed_answers(question: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        "key": [exercises.key_answer(question)],
        "sample": [s["answer"] for s in question.get("samples") or [] if "answer" in s],
        "near-miss": [answer for _, answer in exercises.near_misses(question)],
    }


# --------------------------------------------------------------------------- fresh interpreter


def measure_cases(cases_dir: Path, total: int = DEFAULT_TOTAL, repetitions: int = 5) -> Throughput:
    """Throughput on `total` answers drawn from the questions of every case in `cases_dir`."""
    from build_tools.cases.load import load_cases

    questions = [q for case in load_cases(cases_dir) for q in case.questions]
    return measure(draw_answers(questions, total), repetitions)


def from_json(data: dict[str, Any]) -> Throughput:
    """The Throughput that :func:`main` printed."""
    return Throughput(**{**data, "per_second_runs": tuple(data["per_second_runs"])})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.devtools.benchmark.throughput",
                                     description="在一个新的解释器里测批量判分吞吐量，以 JSON 输出。")
    parser.add_argument("cases", type=Path, help="案例目录")
    parser.add_argument("--answers", type=int, default=DEFAULT_TOTAL)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    json.dump(asdict(measure_cases(args.cases, args.answers, args.runs)), sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())

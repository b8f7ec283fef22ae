"""Facts a review found wrong, pinned in their corrected form (issue 17: a teacher must be able to trust them).

Each row names the file, what its text must now say and what it must no longer say. Text is compared
with line breaks and spaces removed (case files wrap long lines inside YAML block scalars).
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

FACTS = [
    # The fourth failure type, problem customers, is Bitner, Booms & Mohr (1994), not the 1990 study.
    *[(f"cases/{case}.yaml", ["Tetreault（1990）", "Mohr（1994）"], [])
      for case in ("b5-bank-parking", "b6-hotel-stamp", "b8-late-passenger", "b9-supermarket-weather", "b16-ketchup-and-shrink")],
    ("docs/chapters/recovery.md", ["Mohr（1994）"], []),
    # The 1-10-100 rule: Labovitz & Chang, usually dated 1992, originally a ratio of quality costs.
    ("docs/chapters/recovery.md", ["Labovitz和Chang", "1992", "质量成本"], ["Chang（1990）", "Chang1990"]),
    # Critical incidents (a research method) are not moments of truth.
    ("docs/chapters/recovery.md", ["关键事件是被顾客记住、并讲给研究者听的少数真实瞬间，而不是真实瞬间的另一个名字", "Flanagan"], []),
    # Dwyer, Schurr & Oh (1987): five phases; the four-stage version is a textbook simplification.
    ("docs/chapters/quality.md", ["知晓、探索、扩展、承诺和解体五个阶段", "并不是Dwyer、Schurr和Oh的原始模型"], []),
    # Unsourced figures carry the unverified label.
    ("docs/chapters/encounters.md", ["约有74个接触环节。这一数字尚未核实"], []),
    ("cases/b4-disneyland-ctrip.yaml", ["9间商店、8间餐厅（未经核实）"], []),
    # b4's trigger: undated discount tickets valid 180 days from 3 January 2006, entry not guaranteed.
    ("cases/b4-disneyland-ctrip.yaml", ["2006年1月3日起", "180天内", "不保证持票人在某一天一定能进园"], []),
]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_each_corrected_fact_reads_as_corrected():
    wrong = []
    for path, present, absent in FACTS:
        text = flat((REPO / path).read_text(encoding="utf-8"))
        wrong += [f"{path}: should say 「{phrase}」" for phrase in present if flat(phrase) not in text]
        wrong += [f"{path}: still says 「{phrase}」" for phrase in absent if flat(phrase) in text]
    assert wrong == []

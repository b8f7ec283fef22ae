"""The course prose in docs/ and cases/ is our own writing, not copied from the scraped seed material.

The seeds (``../shared/seeds/`` next to the repository) are web scrapes the course was
researched from. A run of 20 or more Chinese characters shared with them is treated as
copying. Both sides are compared after the same normalisation: whitespace removed (the
scrapes insert stray spaces and line breaks mid-sentence), traditional characters folded
to simplified (one seed is in traditional script), and only Han characters kept in a
run (punctuation ends it).

The seeds are not part of the repository. Without them this test is skipped on a laptop
and FAILS in CI (``CI=true``): a green CI run must have made the comparison.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
DOCS = REPO / "docs"
RUN = 20

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SPACE = re.compile(r"\s+")


def han_runs(text: str) -> list[str]:
    """Maximal runs of Han characters after whitespace is removed."""
    return _HAN.findall(_SPACE.sub("", text))


def windows(text: str, size: int = RUN) -> set[str]:
    """Every run of `size` consecutive Han characters in `text`."""
    return {run[i : i + size] for run in han_runs(text) for i in range(len(run) - size + 1)}


def shared_runs(ours: str, theirs: set[str], size: int = RUN) -> list[str]:
    """The maximal stretches of `ours` (≥ `size` Han characters) whose every window is in `theirs`."""
    found = []
    for run in han_runs(ours):
        i = 0
        while i + size <= len(run):
            if run[i : i + size] in theirs:
                end = i + size
                while end < len(run) and run[end - size + 1 : end + 1] in theirs:
                    end += 1
                found.append(run[i:end])
                i = end
            else:
                i += 1
    return found


def _to_simplified(text: str) -> str:
    try:
        import opencc  # opencc-python-reimplemented, a test dependency
    except ImportError:  # pragma: no cover - the comparison still works for simplified seeds
        return text
    return opencc.OpenCC("t2s").convert(text)


@lru_cache(maxsize=1)
def seed_windows() -> frozenset[str]:
    texts = [_to_simplified(path.read_text(encoding="utf-8", errors="replace")) for path in sorted(SEEDS.glob("*.txt"))]
    return frozenset(w for text in texts for w in windows(text))


# --------------------------------------------------------------------------- the detector itself

SEED = "服务补救是企业在出现服务失误之后所采取的一系列行动，目的是挽回顾客。"
DETECTOR_CASES = [
    ("verbatim copy", "前言。服务补救是企业在出现服务失误之后所采取的一系列行动，后记。", ["服务补救是企业在出现服务失误之后所采取的一系列行动"]),
    ("copy with stray spaces", "服务补救是企业在出现 服务失误之后所采取的\n一系列行动", ["服务补救是企业在出现服务失误之后所采取的一系列行动"]),
    ("19 shared, then a different character", "服务补救是企业在出现服务失误之后所采取了", []),
    ("exactly 20 shared", "服务补救是企业在出现服务失误之后所采取的", ["服务补救是企业在出现服务失误之后所采取的"]),
    ("paraphrase", "企业出了服务失误以后，为挽回顾客而做的一连串努力，就叫服务补救。", []),
    ("punctuation breaks a run", "服务补救是企业在出现，服务失误之后所采取的一系列行动", []),
]


@pytest.mark.parametrize(("name", "ours", "expected"), DETECTOR_CASES, ids=[c[0] for c in DETECTOR_CASES])
def test_detector(name: str, ours: str, expected: list[str]) -> None:
    assert shared_runs(ours, windows(SEED)) == expected


def test_traditional_seed_text_is_folded_to_simplified() -> None:
    folded = _to_simplified("服務補救是企業在出現服務失誤之後所採取的一系列行動")
    assert shared_runs("服务补救是企业在出现服务失误之后所采取的一系列行动", windows(folded)) != []


# --------------------------------------------------------------------------- docs/ and cases/ against the seeds

CASES = REPO / "cases"
DOC_FILES = sorted(p for p in DOCS.rglob("*") if p.suffix in (".md", ".txt", ".yml", ".yaml") and p.is_file())
CASE_FILES = sorted(CASES.glob("*.yaml"))
"""Case files are prose too (narrative, prompts, feedback): the same rule applies to them. The lines a
case analyses may quote what was said, but never 20 characters in a row."""
PROSE_FILES = DOC_FILES + CASE_FILES


@pytest.mark.parametrize("path", PROSE_FILES, ids=[str(p.relative_to(REPO)) for p in PROSE_FILES])
def test_prose_shares_no_20_character_run_with_the_seeds(path: Path) -> None:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        reason = f"找不到种子资料 {SEEDS}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}（CI=true 时必须比对）", pytrace=False)
        pytest.skip(reason)
    assert shared_runs(path.read_text(encoding="utf-8"), seed_windows()) == []


def test_there_is_prose_to_check() -> None:
    chapters = [p.name for p in DOC_FILES if p.parent.name == "chapters"]
    assert sorted(chapters) == ["communication.md", "complaints.md", "encounters.md", "quality.md", "recovery.md"]
    assert len(CASE_FILES) >= 3

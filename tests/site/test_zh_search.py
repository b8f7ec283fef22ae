"""build_tools.site.search: the segmenter patch changes exactly one `<`, or nothing and says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.site import search

LOOP = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"


@pytest.mark.parametrize(
    ("source", "expected", "found"),
    [
        (LOOP, LOOP.replace("o<t.length", "o<=t.length"), 1),
        ("for(let j=i+1;j<q.length;j++)q.slice(i,j)in d", "for(let j=i+1;j<=q.length;j++)q.slice(i,j)in d", 1),
        ("for(let $a=b+1;$a<c.length;$a++)c.slice(b,$a)in x", "for(let $a=b+1;$a<=c.length;$a++)c.slice(b,$a)in x", 1),
        ("var x=1;", "var x=1;", 0),
        (LOOP + ";" + LOOP, LOOP + ";" + LOOP, 2),
        ("for(let o=s+1;o<t.length;o++)u.slice(s,o)in e", "for(let o=s+1;o<t.length;o++)u.slice(s,o)in e", 0),
    ],
    ids=["material-9.8.1", "other-names", "dollar-names", "absent", "twice", "different-string"],
)
def test_patch_segmenter(source: str, expected: str, found: int) -> None:
    assert search.patch_segmenter(source) == (expected, found)


def _site_with_worker(root: Path, code: str) -> Path:
    worker = root / "assets/javascripts/workers/search.abc123.min.js"
    worker.parent.mkdir(parents=True)
    worker.write_text(code, encoding="utf-8")
    return worker


def test_patch_search_worker_patches_once_and_is_idempotent(tmp_path: Path) -> None:
    worker = _site_with_worker(tmp_path, "x;" + LOOP + ";y")
    search.patch_search_worker(tmp_path)
    search.patch_search_worker(tmp_path)  # a dirty rebuild keeps the patched file
    assert worker.read_text(encoding="utf-8") == "x;" + LOOP.replace("o<t.length", "o<=t.length") + ";y"


def test_unknown_worker_code_is_reported_not_guessed(tmp_path: Path) -> None:
    worker = _site_with_worker(tmp_path, "var changed=1;")
    with pytest.raises(search.SegmenterPatch, match="出现 0 次"):
        search.patch_search_worker(tmp_path)
    assert worker.read_text(encoding="utf-8") == "var changed=1;"


def test_missing_worker_is_reported(tmp_path: Path) -> None:
    with pytest.raises(search.SegmenterPatch, match="找到 0 个"):
        search.patch_search_worker(tmp_path)


def test_terms_file_lists_the_course_terms() -> None:
    terms = search.read_terms()
    assert {"服务补救", "服务失误", "关键时刻", "真实瞬间", "三元组合", "服务利润链", "差距模型", "服务质量",
            "有形性", "可靠性", "响应性", "保证性", "移情性", "互动公平", "分配公平", "程序公平"} <= set(terms)
    assert len(terms) == len(set(terms))


def test_terms_change_how_the_search_segmenter_cuts() -> None:
    from material.plugins.search import plugin as material_search

    assert search.load_terms() == "rjieba"
    assert isinstance(material_search.jieba, search.FastJieba)
    cut = material_search.jieba.cut("顾客看重移情性与互动公平".encode("utf-8"))  # as Material calls it
    assert "/".join(cut) == "顾客/看重/移情性/与/互动公平"


def test_rjieba_cuts_the_course_exactly_as_jieba_does() -> None:
    """rjieba stands in for jieba only because it gives the same words: checked on every distinct
    run of Chinese in the chapters and case files, with the course's terms taught to both.
    They differ on 1 of ~30,000 (请问常在哪一带断: rjieba's model keeps the unknown 常在 whole)."""
    import jieba
    import rjieba

    terms = search.read_terms()
    search.teach_jieba(terms)
    assert search.use_fast_segmenter(terms)
    root = Path(__file__).resolve().parents[2]
    text = "".join(path.read_text(encoding="utf-8") for folder in ("docs", "cases")
                   for path in sorted((root / folder).rglob("*")) if path.suffix in (".md", ".yaml"))
    runs = sorted(set(re.findall(r"[\u4e00-\u9fff]+", text)))
    assert len(runs) > 5000
    differ = [(run, "/".join(jieba.cut(run)), "/".join(rjieba.cut(run))) for run in runs
              if list(jieba.cut(run)) != rjieba.cut(run)]
    assert len(differ) <= len(runs) // 10_000, f"{len(differ)} of {len(runs)} runs cut differently: {differ[:5]}"


def test_without_rjieba_material_keeps_jieba(monkeypatch) -> None:
    import sys

    from material.plugins.search import plugin as material_search

    monkeypatch.setattr(material_search, "jieba", material_search.jieba)  # restored afterwards
    monkeypatch.setitem(sys.modules, "rjieba", None)  # import rjieba now raises ImportError
    before = material_search.jieba
    assert search.use_fast_segmenter(["服务补救"]) is False
    assert material_search.jieba is before

"""Chinese search for MkDocs Material: domain terms for jieba, and a fix for Material's query segmenter.

Material segments Chinese page text with jieba at build time (joining words with a
zero-width space, which the ``zh`` search separator splits on). Two things make the
result good enough for a course:

* **Domain terms.** jieba does not know 「服务补救」「差距模型」「移情性」…; without them it
  cuts 「服务/补救」, and a search for 服务补救 ranks every page that says 服务 first.
  :func:`load_terms` adds ``build_tools/site/zh_terms.txt`` (one term per line) to jieba. The
  plugin does this itself, with an absolute path, so the build does not depend on the
  directory it is started from (Material's own ``jieba_dict_user`` is CWD-relative).
* **Material's segmenter bug.** In the browser, Material splits a Chinese query into words
  found in the index, in a loop ``for (let j = i + 1; j < query.length; j++)`` that never
  tries the query's last character, so the last word of a query is dropped (服务补救 →
  服务*). :func:`patch_segmenter` changes that one ``<`` into ``<=`` in the built search
  worker; if Material's minified code changes, the pattern is not found exactly once and
  the build says so instead of guessing.
* **Speed.** Segmenting is most of the search plugin's time (3.5 s of a 500-case build).
  :func:`use_fast_segmenter` lets Material call rjieba, the same dictionary and algorithm
  compiled from Rust: the same words (all 199k runs of a 500-case site; all but one of the
  ~30,000 distinct runs of the course, where its model keeps an unknown 常在 whole — a test
  keeps count), about seven times faster. Without rjieba, or if
  Material stops looking jieba up as a module global, jieba stays and the build says so.

>>> patch_segmenter("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)")
('for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)', 1)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ["TERMS_FILE", "load_terms", "read_terms", "teach_jieba", "use_fast_segmenter", "FastJieba", "patch_segmenter", "patch_search_worker", "SegmenterPatch"]

TERMS_FILE = Path(__file__).with_name("zh_terms.txt")
"""The course's domain terms for jieba, one per line (``#`` starts a comment)."""

WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"
"""Where Material puts its search worker in the built site."""

# for(let o=s+1;o<t.length;o++)t.slice(s,o)in   (names are minifier-chosen, so captured)
_SEGMENTER_LOOP = re.compile(
    r"for\(let (?P<j>[\w$]+)=(?P<i>[\w$]+)\+1;(?P=j)<(?P<q>[\w$]+)\.length;(?P=j)\+\+\)"
    r"(?P=q)\.slice\((?P=i),(?P=j)\)in "
)
_PATCHED_LOOP = re.compile(_SEGMENTER_LOOP.pattern.replace("(?P=j)<(?P<q>", "(?P=j)<=(?P<q>"))


class SegmenterPatch(Exception):
    """The search worker could not be patched; the message says what was found."""


def read_terms(path: Path = TERMS_FILE) -> list[str]:
    """The terms listed in `path` (blank lines and ``#`` comments skipped)."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            terms.append(term)
    return terms


def load_terms(path: Path = TERMS_FILE) -> str:
    """Teach the segmenter Material's search will call the terms in `path`; returns its name.

    rjieba when it can stand in for jieba (:func:`use_fast_segmenter`), else jieba itself,
    whose dictionary is then loaded (half a second that rjieba does not need).
    Raises ImportError when neither is installed.
    """
    terms = read_terms(path)
    if use_fast_segmenter(terms):
        return "rjieba"
    teach_jieba(terms)
    return "jieba"


def teach_jieba(terms: list[str]) -> None:
    """Add `terms` to jieba's dictionary. Raises ImportError without jieba."""
    import jieba  # imported here: only the build needs it

    jieba.setLogLevel(60)  # its "Building prefix dict…" chatter is not a build message
    for term in terms:
        jieba.add_word(term)


class FastJieba:
    """The one call Material's search makes to jieba (``jieba.cut(utf8_bytes)``), answered by rjieba."""

    def __init__(self, rjieba: Any) -> None:
        self.rjieba = rjieba

    def cut(self, sentence: str | bytes, cut_all: bool = False, HMM: bool = True) -> list[str]:  # noqa: N803 (jieba's name)
        if cut_all:
            raise ValueError("FastJieba only does jieba's default (accurate) mode")
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence
        return self.rjieba.cut(text, HMM)


def use_fast_segmenter(terms: list[str]) -> bool:
    """Make Material's search segment with rjieba, taught `terms`; False when it keeps jieba.

    Material imports jieba once as a module global of its search plugin and calls
    ``jieba.cut`` per run of Chinese text; that global is what is swapped (again on every
    ``serve`` rebuild, harmlessly).
    """
    try:
        import rjieba
        from material.plugins.search import plugin as material_search
    except ImportError:
        return False
    if getattr(material_search, "jieba", None) is None:
        return False
    for term in terms:
        rjieba.add_word(term, None, None)
    material_search.jieba = FastJieba(rjieba)
    return True


def patch_segmenter(source: str) -> tuple[str, int]:
    """Fix the off-by-one in Material's query segmenter; returns (code, matches found).

    The code is changed only when the loop is found exactly once.
    """
    matches = list(_SEGMENTER_LOOP.finditer(source))
    if len(matches) != 1:
        return source, len(matches)
    match = matches[0]
    j, q = match.group("j"), match.group("q")
    old = f"{j}<{q}.length"
    fixed = match.group(0).replace(old, f"{j}<={q}.length", 1)
    return source[: match.start()] + fixed + source[match.end() :], 1


def patch_search_worker(site_dir: Path) -> Path:
    """Patch the search worker of a built site in place; returns the file patched.

    Raises :class:`SegmenterPatch` when there is not exactly one worker, or the loop is
    not found exactly once (a Material upgrade changed the code: check the fix is still
    needed, then update the pattern).
    """
    workers = sorted(site_dir.glob(WORKER_GLOB))
    if len(workers) != 1:
        raise SegmenterPatch(f"在 {site_dir} 中找到 {len(workers)} 个 Material 搜索 worker（{WORKER_GLOB}），应为 1 个。")
    worker = workers[0]
    source = worker.read_text(encoding="utf-8")
    if len(_PATCHED_LOOP.findall(source)) == 1 and not _SEGMENTER_LOOP.search(source):
        return worker  # already patched (an incremental rebuild kept the file)
    patched, found = patch_segmenter(source)
    if found != 1:
        raise SegmenterPatch(
            f"{worker.name} 中的中文分词循环出现 {found} 次（应为 1 次），未修补：Material 的代码可能已更新，"
            "请确认中文搜索是否仍会丢掉查询的最后一个词，再更新 build_tools/site/search.py 的匹配模式。"
        )
    worker.write_text(patched, encoding="utf-8")
    return worker

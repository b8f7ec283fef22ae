"""The assessment build: the same course with no answer key anywhere and no instructor page.

What changes in an assessment build (``course_cases: assessment: true`` in mkdocs.yml, or the
environment variable :data:`ASSESSMENT_ENV` — which wins — for ``mkdocs build``/``serve`` and
``python3 -m build_tools.dev serve --assessment``):

* every case JSON carries its questions as :func:`exercises.keyless_question` makes them (no
  key, correct flag, credit, feedback, rubric), no explanation and no model answer
  (:func:`build_tools.site.payload.case_json`); the browser checks only each answer's shape
  and shows 「已保存」, and the student hands in a file that ``cases grade`` scores;
* the instructor's pages (:data:`INSTRUCTOR_PAGES`, by default the instructor guide, the
  teaching notes and the source notes, which discuss the answers, and the images they show)
  are left out of the site, its navigation, search and sitemap; links to them become plain
  text (:func:`unlink`);
* the runtime learns the mode from the generated ``contract.mjs`` (``SITE_MODE``), which also
  keeps its saved answers apart from a practice site's on the same address.

Nothing here imports MkDocs: the plugin calls these plain functions.

>>> enabled(False, {"SERVICE_COURSE_ASSESSMENT": "1"})
True
>>> is_instructor_page("guide/teaching/b1-phone-drops.md", INSTRUCTOR_PAGES)
True
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["ASSESSMENT_ENV", "INSTRUCTOR_PAGES", "NOTICE", "NOTICE_PAGES", "enabled", "is_instructor_page",
           "prune_nav", "site_texts", "unlink", "with_notice"]

ASSESSMENT_ENV = "SERVICE_COURSE_ASSESSMENT"
"""``1`` builds the assessment site, ``0`` the practice site, whatever mkdocs.yml says."""

INSTRUCTOR_PAGES: tuple[str, ...] = ("guide/instructor.md", "guide/teaching/*", "guide/sources/*", "guide/class-report.png")
"""Files (glob patterns relative to docs/) only instructors read, pages and the images they show (the class
report's screenshot marks the right options): left out of an assessment build."""

NOTICE_PAGES: tuple[str, ...] = ("index.md", "guide/student.md")
"""Pages that tell a student, at the top, what the assessment site does differently."""

NOTICE = """\
!!! info "这是测验版网站"
    本网站用于测验：作答后**不显示得分、解析和参考答案**，只检查答案的格式（例如字数、数字）并显示「已保存」。
    答案保存在你自己的浏览器里；做完后，在案例页上点「**提交作业**」，填写姓名和学号，把下载的答案文件交给老师。
"""

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def enabled(configured: bool, environ: Mapping[str, str]) -> bool:
    """Whether this build is an assessment build: :data:`ASSESSMENT_ENV` when set, else `configured`.

    Raises ValueError, with the fix in Chinese, for a value that is neither yes nor no.
    """
    raw = environ.get(ASSESSMENT_ENV)
    if raw is None:
        return configured
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"环境变量 {ASSESSMENT_ENV}={raw!r} 看不懂：写 1 构建测验版（不含答案），写 0 构建练习版，"
                     "或者删掉它，按 mkdocs.yml 里 course_cases 的 assessment 选项构建。")


def site_texts(name: str) -> tuple[str, str]:
    """The site name and description of an assessment build: its header and search snippets say what it is
    (the practice site's description promises instant scores)."""
    return (f"{name}（测验版）",
            f"{name}的测验版：在浏览器里作答，只检查答案格式并显示「已保存」，不显示得分和解析；做完后提交答案文件给老师。")


def is_instructor_page(src_uri: str, patterns: Iterable[str]) -> bool:
    """Whether a page (its path relative to docs/, with /) matches one of `patterns`."""
    return any(fnmatch.fnmatchcase(src_uri, pattern) for pattern in patterns)


def prune_nav(nav: list[Any], hidden: set[str]) -> list[Any]:
    """The nav (mkdocs.yml's shape) without entries for pages in `hidden`, and without sections left empty."""
    kept: list[Any] = []
    for item in nav:
        title, target = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (None, item)
        if isinstance(target, list):
            children = prune_nav(target, hidden)
            if children:
                kept.append({title: children} if title is not None else children)
        elif not (isinstance(target, str) and target in hidden):
            kept.append(item)
    return kept


_LINK = re.compile(r'<a\b[^>]*?\bhref="(?P<href>[^"#?]*)(?:[#?][^"]*)?"[^>]*>(?P<inner>.*?)</a>', re.S)


def unlink(html: str, page_url: str, hidden_urls: set[str]) -> str:
    """`html` of the page at `page_url` with every link to a page at one of `hidden_urls` (site-relative,
    as MkDocs' ``File.url``) replaced by the link's own content: no link into a page the site lacks."""
    base = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url.rstrip("/")
    wanted = {_normal(url) for url in hidden_urls}

    def replace(match: re.Match[str]) -> str:
        href = match.group("href")
        if not href or "://" in href or href.startswith(("/", "mailto:")):
            return match.group(0)
        return match.group("inner") if _normal(posixpath.join(base, href)) in wanted else match.group(0)

    return _LINK.sub(replace, html)


def with_notice(markdown: str) -> str:
    """A page's Markdown with :data:`NOTICE` right after its first heading (or first, without one)."""
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join(lines[:at] + ["", NOTICE] + lines[at:])


def _normal(url: str) -> str:
    """A site-relative URL without ``./``, ``..``, ``index.html`` or a trailing slash."""
    path = posixpath.normpath(url) if url else "."
    path = "" if path == "." else path
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return path.strip("/")

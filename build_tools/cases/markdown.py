"""Render the Markdown written in case files to HTML that is safe to put in a page.

Case files are written by instructors, but their text ends up in every student's page and
in the per-case JSON the browser reads. So the renderer is locked down:

* raw HTML is off: ``<script>`` in a case file is shown as text, never run;
* links may only point to ``http(s)``, ``mailto``, a fragment or a relative path;
* images may only be relative (served by the site itself); an image on another origin is
  turned into an ordinary link, so no page fetches anything from another origin.

One Chinese-typography rule: a line break inside a paragraph (YAML block text wraps
lines) next to a Chinese character is dropped, not turned into a space, because Chinese
has no spaces between words (「中断；\\n不光」 reads 「中断；不光」).

>>> render("**服务补救**很重要 <b>x</b>")
'<p><strong>服务补救</strong>很重要 &lt;b&gt;x&lt;/b&gt;</p>\\n'
>>> render("服务补救\\n很重要。\\nSERVQUAL\\nmodel")
'<p>服务补救很重要。SERVQUAL\\nmodel</p>\\n'
>>> render_inline("[课程](https://example.org/) *重点*")
'<a href="https://example.org/">课程</a> <em>重点</em>'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["render", "render_inline", "is_safe_link", "is_local_url"]

_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def render(md: str) -> str:
    """Render block Markdown (paragraphs, lists, tables…) to safe HTML."""
    return _parser().render(md or "")


def render_inline(md: str) -> str:
    """Render one line of inline Markdown (emphasis, code, links) without a ``<p>`` around it."""
    return _parser().renderInline(md or "")


def is_safe_link(url: str) -> bool:
    """Whether a link target may appear in a case page: http(s), mailto, fragment or relative."""
    url = url.strip()
    if not url:
        return False
    if "\\" in url or any(ord(ch) < 0x20 for ch in url):
        return False  # browsers treat "\" like "/" and strip control characters: too clever by half
    if url.startswith("//"):
        return True  # protocol-relative link to another host: allowed as a link, never as an image
    match = _SCHEME_RE.match(url)
    if match is None:
        return True
    return match.group(0)[:-1].lower() in _LINK_SCHEMES


def is_local_url(url: str) -> bool:
    """Whether a URL stays on the site's own origin (relative path or fragment, no host)."""
    url = url.strip()
    if not is_safe_link(url) or url.startswith("//"):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One configured parser per process: building it costs more than rendering a case."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.core.ruler.push("course_remote_images", _remote_images_to_links)
    md.add_render_rule("softbreak", _softbreak)
    return md


def _softbreak(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    """A soft line break: nothing between Chinese text, a newline (a space) otherwise."""
    before = tokens[idx - 1].content[-1:] if idx > 0 else ""
    after = tokens[idx + 1].content[:1] if idx + 1 < len(tokens) else ""
    return "" if _is_wide(before) or _is_wide(after) else "\n"


def _is_wide(ch: str) -> bool:
    """Whether `ch` is a Chinese/Japanese/Korean character or full-width punctuation."""
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def _remote_images_to_links(state: StateCore) -> None:
    """Replace images on another origin by links, so a page never fetches from elsewhere."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        for token in block.children:
            src = str(token.attrGet("src") or "")
            if token.type == "image" and not is_local_url(src):
                children.extend(_image_as_link(token, src))
            else:
                children.append(token)
        block.children = children


def _image_as_link(image: Token, src: str) -> list[Token]:
    """The tokens of ``<a href=src>图片：alt</a>`` for a remote image."""
    link_open = Token("link_open", "a", 1)
    link_open.attrSet("href", src)
    text = Token("text", "", 0)
    text.content = "图片：" + (image.content or src)
    return [link_open, text, Token("link_close", "a", -1)]

"""build_tools.cases.markdown: case Markdown becomes safe HTML (raw HTML off, safe links, local images)."""

from __future__ import annotations

import pytest

from build_tools.cases.markdown import is_local_url, is_safe_link, render, render_inline

RENDER_CASES = [
    ("emphasis", "**服务补救**", "<p><strong>服务补救</strong></p>\n"),
    ("raw html is text", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
    ("inline html is text", "a <b onclick=x>b</b>", "<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>\n"),
    ("javascript link refused", "[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
    ("mixed-case scheme refused", "[x](JaVaScRiPt:alert(1))", "<p>[x](JaVaScRiPt:alert(1))</p>\n"),
    ("data link refused", "[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>\n"),
    ("https link kept", "[课程](https://example.org/a)", '<p><a href="https://example.org/a">课程</a></p>\n'),
    ("relative link kept", "[章](../chapters/quality/)", '<p><a href="../chapters/quality/">章</a></p>\n'),
    ("mailto kept", "[信](mailto:a@example.org)", '<p><a href="mailto:a@example.org">信</a></p>\n'),
    ("local image kept", "![图](img/a.png)", '<p><img src="img/a.png" alt="图" /></p>\n'),
    ("remote image becomes a link", "![图](https://cdn.example.org/a.png)",
     '<p><a href="https://cdn.example.org/a.png">图片：图</a></p>\n'),
    ("protocol-relative image becomes a link", "![图](//cdn.example.org/a.png)",
     '<p><a href="//cdn.example.org/a.png">图片：图</a></p>\n'),
    ("table", "| a | b |\n|---|---|\n| 1 | 2 |",
     "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n"),
    ("chinese line break joins", "先道歉，\n再解决。", "<p>先道歉，再解决。</p>\n"),
    ("latin line break stays", "listen\napologise", "<p>listen\napologise</p>\n"),
    ("mixed line break joins", "SERVQUAL\n量表", "<p>SERVQUAL量表</p>\n"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("name", "source", "expected"), RENDER_CASES, ids=[c[0] for c in RENDER_CASES])
def test_render(name: str, source: str, expected: str) -> None:
    assert render(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [("*重点*", "<em>重点</em>"), ("`K1`", "<code>K1</code>"), ("<i>x</i>", "&lt;i&gt;x&lt;/i&gt;")],
)
def test_render_inline(source: str, expected: str) -> None:
    assert render_inline(source) == expected


@pytest.mark.parametrize(
    ("url", "safe", "local"),
    [
        ("https://example.org/", True, False),
        ("http://example.org/", True, False),
        ("mailto:a@b.c", True, False),
        ("//example.org/x", True, False),
        ("../x/", True, True),
        ("#q-q1", True, True),
        ("javascript:alert(1)", False, False),
        ("vbscript:x", False, False),
        ("file:///etc/passwd", False, False),
        ("java\tscript:alert(1)", False, False),
        ("\\\\evil.org\\x", False, False),
        ("", False, False),
    ],
)
def test_link_rules(url: str, safe: bool, local: bool) -> None:
    assert (is_safe_link(url), is_local_url(url)) == (safe, local)

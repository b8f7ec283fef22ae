"""The built site fetches nothing from another origin.

Students in mainland China cannot rely on CDNs or Google Fonts, and a course page that
waits on a blocked host is a broken page. This test parses every built HTML page and
every stylesheet and lists each URL the browser would fetch by itself (scripts, styles,
images, fonts, frames, media, preloads, CSS ``url()``/``@import``); every one must be
relative or same-origin. Plain links (``<a href>``, ``rel=canonical``) are not fetched
and are allowed to point elsewhere. The extractor is tested first on small inputs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

# rel values whose <link href> the browser fetches on its own
FETCHING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed", "mask-icon",
    "manifest", "preload", "modulepreload", "prefetch", "prerender", "preconnect", "dns-prefetch",
}
# element -> attributes holding a URL the browser loads
FETCHING_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(?P<url>[^'")]*)\1\s*\)|@import\s+(['"])(?P<imp>[^'"]+)\3""", re.I)


class FetchedUrls(HTMLParser):
    """Collects (what, url) for every URL an HTML document makes the browser fetch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & FETCHING_RELS and values.get("href"):
                self.urls.append((f"link[rel={' '.join(sorted(rels))}]", values["href"]))
        for name in FETCHING_ATTRS.get(tag, ()):
            if values.get(name):
                for url in _split_srcset(values[name]) if name == "srcset" else [values[name]]:
                    self.urls.append((f"{tag}[{name}]", url))
        if values.get("style"):
            self.urls.extend((f"{tag}[style]", url) for url in css_urls(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(("style", url) for url in css_urls(data))


def fetched_urls(html: str) -> list[tuple[str, str]]:
    """Every (element[attribute], url) the browser would fetch for `html`."""
    parser = FetchedUrls()
    parser.feed(html)
    parser.close()
    return parser.urls


def css_urls(css: str) -> list[str]:
    """Every url(...) and @import target in a stylesheet."""
    return [m.group("url") or m.group("imp") for m in CSS_URL.finditer(css)]


def is_foreign(url: str) -> bool:
    """Whether fetching `url` from a page of this site would leave the site's origin."""
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "blob"):
        return False
    return True  # an absolute http(s) (or other scheme) URL names some origin: not allowed


def _split_srcset(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


# --------------------------------------------------------------------------- the extractor itself

EXTRACTOR_CASES = [
    ('<script src="assets/a.js"></script>', [("script[src]", "assets/a.js")]),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css">', [("link[rel=stylesheet]", "https://fonts.googleapis.com/css")]),
    ('<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>', [("link[rel=preconnect]", "https://fonts.gstatic.com")]),
    ('<link rel="canonical" href="https://example.org/">', []),
    ('<a href="https://example.org/">x</a>', []),
    ('<img srcset="a.png 1x, https://x.org/b.png 2x">', [("img[srcset]", "a.png"), ("img[srcset]", "https://x.org/b.png")]),
    ('<iframe src="//video.example.com/e"></iframe>', [("iframe[src]", "//video.example.com/e")]),
    ('<div style="background:url(\'https://x.org/bg.png\')"></div>', [("div[style]", "https://x.org/bg.png")]),
    ('<style>@import "https://x.org/a.css"; p{background:url(i.png)}</style>', [("style", "https://x.org/a.css"), ("style", "i.png")]),
    ('<svg><use href="#icon"></use></svg>', [("use[href]", "#icon")]),
]


@pytest.mark.parametrize(("html", "expected"), EXTRACTOR_CASES)
def test_extractor_finds_what_the_browser_fetches(html: str, expected: list[tuple[str, str]]) -> None:
    assert fetched_urls(html) == expected


@pytest.mark.parametrize(
    ("url", "foreign"),
    [
        ("assets/x.js", False),
        ("../../assets/x.css", False),
        ("/assets/x.css", False),
        ("#frag", False),
        ("data:image/svg+xml;base64,AAAA", False),
        ("https://unpkg.com/mermaid@11/dist/mermaid.min.js", True),
        ("http://127.0.0.1:8000/x.js", True),
        ("//cdn.jsdelivr.net/x.js", True),
    ],
)
def test_is_foreign(url: str, foreign: bool) -> None:
    assert is_foreign(url) is foreign


# --------------------------------------------------------------------------- the built site


def test_no_page_fetches_from_another_origin(built_site) -> None:
    pages = built_site.pages()
    assert len(pages) >= 12, "站点页面太少，构建可能不完整"
    offenders = {}
    for page in pages:
        found = [f"{what} {url}" for what, url in fetched_urls(page.read_text(encoding="utf-8")) if is_foreign(url)]
        if found:
            offenders[str(page.relative_to(built_site.root))] = found
    assert offenders == {}


def test_no_stylesheet_fetches_from_another_origin(built_site) -> None:
    sheets = sorted(built_site.root.rglob("*.css"))
    assert len(sheets) >= 3
    offenders = {
        str(sheet.relative_to(built_site.root)): [u for u in css_urls(sheet.read_text(encoding="utf-8")) if is_foreign(u)]
        for sheet in sheets
    }
    assert {name: urls for name, urls in offenders.items() if urls} == {}


def test_every_local_reference_exists(built_site) -> None:
    """A same-origin reference that 404s would tempt someone to 'fix' it with a CDN."""
    missing = []
    for page in built_site.pages():
        for what, url in fetched_urls(page.read_text(encoding="utf-8")):
            path = urlsplit(url).path
            if is_foreign(url) or not path or url.startswith(("data:", "#")):
                continue
            target = (built_site.root / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
            if not target.resolve().exists():
                missing.append(f"{page.relative_to(built_site.root)}: {what} {url}")
    assert missing == []

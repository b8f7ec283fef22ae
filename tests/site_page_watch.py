"""A Playwright page on the served site that records what it must not do: requests to another
origin, uncaught errors. Shared by the ``site_page`` fixture (tests/conftest.py) and modules that
open many pages in one browser profile."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class SitePage:
    """A Playwright page on the served site, with what it did that it should not have."""

    page: object
    base: str
    foreign_requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str, wait_until: str = "load") -> object:
        """Go to a site-relative path (``"chapters/recovery/"``)."""
        return self.page.goto(self.base + path.lstrip("/"), wait_until=wait_until)


def watch(page, site_url: str) -> SitePage:
    """`page` as a :class:`SitePage` that records requests leaving the site's origin and uncaught errors."""
    origin = urlsplit(site_url)
    state = SitePage(page=page, base=site_url)

    def on_request(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if (url.scheme, url.hostname, url.port) != (origin.scheme, origin.hostname, origin.port):
            state.foreign_requests.append(request.url)

    page.on("request", on_request)
    page.on("pageerror", lambda error: state.errors.append(str(error)))
    return state


def assert_clean(state: SitePage) -> None:
    assert state.foreign_requests == [], "页面请求了其他来源的资源"
    assert state.errors == [], "页面抛出了未捕获的错误"


PHONE_WIDTH = 360
"""The narrowest phone the course is laid out for, in CSS pixels."""

_STICKING_OUT = """(width) => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
  .filter(el => !el.closest(".md-sidebar, .md-search, [hidden]"))
  .slice(0, 5)
  .map(el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "")
             + " right=" + Math.round(el.getBoundingClientRect().right))"""


def sideways_problem(page, width: int = PHONE_WIDTH) -> str | None:
    """Why `page` (laid out `width` px wide) scrolls sideways, naming the elements that stick out; None if it does not."""
    scroll_width = page.evaluate("() => document.scrollingElement.scrollWidth")
    if scroll_width <= width:
        return None
    return f"页面宽 {scroll_width}px，超出的元素：{page.evaluate(_STICKING_OUT, width)}"

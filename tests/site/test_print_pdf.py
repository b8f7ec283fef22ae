"""The print edition in Chromium: printed to an A4 PDF as ``python3 -m build_tools.dev pdf`` prints it,
laid out for paper, and reached like any page.

The PDF is made once per module from the session's built site (:func:`render_pdf`, the command's own
function) and read back: its text with PDFium, the PDF library of Chromium's own viewer (what a reader
who searches or copies gets: every chapter heading, every case title, no key; 0.7 s where pypdf's
extraction took 14 s), its page count, fonts and bookmarks with pypdf.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
from pypdf import PdfReader

from shipped import shipped_cases
from build_tools.devtools.pdf_repair import mapped_characters
from build_tools.devtools.print_pdf import render_pdf
from build_tools.site import pages
from build_tools.site.printing import PRINT_URL
from case_secrets import secrets_of
from site_page_watch import assert_clean, watch

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CASES = shipped_cases()
A4_POINTS = (595.28, 841.89)
LIGATURES = frozenset("ﬀﬁﬂﬃﬄ")
"""Latin ligatures: a text map gives the glyph drawn (viewers find 「fi」 in 「ﬁ」 all the same)."""
CONTENT_WIDTH_PX = round((210 - 2 * 16) / 25.4 * 96)
"""The printable width of an A4 sheet with print.css's 16 mm side margins, in CSS pixels (673)."""


def plain(text: str) -> str:
    """Text without any white space: line breaks in a PDF fall anywhere in a Chinese sentence."""
    return "".join(text.split())


def visible_text(page_html: str) -> str:
    body = page_html[page_html.index("<article"):page_html.index("</article>")]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def chapter_headings(site) -> list[str]:
    headings = []
    for chapter in pages.CHAPTERS:
        page = (site.root / f"chapters/{chapter.slug}/index.html").read_text(encoding="utf-8")
        match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert match, f"{chapter.src} 没有 h1"
        headings.append(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).replace("¶", "").strip())
    return headings


def case_titles() -> list[str]:
    return [" ".join(case.data["title"].split()) for case in CASES]


SOFT_HYPHEN = "\ufffe"
"""What PDFium gives for a hyphen that ends a line (non-｜instrumental): read as the hyphen it is."""


def pdf_text(path: Path) -> str:
    """The text of every sheet, as PDFium extracts it."""
    document = pypdfium2.PdfDocument(path)
    try:
        return "".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    finally:
        document.close()


class PrintedCourse:
    """The PDF, its text (PDFium) and its structure (pypdf), read once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = PdfReader(path)
        self.text = plain(pdf_text(path).replace(SOFT_HYPHEN, "-"))
        self.folded = unicodedata.normalize("NFKC", self.text)
        """The text with compatibility forms folded (ﬁ → fi, full-width → ASCII), to look for keys in."""

    def bookmarks(self) -> list[str]:
        titles: list[str] = []

        def walk(items) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item)
                else:
                    titles.append(item.title)

        walk(self.reader.outline)
        return titles


@pytest.fixture(scope="module")
def printed(browser, site_url, tmp_path_factory) -> PrintedCourse:
    return PrintedCourse(render_pdf(browser, site_url + PRINT_URL, tmp_path_factory.mktemp("pdf") / "course.pdf"))


def test_the_pdf_is_a4_and_its_page_count_fits_the_text(printed, built_site) -> None:
    page_html = (built_site.root / PRINT_URL / "index.html").read_text(encoding="utf-8")
    characters = len(plain(visible_text(page_html)))
    sections = len(pages.CHAPTERS) + len(CASES)
    low = max(2 + sections, characters // 1800)  # a cover, the contents, a sheet per section; a full sheet holds < 1800
    high = 2 + sections + characters // 300   # every sheet at least a sixth full
    count = len(printed.reader.pages)
    print(f"\n打印版 PDF：{count} 页（可接受 {low}–{high}），{characters} 个字符，{printed.path.stat().st_size / 1e6:.1f} MB")
    assert low <= count <= high
    off = [number for number, p in enumerate(printed.reader.pages, start=1)
           if abs(float(p.mediabox.width) - A4_POINTS[0]) > 1 or abs(float(p.mediabox.height) - A4_POINTS[1]) > 1]
    assert off == []


def test_chinese_text_comes_back_out_as_written_every_chapter_heading_and_case_title(printed, built_site) -> None:
    """Every character the fonts' text maps give is one the page has: 行 and not the radical ⾏ that
    Chromium's own map gives for the same glyph, – and not ‒ (build_tools/devtools/pdf_repair.py); and
    the text PDFium reads holds every chapter heading and case title."""
    page_html = (built_site.root / PRINT_URL / "index.html").read_text(encoding="utf-8")
    article = re.sub(r"<style\b.*?</style>", " ", page_html[page_html.index("<article"):page_html.index("</article>")], flags=re.S)
    page_characters = set(html.unescape(re.sub(r"<[^>]+>", " ", article))) | set("0123456789/")  # and the footer
    assert sorted(mapped_characters(printed.path) - page_characters - LIGATURES) == []
    assert sorted(set(printed.text) - page_characters) == []
    headings = chapter_headings(built_site)
    assert all(re.search(r"[\u4e00-\u9fff]", heading) for heading in headings)
    assert [heading for heading in headings if plain(heading) not in printed.text] == []
    assert [title for title in case_titles() if plain(title) not in printed.text] == []


def test_no_key_feedback_or_explanation_is_printed(printed) -> None:
    leaked = [(case.id, secret[:30]) for case in CASES for secret in sorted(secrets_of(case))
              if unicodedata.normalize("NFKC", plain(secret)) in printed.folded]
    assert all(secrets_of(case) for case in CASES)  # the check looks for something
    missed = [case.id for case in CASES if unicodedata.normalize("NFKC", plain(case.data["summary"])) not in printed.folded]
    assert missed == []  # and would find a sentence the edition does print: each case's summary
    assert leaked == []


def test_the_fonts_are_embedded_noto_cjk(printed) -> None:
    """Chromium embeds each font it uses (as Type 3 glyph programs for the CFF-based Noto CJK): the PDF
    reads the same on a machine without these fonts."""
    missing, names = [], set()
    for number, page in enumerate(printed.reader.pages, start=1):
        for key, font in (page["/Resources"].get("/Font") or {}).items():
            font = font.get_object()
            fonts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for each in fonts:
                descriptor = each.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                names.add(str(descriptor.get("/FontName", "")).split("+")[-1])
                embedded = "/CharProcs" in each or any(f in descriptor for f in ("/FontFile", "/FontFile2", "/FontFile3"))
                if not embedded:
                    missing.append((number, key, str(each.get("/BaseFont"))))
    assert missing == []
    assert {name for name in names if name.startswith(("NotoSansCJK", "NotoSerifCJK"))} >= {
        "NotoSansCJKsc-Regular", "NotoSerifCJKsc-Regular"}, names


def test_bookmarks_name_every_chapter_and_case_once(printed, built_site) -> None:
    titles = printed.bookmarks()
    assert [heading for heading in chapter_headings(built_site) if titles.count(heading) != 1] == []
    assert [title for title in case_titles() if titles.count(title) != 1] == []
    assert [t for t in titles if len(t) > 1 and len(t) % 2 == 0 and t[: len(t) // 2] == t[len(t) // 2:]] == []


# --------------------------------------------------------------------------- the page in the browser


def test_on_paper_nothing_sticks_out_and_no_chrome_is_printed(browser, site_url) -> None:
    """Laid out for print at the A4 sheet's printable width: tables, diagrams and the dialogue fit it,
    nothing is cut by a scroll box, and the site's header, side bars and footer are not printed."""
    context = browser.new_context(viewport={"width": CONTENT_WIDTH_PX, "height": 1000})
    page = context.new_page()
    state = watch(page, site_url)
    page.emulate_media(media="print")
    state.open(PRINT_URL)
    cut = page.evaluate("""(width) => [...document.querySelectorAll(
        ".print-edition table, .print-edition .mermaid-static, .print-edition .mermaid-static > svg, .print-edition pre," +
        " .print-edition .case-transcript, .md-typeset__scrollwrap, .md-typeset__table, .case-table-scroll")]
      .filter((el) => el.getBoundingClientRect().right > width + 1 || el.scrollWidth > el.clientWidth + 1)
      .slice(0, 5).map((el) => el.tagName + "." + el.getAttribute("class") + " " +
                              Math.round(el.getBoundingClientRect().right) + "/" + el.scrollWidth)""", CONTENT_WIDTH_PX)
    assert cut == []
    shown = page.evaluate("""() => [".md-header", ".md-sidebar--primary", ".md-footer", ".print-screen-note", ".md-tabs"]
      .filter((s) => [...document.querySelectorAll(s)].some((el) => getComputedStyle(el).display !== "none"))""")
    assert shown == []
    breaks = page.evaluate("""() => [...document.querySelectorAll(".print-section, .print-group")]
      .filter((el) => !el.matches(".print-group > h1 + .print-section"))
      .map((el) => getComputedStyle(el).breakBefore)""")
    # each chapter and each group of cases; the first case of a group shares its sheet with the group's title
    assert set(breaks) == {"page"} and len(breaks) == len(pages.CHAPTERS) + len(CASES)
    context.close()
    assert_clean(state)


def test_the_print_page_starts_no_grader_and_opens_from_the_guide_by_instant_navigation(site_page) -> None:
    page = site_page.page
    site_page.open("guide/instructor/")
    page.evaluate("() => { window.svcSamePage = true; }")  # survives instant navigation, not a page load
    page.locator(f'article a[href$="{PRINT_URL}"]').first.click()
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/" + PRINT_URL), wait_until="commit",
                      timeout=90_000)  # a large page, on a busy machine; the hash may be the guide's (navigation.tracking)
    page.wait_for_selector(".print-edition", timeout=90_000)
    assert page.evaluate("() => window.svcSamePage === true")
    assert page.evaluate("() => document.querySelectorAll('[data-case], [data-case-mounted], .case-widget').length") == 0
    assert page.evaluate("() => document.documentElement.dataset.graderStart") is None
    assert page.evaluate("() => [...document.querySelectorAll('.print-edition details')].every((d) => d.open)")
    page.locator(".print-contents a").nth(1).click()  # the second chapter, from the contents
    assert page.evaluate("() => location.hash") == "#chapters-complaints"

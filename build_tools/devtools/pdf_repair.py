"""Two repairs of the PDF that Chromium prints, made with pypdf afterwards (``print_pdf`` calls :func:`repair`).

* **Text that can be searched and copied.** Chromium (Skia) writes each font's ToUnicode map by
  reading the font's character map backwards, and where one glyph serves several characters it
  keeps one of them, often not the one the page used: Noto Sans CJK SC draws 行 (U+884C) and
  ⾏ KANGXI RADICAL WALK (U+2F8F) with one glyph and the PDF's text says ⾏, so a search for
  「行为」 finds nothing and copied text is full of look-alikes (⼀ ⼈ ⽤ ⻚); likewise – comes out
  as ‒, — as ―, ～ as 〜. :func:`fix_text_maps` gives each such glyph back the character the page
  actually used, found through the font file itself (in a Simplified Chinese face the glyph of ⼾
  is 户, where Unicode's own equivalent would be 戶).
* **Bookmarks.** Chromium (156) names a bookmark twice over (「第1章 …第1章 …」) when its heading
  starts a sheet; :func:`fix_bookmarks` gives each bookmark its heading's own text.

Needs pypdf and fontTools (the test extra, like Playwright); imported by the PDF command only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

__all__ = ["Repairs", "repair", "fix_text_maps", "fix_to_unicode", "fix_bookmarks", "mapped_characters", "shared_glyphs",
           "system_faces"]

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")
"""Where the system's fonts are (Debian's fonts-noto-cjk: /usr/share/fonts/opentype/noto/)."""


@dataclass(frozen=True)
class Repairs:
    """What :func:`repair` changed: text maps of fonts, and bookmarks."""

    fonts: int
    bookmarks: int


def repair(pdf: Path, text: str, headings: Iterable[str]) -> Repairs:
    """Both repairs on the file `pdf`, printed from a page whose text is `text` and whose headings are
    `headings` (the file is rewritten in place if anything changed)."""
    writer = PdfWriter(clone_from=str(pdf))
    done = Repairs(fonts=fix_text_maps(writer, frozenset(text)), bookmarks=fix_bookmarks(writer, headings))
    if done.fonts or done.bookmarks:
        writer.write(str(pdf))
    return done


# --------------------------------------------------------------------------- text


def fix_text_maps(writer: PdfWriter, used: frozenset[str]) -> int:
    """Rewrite the ToUnicode map of every font whose map gives a character the page does not use
    (not in `used`) for a glyph that exactly one used character shares.

    Returns how many fonts changed. A font that is not on this machine (found by its PostScript
    name) is left as it is, and so is a glyph that stands for more than one character of the page.
    """
    faces = system_faces()
    changed = 0
    for font in _fonts(writer):
        descriptor = font.get("/FontDescriptor")
        to_unicode = font.get("/ToUnicode")
        if descriptor is None or to_unicode is None:
            continue
        name = str(descriptor.get_object().get("/FontName", "")).lstrip("/").split("+")[-1]
        if name not in faces:
            continue
        stream = to_unicode.get_object()
        text = stream.get_data().decode("latin-1")
        fixed = fix_to_unicode(text, _used_instead(faces[name], used))
        if fixed != text:
            stream.set_data(fixed.encode("latin-1"))
            changed += 1
    return changed


def mapped_characters(pdf: Path) -> set[str]:
    """Every character the ToUnicode maps of `pdf`'s fonts give: what a viewer that reads them (most
    do; Chromium's own, PDFium, does not need to) finds and copies."""
    characters: set[str] = set()
    for font in _fonts(PdfReader(pdf)):
        to_unicode = font.get("/ToUnicode")
        if to_unicode is None:
            continue
        text = to_unicode.get_object().get_data().decode("latin-1")
        for kind, body in _BLOCK.findall(text):
            for _, destination in _entries(kind, body):
                try:
                    characters.update(bytes.fromhex(destination).decode("utf-16-be"))
                except ValueError:
                    continue
    return characters


def _fonts(document: PdfReader | PdfWriter) -> Iterator[DictionaryObject]:
    """Every font dictionary the pages use (a Type 0 font and its descendants alike), each once."""
    seen: set[object] = set()
    for page in document.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object().values() if fonts is not None else []):
            key = getattr(ref, "idnum", None) or id(ref.get_object())
            if key not in seen:
                seen.add(key)
                yield ref.get_object()


_BLOCK = re.compile(r"\d+\s+begin(bfchar|bfrange)\s*(.*?)\s*endbf(?:char|range)", re.S)
_TOKEN = re.compile(r"<([0-9A-Fa-f]*)>|\[([^\]]*)\]")


def fix_to_unicode(text: str, mapping: dict[int, int]) -> str:
    """A ToUnicode CMap with each destination character that is a key of `mapping` replaced by its value.

    The map is parsed (``bfchar`` and ``bfrange`` blocks) and, if anything changes, written again as
    ``bfchar`` blocks: a range whose run of characters crosses a replaced one cannot stay a range.
    """
    entries = [entry for kind, body in _BLOCK.findall(text) for entry in _entries(kind, body)]
    fixed = [(code, _replaced(dst, mapping)) for code, dst in entries]
    if fixed == entries:
        return text
    blocks = []
    for at in range(0, len(fixed), 100):
        chunk = fixed[at : at + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "".join(f"<{c}> <{d}>\n" for c, d in chunk) + "endbfchar\n")
    first = _BLOCK.search(text)
    return text[: first.start()] + "".join(blocks) + text[text.rindex("endcmap"):]


def _entries(kind: str, body: str) -> list[tuple[str, str]]:
    """(code, destination) pairs of one block, hex as written; a range expanded code by code."""
    tokens = _TOKEN.findall(body)
    if kind == "bfchar":
        return [(tokens[at][0], tokens[at + 1][0]) for at in range(0, len(tokens) - 1, 2)]
    entries = []
    for at in range(0, len(tokens) - 2, 3):
        low, high, (start, array) = tokens[at][0], tokens[at + 1][0], tokens[at + 2]
        width, first, last = len(low), int(low, 16), int(high, 16)
        if array:  # [<dst> <dst> …]: one destination per code
            targets = re.findall(r"<([0-9A-Fa-f]*)>", array)
        else:
            targets = [f"{int(start, 16) + offset:0{len(start)}X}" for offset in range(last - first + 1)]
        entries += [(f"{first + offset:0{width}X}", target) for offset, target in enumerate(targets)]
    return entries


def _replaced(utf16_hex: str, mapping: dict[int, int]) -> str:
    """One destination (UTF-16BE, hex): a single character in `mapping` replaced, anything else as it is."""
    try:
        text = bytes.fromhex(utf16_hex).decode("utf-16-be")
    except ValueError:
        return utf16_hex
    if len(text) != 1 or ord(text) not in mapping:
        return utf16_hex
    return chr(mapping[ord(text)]).encode("utf-16-be").hex().upper()


@functools.cache
def system_faces(dirs: tuple[Path, ...] = FONT_DIRS) -> dict[str, tuple[Path, int]]:
    """PostScript name -> (file, index in a collection) of the CJK fonts installed (file names with 「CJK」)."""
    faces: dict[str, tuple[Path, int]] = {}
    files = sorted(p for folder in dirs if folder.is_dir() for p in folder.rglob("*CJK*")
                   if p.suffix.lower() in (".ttc", ".otc", ".otf", ".ttf"))
    for path in files:
        fonts = TTCollection(str(path), lazy=True).fonts if path.suffix.lower() in (".ttc", ".otc") else [TTFont(str(path), lazy=True)]
        for index, font in enumerate(fonts):
            name = font["name"].getDebugName(6)
            if name:
                faces.setdefault(name, (path, index))
    return faces


@functools.cache
def shared_glyphs(path: Path, index: int = 0) -> dict[int, frozenset[int]]:
    """Character -> every character the font at `path` (`index` in a collection) may draw with the same
    glyph, for each character that shares its glyph with another: in its character map, or through
    the font's localized forms (``locl``: Noto CJK SC draws a Chinese — with the glyph its map gives ―)."""
    font = TTFont(str(path), fontNumber=index, lazy=True)
    codes_of: dict[str, set[int]] = {}
    for code, glyph in font.getBestCmap().items():
        codes_of.setdefault(glyph, set()).add(code)
    groups = {glyph: set(codes) for glyph, codes in codes_of.items()}
    for source, target in _localized_forms(font):
        groups.setdefault(target, set()).update(codes_of.get(source, ()))
    return {code: frozenset(group) for group in groups.values() if len(group) > 1 for code in group}


def _localized_forms(font: TTFont) -> Iterator[tuple[str, str]]:
    """(glyph, its localized form) of every single substitution in the font's ``locl`` lookups."""
    if "GSUB" not in font:
        return
    table = font["GSUB"].table
    lookups = {index for record in table.FeatureList.FeatureRecord if record.FeatureTag == "locl"
               for index in record.Feature.LookupListIndex}
    for index in sorted(lookups):
        for subtable in table.LookupList.Lookup[index].SubTable:
            subtable = getattr(subtable, "ExtSubTable", subtable)
            yield from (getattr(subtable, "mapping", None) or {}).items()


@functools.lru_cache(maxsize=64)
def _used_instead(face: tuple[Path, int], used: frozenset[str]) -> dict[int, int]:
    """Character the page does not use -> the one character it uses that shares its glyph in `face`."""
    mapping = {}
    for code, group in shared_glyphs(*face).items():
        candidates = [other for other in group if chr(other) in used]
        if chr(code) not in used and len(candidates) == 1:
            mapping[code] = candidates[0]
    return mapping


# --------------------------------------------------------------------------- bookmarks


def fix_bookmarks(writer: PdfWriter, headings: Iterable[str]) -> int:
    """Give each bookmark the text of its heading (one of `headings`) where Chromium repeated it or
    lost a space at a line break. Returns how many changed."""

    def plain(text: str) -> str:
        return "".join(text.split())

    canonical = {plain(heading): heading for heading in headings}
    outlines = writer.root_object.get("/Outlines")
    changed, stack = 0, [outlines.get_object().get("/First")] if outlines is not None else []
    while stack:
        item = stack.pop()
        if item is None:
            continue
        item = item.get_object()
        title = str(item.get("/Title", ""))
        key = plain(title)
        half = key[: len(key) // 2]
        wanted = canonical.get(key) or (canonical.get(half) if key == half * 2 else None)
        if wanted is not None and wanted != title:
            item[NameObject("/Title")] = TextStringObject(wanted)
            changed += 1
        stack += [item.get("/Next"), item.get("/First")]
    return changed

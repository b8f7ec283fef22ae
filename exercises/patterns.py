"""Rubric entries: a plain phrase, or terms that must follow one another within one clause.

Students say the same thing in many orders of words: 「您手机本身的毛病」, 「你这手机
的问题」. Listing every wording is hopeless, so an entry may be a *proximity pattern*
(the idea of Moodle pmatch's word proximity, for Chinese): terms separated by 「…」
(or ``...``) must occur in this order, in one clause, with at most :data:`MAX_GAP`
characters between two terms; 「|」 separates alternatives of one term::

    您|你…手机|机器…毛病|问题|故障

An entry with neither 「…」 nor 「|」 is a plain phrase, matched as written.

>>> from exercises.chinese import fold
>>> spans(parse("您|你…手机…毛病|问题"), fold("这多半是您手机本身的毛病。"))
[(4, 12, ((7, 10),))]
>>> spans(parse("您|你…手机…毛病"), fold("您好，手机有毛病"))  # a comma ends the clause
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .chinese import fold_phrase, is_boundary

__all__ = ["GAP_MARKS", "MAX_GAP", "Pattern", "compile_now", "could_match", "parse", "pattern_problem", "spans"]

MAX_GAP = 12
"""Most characters allowed between two consecutive terms of a pattern."""

GAP_MARKS = re.compile(r"…+|\.\.\.+")
"""How an author writes a gap: 「…」, 「……」 or three dots."""


@dataclass(frozen=True)
class Pattern:
    """A parsed entry: folded alternatives for each term, in order."""

    source: str
    terms: tuple[tuple[str, ...], ...]
    initials: tuple = field(default=(), compare=False, repr=False)  # each term's first characters, rarest term first
    phrase: str | None = field(default=None, compare=False)
    """The folded phrase when the entry is a single term with a single spelling, else None."""


@lru_cache(maxsize=8192)
def parse(entry: str) -> Pattern:
    """The pattern an entry spells; remembered, since a rubric is parsed on every grade."""
    if "|" not in entry and "…" not in entry and "..." not in entry:  # a plain phrase, the common case
        phrase = fold_phrase(entry.strip())
        return Pattern(entry, ((phrase,),), (frozenset(phrase[:1]),), phrase) if phrase else Pattern(entry, ((),))
    terms = []
    for raw_term in GAP_MARKS.split(entry):
        alternatives = tuple(dict.fromkeys(a for a in (fold_phrase(p.strip()) for p in raw_term.split("|")) if a))
        terms.append(tuple(sorted(alternatives, key=len, reverse=True)))
    initials = tuple(frozenset(a[0] for a in term) for term in _rarest_first(terms) if term)
    phrase = terms[0][0] if len(terms) == 1 and len(terms[0]) == 1 else None
    return Pattern(entry, tuple(terms), initials, phrase)


def _rarest_first(terms: list | tuple) -> list:
    """Terms ordered so that the one least likely to occur (longest shortest spelling) is tried first."""
    return sorted(terms, key=lambda term: -min(map(len, term), default=0))


@lru_cache(maxsize=8192)
def _compiled(terms: tuple[tuple[str, ...], ...]) -> tuple[tuple, Any, Any]:
    """(one search per term, rarest first; a search for the first term; the whole pattern, anchored,
    gaps captured), compiled the first time a text could hold the pattern: a plain phrase never needs
    them, and compiling every entry of a rubric up front would make a student's first grade wait."""
    by_term = {term: re.compile("|".join(map(re.escape, term))).search for term in terms}
    shortest_first = ["(?:" + "|".join(map(re.escape, sorted(term, key=len))) + ")" for term in terms]
    gaps = "".join(f"(.{{0,{MAX_GAP}}}?){term}" for term in shortest_first[1:])
    whole = re.compile(f"{shortest_first[0]}{gaps}", re.DOTALL).match
    return tuple(by_term[term] for term in _rarest_first(terms)), by_term[terms[0]], whole


def compile_now(pattern: Pattern) -> None:
    """Compile the pattern's expressions ahead of any text (a plain phrase has none): for work done in
    the background before a student grades (the browser prepares a page's rubrics once it is ready)."""
    if pattern.phrase is None and all(pattern.terms):
        _compiled(pattern.terms)


def pattern_problem(entry: str) -> str | None:
    """Why an entry cannot be used, in words an instructor can act on, or None."""
    if not fold_phrase(entry).strip():
        return "不能是空字符串。"
    raw_terms = GAP_MARKS.split(entry)
    if any(not fold_phrase(alternative).strip() for term in raw_terms for alternative in term.split("|")):
        return (f"「{entry}」里有空的部分：「…」的前后和每个「|」的两边都要写上词语，"
                "例如「您|你…手机…毛病|问题」。")
    return None


def could_match(pattern: Pattern, text: str, chars: frozenset[str] | set[str] | None = None) -> bool:
    """Whether every term has some spelling in `text`: a C-speed test that rules most patterns out.

    `chars`, the set of the text's characters when the caller has it, rules out first (a term
    none of whose spellings starts with a character of the text cannot occur).
    """
    if chars is not None:
        for initials in pattern.initials:  # plain loops: this runs for every pattern of every grade
            if initials.isdisjoint(chars):
                return False
    for search in _compiled(pattern.terms)[0]:
        if search(text) is None:
            return False
    return True


def spans(pattern: Pattern, text: str) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    """(start, end, gaps) of each place where the pattern occurs in folded `text`.

    `gaps` are the stretches between consecutive terms, where a negation may hide
    («您不用自己处理»). From each place the first term starts, every next term is taken at
    the earliest place it starts (its shortest spelling there), which leaves the most room
    for the terms after it; a regular expression finds that at C speed, and an occurrence
    whose gaps cross a clause boundary is dropped (a longer gap would cross it too).
    """
    _, first, whole = _compiled(pattern.terms)
    found = []
    begin = first(text)
    while begin is not None:  # every place the first term starts, overlapping ones too
        start = begin.start()
        occurrence = whole(text, start)
        if occurrence is not None:
            gaps = tuple(occurrence.span(k) for k in range(1, occurrence.re.groups + 1))
            if not any(any(map(is_boundary, text[s:e])) for s, e in gaps):
                found.append((start, occurrence.end(), tuple((s, e) for s, e in gaps if e > s)))
        begin = first(text, start + 1)
    return found

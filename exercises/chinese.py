"""Chinese text handling for rubric matching: folding, clauses, phrase search, negation.

Chinese has no spaces, so everything here works on characters. Text is folded
first (full-width to half-width via NFKC, traditional to simplified, lower
case) so that 「對不起」, 「对不起」 and 「ＳＥＲＶＱＵＡＬ」 all match what an
instructor wrote. Punctuation and white space are clause boundaries: a
negation cue never reaches across them.

>>> fold("對不起，ＳＥＲＶＱＵＡＬ")
'对不起,servqual'
>>> text = fold("我不会向您道歉")
>>> is_negated(text, text.index("道歉"))
True
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ._hanzi_variants import TRADITIONAL_TO_SIMPLIFIED

# Negation cues, longest first so 「没有」 is preferred over 「没」 when both end at the same place.
NEGATION_CUES = (
    "不需要", "不用", "不要", "不必", "不会", "不能", "不想", "不肯", "不愿", "没有", "无需", "无须",
    "并非", "绝不", "从不", "从没", "不", "没", "未", "别", "无", "非", "勿", "莫",
)
# Phrases that contain a cue character but negate nothing that follows them.
NEUTRAL_PHRASES = (
    "非常", "无论", "不论", "不管", "不仅", "不但", "不好意思", "没关系", "没问题", "别担心", "别着急",
    "别急", "不用担心", "不用着急", "不要着急", "不要担心", "不必担心", "不客气", "不便", "不满",
    "不断", "不久", "不少", "不得不", "不能不", "无不", "莫名", "不安", "不适", "不快", "不周",
    "不到位", "不对", "不足", "无法接通", "非得",
    # A-not-A questions ask, they do not negate: 「看能不能改签」 offers to try.
    "能不能", "可不可以", "是不是", "有没有", "会不会", "要不要", "行不行", "需不需要", "用不用",
)
# How many characters may stand between the end of a cue and the match it cancels.
NEGATION_GAP = 3
_CUE_REACH = NEGATION_GAP + max(len(cue) for cue in NEGATION_CUES)  # how far back a cue can start
_CUE_FIRST_CHARS = frozenset(cue[0] for cue in NEGATION_CUES)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return "".join(TRADITIONAL_TO_SIMPLIFIED.get(c, c) for c in folded).lower()


def fold(text: str) -> str:
    """Text folded for matching: NFKC, traditional to simplified, lower case."""
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=16384)
def fold_phrase(phrase: str) -> str:
    """`fold` for a rubric's short phrases, remembered: a rubric folds the same synonyms on every grade."""
    return fold(phrase)


@lru_cache(maxsize=4096)
def is_boundary(char: str) -> bool:
    """White space, punctuation and symbols end a clause."""
    return char.isspace() or unicodedata.category(char)[0] in "PZS"


def char_count(text: str) -> int:
    """The length a student is held to: characters that are not white space."""
    return sum(1 for c in text if not c.isspace())


def find_all(text: str, phrase: str) -> list[int]:
    """Start index of every (possibly overlapping) occurrence of `phrase` in `text`."""
    starts = []
    at = text.find(phrase)
    while at != -1:
        starts.append(at)
        at = text.find(phrase, at + 1)
    return starts


def neutral_mask(text: str) -> bytearray:
    """1 for every character inside a neutral phrase such as 「非常」 or 「不好意思」."""
    mask = bytearray(len(text))
    for phrase in NEUTRAL_PHRASES:
        if phrase not in text:
            continue
        for start in find_all(text, phrase):
            mask[start : start + len(phrase)] = b"\x01" * len(phrase)
    return mask


def is_negated(text: str, start: int, mask: bytearray | None = None) -> bool:
    """Whether a negation cue stands shortly before position `start`, in the same clause.

    A cue inside a neutral phrase (the 非 of 非常, the 不 of 不好意思) does not count.
    Only the few characters a cue could occupy are looked at, so a long clause costs no more
    than a short one.
    """
    window_start = start
    while (window_start > 0 and start - window_start < _CUE_REACH
           and not is_boundary(text[window_start - 1])):
        window_start -= 1
    window = text[window_start:start]
    if not _CUE_FIRST_CHARS.intersection(window):
        return False
    if mask is None:
        mask = neutral_mask(text)
    for cue in NEGATION_CUES:
        if cue not in window:
            continue
        for offset in find_all(window, cue):
            cue_start = window_start + offset
            cue_end = cue_start + len(cue)
            if start - cue_end > NEGATION_GAP:
                continue
            if any(mask[cue_start:cue_end]):
                continue
            return True
    return False

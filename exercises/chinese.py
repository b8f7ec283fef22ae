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

import re
import unicodedata
from functools import lru_cache

from . import banks
from ._hanzi_variants import TRADITIONAL_TO_SIMPLIFIED

# The cue lists are shared data with their own example table: see exercises.banks.
NEGATION_CUES = tuple(sorted(banks.NEGATION_CUES, key=len, reverse=True))
NEUTRAL_PHRASES = banks.NOT_NEGATIONS
# Evaluations that deny what stands just before them: 「送酒店也谈不上超出预期」 denies 送酒店.
POST_NEGATION_CUES = banks.POST_NEGATION_CUES
POST_NEGATION_GAP = 4  # 「额外送酒店也谈不上…」: the rest of the phrase and 「也」「都」「还」 may stand between
_POST_REACH = POST_NEGATION_GAP + max(map(len, POST_NEGATION_CUES))
_NO_NEED = banks.NO_NEED
# Cues that deny a whole proposition, however far into the clause it reaches: 「并不会让顾客觉得
# 银行早知道问题却不修」 denies 早知道问题 too.
WIDE_NEGATION_CUES = banks.WIDE_NEGATION_CUES
WIDE_REACH = 16
_WIDE_FIRST_CHARS = frozenset(cue[0] for cue in WIDE_NEGATION_CUES)
# How many characters may stand between the end of a cue and the match it cancels.
NEGATION_GAP = 3
_CUE_REACH = NEGATION_GAP + max(len(cue) for cue in NEGATION_CUES)  # how far back a cue can start
_CUE_FIRST_CHARS = frozenset(cue[0] for cue in NEGATION_CUES)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return "".join(TRADITIONAL_TO_SIMPLIFIED.get(c, c) for c in folded).lower()


class _FoldTable(dict):
    """Code point -> folded text, filled on first sight, so `str.translate` folds at C speed
    once the characters of a course have been seen (one character at a time, as `_fold_char`)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Text folded for matching: NFKC, traditional to simplified, lower case (character by character)."""
    return text.translate(_FOLD_TABLE)


_ENGLISH_WORD = re.compile(r"[a-z]+(?:[ -][a-z]+)*")
_SPACED_WORD = re.compile(r" ?([a-z]+(?:[ -][a-z]+)*) ?")


def gloss(folded: str) -> str:
    """Folded text with the English words students mix in replaced by their Chinese
    (:data:`exercises.banks.ENGLISH_GLOSS`), so a rubric written in Chinese reads them.

    A glossed word takes the single spaces around it along («每周 random check 15间房» reads
    «每周随机检查15间房»), since Chinese puts no spaces there and a space would end the clause.
    Runs of words are glossed as a whole when the table has them («error rate»), else word by word.
    """
    if not _ENGLISH_WORD.search(folded):
        return folded
    return _SPACED_WORD.sub(_gloss_run, folded)


def _gloss_run(found: re.Match) -> str:
    run = found.group(1)
    if run in banks.ENGLISH_GLOSS:
        return banks.ENGLISH_GLOSS[run]
    words = re.split(r"([ -])", run)
    glossed = [banks.ENGLISH_GLOSS.get(w, w) for w in words]
    if glossed == words:
        return found.group(0)  # nothing to gloss: leave the text as it was
    out = "".join(g if g in (" ", "-") else g for g in glossed)
    # spaces between glossed words go; spaces next to unglossed English stay
    return re.sub(r"(?<=[^a-z]) (?=[^a-z])", "", out)


@lru_cache(maxsize=16384)
def fold_phrase(phrase: str) -> str:
    """`fold` for a rubric's short phrases, remembered: a rubric folds the same synonyms on every grade."""
    return fold(phrase)


QUOTES = frozenset("「」『』“”‘’\"'《》")
"""Quotation marks stand inside a clause («把「作为」改成「座位」»), so they end none."""


@lru_cache(maxsize=4096)
def is_boundary(char: str) -> bool:
    """White space, punctuation and symbols end a clause (quotation marks excepted)."""
    return char not in QUOTES and (char.isspace() or unicodedata.category(char)[0] in "PZS")


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


_NEUTRAL_ANCHOR = re.compile("[" + re.escape("".join(sorted(
    {next((c for c in p if c in _CUE_FIRST_CHARS), p[-1]) for p in NEUTRAL_PHRASES}))) + "]")
"""One character of each neutral phrase: every occurrence of a neutral phrase holds one, so a text is
tried for neutral phrases only just before these. Any character of a phrase would be correct; a cue's
first character (「不」 of 不好意思, else the last, 「否」 of 是否) is the rarest choice."""
_NEUTRAL = re.compile("|".join(map(re.escape, sorted(NEUTRAL_PHRASES, key=len, reverse=True))))
_NEUTRAL_LONGEST = max(map(len, NEUTRAL_PHRASES))


def neutral_mask(text: str) -> bytearray:
    """1 for every character inside a neutral phrase such as 「非常」 or 「不好意思」.

    Phrases are tried only where one could start: at most :data:`_NEUTRAL_LONGEST` characters
    before an anchor character. At each such place the longest phrase that starts there covers
    every shorter one, so one match (longest first) per place is enough.
    """
    mask = bytearray(len(text))
    tried = 0  # every start before this has been tried
    for anchor in _NEUTRAL_ANCHOR.finditer(text):
        at = anchor.start()
        for start in range(max(tried, at - _NEUTRAL_LONGEST + 1), at + 1):
            found = _NEUTRAL.match(text, start)
            if found is not None:
                mask[start : found.end()] = b"\x01" * (found.end() - start)
        tried = at + 1
    return mask


def _clause_head(text: str, start: int, reach: int) -> int:
    """Where the clause holding `start` begins, looking back at most `reach` characters."""
    head = start
    while head > 0 and start - head < reach and not is_boundary(text[head - 1]):
        head -= 1
    return head


def _clause_tail(text: str, end: int, reach: int) -> int:
    """Where the clause holding `end` ends, looking ahead at most `reach` characters."""
    tail = end
    while tail < len(text) and tail - end < reach and not is_boundary(text[tail]):
        tail += 1
    return tail


def is_negated(text: str, start: int, mask: bytearray | None = None) -> bool:
    """Whether a negation cue stands shortly before position `start`, in the same clause.

    A cue inside a neutral phrase (the 非 of 非常, the 不 of 不好意思) does not count.
    Only the few characters a cue could occupy are looked at, so a long clause costs no more
    than a short one.
    """
    if not _CUE_FIRST_CHARS.intersection(text[max(0, start - _CUE_REACH) : start]):
        return False  # no cue character within reach at all: decided without walking the clause
    window_start = _clause_head(text, start, _CUE_REACH)
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


def is_negated_wide(text: str, start: int, mask: bytearray | None = None) -> bool:
    """Whether a cue that negates a whole proposition («并不会让顾客觉得银行早知道问题却不修»)
    stands anywhere in the WIDE_REACH characters before `start`, in the same clause."""
    if not _WIDE_FIRST_CHARS.intersection(text[max(0, start - WIDE_REACH) : start]):
        return False
    return _has_unmasked(text, _clause_head(text, start, WIDE_REACH), start, WIDE_NEGATION_CUES, mask)


def is_denied_in_clause(text: str, end: int) -> bool:
    """Whether an evaluation such as 「意义不大」 comes later in the same clause, however far."""
    ahead = text[end : end + ENUMERATION_REACH]
    if "不" not in ahead and "没" not in ahead:  # every clause denial has one of these
        return False
    rest = text[end : _clause_tail(text, end, ENUMERATION_REACH)]
    return any(not _not_a_denial(rest, found.start(), found.group()) for found in _CLAUSE_DENIAL.finditer(rest))


_CLAUSE_DENIAL = re.compile("|".join(map(re.escape, sorted(banks.CLAUSE_DENIALS, key=len, reverse=True))))
_TOPIC_MARKER = re.compile("|".join(map(re.escape, banks.TOPIC_MARKERS)))


TOPIC_TAIL = 6
"""Most characters between a topic and the end of its clause: 「至于道歉这件事，…」."""
TOPIC_DENIAL_REACH = 12
"""How far into the next clause the denial of a topic may stand: 「…，我觉得其实没有这个必要」."""


def is_denied_as_topic(text: str, start: int, end: int) -> bool:
    """Whether the phrase is a topic («至于道歉，») that the next clause denies («我觉得没有这个必要»).

    Only a phrase made a topic by a marker counts: a denial after a comma does not reach back into
    a plain clause («先道歉，不需要您再跑一趟» denies nothing of 道歉).
    """
    if not _TOPIC_MARKER.search(text, max(0, start - ENUMERATION_REACH), start):
        return False  # the common case, decided at C speed
    if not _TOPIC_MARKER.search(text, _clause_head(text, start, ENUMERATION_REACH), start):
        return False  # the marker belongs to an earlier clause
    topic_end = _clause_tail(text, end, TOPIC_TAIL + 1)
    if topic_end - end > TOPIC_TAIL or topic_end >= len(text):
        return False  # the phrase is not what its clause is about, or nothing follows
    after = topic_end + 1
    while after < len(text) and is_boundary(text[after]):
        after += 1
    following = text[after : _clause_tail(text, after, TOPIC_DENIAL_REACH)]
    return any(denial in following for denial in banks.TOPIC_DENIALS)


def is_denied_after(text: str, end: int) -> bool:
    """Whether an evaluation such as 「谈不上」 follows position `end` closely, in the same clause."""
    tail = text[end : end + _POST_REACH]
    if "不" not in tail and "非" not in tail and "没" not in tail:  # every post-negation cue has one of these
        return False
    tail = text[end : _clause_tail(text, end, _POST_REACH)]
    return any(found.start() <= POST_NEGATION_GAP and not _not_a_denial(tail, found.start(), found.group())
               for found in _POST_DENIAL.finditer(tail))


def _not_a_denial(text: str, at: int, denial: str) -> bool:
    """A denial word that denies nothing where it stands: 「…就不用等了」 is a consequence of the
    phrase before it, and 「有没有关系」 asks (an A-not-A question). A 「就不必」 that ends its clause
    («道歉就不必了») has nothing to be the consequence of: it denies what comes before."""
    before = text[at - 1] if at > 0 else ""
    follows = text[at + len(denial) : at + len(denial) + 1]
    consequence = denial in _NO_NEED and before == "就" and follows not in ("", "了", "啦", "吧")
    return consequence or (denial.startswith("没有") and before == "有")


def is_cancelled(text: str, start: int, end: int, mask: bytearray | None = None) -> bool:
    """Whether the phrase at text[start:end] is negated before it or denied right after it,
    on its own or as an item of an enumeration («不能翻箱、收押金», «翻箱、收押金千万别做»)."""
    if (is_negated(text, start, mask) or is_negated_wide(text, start, mask) or is_denied_after(text, end)
            or is_denied_in_clause(text, end) or is_denied_as_topic(text, start, end)):
        return True
    return _enumeration_cancelled(text, start, end, mask)


_PROHIBITION = re.compile("|".join(map(re.escape, sorted(banks.PROHIBITIONS, key=len, reverse=True))))
_POST_DENIAL = re.compile("|".join(map(re.escape, sorted(POST_NEGATION_CUES, key=len, reverse=True))))
ENUMERATION_REACH = 30
"""How far an enumeration joined by 「、」 is followed in each direction, and a clause denial
looked for; the farthest any negation rule looks."""


def _enumeration_cancelled(text: str, start: int, end: int, mask: bytearray | None) -> bool:
    """A cue at the head of an enumeration, or a denial in its last item, covers every item."""
    if (not _PROHIBITION.search(text, max(0, start - ENUMERATION_REACH), start)
            and not _POST_DENIAL.search(text, end, end + ENUMERATION_REACH)):
        return False  # nothing that could cover an enumeration: decided at C speed
    before = max(text.rfind("、", max(0, start - ENUMERATION_REACH), start),
                 text.rfind("或", max(0, start - ENUMERATION_REACH), start))
    after = text.find("、", end, end + ENUMERATION_REACH)
    if before != -1 and any(map(is_boundary, text[before + 1 : start])):
        before = -1  # that 「、」 belongs to an earlier clause
    if after != -1 and any(map(is_boundary, text[end:after])):
        after = -1
    if before == -1 and after == -1:
        return False  # not an item of an enumeration
    head, marks = start, []
    while head > 0 and start - head < ENUMERATION_REACH and (text[head - 1] == "、" or not is_boundary(text[head - 1])):
        head -= 1
        if text[head] == "、":
            marks.append(head)
    tail, last_item = end, None
    while tail < len(text) and tail - end < ENUMERATION_REACH and (text[tail] == "、" or not is_boundary(text[tail])):
        if text[tail] == "、":
            last_item = tail + 1
        tail += 1
    if before != -1 and _has_unmasked(text, head, min(before, head + _CUE_REACH), banks.PROHIBITIONS, mask):
        return True  # the phrase is a later item, and a prohibition heads the first one
    if marks or last_item is not None:  # a denial anywhere in the last item covers the enumeration
        last = text[last_item if last_item is not None else end : tail]
        if any(cue in last for cue in POST_NEGATION_CUES):
            return True
    return False


def has_cue(text: str, start: int, end: int, mask: bytearray | None = None) -> bool:
    """Whether a negation cue (outside neutral phrases) lies wholly within text[start:end]."""
    if not _CUE_FIRST_CHARS.intersection(text[start:end]):
        return False
    return _has_unmasked(text, start, end, NEGATION_CUES, mask)


def _has_unmasked(text: str, start: int, end: int, cues: tuple[str, ...], mask: bytearray | None) -> bool:
    """Whether one of `cues` lies wholly within text[start:end], outside every neutral phrase."""
    window = text[start:end]
    for cue in cues:
        if cue not in window:
            continue
        if mask is None:
            mask = neutral_mask(text)
        for offset in find_all(window, cue):
            if not any(mask[start + offset : start + offset + len(cue)]):
                return True
    return False

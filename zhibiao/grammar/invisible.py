"""Characters nobody sees in a cell: read as the cell shows, or refused.

Text copied from web pages, chat messages and PDF files carries characters that take no
room on the screen. A 指标值 or an actual is read as a person sees it:

- **zero-width characters** (:data:`ZERO_WIDTH`: zero-width space, joiners, word joiner,
  byte-order mark, soft hyphen …) are dropped, so ``9<U+200B>5%`` reads as the ``95%``
  that is shown — never as the two values ``9`` and ``5%``;
- characters that **change the order** text is shown in (bidi controls such as
  U+202E, which can make ``%59≥`` show as ``≥95%``), and **control characters**, make
  what is shown and what is stored differ in a way no reading can settle: the value is
  refused (:func:`refused_character`), with the character's code point and column.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ("MAY_HIDE", "ZERO_WIDTH", "refused_character", "without_zero_width")

#: Dropped before reading: they take no room and mean nothing in a value.
ZERO_WIDTH = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
#: Every character this module looks at (a cheap first test: most cells have none).
MAY_HIDE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]")
_ZERO_WIDTH_RUN = re.compile("[" + "".join(sorted(ZERO_WIDTH)) + "]+")


def without_zero_width(text: str) -> str:
    """``text`` without its zero-width characters."""
    return _ZERO_WIDTH_RUN.sub("", text) if MAY_HIDE.search(text) else text


def refused_character(text: str) -> tuple[int, str] | None:
    """The index of the first character that makes ``text`` unreadable as shown, and
    why (in Chinese); None when there is none."""
    if MAY_HIDE.search(text) is None:
        return None
    for index, char in enumerate(text):
        if char in ZERO_WIDTH:
            continue
        category = unicodedata.category(char)
        code = f"U+{ord(char):04X}"
        if unicodedata.bidirectional(char) in _REORDERING or char in _MARKS:
            return index, (f"有改变显示顺序的不可见字符 {code}：屏幕上显示的顺序与实际的字符"
                           "顺序不同，无法确定本意")
        if category == "Cc" and not char.isspace():
            return index, f"有不可见的控制字符 {code}"
        if category in ("Cf", "Cs"):
            return index, f"有不可见的格式字符 {code}"
    return None


#: Bidi classes of the characters that embed, override or isolate a direction, and the
#: marks that pull neutral characters (≥, %, digits around them) to one side.
_REORDERING = frozenset({"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"})
_MARKS = frozenset("\u061c\u200e\u200f")

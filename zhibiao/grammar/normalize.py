"""Text clean-up before parsing: NFKC, OCR'd LaTeX, whitespace, trailing punctuation.

Every character of the normalised text remembers where it came from, so an error
points at the column of the text the user wrote, not of the cleaned one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("MAX_LENGTH", "Normalized", "normalize")

#: Longest 指标值 accepted. Real cells are under 100 characters; longer input is
#: rejected at once rather than parsed slowly.
MAX_LENGTH = 1000

_TRAILING = "。.;,、 "
_NEEDS_WORK = re.compile(r"[\s\\$]")


def _is_clean(text: str) -> bool:
    return (
        _NEEDS_WORK.search(text) is None
        and not (text and text[-1] in _TRAILING)
        and unicodedata.is_normalized("NFKC", text)
    )
_LATEX_STRIP = "${}"


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    origin: Sequence[int]  # origin[i]: index in the input of normalised character i
    source_length: int

    def column(self, index: int) -> int:
        """1-based column in the input of normalised position ``index``."""
        if index < len(self.origin):
            return self.origin[index] + 1
        return self.source_length + 1 if not self.origin else self.origin[-1] + 2


def normalize(text: str, vocabulary: Vocabulary) -> Normalized:
    """Normalise ``text`` (which must be at most :data:`MAX_LENGTH` characters)."""
    if _is_clean(text):  # the common case: nothing to change, positions are identical
        return Normalized(text, range(len(text)), len(text))
    chars: list[str] = []
    origin: list[int] = []
    has_latex = "\\" in text
    i = 0
    while i < len(text):
        if has_latex and text[i] == "\\":
            for command, symbol in vocabulary.latex:
                if text.startswith(command, i):
                    chars.extend(symbol)
                    origin.extend([i] * len(symbol))
                    i += len(command)
                    break
            else:
                chars.append("\\")
                origin.append(i)
                i += 1
            continue
        ch = text[i]
        if has_latex and ch in _LATEX_STRIP:
            i += 1
            continue
        folded = unicodedata.normalize("NFKC", ch)
        for out in folded:
            if out.isspace():
                out = " "
            if out == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(out)
            origin.append(i)
        i += 1
    while chars and chars[-1] in _TRAILING:
        chars.pop()
        origin.pop()
    return Normalized("".join(chars), tuple(origin), len(text))

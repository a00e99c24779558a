"""Text clean-up before parsing: zero-width characters dropped (see
:mod:`zhibiao.grammar.invisible`), NFKC, traditional → simplified characters, OCR'd LaTeX,
whitespace, trailing punctuation.

Every character of the normalised text remembers where it came from, so an error
points at the column of the text the user wrote, not of the cleaned one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from zhibiao.grammar.invisible import MAY_HIDE, ZERO_WIDTH
from zhibiao.grammar.traditional import default_traditional_table, has_traditional
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("MAX_LENGTH", "Normalized", "normalize")

#: Longest 指标值 accepted. Real cells are under 100 characters; longer input is
#: rejected at once rather than parsed slowly.
MAX_LENGTH = 1000

_TRAILING = "。.;,、 "
_NEEDS_WORK = re.compile(r"[\s\\$]")


def _is_clean(text: str) -> bool:
    if _NEEDS_WORK.search(text) is not None or (text and text[-1] in _TRAILING) \
            or MAY_HIDE.search(text) is not None:
        return False
    # ASCII text is NFKC-normal and holds no traditional character: the Unicode
    # checks are for the rest.
    return text.isascii() or (unicodedata.is_normalized("NFKC", text)
                              and not has_traditional(text))
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


def _replace_latex(source: list[tuple[str, int]],
                   vocabulary: Vocabulary) -> list[tuple[str, int]]:
    text = "".join(ch for ch, _ in source)
    out: list[tuple[str, int]] = []
    k = 0
    while k < len(source):
        if text[k] == "\\":
            command = next((c for c in vocabulary.latex if text.startswith(c[0], k)), None)
            if command is not None:
                out.extend((symbol, source[k][1]) for symbol in command[1])
                k += len(command[0])
                continue
        out.append(source[k])
        k += 1
    return out


def normalize(text: str, vocabulary: Vocabulary) -> Normalized:
    """Normalise ``text`` (which must be at most :data:`MAX_LENGTH` characters)."""
    if _is_clean(text):  # the common case: nothing to change, positions are identical
        return Normalized(text, range(len(text)), len(text))
    # Full-width forms first (＼ is a backslash too) and traditional characters (萬 → 万,
    # one for one), then OCR'd LaTeX: drop $ { } (so that normalising twice changes
    # nothing) and replace the commands; every character keeps the index it came from.
    simplified = default_traditional_table().simplified
    source = [(simplified.get(out, out), i) for i, ch in enumerate(text)
              if ch not in ZERO_WIDTH  # read as shown: 9<U+200B>5% is 95%
              for out in unicodedata.normalize("NFKC", ch)]
    if any(ch == "\\" for ch, _ in source):
        source = [(ch, i) for ch, i in source if ch not in _LATEX_STRIP]
        for _ in range(len(source)):  # until nothing changes: \\% → \% → %
            replaced = _replace_latex(source, vocabulary)
            if replaced == source:
                break
            source = replaced
    chars: list[str] = []
    origin: list[int] = []
    for out, i in source:
        if out.isspace():
            out = " "
        if out == " " and (not chars or chars[-1] == " "):
            continue
        chars.append(out)
        origin.append(i)
    while chars and chars[-1] in _TRAILING:
        chars.pop()
        origin.pop()
    return Normalized("".join(chars), tuple(origin), len(text))

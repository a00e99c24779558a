"""The sentence rule: a number that sits inside a sentence is no target value.

``对困难家庭超出2个月的部分予以补贴`` mentions 2个月, but the cell states a policy, not a
value to reach. A clause is read as a qualitative phrase instead of a comparison (range,
deadline) with a label and a noun when

1. the text after its number holds a sentence word of the vocabulary (``[sentence]
   after``: 的部分, 予以, 给予 …): the number is a condition inside a sentence; or
2. a quotation or title mark (``[sentence] name_marks``: “”, 《》 …) opens before the
   number and is not closed there: the number is part of a name (“四项制度”).

Everything else with text around a number stays a value: ``处置率达100%``, ``≥10个项目``,
``培训人数≥300人``, ``完成3个项目``, ``90%以上的农户受益``. Shared by the fast path and the
clause assembly, so both read a cell alike.
"""

from __future__ import annotations

import re

from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("SentenceRule",)


class SentenceRule:
    """The sentence rule for one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        words = vocabulary.sentence_after
        self._after = re.compile("|".join(map(re.escape, words))) if words else None
        self._marks = tuple((pair[0], pair[-1]) for pair in vocabulary.name_marks)
        openers = "".join(left for left, _ in self._marks)
        self._opener = re.compile(f"[{re.escape(openers)}]") if openers else None

    def in_sentence(self, label: str | None, noun: str | None) -> bool:
        """True when the value between ``label`` and ``noun`` is part of a sentence."""
        if noun and self._after is not None and self._after.search(noun):
            return True
        if not label or self._opener is None or self._opener.search(label) is None:
            return False
        return any(_unclosed(label, left, right) for left, right in self._marks)


def _unclosed(text: str, left: str, right: str) -> bool:
    if left == right:  # "…": an odd count leaves one open
        return text.count(left) % 2 == 1
    return text.count(left) > text.count(right)

"""The sentence rule: a number that sits inside a sentence or a name is no target value.

``对困难家庭超出2个月的部分予以补贴`` mentions 2个月, but the cell states a policy, not a
value to reach. Three rules, with their words in the vocabulary (``[sentence]``):

1. **Sentence words.** When the text after a number (up to the next number or the end
   of the clause) holds a word of ``after`` (的部分, 予以, 给予 …), the number is a
   condition inside a sentence: the whole clause is a qualitative phrase.
   **Basis words.** When the text before a number (its label) holds a word of ``basis``
   (按, 按照, 依照 …: "according to"), the number is the standard an action follows
   (分红按8%分红, 严格按照预算标准1000元/人给补助对象兑付补助): the clause is a phrase —
   unless the word is part of a word of ``not_basis`` (按时, 按期: 按时完成率100%) or the
   label ends in a word of ``measures`` naming what is measured (按标准发放率100%).
2. **Names.** A number after a quotation or title mark of ``name_marks`` (“”, 《》 …)
   that is not closed before it is part of a name (“四项制度”, 《2023年度工作方案》): it
   is text, like the words around it. The clause keeps its other values
   (“四项制度”落实率≥95% is ≥95% with the label “四项制度”落实率).
3. **An operator word that starts a label** (至少全年完成2次宣传) is the value's operator
   (≥2次 with the label 全年完成), never part of the label: a bound word of two or more
   characters of ``>=`` or ``<=`` (至少, 不低于, 不超过, 最多 …). One-character words (达, 约)
   start ordinary words (达标率, 约束性) and stay in the label.
4. **Numbers inside an indicator name.** A cell may hold the indicator's name and its
   value, and the name may hold numbers of its own: ``7岁以下儿童健康服务率≥90%``,
   ``0-6岁儿童眼保健和视力检查覆盖率≥90%``, ``2型糖尿病患者管理人数63万人``. When the last
   value of a clause has an operator, or the text right before it ends in a word of
   ``measures`` (率, 数 …), the values before it that have no operator of their own (a bare
   number, 7岁以下, 0-6岁) are part of its label: one value, labelled
   ``7岁以下儿童健康服务率``. A number in such a label followed by a word of ``name_numbers``
   (岁, 个月, 型, 类, 级: an age group, a type) is plainly a name; any other
   (``年巡查(访)2次完成率≥90%``: is 2次 a target too?) is flagged ``number_in_label``.
5. **A target relative to a base value.** ``比2015年(24.31)降低10个百分点`` names a base
   year, its value and a change in percentage points: a reader takes the bound the
   change reaches, ≤14.31% (a verb of ``lower``; ``raise`` gives ≥). The cell's wording is
   kept as the value's note (``≤14.31%【比2015年(24.31)降低10个百分点】``) and the reading
   is flagged ``relative_target``. Without a written base value there is no bound to
   read: ``比2015年降低10个百分点`` is refused, asking for the base value.

Everything else with text around a number stays a value: ``处置率达100%``, ``≥10个项目``,
``培训人数≥300人``, ``完成3个项目``, ``90%以上的农户受益``. Shared by the fast path and the
clause assembly, so both read a cell alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from zhibiao.grammar.models import Op
from zhibiao.grammar.numerals import format_decimal, parse_decimal
from zhibiao.grammar.vocabulary import Vocabulary

__all__ = ("SentenceRule",)


class SentenceRule:
    """The sentence rule for one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._after = _words(vocabulary.sentence_after)
        self._marks = tuple((pair[0], pair[-1]) for pair in vocabulary.name_marks)
        chars = "".join(dict.fromkeys(ch for pair in self._marks for ch in pair))
        self._mark = re.compile(f"[{re.escape(chars)}]") if chars else None
        self._basis = _words(vocabulary.sentence_basis)
        self._not_basis = _words(vocabulary.sentence_not_basis)
        self._measures = vocabulary.sentence_measures
        self._name_numbers = vocabulary.sentence_name_numbers
        self._change = {**{w: Op.LE for w in vocabulary.sentence_lower},
                        **{w: Op.GE for w in vocabulary.sentence_raise}}
        verbs = "|".join(map(re.escape, sorted(self._change, key=len, reverse=True)))
        self._relative = re.compile(
            r"比\s*((?:19|20)\d{2})\s*年(?:的)?\s*(?:\(\s*(\d+(?:\.\d+)?)\s*%?\s*\))?\s*"
            rf"({verbs})\s*(\d+(?:\.\d+)?)\s*个?百分点") if verbs else None
        bounds = {w: Op(ops.op) for ops in vocabulary.operators if ops.op in (">=", "<=")
                  for w in ops.prefix if len(w) > 1}
        self._bounds = bounds
        # The longest word first, as the alternation tries them in order.
        self._bound_word = _words(tuple(bounds))

    def label_operator(self, label: str | None) -> tuple[Op, str | None] | None:
        """Rule 3: the operator of a bound word that starts ``label``, and the rest."""
        if label is None or self._bound_word is None:
            return None
        match = self._bound_word.match(label)
        if match is None:
            return None
        return self._bounds[match.group()], label[match.end():].strip() or None

    def in_sentence(self, text_after: str | None) -> bool:
        """Rule 1: ``text_after`` a number holds a sentence word."""
        if not text_after or self._after is None:
            return False
        return self._after.search(text_after) is not None

    def on_basis(self, label: str | None) -> bool:
        """Rule 1, basis words: ``label`` (the text before a number) holds a basis word."""
        if not label or self._basis is None or self._basis.search(label) is None \
                or label.endswith(self._measures):
            return False  # no basis word (cheapest test first: the usual case)
        if self._not_basis is not None:
            label = self._not_basis.sub("\x00", label)
        return self._basis.search(label) is not None

    def relative_target(self, text: str) -> tuple[Op, Decimal | None, str] | None:
        """Rule 5: the bound of a target relative to a base value (比2015年(24.31)降低
        10个百分点 → ≤, 14.31, the arithmetic in words), or None. The bound is None when
        the base value is not written (比2015年降低10个百分点)."""
        match = self._relative.fullmatch(text.strip()) if self._relative else None
        if match is None:
            return None
        year, base, verb, delta = match.groups()
        op = self._change[verb]
        if base is None:
            return op, None, f"比{year}年{verb}{delta}个百分点"
        bound = parse_decimal(base) + parse_decimal(delta) * (1 if op is Op.GE else -1)
        sign = "+" if op is Op.GE else "−"
        return op, bound, f"{year}年的 {base}% {sign} {delta} 个百分点 = {format_decimal(bound)}%"

    def names_measure(self, label: str) -> bool:
        """Rule 4: ``label`` ends in a word naming what is measured (完成率, 管理人数)."""
        return label.rstrip().endswith(self._measures)

    def numbers_outside_names(self, label: str) -> Iterator[tuple[int, str, str]]:
        """Rule 4: each arabic number of ``label`` outside quotation marks that is no part
        of a name (not followed by a word of ``name_numbers``): where it starts, the
        number and the text after it.

        The low end of a range (0 in 0-6岁) takes the word of its high end.
        """
        names = self.names()
        read = 0
        for match in _NUMBER.finditer(label):
            names.read(label[read:match.start()])
            read = match.start()
            after = label[match.end():].lstrip()
            if names.inside or _RANGE_ON.match(after) or after.startswith(self._name_numbers):
                continue
            yield match.start(), match.group(), after

    def has_marks(self, text: str) -> bool:
        """Whether ``text`` holds any quotation or title mark (else rule 2 never applies)."""
        return self._mark is not None and self._mark.search(text) is not None

    def names(self) -> NameTracker:
        """A tracker of the names opened so far, fed with the text as it is read."""
        return NameTracker(self._marks)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RANGE_ON = re.compile(r"(?:-+|~|〜|—+|至|到)\s*\d")


def _words(words: tuple[str, ...]) -> re.Pattern[str] | None:
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


class NameTracker:
    """Which quotation and title marks are open after the text read so far (rule 2)."""

    def __init__(self, marks: tuple[tuple[str, str], ...]) -> None:
        self._marks = marks
        self._open = [0] * len(marks)

    def read(self, text: str) -> None:
        for k, (left, right) in enumerate(self._marks):
            if left == right:  # "…": each one opens or closes
                self._open[k] = (self._open[k] + text.count(left)) % 2
            else:
                self._open[k] = max(0, self._open[k] + text.count(left) - text.count(right))

    @property
    def inside(self) -> bool:
        """True inside a name: a mark is open."""
        return any(self._open)

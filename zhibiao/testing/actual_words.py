"""What evaluators write that is no number: the shared ground of the actuals strategies.

The outcomes an actual can aim at, the settings it is drawn under, blank and
unparsable cells, evaluators' words by tier, grades by band, completion percentages.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Literal, NamedTuple

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from zhibiao.engine.policy import Direction, Policy
from zhibiao.grammar import default_vocabulary, format_decimal

# ---- actuals that achieve, miss, or cannot be evaluated -----------------------------

#: What :func:`actuals_for` can aim at: the values of :class:`zhibiao.engine.Status`.
OutcomeName = Literal["achieved", "not_achieved", "not_evaluable", "not_applicable"]

OUTCOMES: tuple[OutcomeName, ...] = ("achieved", "not_achieved", "not_evaluable",
                                     "not_applicable")

# Cells that mean "nothing was filled in" (an empty cell, a dash, a slash).
_BLANKS = ("", " ", "/", "—", "——", "-", "--", "空")
# Texts that are neither evaluators' words nor 指标值 notation.
_UNPARSABLE = ("≥≥95%", "95%%", "≥", "〓", "95%-", "≥95%≤")
# Phrases that state no tier: a qualitative target needs a person to judge them.
_JUDGEMENT_PHRASES = ("效果很好", "群众反映良好", "情况正常", "有待观察", "正在推进")


class _Impossible(Exception):
    """No actual can give the requested outcome against this target."""


class _Settings(NamedTuple):
    policy: Policy
    direction: Direction | None
    category: str | None


class _Words(NamedTuple):
    tiers: dict[int, tuple[str, ...]]          # tier → the words evaluators write
    grades: dict[str, Decimal]                 # grade → low % of its default band
    scales: dict[str, dict[str, Decimal]]      # scale → grade → low %
    not_applicable: tuple[str, ...]


@lru_cache(maxsize=1)
def _words() -> _Words:
    """Evaluators' words by tier and grades by band, from the vocabulary file."""
    vocabulary = default_vocabulary()
    tiers: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for word, tier in vocabulary.actual_words:
        tiers.setdefault(tier, []).append(word)
    tier_words = {word for word, _ in vocabulary.actual_words}
    grades: dict[str, Decimal] = {}
    scales: dict[str, dict[str, Decimal]] = {}
    for scale, bands in vocabulary.grades:
        scales[scale] = {grade: low for grade, low, _ in bands}
        for grade, low, _ in bands:
            if grade not in tier_words:
                grades.setdefault(grade, low)  # the first scale naming a grade is its default
    return _Words({k: tuple(v) for k, v in tiers.items()}, grades, scales,
                  tuple(vocabulary.na_phrases))


def _compact(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and ch not in ",，;；、。.")


def _tier_words(*tiers: int) -> SearchStrategy[str]:
    words = _words()
    return st.sampled_from([w for tier in tiers for w in words.tiers.get(tier, ())])


def _grade_words(achieved: bool, settings: _Settings, scale: str | None) -> list[str]:
    """Grades whose band starts at or above the first tier's lower bound (or below it)."""
    words = _words()
    threshold = settings.policy.qualitative_bands[0]
    chosen = []
    for grade, low in words.grades.items():
        if scale is not None and grade in words.scales.get(scale, {}):
            low = words.scales[scale][grade]
        if (low >= threshold) == achieved:
            chosen.append(grade)
    return chosen


def _verdicts(achieved: bool, settings: _Settings, scale: str | None = None,
              ) -> SearchStrategy[str]:
    """Tier words and grades: tier 1 achieves; tiers 2 and 3 do not."""
    words = _tier_words(1) if achieved else _tier_words(2, 3)
    grades = _grade_words(achieved, settings, scale)
    return st.one_of(words, st.sampled_from(grades)) if grades else words


def _percents(achieved: bool) -> SearchStrategy[str]:
    """A percentage read as the degree of completion of a non-numeric target."""
    if achieved:
        values = st.decimals(min_value=100, max_value=200, places=2)
    else:
        values = st.decimals(min_value=0, max_value=Decimal("99.99"), places=2)
    return values.map(lambda v: format_decimal(v) + "%")


def _blank_or_unparsable() -> SearchStrategy[str]:
    return st.sampled_from(_BLANKS) | st.sampled_from(_UNPARSABLE)


def _not_applicable_words() -> SearchStrategy[str]:
    return st.sampled_from(_words().not_applicable)



def _word_kind(text: str) -> str:
    """What an actual with this text is read as: blank, tier, grade, n/a or a phrase."""
    folded = unicodedata.normalize("NFKC", text).strip()
    compact = folded.replace(" ", "")
    words = _words()
    if folded.strip("。.;,、 ") in _BLANKS:
        return "blank"
    if any(compact in tier_words for tier_words in words.tiers.values()):
        return "tier"
    if compact in words.grades:
        return "grade"
    if any(phrase in compact for phrase in words.not_applicable):
        return "not_applicable"
    return "phrase"

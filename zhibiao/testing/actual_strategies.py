"""The :func:`actuals_for` strategy: texts of actuals that give a requested outcome.

Numbers come from :mod:`zhibiao.testing.actual_numbers`, dates from
:mod:`zhibiao.testing.actual_dates`, words from :mod:`zhibiao.testing.actual_words`;
this module adds qualitative and compound targets and checks the arguments.
Re-exported by :mod:`zhibiao.testing.strategies`, the public door.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from zhibiao.engine.policy import DEFAULT_POLICY, Direction, Policy
from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar import (
    Comparison,
    Compound,
    Deadline,
    NotApplicable,
    Qualitative,
    Range,
    Target,
    default_parser,
    format_decimal,
)
from zhibiao.testing.actual_dates import _deadline_texts
from zhibiao.testing.actual_numbers import _numeric_texts
from zhibiao.testing.actual_words import (
    _BLANKS,
    _JUDGEMENT_PHRASES,
    _UNPARSABLE,
    OUTCOMES,
    OutcomeName,
    _blank_or_unparsable,
    _compact,
    _Impossible,
    _not_applicable_words,
    _percents,
    _Settings,
    _tier_words,
    _verdicts,
    _word_kind,
)

__all__ = (
    "OUTCOMES",
    "actuals_for",
)

# ---- qualitative targets: words, grades and percentages -----------------------------

def _qualitative_texts(target: Qualitative, outcome: str, settings: _Settings, *,
                       plain: bool) -> SearchStrategy[str]:
    """Words by tier, grades by band, the target's own phrase, a completion percentage;
    for 据实 targets anything filled in achieves (only tier 2–3 words do not)."""
    if outcome == "not_evaluable":
        if target.is_as_incurred:
            return _blank_or_unparsable()
        own = _compact(target.text)
        phrases = [p for p in _JUDGEMENT_PHRASES if _compact(p) != own]
        return st.sampled_from(_UNPARSABLE) | st.sampled_from(_BLANKS) | st.sampled_from(phrases)
    achieved = outcome == "achieved"
    if target.is_as_incurred:
        if not achieved:
            return _tier_words(2, 3)
        amounts = st.decimals(min_value=0, max_value=10**6, places=2).map(
            lambda v: format_decimal(v) + "万元")
        return st.one_of(_tier_words(1), _percents(True), _percents(False), amounts,
                         st.sampled_from(_JUDGEMENT_PHRASES))
    options = [_verdicts(achieved, settings, target.scale), _percents(achieved)]
    if achieved and _word_kind(target.text) == "phrase":
        options.append(st.just(target.text))  # repeating the target's phrase is tier 1
    return st.one_of(options)



# ---- compound targets: one part per clause --------------------------------------------

def _compound_texts(target: Compound, outcome: str, settings: _Settings, *,
                    scales: bool) -> SearchStrategy[str]:
    """Parts joined by ；: all met achieves; any missed (none unjudgeable) misses."""
    clauses = target.clauses
    applicable = [i for i, c in enumerate(clauses) if not isinstance(c, NotApplicable)]
    parts: list[dict[str, SearchStrategy[str]]] = []
    for clause in clauses:
        found: dict[str, SearchStrategy[str]] = {}
        if isinstance(clause, NotApplicable):
            found["any"] = st.just("1")  # a not-applicable clause counts for nothing
        else:
            for status in ("achieved", "not_achieved"):
                with contextlib.suppress(_Impossible):
                    found[status] = _clause_texts(clause, status, settings, scales=scales,
                                                  plain=True)
        parts.append(found)

    def option(index: int, status: str) -> SearchStrategy[str]:
        found = parts[index]
        return found["any"] if "any" in found else found[status]

    if outcome == "not_evaluable":
        if not all(parts[i] for i in range(len(clauses) - 1)):
            return _blank_or_unparsable()
        fewer = st.tuples(*(st.one_of(list(parts[i].values()))
                            for i in range(len(clauses) - 1))).map(";".join)
        return st.one_of(_blank_or_unparsable(), fewer)
    if not applicable:
        raise _Impossible("every clause is not applicable (不适用)")
    if outcome == "achieved":
        missing = [str(clauses[i]) for i in applicable if "achieved" not in parts[i]]
        if missing:
            raise _Impossible(f"no part can meet {'、'.join(missing)}")
        choices = [option(i, "achieved") for i in range(len(clauses))]
        return st.tuples(*choices).flatmap(_joined)
    can_miss = [i for i in applicable if "not_achieved" in parts[i]]
    stuck = [str(clauses[i]) for i in applicable if not parts[i]]
    if not can_miss or stuck:
        raise _Impossible("no clause can be missed by a part that is a plain number or word")

    @st.composite
    def build(draw: st.DrawFn) -> str:
        missed = draw(st.sampled_from(can_miss))
        texts = []
        for index in range(len(clauses)):
            if index == missed:
                texts.append(draw(option(index, "not_achieved")))
            else:
                texts.append(draw(st.one_of(list(parts[index].values()))))
        return draw(_joined(tuple(texts)))

    return build()


def _joined(texts: tuple[str, ...]) -> SearchStrategy[str]:
    return st.sampled_from([";", "；"]).map(lambda sep: sep.join(texts))


def _anything_filled() -> SearchStrategy[str]:
    """Texts an evaluator may write, all of which parse."""
    amounts = st.decimals(min_value=0, max_value=1000, places=2).map(
        lambda v: format_decimal(v) + "%")
    return st.one_of(_tier_words(1, 2, 3), amounts, st.sampled_from(_BLANKS),
                     _not_applicable_words(), st.sampled_from(_JUDGEMENT_PHRASES))


def _clause_texts(target: Target, outcome: str, settings: _Settings, *, scales: bool,
                  plain: bool = False) -> SearchStrategy[str]:
    """Texts of actuals giving ``outcome`` against ``target`` (raises _Impossible)."""
    if isinstance(target, NotApplicable):
        if outcome == "not_applicable":
            return _anything_filled()
        raise _Impossible("a not-applicable target (本指标不适用) is never evaluated: "
                          "every actual gives not_applicable")
    if outcome == "not_applicable":
        return _not_applicable_words()
    if isinstance(target, (Comparison, Range)):
        return _numeric_texts(target, outcome, settings, scales=scales, plain=plain)
    if isinstance(target, Qualitative):
        return _qualitative_texts(target, outcome, settings, plain=plain)
    if isinstance(target, Deadline):
        return _deadline_texts(target, outcome, settings, plain=plain)
    return _compound_texts(target, outcome, settings, scales=scales)


def _outcome_name(outcome: object, where: str) -> str:
    if not isinstance(outcome, str) or outcome not in OUTCOMES:
        raise InvalidArgument(f"{where}: outcome={outcome!r}; choose one of "
                              f"{', '.join(OUTCOMES)} (or a strategy of them)")
    return OUTCOMES[OUTCOMES.index(outcome)]  # a Status member → its plain str


def _settings(policy: Policy | None, direction: Direction | str | None,
              category: str | None, where: str) -> _Settings:
    if policy is not None and not isinstance(policy, Policy):
        raise InvalidArgument(f"{where}: policy={policy!r} is not a zhibiao.engine.Policy")
    forced = None
    if direction is not None:
        try:
            forced = Direction(direction)
        except ValueError:
            raise InvalidArgument(f"{where}: direction={direction!r}; use 正向, 反向 or 等于 "
                                  "(or higher, lower, exact)") from None
    if category is not None and not isinstance(category, str):
        raise InvalidArgument(f"{where}: category={category!r} should be a 二级指标 name")
    return _Settings(policy or DEFAULT_POLICY, forced, category)


def _target_model(target: object, where: str) -> Target:
    if isinstance(target, str):
        try:
            return default_parser().parse(target)
        except IndicatorSyntaxError as exc:
            raise InvalidArgument(f"{where}: the target {target!r} does not parse: "
                                  f"{exc.message}") from None
    if isinstance(target, (Comparison, Range, Deadline, Qualitative, NotApplicable, Compound)):
        return target
    raise InvalidArgument(f"{where}: target should be 指标值 text or a parsed model, "
                          f"not {type(target).__name__}")


def actuals_for(
    target: Target | str,
    *,
    outcome: OutcomeName | SearchStrategy[OutcomeName] = "achieved",
    scales: bool = True,
    policy: Policy | None = None,
    direction: Direction | str | None = None,
    category: str | None = None,
) -> SearchStrategy[str]:
    """Texts of actuals whose evaluation against ``target`` has status ``outcome``.

    ``evaluate(target, text, weight=w, policy=policy, direction=direction,
    category=category).status == outcome`` for every text drawn:

    - ``"achieved"`` / ``"not_achieved"``: numbers on the right (wrong) side of the
      target, in any equivalent scale when ``scales`` (1.45亿元 for 14500万元, 2小时
      for 120分钟, a bare number in the target's unit), a copy of the target's bound
      (≥95%), evaluators' words by tier (达成预期指标 / 部分达成, 未完成), grades by
      band (优, 较好 / 中, 差), the target's own phrase, a completion percentage, dates
      on time or late (read in ``policy.year``, else the year the target or the
      actual names); compound targets get one part per clause;
    - ``"not_evaluable"``: an empty cell, text that does not parse, a unit of another
      dimension, a phrase that needs a judgement, a part missing from a compound;
    - ``"not_applicable"``: 不适用, 本指标不适用 … (anything, for a not-applicable target).

    ``outcome`` may be a strategy of those names; draws it cannot meet are rejected.
    An outcome the target can never give raises :class:`InvalidArgument` (a
    not-applicable target is never achieved; every clause of a compound part is
    written without a sign, so ``≤-5%`` cannot be met inside a compound).

    >>> from hypothesis import given
    >>> from zhibiao.engine import evaluate
    >>> from zhibiao.testing.strategies import actuals_for
    >>> @given(actuals_for("≥14000万元", outcome="not_achieved"))
    ... def test_missing_the_target(actual):
    ...     assert evaluate("≥14000万元", actual, weight=10).status == "not_achieved"
    >>> test_missing_the_target()
    """
    where = "actuals_for()"
    model = _target_model(target, where)
    if not isinstance(scales, bool):
        raise InvalidArgument(f"{where}: scales={scales!r} should be True or False")
    settings = _settings(policy, direction, category, where)
    if isinstance(outcome, SearchStrategy):

        def for_outcome(name: object) -> SearchStrategy[str]:
            try:
                return _clause_texts(model, _outcome_name(name, where), settings,
                                     scales=scales)
            except _Impossible:
                return st.nothing()

        return outcome.flatmap(for_outcome)
    name = _outcome_name(outcome, where)
    try:
        return _clause_texts(model, name, settings, scales=scales)
    except _Impossible as exc:
        raise InvalidArgument(f"actuals_for({str(model)!r}, outcome={name!r}): no actual "
                              f"can give that: {exc}") from None


def _possible_outcomes(target: Target, settings: _Settings,
                       wanted: Collection[str]) -> dict[str, SearchStrategy[str]]:
    found = {}
    for name in wanted:
        try:
            found[name] = _clause_texts(target, name, settings, scales=True)
        except _Impossible:
            continue
    return found

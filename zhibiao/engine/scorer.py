"""``Scorer``: one target compiled once under its settings, then scored many times.

``Scorer.compile(target, policy=…, direction=…, category=…, unit=…, parser=…,
indicator=…)`` reads the target (text through ``parser``, or a parsed model), applies the
header unit and picks the rule (``indicator``, the indicator's name, may give a bare value
its direction: policy ``direction_from_name``); :meth:`Scorer.score` scores one actual
for one weight, reading an actual given as text with the same parser (so a rule author's
units and words count in actuals too).
It is the single path by which actuals are scored: :func:`zhibiao.evaluate` compiles and
scores in one call, a ruleset's indicators hold their scorers, and :mod:`zhibiao.batch`
vectorises the :attr:`Scorer.numeric_rule` of comparison targets. Numbers against a
comparison target go through a fused kernel built from that rule
(:mod:`zhibiao.engine.fast`), everything else step by step (:mod:`zhibiao.engine.steps`).

>>> from zhibiao.engine.scorer import Scorer
>>> scorer = Scorer.compile("≥95%")
>>> str(scorer.score("92%", 10).score)
'9.68'
>>> scorer.numeric_rule.kind, str(scorer.numeric_rule.target)
('higher', '95')
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, DecimalException, getcontext, setcontext
from typing import TYPE_CHECKING

from zhibiao.decimal_context import ACTIVE_CONTEXT, MAX_ADJUSTED, out_of_range
from zhibiao.engine.explain import finish
from zhibiao.engine.fast import FusedComparison, numeric_rule
from zhibiao.engine.finding import Case, Finding, not_evaluable
from zhibiao.engine.numeric_rule import NumericRule
from zhibiao.engine.outcome import Outcome
from zhibiao.engine.policy import DEFAULT_POLICY, Direction, Policy
from zhibiao.engine.quantitative import comparison_plan
from zhibiao.engine.steps import MAX_WEIGHT, coerce_weight, find, plain_weight, polarity_of
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar import (
    Comparison,
    Compound,
    Deadline,
    IndicatorParser,
    NotApplicable,
    NumberActual,
    Qualitative,
    Range,
    Target,
    default_parser,
)

if TYPE_CHECKING:
    from zhibiao.grammar import Actual

__all__ = ("NumericRule", "Scorer")

_TARGET_TYPES = (Comparison, Range, Deadline, Qualitative, NotApplicable, Compound)
_WEIGHTS_KEPT = 64


def _target_model(target: object, parser: IndicatorParser) -> Target:
    """The target as a model: parsed from text (may raise IndicatorSyntaxError)."""
    if isinstance(target, str):
        return parser.parse(target)
    if isinstance(target, _TARGET_TYPES):
        return target
    raise EvaluationError(f"目标应为指标值文本或已解析的模型，而不是 {type(target).__name__}")


class Scorer:
    """A target compiled under one policy, direction, category, header unit, parser and
    indicator name."""

    __slots__ = ("_fused", "_kind_scorer", "_reader", "_weights", "category", "direction",
                 "indicator", "model", "parser", "policy", "text", "unit")

    def __init__(self, model: Target, *, policy: Policy, direction: Direction | None,
                 category: str | None, unit: str | None, parser: IndicatorParser,
                 indicator: str | None = None) -> None:
        """Use :meth:`compile` (which reads text and applies the header unit)."""
        self.model = model
        self.indicator = indicator
        self.text = str(model)
        self.policy = policy
        self.direction = direction
        self.category = category
        self.unit = unit
        self.parser = parser
        self._reader = parser.actuals
        self._weights: dict[str | int, tuple[str | int, Decimal]] = {}
        self._kind_scorer: Callable[[Case], Finding] | None = None
        self._fused: FusedComparison | None = None
        if isinstance(model, Comparison):
            plan = comparison_plan(model, policy, direction, category, indicator, parser)
            self._kind_scorer = plan.score
            rule = numeric_rule(model, policy, plan)
            if rule is not None:
                self._fused = FusedComparison(rule, model, self.text, plan.label, category,
                                              policy.bare_actual_scale)

    @classmethod
    def compile(cls, target: Target | str, *, policy: Policy = DEFAULT_POLICY,
                direction: Direction | str | None = None, category: str | None = None,
                unit: str | None = None, parser: IndicatorParser | None = None,
                indicator: str | None = None) -> Scorer:
        """Read ``target`` with ``parser`` (the package's own tables by default; text
        that does not parse raises :class:`~zhibiao.errors.IndicatorSyntaxError`), give
        its bare numbers the header ``unit`` and choose its rule under the settings.

        ``indicator`` is the indicator's name (三级指标): with the policy's
        ``direction_from_name`` on, a value written without an operator is scored in the
        direction the name gives (预算调整率 → 反向), after an explicit ``direction``, an
        operator and ``bare_value_by_category`` (:mod:`zhibiao.engine.name_direction`)."""
        reader = parser or default_parser()
        saved = getcontext()
        setcontext(ACTIVE_CONTEXT)
        try:
            model = _target_model(target, reader)
            if unit:
                model = reader.with_header_unit(model, unit)
            forced = None if direction is None else Direction(direction)
            return cls(model, policy=policy, direction=forced, category=category, unit=unit,
                       parser=reader, indicator=indicator)
        except DecimalException as exc:
            raise out_of_range(exc) from exc
        finally:
            setcontext(saved)

    @property
    def numeric_rule(self) -> NumericRule | None:
        """The fused rule, or ``None`` when numbers against this target go the general
        way (not a comparison, or a setting the fused rule does not carry)."""
        fused = self._fused
        return None if fused is None else fused.rule

    def score(self, actual: Actual | Target | str | Decimal | int | None,
              weight: Decimal | int | str) -> Outcome:
        """The outcome of ``actual`` for ``weight`` points (never raises for a data
        problem in the actual: it becomes a ``not_evaluable`` outcome; a float, a bool
        or a negative weight raises :class:`~zhibiao.errors.EvaluationError`)."""
        saved = getcontext()
        if saved is not ACTIVE_CONTEXT:
            setcontext(ACTIVE_CONTEXT)
        try:
            if type(weight) is Decimal and weight.is_finite() and not weight.is_signed() and \
                    weight < MAX_WEIGHT and (weight.adjusted() >= -MAX_ADJUSTED or not weight):
                return self._score(actual, weight)  # plain_weight, written out (a tenth
            return self._score(actual, self._weight(weight))  # of a common score)
        except DecimalException as exc:
            raise out_of_range(exc) from exc
        finally:
            if saved is not ACTIVE_CONTEXT:
                setcontext(saved)

    def _weight(self, weight: object) -> Decimal:
        """The weight as a Decimal (see :func:`~zhibiao.engine.steps.coerce_weight`)."""
        if plain_weight(weight):
            return weight  # type: ignore[return-value]
        if type(weight) is not str and type(weight) is not int:
            return coerce_weight(weight)
        # Weights come from tables as text ("10", "5分"): read each text once.
        assert isinstance(weight, (str, int))
        hit = self._weights.get(weight)
        if hit is not None and type(hit[0]) is type(weight):
            return hit[1]
        value = coerce_weight(weight)
        if len(self._weights) < _WEIGHTS_KEPT:
            self._weights[weight] = (weight, value)
        return value

    def _score(self, actual: object, weight: Decimal) -> Outcome:
        """One actual, the weight already read, in zhibiao's Decimal context."""
        reader = self._reader
        parsed: Actual | None
        if type(actual) is str:
            try:
                parsed = reader.read(actual)
            except IndicatorSyntaxError as exc:
                return self._unparsable(actual, weight, exc)
            text = actual.strip()
        elif type(actual) is Decimal and actual.is_finite():
            parsed = reader.finite_number(actual)
            text = parsed.text
        else:
            try:
                parsed = reader.coerce(actual)
            except IndicatorSyntaxError as exc:
                return self._unparsable(actual, weight, exc)
            text = actual.strip() if isinstance(actual, str) else \
                parsed.text if parsed is not None else ""
        fused = self._fused
        if fused is not None and type(parsed) is NumberActual:
            outcome = fused(parsed, text, weight)
            if outcome is not None:
                return outcome
        return self._steps(parsed, text, weight)

    def score_steps(self, actual: Actual | Target | str | Decimal | int | None,
                    weight: Decimal | int | str) -> Outcome:
        """:meth:`score` step by step, without the fused kernel or remembered numbers:
        the reference the kernel is tested against (same arguments, same outcome)."""
        saved = getcontext()
        setcontext(ACTIVE_CONTEXT)
        try:
            w = coerce_weight(weight)
            reader = self._reader
            try:
                parsed = reader.parse(actual) if type(actual) is str else \
                    reader.coerce(actual)
            except IndicatorSyntaxError as exc:
                return self._unparsable(actual, w, exc)
            if isinstance(actual, str):
                text = actual.strip()
            else:
                text = parsed.text if parsed is not None else ""
            return self._steps(parsed, text, w)
        except DecimalException as exc:
            raise out_of_range(exc) from exc
        finally:
            setcontext(saved)

    def _case(self, parsed: Actual | None, text: str, weight: Decimal) -> Case:
        return Case(self.model, parsed, text, weight, self.policy, self.direction,
                    self.category, self.text, self.parser, self.indicator)

    def _steps(self, parsed: Actual | None, text: str, weight: Decimal) -> Outcome:
        case = self._case(parsed, text, weight)
        return finish(case, find(case, self._kind_scorer))

    def _unparsable(self, actual: object, weight: Decimal,
                    exc: IndicatorSyntaxError) -> Outcome:
        text = actual if isinstance(actual, str) else str(actual)
        case = self._case(None, text.strip(), weight)
        return finish(case, not_evaluable(polarity_of(case), "unparsable_actual", exc.message))

    def __repr__(self) -> str:
        return f"Scorer({self.text!r}, policy=…, direction={self.direction!r}, " \
               f"category={self.category!r}, unit={self.unit!r}, indicator={self.indicator!r})"

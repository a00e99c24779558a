"""Number actuals against comparison and range targets, in the target's unit at any scale."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from typing import Literal, NamedTuple

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from zhibiao.engine.policy import Direction, Policy
from zhibiao.grammar import Comparison, Op, Quantity, Range, default_unit_table, format_decimal
from zhibiao.testing.actual_words import (
    _JUDGEMENT_PHRASES,
    _blank_or_unparsable,
    _Impossible,
    _Settings,
    _verdicts,
)
from zhibiao.testing.target_strategies import _full_width

# Units of unrelated dimensions, for actuals that cannot be compared with the target.
_MISMATCH_UNITS = ("人", "次", "元", "%", "天", "个", "千克")
# 7月 and 2024年 are dates, not amounts: never write an amount in these forms.
_DATE_LIKE_FORMS = frozenset({"月", "年", "年度"})
_ONE = Decimal(1)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_STEP = Decimal("0.0001")
_MAX_NUMBER_TEXT = 40


# ---- numbers in the target's unit, in any scale -------------------------------------

@lru_cache(maxsize=512)
def _written_forms(name: str, denominator: bool = False) -> tuple[str, ...]:
    """Ways to write a canonical unit after a number (aliases; never a date form)."""
    definition = default_unit_table().definitions[name]
    forms = [form for form in (name, *definition.aliases)
             if (form == name or not form.isascii())
             and (denominator or form not in _DATE_LIKE_FORMS)]
    return tuple(forms) or (name,)


def _unit_written(draw: st.DrawFn, numerator: str, denominators: tuple[str, ...]) -> str:
    text = draw(st.sampled_from(_written_forms(numerator))) if numerator else ""
    return text + "".join("/" + draw(st.sampled_from(_written_forms(d, True)))
                          for d in denominators)


def _terminating(value: Fraction) -> bool:
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def _exact(value: Fraction) -> Decimal:
    """A terminating fraction as a Decimal, without rounding."""
    with localcontext() as context:
        context.prec = 80
        return Decimal(value.numerator) / Decimal(value.denominator)


def _actual_number(draw: st.DrawFn, number: Decimal, plain: bool) -> str:
    text = format_decimal(number)
    if not plain and number == number.to_integral_value() and abs(number) >= 1000 \
            and draw(st.integers(0, 3)) == 0:
        text = f"{int(number):,}"
    return text


def _quantity_text(draw: st.DrawFn, value: Decimal, like: Quantity, *, scales: bool,
                   plain: bool) -> str:
    """``value`` (in the canonical unit of ``like``, a target quantity) as an actual.

    With ``scales`` the number may be written with another multiplier (1.45亿元 for
    14500万元), in another unit of the same dimension (2小时 for 120分钟), or bare (a
    bare number takes the target's unit as written: 132.9 against ≤202.6万元).
    """
    table = default_unit_table()
    unit = like.unit
    numerator, denominators = unit.numerator, unit.denominators
    # (number as written, multiplier word, numerator, denominators)
    options: list[tuple[Decimal, str, str, tuple[str, ...]]] = [
        (value / like.multiplier_factor, like.multiplier, numerator, denominators)]
    if scales:
        if numerator or not like.multiplier:
            # A bare number without a unit is read in the target's scale (万 included):
            # 0.5 against ≥0.0001万 is 0.5万, so it is no option for such a target.
            options.append((value, "", numerator, denominators))
        for word, factor in sorted(table.multipliers.items()):
            if word + numerator not in table.written:
                options.append((value / factor, word, numerator, denominators))
        if numerator and not denominators:
            own = table.definitions[numerator]
            for name, other in sorted(table.definitions.items()):
                if name == numerator or other.dimension != own.dimension:
                    continue
                converted = Fraction(value) * own.scale / other.scale
                if _terminating(converted):
                    options.append((_exact(converted), "", name, ()))
        if not unit.is_dimensionless:
            options.append((value / like.multiplier_factor, "", "", ()))
    options = [o for o in options if len(format_decimal(o[0])) <= _MAX_NUMBER_TEXT]
    # Half the time the actual is written as the target is; otherwise in any scale.
    pick = st.just(options[0]) if draw(st.booleans()) else st.sampled_from(options)
    number, multiplier, name, dens = draw(pick)
    text = _actual_number(draw, number, plain) + multiplier
    suffix = _unit_written(draw, name, dens) if name else ""
    if suffix and not plain and draw(st.integers(0, 5)) == 0:
        text += " "
    text += suffix
    if not plain and draw(st.integers(0, 5)) == 0:
        text = _full_width(text)
    return text


class _Values(NamedTuple):
    """A set of numbers, in the target's canonical unit.

    ``at_least``/``at_most``: one bound (``strict`` excludes it); ``equal``/``except``:
    one value ``low``; ``between``: ``low``–``high`` with their inclusivity;
    ``outside``: below ``low`` or above ``high`` (both excluded).
    """

    kind: Literal["at_least", "at_most", "equal", "except", "between", "outside"]
    low: Decimal
    high: Decimal = _ZERO
    low_strict: bool = False
    high_strict: bool = False


def _slack(value: Decimal, policy: Policy) -> Decimal:
    """How far from a bound the policy's tolerance still counts as met."""
    return abs(value) * policy.tolerance / _HUNDRED if policy.tolerance is not None else _ZERO


def _comparison_values(target: Comparison, achieved: bool, settings: _Settings) -> _Values:
    """The actuals that meet (or miss) a comparison, per docs/scoring.md §4.

    正向 (≥ >): met at or above T (strictly above for >, to stay off the bound); missed
    below T − tolerance. 反向 (≤ <): the mirror image. = ≈ and bare values follow the
    direction: 正向 as ≥ (T = 0: met when A ≤ 0; T < 0: met only when A = T), 反向 as ≤,
    等于 met only when A = T (± tolerance). ≠: met when A differs from T.
    """
    t = target.quantity.value
    policy = settings.policy
    slack = _slack(t, policy)
    op = target.op
    if op in (Op.GE, Op.GT):
        kind = "higher"
    elif op in (Op.LE, Op.LT):
        kind = "lower"
    elif op is Op.NE:
        return _Values("except", t) if achieved else _Values("equal", t)
    else:
        direction = settings.direction or policy.direction_for(settings.category)
        if direction is Direction.LOWER:
            kind = "lower"
        elif direction is Direction.EXACT:
            if achieved:
                return _Values("equal", t)
            return _Values("outside", t - slack, t + slack, True, True)
        elif t > 0:
            kind = "higher"
        elif t == 0:
            return _Values("at_most", t) if achieved else _Values("at_least", t, low_strict=True)
        else:
            return _Values("equal", t) if achieved else _Values("except", t)
    strict = op in (Op.GT, Op.LT)
    if kind == "higher":
        return _Values("at_least", t, low_strict=strict) if achieved \
            else _Values("at_most", t - slack, low_strict=True)
    return _Values("at_most", t, low_strict=strict) if achieved \
        else _Values("at_least", t + slack, low_strict=True)


def _range_values(target: Range, achieved: bool, settings: _Settings) -> _Values:
    """Within the bounds (never on an open one) meets a range; missing it means below the
    low bound less its tolerance, or above the high bound plus its tolerance."""
    low, high = target.low.value, target.high.value
    if achieved:
        return _Values("between", low, high, not target.low_inclusive,
                       not target.high_inclusive)
    policy = settings.policy
    return _Values("outside", low - _slack(low, policy), high + _slack(high, policy),
                   True, True)


def _nonnegative(values: _Values) -> _Values:
    """The same set without negative numbers (compound actuals never carry a sign)."""
    kind, low, high = values.kind, values.low, values.high
    empty = _Impossible(f"only a negative actual is in {values}")
    if kind == "at_most" and (low < 0 or (low == 0 and values.low_strict)):
        raise empty
    if kind == "equal" and low < 0:
        raise empty
    if kind == "at_least" and low < 0:
        return _Values("at_least", _ZERO)
    if kind == "between":
        if high < 0 or (high == 0 and values.high_strict):
            raise empty
        if low < 0:
            return values._replace(low=_ZERO, low_strict=False)
    if kind == "outside" and low <= 0:
        return _Values("at_least", high, low_strict=True)
    return values


def _delta(draw: st.DrawFn, size: Decimal, *, positive: bool) -> Decimal:
    """A step away from a bound, of the order of the bound itself."""
    top = max(abs(size), _ONE).quantize(_STEP) * 2
    return draw(st.decimals(min_value=_STEP if positive else _ZERO, max_value=top, places=4,
                            allow_nan=False, allow_infinity=False))


def _fraction(draw: st.DrawFn, *, open_low: bool, open_high: bool) -> Decimal:
    return draw(st.decimals(min_value=_STEP if open_low else _ZERO,
                            max_value=_ONE - _STEP if open_high else _ONE, places=4,
                            allow_nan=False, allow_infinity=False))


def _draw_value(draw: st.DrawFn, values: _Values) -> Decimal:
    """A number of the set; non-negative ones are preferred when there are any."""
    kind, low, high = values.kind, values.low, values.high
    if kind == "equal":
        return low
    if kind == "except":
        step = _delta(draw, low, positive=True)
        return low + step if low - step < 0 or draw(st.booleans()) else low - step
    if kind == "at_least":
        return low + _delta(draw, low, positive=values.low_strict)
    if kind == "at_most":
        if low > 0:  # 0 ≤ value ≤ bound (< bound when strict)
            return low - low * _fraction(draw, open_low=values.low_strict, open_high=False)
        return low - _delta(draw, low, positive=values.low_strict)
    if kind == "between":
        if low == high:
            return low
        return low + (high - low) * _fraction(draw, open_low=values.low_strict,
                                              open_high=values.high_strict)
    if low > 0 and draw(st.booleans()):
        return low - low * _fraction(draw, open_low=True, open_high=False)
    if low <= 0 and draw(st.integers(0, 3)) == 0:
        return low - _delta(draw, low, positive=True)
    return high + _delta(draw, high, positive=True)


def _numbers(target: Comparison | Range, achieved: bool, settings: _Settings, *,
             scales: bool, plain: bool) -> SearchStrategy[str]:
    """Number actuals that meet (or miss) a comparison or range target.

    ``plain`` texts (parts of a compound actual) have no sign, separators or spaces.
    """
    if isinstance(target, Comparison):
        values = _comparison_values(target, achieved, settings)
        like = target.quantity
    else:
        values = _range_values(target, achieved, settings)
        like = target.high
    if plain:
        values = _nonnegative(values)
    copy = isinstance(target, Comparison) and achieved and target.op in (Op.GE, Op.LE) \
        and target.quantity.value >= 0

    @st.composite
    def build(draw: st.DrawFn) -> str:
        if copy and draw(st.integers(0, 7)) == 0:
            # The evaluator copied the target with its operator: that counts as met.
            return target.op.symbol + _quantity_text(  # type: ignore[union-attr]
                draw, like.value, like, scales=False, plain=True)
        return _quantity_text(draw, _draw_value(draw, values), like, scales=scales,
                              plain=plain)

    return build()


def _mismatched_units(target: Comparison | Range) -> list[str]:
    """Units no conversion relates to the target's (人 against 元, % against 天)."""
    quantity = target.quantity if isinstance(target, Comparison) else target.high
    unit = quantity.unit
    if unit.is_dimensionless:
        return []  # a bare target takes the actual's unit: nothing mismatches
    table = default_unit_table()
    return [name for name in _MISMATCH_UNITS
            if name != unit.numerator and table.definitions[name].dimension != unit.dimension]


def _numeric_texts(target: Comparison | Range, outcome: str, settings: _Settings, *,
                   scales: bool, plain: bool) -> SearchStrategy[str]:
    if outcome in ("achieved", "not_achieved"):
        achieved = outcome == "achieved"
        numbers = _numbers(target, achieved, settings, scales=scales, plain=plain)
        if plain:
            return numbers
        # A judgement word written against a number is scored by its tier.
        return st.one_of(numbers, numbers, numbers, _verdicts(achieved, settings))
    others = _mismatched_units(target)
    options = [_blank_or_unparsable(), st.sampled_from(_JUDGEMENT_PHRASES)]
    if others:
        amounts = st.decimals(min_value=0, max_value=1000, places=2)
        options.append(st.builds(lambda v, u: format_decimal(v) + u, amounts,
                                 st.sampled_from(others)))
    return st.one_of(options)

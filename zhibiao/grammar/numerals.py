"""Numbers as 指标值 write them: ASCII digits with separators, Chinese numerals.

All values are :class:`decimal.Decimal`; nothing here ever touches ``float``.
"""

from __future__ import annotations

from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

from zhibiao.decimal_context import ACTIVE_CONTEXT

__all__ = ("CHINESE_DIGITS", "divided", "format_decimal", "parse_chinese_numeral",
           "parse_decimal", "times")

# Products and power-of-ten shifts of numbers read from text are exact: a 40-digit
# target keeps its 40 digits (28 digits of precision would round it, and its canonical
# text would then read back as another number). Their size is bounded by the text's.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN,
                 traps=[InvalidOperation, DivisionByZero, Overflow])
_ONE = Decimal(1)

CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}


def parse_decimal(text: str) -> Decimal:
    """``"300,000"`` → ``Decimal("300000")``; ``"1.40"`` → ``Decimal("1.40")``."""
    return Decimal(text.replace(",", ""))


def parse_chinese_numeral(text: str) -> Decimal:
    """``"十二"`` → 12, ``"一百零五"`` → 105, ``"两"`` → 2, ``"三万"`` → 30000.

    Raises ``ValueError`` for text that is not a well-formed numeral.
    """
    if not text:
        raise ValueError("empty numeral")
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in CHINESE_DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = CHINESE_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch in _LARGE_UNITS:
            section += digit or 0
            if section == 0:
                raise ValueError(f"a multiplier with no number before it in {text!r}")
            total += section * _LARGE_UNITS[ch]
            section = 0
            digit = None
        else:
            raise ValueError(f"{ch!r} is not a Chinese numeral")
    return Decimal(total + section + (digit or 0))


def times(value: Decimal, factor: Decimal) -> Decimal:
    """``value × factor`` exactly (a number read from text times its multiplier, 万 = 10^4)."""
    return value if factor == _ONE else _EXACT.multiply(value, factor)


def divided(value: Decimal, factor: Decimal) -> Decimal:
    """``value ÷ factor``: exact for a power-of-ten multiplier (all of the unit table's),
    otherwise at zhibiao's 28 digits."""
    if factor == _ONE:
        return value
    sign, digits, exponent = factor.normalize(_EXACT).as_tuple()
    if digits == (1,) and not sign and isinstance(exponent, int):
        return value.scaleb(-exponent, _EXACT)
    return ACTIVE_CONTEXT.divide(value, factor)


def format_decimal(value: Decimal) -> str:
    """Canonical decimal text: no exponent, no trailing zeros, no separators.

    ``Decimal("140000000.0")`` → ``"140000000"``; ``Decimal("0.50")`` → ``"0.5"``.
    Exact whatever the number of digits and whatever the current Decimal context
    (``format`` without a precision does not round; ``normalize`` would).
    """
    if value.is_zero():
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").removesuffix(".")
    return text

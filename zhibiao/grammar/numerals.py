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

__all__ = ("CHINESE_DIGITS", "MAX_EXPONENT", "divided", "format_decimal",
           "parse_chinese_numeral", "parse_decimal", "times")

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


#: Largest exponent of a number in scientific notation (``1e3``, ``1.5E-3``, ``1E+20``). The
#: canonical text writes the number out (``1000``); a larger exponent would write a
#: number of hundreds of digits (or, for ``1e999999``, take seconds to do so).
MAX_EXPONENT = 20


def parse_decimal(text: str) -> Decimal:
    """``"300,000"`` → ``Decimal("300000")``; ``"1.40"`` → ``Decimal("1.40")``;
    ``"1e3"`` → ``Decimal("1E+3")`` (= 1000, exactly as written).

    Raises ``ValueError`` (in Chinese) for an exponent beyond :data:`MAX_EXPONENT`.
    """
    plain = text.replace(",", "")
    if "e" not in plain and "E" not in plain:
        return Decimal(plain)
    exponent = plain.lower().partition("e")[2]
    if abs(int(exponent)) > MAX_EXPONENT:
        raise ValueError(f"科学计数法的指数 {exponent} 超出范围"
                         f"（-{MAX_EXPONENT} 到 {MAX_EXPONENT}）")
    return Decimal(plain)


def parse_chinese_numeral(text: str) -> Decimal:
    """``"十二"`` → 12, ``"一百零五"`` → 105, ``"两"`` → 2, ``"三万"`` → 30000.

    Raises ``ValueError`` (in Chinese) for text that is not a well-formed numeral: two
    digits in a row (两三), a unit not smaller than the one before it (十十, 一百千), a
    unit with no digit anywhere but at the start (一百十), or a last digit whose place is
    not said (一百五 is 150 to some readers and 105 to others).
    """
    if not text:
        raise ValueError("空的中文数字")
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 0  # the last small unit of this section (0: none yet)
    place = 0  # the last unit of any size
    zero = False  # a 零 since the last unit: the next digit is in the ones place
    for index, ch in enumerate(text):
        if ch in CHINESE_DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"“{text}” 中两个数字相连")
            digit = CHINESE_DIGITS[ch]
            zero = zero or digit == 0
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if last_unit and unit >= last_unit:
                raise ValueError(f"“{text}” 中 “{ch}” 的位置不对")
            if not digit and not (index == 0 and ch == "十"):
                raise ValueError(f"“{text}” 中 “{ch}” 前缺少数字")
            section += (digit or 1) * unit
            digit, last_unit, place, zero = None, unit, unit, False
        elif ch in _LARGE_UNITS:
            section += digit or 0
            if section == 0:
                raise ValueError(f"“{text}” 中 “{ch}” 前缺少数字")
            total += section * _LARGE_UNITS[ch]
            section, digit, last_unit, zero = 0, None, 0, False
            place = _LARGE_UNITS[ch]
        else:
            raise ValueError(f"“{ch}” 不是中文数字")
    if digit and place > 10 and not zero:
        raise ValueError(f"“{text}” 的末位数字没有写明数位（写作 “一百五十” 或 “一百零五”）")
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

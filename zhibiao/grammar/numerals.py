"""Numbers as 指标值 write them: ASCII digits with separators, Chinese numerals.

All values are :class:`decimal.Decimal`; nothing here ever touches ``float``.
"""

from __future__ import annotations

from decimal import Context, Decimal

__all__ = ("CHINESE_DIGITS", "EXACT", "MAX_EXPONENT", "divide", "format_decimal",
           "parse_chinese_numeral", "parse_decimal")

CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}


#: The context of every product of written numbers (a number times its multiplier): wide
#: enough that nothing the input limit lets through is rounded (the default context keeps
#: 28 digits), and the caller's context never changes a value.
EXACT = Context(prec=10_000)


def divide(value: Decimal, factor: Decimal) -> Decimal:
    """``value / factor`` (a value in another multiplier: 140000000 / 1亿 = 1.4), exact
    when ``factor`` is a power of ten (every multiplier of the package's unit table is),
    else to 28 digits more than both numbers have.

    Not in :data:`EXACT`: a division's cost grows with the context's precision, so it
    runs in one just wide enough for the digits of both numbers.
    """
    if factor == 1:
        return value
    digits = len(value.as_tuple().digits) + len(factor.as_tuple().digits) + 28
    return Context(prec=digits).divide(value, factor)


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


def format_decimal(value: Decimal) -> str:
    """Canonical decimal text: no exponent, no trailing zeros, no separators.

    ``Decimal("140000000.0")`` → ``"140000000"``; ``Decimal("0.50")`` → ``"0.5"``.
    """
    if value.is_zero():
        return "0"
    text = format(value, "f")  # exact: normalize() would round to the context's precision
    return text.rstrip("0").rstrip(".") if "." in text else text

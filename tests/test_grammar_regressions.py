"""One test per bug found (by the property tests, the fuzzer or review)."""

from __future__ import annotations

import pytest

from zhibiao import IndicatorSyntaxError, parse


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("≥０，２０２４年", "≥0;2024年"),  # a thousands group is exactly three digits
        ("1十万-1十万%", "1十万-1十万%"),  # 十万 after digits is a multiplier
        ("处置率＞０且≤０．０００１", "处置率>0且≤0.0001"),  # labelled exclusive range
        ("≥0百分点项目", "≥0百分点项目"),  # 百分点 is a real unit, not a misspelt 百分之
        ("0平方公里项目", "0平方公里项目"),
        ("0千米", "0公里"),  # 千米 is 公里, not 千 × 米
        ("一次性项目", "一次性项目"),  # 一次性 is not 1次
        ("年内未出现违反目录管理政策情况", "年内未出现违反目录管理政策情况"),
        ("在项目计划完成时间内完成", "在项目计划完成时间内完成"),
        ("一年内完成", "≤1年完成"),  # 一年内 is ≤1年, not a year-end deadline
        ("每年底", "每年年底"),
        ("次年年底前", "次年年底前"),  # 次年底 would not parse back
        ("-8%", "-8%"),  # a bare negative keeps its sign (it was read as label "-")
        ("≥95%;-8%", "≥95%;-8%"),
        ("1个-3个", "1-3个"),  # after a unit a minus is a range
        ("-5%-5%", "-5-5%"),
        ("≥2次6批次且≤3次", "≥2次;6批次;≤3次"),  # 且 belongs to 6批次 and ≤3次, not ≥2次
        ("≥2次;≥3次且≤5次", "≥2次;3-5次"),
    ],
)
def test_regression(text: str, canonical: str) -> None:
    assert str(parse(text)) == canonical


def test_misspelt_unit_is_an_error_not_a_noun() -> None:
    with pytest.raises(IndicatorSyntaxError) as info:
        parse("≤30个工作曰")
    assert info.value.suggestion == "工作日"


@pytest.mark.parametrize("text", ["增长率-5%", "- 8%"])
def test_a_minus_is_never_swallowed_into_a_label(text: str) -> None:
    """Once read as label 增长率- and value 5: a wrong number. Now an error."""
    with pytest.raises(IndicatorSyntaxError) as info:
        parse(text)
    assert "增长率=-5%" in info.value.hint

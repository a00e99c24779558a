"""The scoring policy: defaults, the string forms a TOML table holds, and bad settings."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest
from pydantic import ValidationError

from zhibiao.engine import Direction, Policy


def test_defaults_follow_domain() -> None:
    policy = Policy()
    assert policy.reverse == "inverse"
    assert policy.bare_value is Direction.HIGHER
    assert policy.qualitative_bands == (Decimal(80), Decimal(60))
    assert policy.qualitative_position == "top"
    assert policy.late == "zero"
    assert policy.overshoot_flag == Decimal("1.3")
    assert policy.overshoot_cut is None
    assert policy.tolerance is None
    assert policy.rounding == Decimal("0.01")
    assert policy.rounding_mode == "half_up"
    assert policy.rate_quantum is None
    assert dict(policy.grades) == {"优": 90, "良": 80, "中": 60}
    assert policy.year is None


def test_from_toml_table() -> None:
    data = tomllib.loads('''
[policy]
reverse = "linear"
qualitative_bands = "80/50"
rounding = "0.1"
overshoot_flag = "1.3"
tolerance = "±2%"
late = "proportional_days"
year = 2022
grades = { "良" = 80, "优" = 85, "中" = 60 }
bare_value_by_category = { "成本指标" = "反向" }
''')
    policy = Policy.model_validate(data["policy"])
    assert policy.reverse == "linear"
    assert policy.qualitative_bands == (Decimal(80), Decimal(50))
    assert policy.rounding == Decimal("0.1")
    assert policy.tolerance == Decimal(2)
    assert policy.grades == (("优", Decimal(85)), ("良", Decimal(80)), ("中", Decimal(60)))
    assert policy.direction_for("成本指标") is Direction.LOWER
    assert policy.direction_for("数量指标") is Direction.HIGHER
    assert policy.grade(Decimal("86")) == "优"
    assert policy.grade(Decimal("59.99")) == "差"


@pytest.mark.parametrize(("settings", "field", "expected"), [
    ({"rounding": "1"}, "rounding", Decimal(1)),
    ({"rounding": 1}, "rounding", Decimal(1)),
    ({"rounding": "整数"}, "rounding", Decimal(1)),
    ({"overshoot_flag": "130%"}, "overshoot_flag", Decimal("1.3")),
    ({"overshoot_flag": "off"}, "overshoot_flag", None),
    ({"overshoot_flag": False}, "overshoot_flag", None),
    ({"overshoot_flag": 1.5}, "overshoot_flag", Decimal("1.5")),
    ({"tolerance": "2%"}, "tolerance", Decimal(2)),
    ({"tolerance": 2}, "tolerance", Decimal(2)),
    ({"qualitative_bands": [80, 50]}, "qualitative_bands", (Decimal(80), Decimal(50))),
    ({"qualitative_bands": "100/80/50/0"}, "qualitative_bands", (Decimal(80), Decimal(50))),
    ({"reverse": "线性"}, "reverse", "linear"),
    ({"bare_value": "lower"}, "bare_value", Direction.LOWER),
    ({"bare_value": "exact"}, "bare_value", Direction.EXACT),
    ({"year": "2022年"}, "year", 2022),
    ({"rate_quantum": "0.001"}, "rate_quantum", Decimal("0.001")),
])
def test_accepted_forms(settings: dict[str, object], field: str, expected: object) -> None:
    assert getattr(Policy.model_validate(settings), field) == expected


@pytest.mark.parametrize("settings", [
    {"reverse": "quadratic"},
    {"qualitative_bands": "60/80"},
    {"qualitative_bands": "80"},
    {"rounding": "0.05"},
    {"overshoot_flag": "0.9"},
    {"tolerance": "abc"},
    {"grades": {"优": 90, "良": 90}},
    {"late": "half"},
    {"unknown_setting": 1},
    {"year": 1800},
])
def test_rejected_settings(settings: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Policy.model_validate(settings)


def test_policy_is_frozen_and_hashable() -> None:
    policy = Policy(reverse="linear")
    with pytest.raises(ValidationError):
        policy.reverse = "inverse"  # type: ignore[misc]
    assert hash(policy) == hash(Policy(reverse="linear"))


@pytest.mark.parametrize(("value", "member"), [
    ("正向", Direction.HIGHER), ("higher", Direction.HIGHER), ("Higher", Direction.HIGHER),
    ("反向", Direction.LOWER), ("lower", Direction.LOWER), ("反向指标", Direction.LOWER),
    ("等于", Direction.EXACT), ("exact", Direction.EXACT),
])
def test_direction_aliases(value: str, member: Direction) -> None:
    assert Direction(value) is member
    assert member.polarity in ("higher", "lower", "exact")


def test_direction_rejects_unknown_words() -> None:
    with pytest.raises(ValueError):
        Direction("sideways")


def test_rounding_helpers() -> None:
    policy = Policy(rounding="0.1")
    assert policy.round(Decimal("9.65")) == Decimal("9.7")
    assert Policy(rounding_mode="down").round(Decimal("1.897")) == Decimal("1.89")
    assert Policy(rounding_mode="half_even").round(Decimal("0.125")) == Decimal("0.12")

"""Tests written for mutants that survived the mutation run (docs/testing.md, 变异测试).

Each case pins what a surviving mutant changed without any test noticing: a boundary
(``<=`` → ``<``), a branch (≠, tolerance, rate_quantum, a target between 0 and 1), or a
field of the outcome (ratio, polarity, flags, score_range) that no test compared. The
expected values are worked out by hand from docs/scoring.md; the comment after each
case says which mutant it kills.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from zhibiao.engine import Policy, evaluate, evaluate_budget
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar.models import (
    Comparison,
    DatePoint,
    Deadline,
    NotApplicable,
    Op,
    Quantity,
    Range,
    Target,
    Unit,
)
from zhibiao.grammar.parser import default_parser
from zhibiao.grammar.transformer import build_unit
from zhibiao.grammar.units import default_unit_table

D = Decimal

# (target, actual, evaluate() keywords, expected fields)
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    # ≠ was never evaluated: status, ratio and polarity were all free
    ("≠5个", "6个", {}, {"status": "achieved", "score": D("10.00"), "ratio": D("1.2"),
                        "polarity": "exact"}),
    ("≠5个", "5个", {}, {"status": "not_achieved", "score": D("0.00"), "ratio": D(1),
                        "polarity": "exact"}),
    # tolerance: exactly on the tolerance bound counts as met (>= → > survived) …
    ("≥100%", "98%", {"tolerance": "2"}, {"status": "achieved", "score": D("10.00"),
                                          "ratio": D("0.98"), "flags": ("tolerance",)}),
    ("≥100%", "97.99%", {"tolerance": "2"}, {"status": "not_achieved", "score": D("9.80"),
                                             "ratio": D("0.9799"), "flags": ()}),
    # … for 反向 too, where the slack is |T|×tolerance÷100 (× 100 survived)
    ("≤100万元", "102万元", {"tolerance": "2"}, {"status": "achieved", "ratio": D("1.02"),
                                              "polarity": "lower", "flags": ("tolerance",)}),
    ("≤100万元", "102.01万元", {"tolerance": "2"}, {"status": "not_achieved",
                                                  "score": D("9.80")}),
    ("≤100万元", "101万元", {"tolerance": "2", "reverse": "linear"},
     {"status": "achieved", "flags": ("tolerance",)}),
    ("100元", "102元", {"tolerance": "2", "direction": "等于"},
     {"status": "achieved", "polarity": "exact", "flags": ("tolerance",)}),
    ("100元", "97.9元", {"tolerance": "2", "direction": "等于"},
     {"status": "not_achieved", "score": D("9.79"), "ratio": D("0.979")}),  # |A+T|
    # a target between 0 and 1 is still scored in proportion (t < 0 → t < 1 survived)
    ("≥0.5%", "0.25%", {}, {"status": "not_achieved", "score": D("5.00"), "ratio": D("0.5")}),
    ("≤0.5%", "1%", {}, {"status": "not_achieved", "score": D("5.00"), "ratio": D(2)}),
    # overshoot: a rate equal to overshoot_cut is not cut (> → >= survived) but flagged
    ("≥100个", "130个", {"overshoot_cut": "1.3"},
     {"status": "achieved", "score": D("10.00"), "ratio": D("1.3"), "flags": ("overshoot",)}),
    # overshoot_cut without the flag (flag is not None or … raised TypeError, untested)
    ("≥100个", "200个", {"overshoot_cut": "1.3", "overshoot_flag": "off"},
     {"status": "achieved", "score": D("6.50"), "ratio": D(2), "flags": ("overshoot_cut",)}),
    # a target of 1 is checked for overshoot (t > 0 → t > 1 survived)
    ("≥1个", "2个", {}, {"status": "achieved", "ratio": D(2), "flags": ("overshoot",)}),
    # strict_bound only for a strict operator exactly on its bound (and → or survived)
    (">90%", "95%", {}, {"status": "achieved", "flags": ()}),
    ("≥90%", "90%", {}, {"status": "achieved", "ratio": D(1), "flags": ()}),
    (">90%", "90%", {}, {"status": "achieved", "flags": ("strict_bound",)}),
    # = 0 / = negative, scored as 正向 (t == 0 and a <= 0 or a == t: four mutants)
    ("=0件", "0.5件", {}, {"status": "not_achieved", "score": D("0.00"), "ratio": None,
                          "polarity": "higher"}),
    ("=-5%", "-6%", {}, {"status": "not_achieved", "score": D("0.00"), "ratio": D("1.2")}),
    ("=0%", "-1%", {}, {"status": "achieved", "score": D("10.00"), "ratio": None}),
    # 反向 inverse with rate_quantum: 1 ÷ rate (ONE * rate survived)
    ("≤100万元", "120万元", {"rate_quantum": "0.001"},
     {"status": "not_achieved", "score": D("8.33"), "ratio": D("1.2")}),
    # 反向 linear exactly on the target is met (<= → < survived)
    ("≤100万元", "100万元", {"reverse": "linear"},
     {"status": "achieved", "score": D("10.00"), "ratio": D(1)}),
    # ranges: both written bounds are inside; an open bound is flagged
    ("90%-95%", "90%", {}, {"status": "achieved", "ratio": D(1), "polarity": "range",
                           "flags": ()}),
    ("90%-95%", "95%", {}, {"status": "achieved", "flags": ()}),
    ("≥90%且<95%", "95%", {}, {"status": "achieved", "flags": ("strict_bound",)}),
    (">90%且≤95%", "90%", {}, {"status": "achieved", "flags": ("strict_bound",)}),
    ("≥90%且<95%", "92%", {}, {"status": "achieved", "flags": ()}),
    # two dates against a duration: calendar days (÷ → × survived), the year of the start
    # date for working days, and no year at all for calendar days
    ("≤30天", "2024年3月1日至2024年3月20日", {},
     {"status": "achieved", "ratio": D(19) / D(30), "polarity": "lower",
      "flags": ("unit_converted",)}),
    ("≤30天", "3月1日至3月20日", {}, {"status": "achieved", "ratio": D(19) / D(30)}),
    ("≤30个工作日", "2024年9月1日至10月15日", {},
     {"status": "achieved", "ratio": D(28) / D(30)}),
    ("≤20个工作日", "2024年9月1日至10月15日", {},
     {"status": "not_achieved", "score": D("7.14")}),
    # 无上访 counts as 0 (Decimal(0) → Decimal(1) survived)
    ("≤0次", "无上访", {}, {"status": "achieved", "flags": ("zero_word",)}),
    # a direction given for a bound operator is ignored and said so
    ("≥95%", "92%", {"direction": "反向"},
     {"status": "not_achieved", "score": D("9.68"), "flags": ("direction_ignored",)}),
    # qualitative tiers and grades: bands, positions, the achieved threshold
    ("显著提升", "优", {}, {"status": "achieved", "score": D("10.00"),
                          "score_range": (D("9.00"), D("10.00"))}),
    ("显著提升", "中", {}, {"status": "not_achieved", "score": D("7.99"),
                          "score_range": (D("6.00"), D("7.99"))}),
    ("显著提升", "基本达到", {"qualitative_position": "middle"},
     {"status": "not_achieved", "score": D("7.00"), "score_range": (D("6.00"), D("7.99"))}),
    ("显著提升", "达成预期指标", {"qualitative_position": "bottom"},
     {"status": "achieved", "score": D("8.00"), "score_range": (D("8.00"), D("10.00"))}),
    ("显著提升", "良", {"qualitative_bands": "85/60"},  # bands[0], not bands[1]
     {"status": "not_achieved", "score": D("8.99")}),
    ("显著提升", "中", {"qualitative_bands": "80/50"},
     {"status": "not_achieved", "polarity": "qualitative"}),
    # deadlines: done on the due date is on time (<= → < survived) …
    ("9月前", "8月", {"year": 2022}, {"status": "achieved", "polarity": "deadline",
                                      "flags": ()}),
    # … the evaluation year comes from the actual's year less the target's offset …
    ("次年2月底前完成", "2025年3月15日", {}, {"status": "not_achieved",
                                        "flags": ("nominal_year",)}),
    ("次年2月底前完成", "2025年2月28日", {}, {"status": "achieved"}),
    # … late work in proportion to days, from the target's own start when it has one
    ("9月前", "9月", {"year": 2022, "late": "proportional_days"},
     {"status": "not_achieved", "score": D("8.90"), "polarity": "deadline"}),
    ("2024年3月1日--2024年6月30日前完成", "2024年7月31日", {"late": "proportional_days"},
     {"status": "not_achieved", "score": D("7.97")}),
    ("年底前完成", "2024年7月1日", {"year": 2024}, {"status": "achieved", "flags": ()}),
]

_POLICY_FIELDS = {"tolerance", "reverse", "overshoot_cut", "overshoot_flag", "rate_quantum",
                  "qualitative_position", "qualitative_bands", "year", "late"}


# Readable ASCII ids (mutmut passes node ids back to pytest, escaped ones do not match).
IDS = ['ne-met',
       'ne-missed',
       'tolerance-on-bound',
       'tolerance-just-outside',
       'lower-tolerance-on-bound',
       'lower-tolerance-outside',
       'linear-tolerance',
       'exact-tolerance-met',
       'exact-outside-tolerance',
       'small-target-higher',
       'small-target-lower',
       'overshoot-rate-equals-cut',
       'cut-without-flag',
       'overshoot-target-one',
       'strict-above',
       'bound-exactly',
       'strict-on-bound',
       'eq-zero-positive',
       'eq-negative-missed',
       'eq-zero-negative-met',
       'inverse-rate-quantum',
       'linear-on-target',
       'range-low-bound',
       'range-high-bound',
       'range-open-high',
       'range-open-low',
       'range-inside',
       'days-with-years',
       'days-without-year',
       'workdays-met',
       'workdays-missed',
       'zero-word',
       'direction-ignored',
       'grade-top',
       'grade-middle-band',
       'tier-middle-position',
       'tier-bottom-position',
       'grade-below-raised-band',
       'grade-with-80-50',
       'deadline-on-due-date',
       'deadline-inferred-year-late',
       'deadline-inferred-year-on-time',
       'late-proportional',
       'late-proportional-own-start',
       'deadline-policy-year']


@pytest.mark.parametrize(("target", "actual", "options", "expected"), CASES, ids=IDS)
def test_case(target: str, actual: str, options: dict[str, Any],
              expected: dict[str, Any]) -> None:
    policy = Policy(**{k: v for k, v in options.items() if k in _POLICY_FIELDS})
    direction = options.get("direction")
    outcome = evaluate(target, actual, weight=10, policy=policy, direction=direction)
    got = {key: getattr(outcome, key) for key in expected}
    if "flags" in expected:
        got["flags"] = tuple(sorted(outcome.flags))
        expected = {**expected, "flags": tuple(sorted(expected["flags"]))}
    assert got == expected, outcome.explanation
    assert outcome.weight == 10
    assert outcome.target is not None


def test_copied_target_keeps_the_direction_note() -> None:
    outcome = evaluate("≥95%", "≥95%", weight=10, direction="反向")
    assert outcome.status == "achieved"
    assert set(outcome.flags) == {"copied_target", "direction_ignored"}  # += → = survived


# ---- the budget block (its not-evaluable branches were never looked at) --------------

@pytest.mark.parametrize(("budget", "spent", "expected"), [
    ("100万元", "-5万元", {"status": "not_evaluable", "reason": "negative_amount",
                         "score": D("0.00")}),  # or → and would score a negative rate
    ("100万元", "5人", {"status": "not_evaluable", "reason": "unit_mismatch"}),
    ("100万元", "≥50万元", {"status": "not_evaluable", "reason": "unparsable_actual"}),
    ("0", "0", {"status": "not_achieved", "ratio": D(0), "score": D("0.00")}),
    ("0", "5", {"status": "not_evaluable", "reason": "zero_budget"}),
    ("100万元", "100万元", {"status": "achieved", "score": D("10.00"), "flags": ()}),
    ("100万元", "120万元", {"status": "achieved", "score": D("10.00"),
                          "flags": ("overspent",)}),
    (200, 50, {"status": "not_achieved", "score": D("2.50"), "ratio": D("0.25")}),
    (D("278.4449"), D("30.00"), {"status": "not_achieved", "score": D("1.08")}),
], ids=["negative-spent", "unit-mismatch", "unparsable-spent", "zero-of-zero", "zero-budget",
        "all-spent", "overspent", "ints", "decimals"])
def test_budget(budget: Any, spent: Any, expected: dict[str, Any]) -> None:
    outcome = evaluate_budget(budget, spent, weight=10)
    got = {key: getattr(outcome, key) for key in expected}
    assert got == expected, outcome.explanation
    assert outcome.weight == 10
    assert outcome.polarity == "higher"
    assert outcome.target is not None and outcome.target.implicit_op
    assert outcome.status == "not_evaluable" or outcome.actual is not None


def test_budget_must_be_a_plain_amount() -> None:
    with pytest.raises(IndicatorSyntaxError):
        evaluate_budget("≥100万元", "50万元")
    with pytest.raises(EvaluationError):
        evaluate_budget(Decimal("NaN"), 1)
    with pytest.raises(EvaluationError):
        evaluate_budget(100, 50.0)  # type: ignore[arg-type]


# ---- the grammar transformer (read through the grammar, not the fast path) -------------

def _unit(numerator: str, *denominators: str) -> Unit:
    return build_unit(default_unit_table(), numerator, denominators)


def _q(value: str, numerator: str = "", *denominators: str) -> Quantity:
    return Quantity(value=D(value), unit=_unit(numerator, *denominators))


TRANSFORMER_CASES: list[tuple[str, str, Target]] = [
    # 每年 applies to both bounds of a range (period → None survived)
    ("range-every-year", "每年3-5次",
     Range(low=_q("3", "次", "年"), high=_q("5", "次", "年"))),
    # label and note of a range written with two bounds (note=None, noun=None survived)
    ("range-bounds-label-note", "处置率≥90%且≤95%（含）",
     Range(low=_q("90", "%"), high=_q("95", "%"), label="处置率", note="含")),
    # equal bounds are a range, not an error (> → >= survived)
    ("range-equal-bounds", "≥5个且≤5个", Range(low=_q("5", "个"), high=_q("5", "个"))),
    # a suffix operator is explicit (implicit_op False → True survived)
    ("suffix-operator", "处置率90%以上（含）",
     Comparison(op=Op.GE, quantity=_q("90", "%"), label="处置率", note="含")),
    # 上半年 is the end of June; 次年 and 前 are kept (half_year fields survived)
    ("half-year-next-year", "次年上半年前完成",
     Deadline(end=DatePoint(year_offset=1, month=6, part="end"), before=True,
              completion=True)),
    ("every-year-end", "每年年底前完成",
     Deadline(end=DatePoint(part="end"), before=True, recurring=True, completion=True)),
    ("every-year-end-no-done", "每年年底前",
     Deadline(end=DatePoint(part="end"), before=True, recurring=True)),
    # a whole-cell marker is kept as written (children[0] → children[1] survived)
    ("na-cell-dash", "—", NotApplicable(marker="—")),
]


@pytest.mark.parametrize(("text", "expected"), [(t, m) for _, t, m in TRANSFORMER_CASES],
                         ids=[name for name, _, _ in TRANSFORMER_CASES])
def test_transformer_case(text: str, expected: Target) -> None:
    assert default_parser().parse_with_grammar(text) == expected

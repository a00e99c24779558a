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
from zhibiao.engine.evaluate import evaluate_reference
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar.models import (
    Comparison,
    Compound,
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
    ("显著提升", "部分达成", {"qualitative_position": "middle"},
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
    if "flags" in expected:
        expected = {**expected, "flags": tuple(sorted(expected["flags"]))}
    # evaluate() scores the common rows on its fused fast path; evaluate_reference() runs
    # the rules step by step. Both must give the documented result.
    for scorer in (evaluate, evaluate_reference):
        outcome = scorer(target, actual, weight=10, policy=policy, direction=direction)
        got = {key: getattr(outcome, key) for key in expected}
        if "flags" in expected:
            got["flags"] = tuple(sorted(outcome.flags))
        assert got == expected, (scorer.__name__, outcome.explanation)
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
    assert outcome.category == "预算执行率"  # category None / omitted / misspelt survived
    if expected.get("reason") not in (None, "unparsable_actual"):
        # a spent amount that was read is kept, even when it cannot be scored
        # (actual → None survived for unit_mismatch, negative_amount and zero_budget)
        assert outcome.actual is not None and outcome.actual.text == spent


@pytest.mark.parametrize(("budget", "spent", "weight", "explanation"), [
    # docs/scoring.md §5, both lines: the rate rounded to 0.1% is shown and used
    # (quantum → None, `quantum is None`, quantum ÷ 100 / × 101 survived) …
    ("278.4449", "30.00", 20,
     "【预算执行率】全年预算数 278.4449，全年执行数 30.00，未达成；执行率 30÷278.4449 = 10.77%"
     "（按 0.1% 取舍为 10.8%），得分 执行率×分值 10.8%×20 = 2.16"),
    ("0", "0", 10,
     "【预算执行率】全年预算数 0，全年执行数 0，未达成；预算数与执行数均为 0，执行率无法计算，"
     "按已公布自评表的做法记执行率 0%，得 0.00"),
    # … and amounts in 万元 are shown as written (b × factor survived)
    ("200万元", "50万元", 10,
     "【预算执行率】全年预算数 200万元，全年执行数 50万元，未达成；执行率 50÷200 = 25%，"
     "得分 执行率×分值 50÷200×10 = 2.50"),
], ids=["docs-rounded-rate", "docs-zero-of-zero", "wan-yuan"])
def test_budget_explanation(budget: str, spent: str, weight: int, explanation: str) -> None:
    assert evaluate_budget(budget, spent, weight=weight).explanation == explanation


def test_budget_must_be_a_plain_amount() -> None:
    with pytest.raises(IndicatorSyntaxError) as info:
        evaluate_budget("≥100万元", "50万元")
    # the error names the text as given, from its first column (text/column mutants)
    assert (info.value.text, info.value.column) == ("≥100万元", 1)
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


# ---- every field of the outcome, branch by branch (the 2026-11-23 run) -----------------
# Survivors of that run changed a field no test compared: the reason or polarity of a
# not-evaluable branch, a flag (verdict_word, unit_converted, percent_completion), the
# ratio of a percentage, the tier of a 据实 word. Each row pins the whole outcome (but
# its wording) on both evaluation paths; the values follow docs/scoring.md §2–§4.

_R = tuple[Decimal, Decimal]

# id, target, actual, options,
# (status, score, ratio, polarity, reason, flags, score_range)
FIELD_CASES: list[tuple[str, str, str, dict[str, Any],
                        tuple[str, str, Decimal | None, str, str | None, tuple[str, ...],
                              _R | None]]] = [
    # two dates against a duration (§4.12): not days, no year, no calendar, 周, year of end
    ("dates-against-count", "≤30个", "2024年3月1日至2024年3月20日", {},
     ("not_evaluable", "0.00", None, "lower", "kind_mismatch", (), None)),
    ("dates-no-year-workdays", "≤30个工作日", "9月1日至10月15日", {},
     ("not_evaluable", "0.00", None, "lower", "missing_year", (), None)),
    ("dates-no-calendar", "≤30个工作日", "1990年9月1日至1990年10月15日", {},
     ("not_evaluable", "0.00", None, "lower", "calendar_unavailable", (), None)),
    ("dates-workdays", "≤30个工作日", "2024年9月1日至2024年10月15日", {},
     ("achieved", "10.00", D(28) / D(30), "lower", None, ("unit_converted",), None)),
    ("dates-year-of-end", "≤30个工作日", "9月1日至2024年10月15日", {},
     ("achieved", "10.00", D(28) / D(30), "lower", None, ("unit_converted",), None)),
    ("dates-in-weeks", "≤2周", "2024年3月1日至2024年3月11日", {},
     ("achieved", "10.00", D(10) / D(7) / 2, "lower", None, ("unit_converted",), None)),
    # judgement words and grades against numbers and ranges (§4.7, verdict_word)
    ("verdict-vs-number", "≥95%", "达成预期指标", {},
     ("achieved", "10.00", None, "higher", None, ("verdict_word", "judgement_default"),
      (D("8.00"), D("10.00")))),
    ("grade-vs-number", "≥95%", "良", {},
     ("achieved", "8.99", None, "higher", None, ("verdict_word", "judgement_default"),
      (D("8.00"), D("8.99")))),
    ("verdict-vs-range", "90%-95%", "部分达成", {},
     ("not_achieved", "7.99", None, "range", None, ("verdict_word", "judgement_default"),
      (D("6.00"), D("7.99")))),
    ("grade-vs-range", "90%-95%", "良", {},
     ("achieved", "8.99", None, "range", None, ("verdict_word", "judgement_default"),
      (D("8.00"), D("8.99")))),
    # actuals of the wrong kind (§3 reasons)
    ("range-actual", "≥95%", "90%-95%", {},
     ("not_evaluable", "0.00", None, "higher", "ambiguous_actual", (), None)),
    ("date-vs-number", "≥95%", "2024年3月1日", {},
     ("not_evaluable", "0.00", None, "higher", "kind_mismatch", (), None)),
    ("phrase-vs-number", "≥95%", "效果很好", {},
     ("not_evaluable", "0.00", None, "higher", "kind_mismatch", (), None)),
    ("unit-mismatch", "≥95人", "92次", {},
     ("not_evaluable", "0.00", None, "higher", "unit_mismatch", (), None)),
    ("range-unit-mismatch", "90%-95%", "5人", {},
     ("not_evaluable", "0.00", None, "range", "unit_mismatch", (), None)),
    ("range-date", "90%-95%", "2024年3月1日", {},
     ("not_evaluable", "0.00", None, "range", "kind_mismatch", (), None)),
    # ranges with a converted actual (§4.5, §4.11)
    ("range-converted-inside", "90-95万元", "0.0093亿元", {},
     ("achieved", "10.00", D(1), "range", None, ("unit_converted",), None)),
    ("range-converted-above", "90万元-95万元", "0.0097亿元", {},
     ("not_achieved", "9.79", D(97) / D(95), "range", None, ("unit_converted",), None)),
    # below a range whose lower bound is not positive: 0 points, 正向 at the bound (the
    # 正向 rule is looked up for ≥; rule_for(None, …) gives 等于 and full marks at 0)
    ("range-zero-low", "0-5个", "-1个", {},
     ("not_achieved", "0.00", None, "range", None, (), None)),
    ("range-negative-low", "-5-5个", "-6个", {},
     ("not_achieved", "0.00", D("1.2"), "range", None, (), None)),
    # tolerance above and below a range keeps its flag (inner flags dropped survived)
    ("range-tolerance-above", "90%-95%", "96%", {"tolerance": "2"},
     ("achieved", "10.00", D(96) / D(95), "range", None, ("tolerance",), None)),
    ("range-tolerance-below", "90%-95%", "88.5%", {"tolerance": "2"},
     ("achieved", "10.00", D("88.5") / D(90), "range", None, ("tolerance",), None)),
    # copied targets (§2)
    ("copied-lower", "≤100万元", "≤100万元", {},
     ("achieved", "10.00", D(1), "lower", None, ("copied_target",), None)),
    ("copied-lower-inside", "≤100万元", "≤90万元", {},
     ("achieved", "10.00", D("0.9"), "lower", None, ("copied_target",), None)),
    # 据实 (§4.8): tier 2 and 3 words keep their tier, tier 1 and amounts are achieved
    ("as-incurred-tier-2", "据实支付", "部分完成", {},
     ("not_achieved", "7.99", None, "as_incurred", None, ("judgement_default",),
      (D("6.00"), D("7.99")))),
    ("as-incurred-tier-3", "据实支付", "未完成", {},
     ("not_achieved", "5.99", None, "as_incurred", None, ("judgement_default",),
      (D("0.00"), D("5.99")))),
    ("as-incurred-amount", "据实支付", "35.2万元", {},
     ("achieved", "10.00", None, "as_incurred", None, (), None)),
    ("as-incurred-tier-1", "据实支付", "已完成", {},
     ("achieved", "10.00", None, "as_incurred", None, (), None)),
    # a percentage against a target that is not a number: degree of completion (§4.7)
    ("percent-met", "按时限完成", "100%", {},
     ("achieved", "10.00", D(1), "qualitative", None, ("percent_completion",), None)),
    ("percent-over", "显著提升", "120%", {},
     ("achieved", "10.00", D("1.2"), "qualitative", None, ("percent_completion",), None)),
    ("percent-part", "按时限完成", "80%", {},
     ("not_achieved", "8.00", D("0.8"), "qualitative", None, ("percent_completion",), None)),
    ("permille-part", "按时限完成", "80‰", {},
     ("not_achieved", "0.80", D("0.08"), "qualitative", None, ("percent_completion",), None)),
    ("percent-per-year", "按时限完成", "80%/年", {},
     ("not_evaluable", "0.00", None, "qualitative", "judgement_needed", (), None)),
    ("percent-negative", "按时限完成", "-5%", {},
     ("not_achieved", "0.00", D("-0.05"), "qualitative", None, ("percent_completion",), None)),
    # qualitative targets (§4.7)
    ("qualitative-judgement", "显著提升", "效果很好", {},
     ("not_evaluable", "0.00", None, "qualitative", "judgement_needed", (), None)),
    ("qualitative-same-words", "显著提升", "显著 提升。", {},
     ("achieved", "10.00", None, "qualitative", None, ("judgement_default",),
      (D("8.00"), D("10.00")))),
    ("grade-other-scale", "定性 优良中差", "较好", {},
     ("achieved", "8.99", None, "qualitative", None, ("judgement_default",),
      (D("8.00"), D("8.99")))),
    # a grade read in the target's own scale (§4.7: 目标写明等级体系时用该体系): 差 is
    # 0–40% in 优良中低差, 好 is 80–100% in 好坏 (the whole re-banding survived)
    ("grade-in-target-scale-low", "定性 优良中低差", "差", {},
     ("not_achieved", "3.99", None, "qualitative", None, ("judgement_default",),
      (D("0.00"), D("3.99")))),
    ("grade-in-target-scale-high", "定性 好坏", "好", {},
     ("achieved", "10.00", None, "qualitative", None, ("judgement_default",),
      (D("8.00"), D("10.00")))),
    ("grade-top-synonym", "定性 优良中差", "优秀", {},
     ("achieved", "10.00", None, "qualitative", None, ("judgement_default",),
      (D("9.00"), D("10.00")))),
    ("grade-bottom", "显著提升", "差", {},
     ("not_achieved", "5.99", None, "qualitative", None, ("judgement_default",),
      (D("0.00"), D("5.99")))),
    ("grade-bottom-position", "显著提升", "良", {"qualitative_position": "bottom"},
     ("achieved", "8.00", None, "qualitative", None, ("judgement_default",),
      (D("8.00"), D("8.99")))),
    ("tier-middle-80-50", "显著提升", "部分达成",
     {"qualitative_bands": "80/50", "qualitative_position": "middle"},
     ("not_achieved", "6.50", None, "qualitative", None, ("judgement_default",),
      (D("5.00"), D("7.99")))),
    # deadlines (§4.6): words, grades, percentages, numbers, phrases, late dates
    ("deadline-met", "9月前", "7月", {"year": 2022},
     ("achieved", "10.00", None, "deadline", None, (), None)),
    ("deadline-late", "9月前", "9月", {"year": 2022},
     ("not_achieved", "0.00", None, "deadline", None, (), None)),
    ("deadline-word-1", "9月前", "已完成", {},
     ("achieved", "10.00", None, "deadline", None, ("judgement_default",),
      (D("8.00"), D("10.00")))),
    ("deadline-word-2", "9月前", "部分完成", {},
     ("not_achieved", "7.99", None, "deadline", None, ("judgement_default",),
      (D("6.00"), D("7.99")))),
    ("deadline-grade", "9月前", "良", {},
     ("achieved", "8.99", None, "deadline", None, ("judgement_default",),
      (D("8.00"), D("8.99")))),
    ("deadline-percent", "9月前", "100%", {},
     ("achieved", "10.00", D(1), "deadline", None, ("percent_completion",), None)),
    ("deadline-percent-part", "9月前", "90%", {},
     ("not_achieved", "9.00", D("0.9"), "deadline", None, ("percent_completion",), None)),
    ("deadline-number", "9月前", "5个", {},
     ("not_evaluable", "0.00", None, "deadline", "kind_mismatch", (), None)),
    ("deadline-phrase", "9月前", "效果很好", {},
     ("not_evaluable", "0.00", None, "deadline", "kind_mismatch", (), None)),
    ("deadline-year-from-actual", "9月前", "2022年10月15日", {"late": "proportional_days"},
     ("not_achieved", "8.44", None, "deadline", None, ("nominal_year",), None)),
    ("deadline-no-year", "9月前", "10月15日", {},
     ("not_achieved", "0.00", None, "deadline", None, ("nominal_year",), None)),
    ("deadline-absolute-late", "2021年12月31日", "2022年1月5日", {},
     ("not_achieved", "0.00", None, "deadline", None, (), None)),
    ("deadline-next-year", "次年2月底前完成", "2月20日", {"year": 2024},
     ("achieved", "10.00", None, "deadline", None, (), None)),
    ("deadline-own-start-early", "2024年3月1日--2024年6月30日前完成", "2024年2月1日",
     {"late": "proportional_days"}, ("achieved", "10.00", None, "deadline", None, (), None)),
    ("deadline-late-next-year", "9月前", "2023年1月5日",
     {"year": 2022, "late": "proportional_days"},
     ("not_achieved", "6.57", None, "deadline", None, (), None)),
    # late in proportion from the target's own start, written without a year (the start
    # is resolved in the evaluation year: first_day(year) → first_day(None) survived)
    ("late-own-start-no-year", "3月1日--6月30日前完成", "7月31日",
     {"year": 2024, "late": "proportional_days"},
     ("not_achieved", "7.97", None, "deadline", None, (), None)),
    # flags that only the general path sets: the inferred year on a met deadline (flags
    # dropped survived), a strict bound reached after conversion (strict → None survived),
    # 反向 linear on a strict bound, inside it and below a negative target
    ("deadline-met-nominal", "9月前", "7月", {},
     ("achieved", "10.00", None, "deadline", None, ("nominal_year",), None)),
    ("strict-after-conversion", ">90万元", "0.009亿元", {},
     ("achieved", "10.00", D(1), "higher", None, ("strict_bound", "unit_converted"), None)),
    ("linear-strict-on-bound", "<100万元", "100万元", {"reverse": "linear"},
     ("achieved", "10.00", D(1), "lower", None, ("strict_bound",), None)),
    ("linear-strict-inside", "<100万元", "90万元", {"reverse": "linear"},
     ("achieved", "10.00", D("0.9"), "lower", None, (), None)),
    ("linear-negative-met", "≤-10%", "-20%", {"reverse": "linear"},
     ("achieved", "10.00", D(2), "lower", None, (), None)),
    # 正向 (§4.1, §4.2) on the step-by-step path: overshoot flagged at exactly 130%
    # (>= → > survived), tolerance, a negative target, rate_quantum
    ("overshoot-at-flag", "≥100个", "130个", {},
     ("achieved", "10.00", D("1.3"), "higher", None, ("overshoot",), None)),
    ("higher-tolerance-fields", "≥100%", "98%", {"tolerance": "2"},
     ("achieved", "10.00", D("0.98"), "higher", None, ("tolerance",), None)),
    ("higher-negative-target", "≥-5%", "-8%", {},
     ("not_achieved", "0.00", D("1.6"), "higher", None, (), None)),
    ("higher-rate-quantum-fields", "≥95%", "92%", {"rate_quantum": "0.001"},
     ("not_achieved", "9.68", D(92) / D(95), "higher", None, (), None)),
    # 反向 (§4.3) on the step-by-step path: a strict bound, a target below zero (0 points
    # once exceeded; no overshoot for a lower bound), a target of 0, tolerance with linear
    ("lower-strict-on-bound", "<100万元", "100万元", {},
     ("achieved", "10.00", D(1), "lower", None, ("strict_bound",), None)),
    ("lower-strict-inside", "<100万元", "90万元", {},
     ("achieved", "10.00", D("0.9"), "lower", None, (), None)),
    ("lower-negative-met", "≤-10%", "-20%", {},
     ("achieved", "10.00", D(2), "lower", None, (), None)),
    ("lower-negative-exceeded", "≤-5%", "-3%", {},
     ("not_achieved", "0.00", D("0.6"), "lower", None, (), None)),
    ("linear-negative-exceeded", "≤-5%", "-3%", {"reverse": "linear"},
     ("not_achieved", "0.00", D("0.6"), "lower", None, (), None)),
    ("linear-on-target-flags", "≤100万元", "100万元", {"reverse": "linear"},
     ("achieved", "10.00", D(1), "lower", None, (), None)),
    ("linear-tolerance-on-bound", "≤100万元", "102万元", {"tolerance": "2", "reverse": "linear"},
     ("achieved", "10.00", D("1.02"), "lower", None, ("tolerance",), None)),
    ("linear-zero-target", "≤0件", "1件", {"reverse": "linear"},
     ("not_achieved", "0.00", None, "lower", None, (), None)),
    ("inverse-zero-target", "≤0件", "1件", {},
     ("not_achieved", "0.00", None, "lower", None, (), None)),
    ("lower-strict-tolerance", "<100万元", "101万元", {"tolerance": "2"},
     ("achieved", "10.00", D("1.01"), "lower", None, ("tolerance",), None)),
    ("linear-rate-quantum", "≤100万元", "120万元", {"rate_quantum": "0.001", "reverse": "linear"},
     ("not_achieved", "8.00", D("1.2"), "lower", None, (), None)),
    ("bare-as-lower", "10万元", "12万元", {"direction": "反向"},
     ("not_achieved", "8.33", D("1.2"), "lower", None, (), None)),
    ("bare-as-lower-met", "10万元", "8万元", {"direction": "反向"},
     ("achieved", "10.00", D("0.8"), "lower", None, (), None)),
    # 等于 as budget software scores it (§4.4): a target between 0 and 1, a target of 0
    ("eq-small-target", "=0.5%", "0.25%", {},
     ("not_achieved", "5.00", D("0.5"), "higher", None, (), None)),
    ("eq-zero-met", "=0件", "0件", {},
     ("achieved", "10.00", None, "higher", None, (), None)),
    ("eq-zero-missed", "=0件", "1件", {},
     ("not_achieved", "0.00", None, "higher", None, (), None)),
    # 等于 as an exact standard (direction 等于, §4.4): exactly met, a target of 0,
    # in proportion to the distance, tolerance, a negative target
    ("exact-met", "100元", "100元", {"direction": "等于"},
     ("achieved", "10.00", D(1), "exact", None, (), None)),
    ("exact-zero-met", "0件", "0件", {"direction": "等于"},
     ("achieved", "10.00", None, "exact", None, (), None)),
    ("exact-zero-missed", "0件", "1件", {"direction": "等于"},
     ("not_achieved", "0.00", None, "exact", None, (), None)),
    ("exact-target-one", "1个", "1.5个", {"direction": "等于"},
     ("not_achieved", "5.00", D("1.5"), "exact", None, (), None)),
    ("exact-tolerance", "100元", "102元", {"tolerance": "2", "direction": "等于"},
     ("achieved", "10.00", D("1.02"), "exact", None, ("tolerance",), None)),
    ("exact-outside-tolerance-fields", "100元", "97.9元", {"tolerance": "2", "direction": "等于"},
     ("not_achieved", "9.79", D("0.979"), "exact", None, (), None)),
    ("exact-far", "100元", "300元", {"direction": "等于"},
     ("not_achieved", "0.00", D(3), "exact", None, (), None)),
    ("exact-negative", "-5个", "-6个", {"direction": "等于"},
     ("not_achieved", "8.00", D("1.2"), "exact", None, (), None)),
    # ≠
    ("ne-zero-target", "≠0个", "6个", {},
     ("achieved", "10.00", None, "exact", None, (), None)),
]

_FIELDS = ("status", "score", "ratio", "polarity", "reason", "flags", "score_range")


@pytest.mark.parametrize(("target", "actual", "options", "expected"),
                         [row[1:] for row in FIELD_CASES], ids=[row[0] for row in FIELD_CASES])
def test_outcome_fields(target: str, actual: str, options: dict[str, Any],
                        expected: tuple[Any, ...]) -> None:
    policy = Policy(**{k: v for k, v in options.items() if k in _POLICY_FIELDS})
    status, score, *rest = expected
    want = (status, D(score), *rest)
    for scorer in (evaluate, evaluate_reference):
        outcome = scorer(target, actual, weight=10, policy=policy,
                         direction=options.get("direction"))
        got = tuple(getattr(outcome, name) for name in _FIELDS)
        assert got == want, (scorer.__name__, outcome.explanation)


# ---- the grammar transformer, continued (the 2026-11-23 run) ---------------------------

MORE_TRANSFORMER_CASES: list[tuple[str, str, Target]] = [
    # 左右 is an approximate operator after the number (approx_suffix → None survived)
    ("approx-suffix", "30万元左右",
     Comparison(op=Op.APPROX, quantity=Quantity(value=D(300000), unit=_unit("元"),
                                                multiplier="万", multiplier_factor=D(10000)))),
    # 每年底…: before and completion words are read (BEFORE/DONE token names survived)
    ("every-year-end-word", "每年底前完成",
     Deadline(end=DatePoint(part="end"), before=True, recurring=True, completion=True)),
    ("every-year-end-bare", "每年底",
     Deadline(end=DatePoint(part="end"), recurring=True)),
    ("every-year-end-done", "每年底完成",
     Deadline(end=DatePoint(part="end"), recurring=True, completion=True)),
    # … and so is 每年底 after its label (the same mutant of every_year_end)
    ("every-year-end-label", "完成时间每年底前",
     Deadline(end=DatePoint(part="end"), before=True, recurring=True, label="完成时间")),
    # a range after its label is a value, not a phrase (Piece kind "value" survived)
    ("range-with-label", "受益人数3-5人",
     Range(low=_q("3", "人"), high=_q("5", "人"), label="受益人数")),
    ("range-bounds-with-label", "处置率≥90%且≤95%",
     Range(low=_q("90", "%"), high=_q("95", "%"), label="处置率")),
    # a month part and a Chinese numeral through the grammar
    ("month-part-early", "9月上旬前",
     Deadline(end=DatePoint(month=9, part="early"), before=True)),
    ("chinese-numeral-label", "受益人数三十人",
     Comparison(op=Op.EQ, implicit_op=True, quantity=_q("30", "人"), label="受益人数")),
]


@pytest.mark.parametrize(("text", "expected"), [(t, m) for _, t, m in MORE_TRANSFORMER_CASES],
                         ids=[name for name, _, _ in MORE_TRANSFORMER_CASES])
def test_more_transformer_cases(text: str, expected: Target) -> None:
    assert default_parser().parse_with_grammar(text) == expected


# Where each model came from (``span``: [start, end) in the text as written). Equality
# ignores spans, so position mutants (start_pos or 1, end_pos and 0, the PERIOD start of
# a range) survived.
SPANS: list[tuple[str, str, tuple[int, int]]] = [
    ("range-every-year", "每年3-5次", (0, 6)),
    ("range-label-note", "处置率每年3-5次（含）", (0, 12)),
    ("range-label", "受益人数3-5人", (0, 8)),
    ("every-year-end", "每年底前完成", (0, 6)),
    ("approx-suffix", "30万元左右", (0, 6)),
    ("suffix-and-note", "≥90%以上（含）", (0, 9)),
    ("rate-with-dot", "≥5元/人·月以上", (0, 9)),
    ("chinese-numeral", "受益人数三十人", (0, 7)),
    ("year-date-part", "2024年3月底前", (0, 9)),
]


@pytest.mark.parametrize(("text", "span"), [(t, s) for _, t, s in SPANS],
                         ids=[name for name, _, _ in SPANS])
def test_span(text: str, span: tuple[int, int]) -> None:
    model = default_parser().parse_with_grammar(text)
    assert model.span is not None
    assert (model.span.start, model.span.end) == span


@pytest.mark.parametrize(("text", "column", "reason"), [
    # the column of an error is where the offending piece starts (PieceError position
    # mutants survived: None, a missing argument)
    ("90%-95人", 1, "范围两端的单位不一致"),
    ("95%-90%", 1, "范围的下限大于上限"),
    ("90%-95%以上", 8, "“以上” 只能跟在单个数值之后"),
    ("2024年3月1日--2024年6月30日前完成以上", 25, "“以上” 只能跟在单个数值之后"),
    ("≥90%以下", 5, "运算符矛盾：前面是 “≥”，后面是 “以下”"),
    ("≤90%以上", 5, "运算符矛盾：前面是 “≤”，后面是 “以上”"),
], ids=["range-units", "range-order", "suffix-after-range", "suffix-after-deadline",
        "contradiction-ge", "contradiction-le"])
def test_transformer_error(text: str, column: int, reason: str) -> None:
    with pytest.raises(IndicatorSyntaxError) as info:
        default_parser().parse_with_grammar(text)
    assert (info.value.column, info.value.reason) == (column, reason)


def test_late_before_the_evaluation_year_counts_from_the_targets_year() -> None:
    # A due date in a year before the evaluation year (taken > 0 → taken >= 0 divided by
    # zero and survived while the period started in the evaluation year).
    outcome = evaluate("2021年12月30日", "2021年12月31日", weight=10,
                       policy=Policy(year=2022, late="proportional_days"))
    assert outcome.status == "not_achieved"
    assert outcome.polarity == "deadline"
    assert outcome.score == D("9.97")  # 364 ÷ 365 × 10


def test_late_target_of_an_earlier_year_counts_from_its_own_year() -> None:
    # Found by the mutation run: the period started on 1 January of the evaluation year
    # even for a target naming an earlier year (-184÷-179×10 = 0.00).
    outcome = evaluate("2021年6月30日", "2021年7月5日", weight=10,
                       policy=Policy(year=2022, late="proportional_days"))
    # 2021-01-01 → 2021-06-30 is 181 days planned, → 2021-07-05 is 186 days taken
    assert outcome.score == D("9.73")
    assert "-" not in outcome.explanation.split("起算）")[1]


@pytest.mark.parametrize(("actual", "weight", "rounding", "score", "score_range"), [
    # the top band ends at the weight itself when rounding would pass it (§4.10: a score
    # rounded past the weight is the weight); `high == 100 and inclusive` → `!=` survived
    ("达成预期指标", "9.5", "1", "9.5", ("8", "9.5")),
    # an exclusive top is one step below only when the weight lands on the step
    # (`not inclusive and highest == top` → `or` survived): 3.33 × 80% = 2.664 → 2.66
    ("部分达成", "3.33", "0.01", "2.66", ("2.00", "2.66")),
    # a band that collapses to one point keeps its ceiling (`>` → `>=` survived):
    # 7 × 60% = 4.2 → 5, 7 × 80% = 5.6 → 5
    ("部分达成", "7", "1", "5", ("5", "5")),
    # a band whose ceiling passes its floor collapses to the rounded lower bound
    # (weight × low ÷ 100 → × 100 survived): 2 × 60% = 1.2 → 1
    ("部分达成", "2", "1", "1", ("1", "1")),
], ids=["top-capped-at-weight", "exclusive-top-off-step", "collapsed-band", "inverted-band"])
def test_band_edges(actual: str, weight: str, rounding: str, score: str,
                    score_range: tuple[str, str]) -> None:
    outcome = evaluate("显著提升", actual, weight=weight, policy=Policy(rounding=rounding))
    assert outcome.score == D(score)
    assert outcome.score_range == (D(score_range[0]), D(score_range[1]))


@pytest.mark.parametrize(("text", "spans"), [
    # a Chinese numeral starting a later clause (start_pos or 0 → and 0 survived)
    ("≥2次;三十人", [(0, 3), (4, 7)]),
    # a suffix word ends its clause (the suffix piece's end mutants survived)
    ("≥2次;30人左右", [(0, 3), (4, 9)]),
], ids=["chinese-numeral-clause", "suffix-clause"])
def test_clause_spans(text: str, spans: list[tuple[int, int]]) -> None:
    model = default_parser().parse_with_grammar(text)
    assert isinstance(model, Compound)
    assert [(c.span.start, c.span.end) for c in model.clauses if c.span is not None] == spans


_COST = Policy(bare_value_by_category={"成本指标": "反向"})


@pytest.mark.parametrize(("target", "actual", "keywords", "expected"), [
    # a bare value's direction reaches the polarity of a missing actual (§4.4) …
    ("10万元", "", {"direction": "反向"}, ("not_evaluable", "0.00", "lower")),
    ("10万元", "", {"policy": _COST, "category": "成本指标"}, ("not_evaluable", "0.00", "lower")),
    # … and the clauses of a compound target: 10万元 against 12万元 is 反向 (10÷12), 20万元
    # against 18万元 is met: (83.33% + 100%) ÷ 2 × 10 (direction/category → None survived)
    ("10万元;20万元", "12万元,18万元", {"direction": "反向"}, ("not_achieved", "9.17", "compound")),
    ("10万元;20万元", "12万元,18万元", {"policy": _COST, "category": "成本指标"},
     ("not_achieved", "9.17", "compound")),
], ids=["missing-direction", "missing-category", "compound-direction", "compound-category"])
def test_direction_reaches_every_path(target: str, actual: str, keywords: dict[str, Any],
                                      expected: tuple[str, str, str]) -> None:
    for scorer in (evaluate, evaluate_reference):
        outcome = scorer(target, actual, weight=10, **keywords)
        assert (outcome.status, outcome.score, outcome.polarity) == \
            (expected[0], D(expected[1]), expected[2]), outcome.explanation


# ---- transformer, second run (all 1293 mutants) ---------------------------------------

@pytest.mark.parametrize(("text", "kind", "canonical"), [
    # bounds in different units stay two values (unit check `or` → `and` survived)
    ("≥90%且≤95个", "compound", "≥90%;≤95个"),
    # two lower bounds are no range (`lower and upper` → `or` survived)
    ("≥90%且≥95%", "compound", "≥90%;≥95%"),
    # the high bound's noun belongs to the range (noun=high.noun → None survived)
    ("≥1个且≤3个项目", "range", "1-3个项目"),
])
def test_bounds_joined_by_and(text: str, kind: str, canonical: str) -> None:
    model = default_parser().parse(text)
    assert (model.kind, str(model)) == (kind, canonical)
    # the range covers both bounds in the source (its span dropped survived)
    assert model.span is not None
    assert (model.span.start, model.span.end) == (0, len(text))


def test_a_misplaced_unit_is_named_whole() -> None:
    # the longest unit word is named (sorted by length, longest first, survived)
    with pytest.raises(IndicatorSyntaxError) as info:
        default_parser().parse("3以上个工作日")
    assert info.value.reason == "单位 “个工作日” 写在了 “以上” 之后"

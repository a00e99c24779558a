"""Properties of the scoring engine, checked on generated targets, actuals and weights.

- the score is always within [0, w] (and 0 when not evaluable or not applicable);
- the score is monotonic in the actual for 正向 (non-decreasing) and 反向 (non-increasing);
- writing the actual in another scale of the same unit changes nothing;
- rescaling for not-applicable indicators keeps the total within [0, 100];
- every explanation contains the target, the actual and the score;
- the engine never raises for a data problem, whatever the actual text.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from zhibiao.engine import Outcome, Policy, Status, evaluate, summarize
from zhibiao.engine.actuals import actual_from_model, parse_actual
from zhibiao.grammar import parse
from zhibiao.grammar.numerals import format_decimal

amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False,
                      allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2, allow_nan=False,
                       allow_infinity=False)
weights = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False,
                      allow_infinity=False)
policies = st.builds(
    Policy,
    reverse=st.sampled_from(["inverse", "linear"]),
    bare_value=st.sampled_from(["正向", "反向", "等于"]),
    rounding=st.sampled_from(["0.01", "0.1", "1"]),
    tolerance=st.sampled_from([None, "2", "±5%"]),
    overshoot_cut=st.sampled_from([None, "1.3"]),
    qualitative_bands=st.sampled_from(["80/60", "80/50"]),
)
OPERATORS = ("≥", "≤", ">", "<", "=", "")
UNITS = ("%", "万元", "元", "个", "人", "天", "")


def _text(value: Decimal) -> str:
    return format_decimal(value)


@settings(max_examples=300, deadline=None)
@given(op=st.sampled_from(OPERATORS), unit=st.sampled_from(UNITS), target=amounts,
       actual=amounts, weight=weights, policy=policies)
def test_score_within_zero_and_weight(op: str, unit: str, target: Decimal, actual: Decimal,
                                      weight: Decimal, policy: Policy) -> None:
    outcome = evaluate(f"{op}{_text(target)}{unit}", f"{_text(actual)}{unit}", weight=weight,
                       policy=policy)
    assert Decimal(0) <= outcome.score <= weight
    if outcome.status in (Status.NOT_EVALUABLE, Status.NOT_APPLICABLE):
        assert outcome.score == 0


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["显著提升", "年底前完成", "90%-95%", "据实支付", "定性 优良中差"]),
       actual=st.sampled_from(["达成预期指标", "部分达成", "未完成", "优", "良", "中", "差",
                               "较好", "一般", "93%", "11月", "", "显著提升", "效果很好"]),
       weight=weights, policy=policies)
def test_score_within_bounds_for_other_kinds(kind: str, actual: str, weight: Decimal,
                                             policy: Policy) -> None:
    outcome = evaluate(kind, actual, weight=weight, policy=policy)
    assert Decimal(0) <= outcome.score <= weight
    if outcome.score_range is not None:
        low, high = outcome.score_range
        assert Decimal(0) <= low <= outcome.score <= high <= weight


monotonic_policies = st.builds(
    Policy,
    reverse=st.sampled_from(["inverse", "linear"]),
    rounding=st.sampled_from(["0.01", "0.1", "1"]),
    tolerance=st.sampled_from([None, "2"]),
)


@settings(max_examples=300, deadline=None)
@given(op=st.sampled_from(["≥", ">", "=", ""]), target=positive, a=amounts, b=amounts,
       weight=weights, policy=monotonic_policies)
def test_higher_is_monotonic(op: str, target: Decimal, a: Decimal, b: Decimal,
                             weight: Decimal, policy: Policy) -> None:
    low, high = sorted((a, b))
    text = f"{op}{_text(target)}%"
    first = evaluate(text, f"{_text(low)}%", weight=weight, policy=policy)
    second = evaluate(text, f"{_text(high)}%", weight=weight, policy=policy)
    assert first.polarity == "higher"
    assert first.score <= second.score


@settings(max_examples=300, deadline=None)
@given(op=st.sampled_from(["≤", "<"]), target=positive, a=amounts, b=amounts, weight=weights,
       policy=monotonic_policies)
def test_lower_is_monotonic(op: str, target: Decimal, a: Decimal, b: Decimal, weight: Decimal,
                            policy: Policy) -> None:
    low, high = sorted((a, b))
    text = f"{op}{_text(target)}万元"
    first = evaluate(text, f"{_text(low)}万元", weight=weight, policy=policy)
    second = evaluate(text, f"{_text(high)}万元", weight=weight, policy=policy)
    assert first.polarity == "lower"
    assert first.score >= second.score


def _same(left: Outcome, right: Outcome) -> None:
    assert (left.status, left.score, left.ratio) == (right.status, right.score, right.ratio)


@settings(max_examples=200, deadline=None)
@given(op=st.sampled_from(OPERATORS), target_wan=positive,
       yuan=st.integers(min_value=0, max_value=10**12), weight=weights)
def test_money_scale_invariance(op: str, target_wan: Decimal, yuan: int,
                                weight: Decimal) -> None:
    target = f"{op}{_text(target_wan)}万元"
    amount = Decimal(yuan)
    forms = [f"{_text(amount)}元", f"{_text(amount / 10000)}万元",
             f"{_text(amount / 100000000)}亿元"]
    outcomes = [evaluate(target, form, weight=weight) for form in forms]
    for other in outcomes[1:]:
        _same(outcomes[0], other)


def test_money_scale_invariance_example() -> None:
    _same(evaluate("≥14000万元", "1.45亿元", weight=10),
          evaluate("≥14000万元", "14500万元", weight=10))
    _same(evaluate("≤120分钟", "2小时", weight=10), evaluate("≤120分钟", "120分钟", weight=10))


@settings(max_examples=150, deadline=None)
@given(op=st.sampled_from(["≥", "≤", ""]), target_min=st.integers(min_value=1, max_value=10**4),
       hours=st.decimals(min_value=0, max_value=2000, places=2, allow_nan=False,
                         allow_infinity=False),
       weight=weights)
def test_duration_scale_invariance(op: str, target_min: int, hours: Decimal,
                                   weight: Decimal) -> None:
    target = f"{op}{target_min}分钟"
    in_minutes = evaluate(target, f"{_text(hours * 60)}分钟", weight=weight)
    in_hours = evaluate(target, f"{_text(hours)}小时", weight=weight)
    _same(in_minutes, in_hours)


outcome_rows = st.lists(
    st.tuples(
        st.sampled_from(["产出指标", "效益指标", "满意度指标"]),
        st.sampled_from(["数量指标", "质量指标", "社会效益指标"]),
        st.sampled_from(["≥95%", "本指标不适用", "显著提升", "≤90万元"]),
        st.sampled_from(["92%", "达成预期指标", "100万元", "", "部分达成", "50%"]),
        st.decimals(min_value=0, max_value=30, places=1, allow_nan=False, allow_infinity=False),
    ),
    min_size=1, max_size=15,
)


@settings(max_examples=200, deadline=None)
@given(rows=outcome_rows, rounding=st.sampled_from(["0.01", "0.1", "1"]))
def test_not_applicable_rescaling_stays_within_hundred(
        rows: list[tuple[str, str, str, str, Decimal]], rounding: str) -> None:
    policy = Policy(rounding=rounding)
    outcomes = [(first, second, evaluate(target, actual, weight=weight, policy=policy))
                for first, second, target, actual, weight in rows]
    totals = summarize(outcomes, policy=policy)
    if totals.not_applicable:
        assert Decimal(0) <= totals.total <= Decimal(100)
    assert totals.raw_score == sum((o.score for _, _, o in outcomes), Decimal(0))
    assert totals.total_weight == sum((o.weight for _, _, o in outcomes), Decimal(0))
    level1 = sum((b.score for b in totals.blocks if b.level == 1), Decimal(0))
    assert level1 == totals.raw_score


@settings(max_examples=300, deadline=None)
@given(target=st.sampled_from(["≥95%", "≤90万元", "=100%", "20万元", "90%-95%", "年底前完成",
                               "显著提升", "据实支付", "本指标不适用", "≥50个", "每年≥3次",
                               "受益户数≥200户,受益脱贫户数≥15户", "定性 优良中差"]),
       actual=st.one_of(
           st.sampled_from(["92%", "100", "0万元", "1.45亿元", "达成预期指标", "部分达成",
                            "优", "7月", "250户,12户", "≥95%", "无上访", "", "次", "120人"]),
           amounts.map(lambda d: f"{_text(d)}%")),
       weight=weights, category=st.sampled_from([None, "成本指标", "某某自定义指标"]))
def test_explanation_shows_target_actual_and_score(target: str, actual: str, weight: Decimal,
                                                   category: str | None) -> None:
    outcome = evaluate(target, actual, weight=weight, category=category)
    model = parse(target)
    assert (str(model) or "（空）") in outcome.explanation
    assert (actual or "（未填写）") in outcome.explanation
    assert str(outcome.score) in outcome.explanation
    if category:
        assert category in outcome.explanation


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_never_raises_for_any_actual_text(text: str) -> None:
    outcome = evaluate("≥95%", text, weight=10)
    assert outcome.status in set(Status)
    assert str(outcome.score) in outcome.explanation
    if outcome.status is Status.NOT_EVALUABLE:
        assert outcome.reason is not None


SUFFIXES = ("", "%", "‰", "万元", "元", "亿元", "万", "千", "个", "人", "人次", "户", "亩",
            "米", "厘米", "千米", "千克", "个工作日", "工作日", "天", "小时", "个月", "年", "月",
            "日", "元/人", "元/人/月", "次/年", "万人", "十万", "组", "只", "TB", "km")


@settings(max_examples=400, deadline=None)
@given(number=st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False,
                          allow_infinity=False),
       integral=st.booleans(), suffix=st.sampled_from(SUFFIXES))
def test_plain_number_shortcut_agrees_with_grammar(number: Decimal, integral: bool,
                                                   suffix: str) -> None:
    value = number.to_integral_value() if integral else number
    text = f"{format(value, 'f')}{suffix}"
    fast = parse_actual(text)
    slow = actual_from_model(parse(text), text)
    assert fast == slow
    assert repr(fast) == repr(slow)

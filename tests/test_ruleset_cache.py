"""``RulesetCache``: what equal parts of a run's rulesets share is never shared by
parts that differ — another policy (even one equal in value), parser, direction,
二级指标, header unit, weight text or written points gets its own scorer, outcome,
spec or allocation, and a ruleset read with a warm cache is the ruleset read alone."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhibiao.engine import Scorer
from zhibiao.grammar import IndicatorParser, default_parser
from zhibiao.report.json_format import report_json
from zhibiao.ruleset.actuals import read_actuals
from zhibiao.ruleset.cache import RulesetCache
from zhibiao.ruleset.load import find_rulesets, load_ruleset, read_ruleset
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.scoring import route_rows, score_ruleset
from zhibiao.testing.strategies import actuals_for, target_texts

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"

HEAD = '[project]\nname = "测试项目"\nyear = 2024\n'
ITEM = ('[[indicators]]\nid = "{id}"\nlevel1 = "产出指标"\nlevel2 = "{level2}"\n'
        'name = "{name}"\nvalue = "{value}"\n')


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _item(value: str, *, id: str = "1", level2: str = "数量指标", name: str = "培训次数",
          extra: str = "") -> str:
    return ITEM.format(id=id, level2=level2, name=name, value=value) + extra


def _read(path: Path, cache: RulesetCache) -> Ruleset:
    ruleset, problems = read_ruleset(path, cache.parser, cache=cache)
    assert ruleset is not None, problems
    return ruleset


def test_same_target_under_two_policies_equal_in_value_gets_two_scorers(
        tmp_path: Path) -> None:
    # rounding 0.01 and 0.010 are equal Decimals (equal Policy models) but score
    # differently written numbers: the scorer is kept by the policy object
    item = _item("≥95%")
    first = _write(tmp_path, "a.toml", HEAD + '[policy]\nrounding = "0.01"\n' + item)
    second = _write(tmp_path, "b.toml", HEAD + '[policy]\nrounding = "0.010"\n' + item)
    cache = RulesetCache(default_parser())
    a, b = _read(first, cache), _read(second, cache)
    assert a.indicators[0].policy == b.indicators[0].policy
    assert a.indicators[0].scorer is not b.indicators[0].scorer
    assert b.indicators[0].scorer.policy is b.indicators[0].policy
    scores = [str(r.indicators[0].scorer.score("92%", Decimal(10)).score) for r in (a, b)]
    assert scores == ["9.68", "9.684"]


def test_same_target_under_two_policies_scores_by_each(tmp_path: Path) -> None:
    item = _item("≥95%")
    first = _write(tmp_path, "a.toml", HEAD + item)
    second = _write(tmp_path, "b.toml", HEAD + '[policy]\nrounding = "1"\n' + item)
    cache = RulesetCache(default_parser())
    a, b = _read(first, cache), _read(second, cache)
    weight = a.indicators[0].points
    assert weight == b.indicators[0].points
    assert str(a.indicators[0].scorer.score("92%", weight).score) != \
        str(b.indicators[0].scorer.score("92%", weight).score)


def test_direction_category_and_unit_each_get_their_own_scorer(tmp_path: Path) -> None:
    text = HEAD + "".join([
        _item("30", id="1"),
        _item("30", id="2", extra='direction = "反向"\n'),
        _item("30", id="3", level2="质量指标"),
        _item("30", id="4", extra='unit = "%"\n'),
        _item("30", id="5", extra='unit = "个"\n'),
        _item("30", id="6", name="另一个名称"),
    ])
    cache = RulesetCache(default_parser())
    ruleset = _read(_write(tmp_path, "r.toml", text), cache)
    scorers = [i.scorer for i in ruleset.indicators]
    assert len({id(s) for s in scorers[:5]}) == 5
    assert scorers[5] is scorers[0]  # the name is not part of a scorer
    for indicator in ruleset.indicators:
        scorer = indicator.scorer
        assert (scorer.direction, scorer.category, scorer.unit) == (
            indicator.direction, indicator.spec.level2, indicator.spec.unit)
    assert ruleset.indicators[1].scorer.score("20", Decimal(10)).polarity == "lower"
    assert ruleset.indicators[0].scorer.score("20", Decimal(10)).polarity == "higher"


def test_two_parsers_never_share_a_scorer(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.toml", HEAD + _item("≥95%"))
    one, other = default_parser(), IndicatorParser()
    assert other is not one
    # the caches kept for callers that bring none: one per parser
    first, _ = read_ruleset(path, one)
    second, _ = read_ruleset(path, other)
    again, _ = read_ruleset(path, one)
    assert first is not None and second is not None and again is not None
    assert first.indicators[0].scorer.parser is one
    assert second.indicators[0].scorer.parser is other
    assert again.indicators[0].scorer.parser is one
    # a cache serves the parser it was made for only
    with pytest.raises(ValueError, match="another parser"):
        read_ruleset(path, other, cache=RulesetCache(one))


def test_outcomes_are_kept_by_the_weight_as_written() -> None:
    cache = RulesetCache(default_parser())
    scorer = cache.scorer("≥95%", default_parser().parse("≥95%"), policy=Scorer.compile(
        "≥95%").policy, direction=None, category="数量指标", unit=None)
    short = scorer.score("92%", Decimal("4.16"))
    long = scorer.score("92%", Decimal("4.160"))
    assert short is not long
    assert (str(short.weight), str(long.weight)) == ("4.16", "4.160")
    assert scorer.score("92%", Decimal("4.16")) is short  # the same outcome again
    assert scorer.score("93%", Decimal("4.16")) is not short


def test_the_cache_is_bounded() -> None:
    cache = RulesetCache(default_parser())
    cache.OUTCOMES = 4
    policy = Scorer.compile("≥95%").policy
    scorer = cache.scorer("≥95%", default_parser().parse("≥95%"), policy=policy,
                          direction=None, category=None, unit=None)
    for number in range(20):
        scorer.score(f"{number}%", Decimal(10))
        assert len(cache.outcomes) <= 4


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_remembered_outcome_is_what_a_fresh_scorer_gives(data: st.DataObject) -> None:
    text, model = data.draw(target_texts())
    actual = data.draw(st.one_of(st.none(), actuals_for(model, outcome=st.sampled_from(
        ["achieved", "not_achieved", "not_evaluable"]))))
    weight = data.draw(st.sampled_from([Decimal(10), Decimal("4.16"), Decimal("4.160"),
                                        Decimal("0"), Decimal("12.5")]))
    category = data.draw(st.sampled_from([None, "数量指标", "满意度指标"]))
    parser = default_parser()
    policy = Scorer.compile("≥95%").policy
    cache = RulesetCache(parser)
    scorer = cache.scorer(text, parser.parse(text), policy=policy, direction=None,
                          category=category, unit=None)
    fresh = Scorer.compile(text, policy=policy, category=category, parser=parser)
    first, second = scorer.score(actual, weight), scorer.score(actual, weight)
    assert second is first
    assert first == fresh.score(actual, weight)
    assert str(first.score) == str(fresh.score(actual, weight).score)


def test_a_plain_indicator_seen_before_is_still_checked(tmp_path: Path) -> None:
    cache = RulesetCache(default_parser())
    _read(_write(tmp_path, "a.toml", HEAD + _item("≥95%")), cache)
    # the same table with one more (unknown) key: validated, refused
    bad = _write(tmp_path, "b.toml", HEAD + _item("≥95%", extra='colour = "red"\n'))
    ruleset, problems = read_ruleset(bad, cache.parser, cache=cache)
    assert ruleset is None
    assert [p.code for p in problems] == ["schema.extra_forbidden"]
    # and an empty name (min_length) is refused however often a good one was seen
    empty = _write(tmp_path, "c.toml", HEAD + _item("≥95%", name=""))
    ruleset, problems = read_ruleset(empty, cache.parser, cache=cache)
    assert ruleset is None and problems[0].code == "schema.string_too_short"


def test_points_written_differently_are_allocated_apart(tmp_path: Path) -> None:
    cache = RulesetCache(default_parser())
    rulesets = [_read(_write(tmp_path, f"{n}.toml", HEAD + _item("≥95%", extra=f"points = {p}\n")
                             + _item("≥3次", id="2")), cache)
                for n, p in enumerate(["5", "5.0", "5", "5.00"])]
    assert [str(r.indicators[0].points) for r in rulesets] == ["5", "5.0", "5", "5.00"]
    assert [str(r.indicators[0].points) for r in rulesets] == [
        str(load_ruleset(r.path, cache=RulesetCache(default_parser())).indicators[0].points)
        for r in rulesets]


def test_a_warm_cache_reads_and_scores_the_example_rulesets_as_a_cold_one() -> None:
    """Every example ruleset read twice with one cache (the second pass served from it)
    gives the report of reading it with a cache of its own."""
    paths = find_rulesets([RULESETS])
    rows, _ = read_actuals(RULESETS / "examples.actuals.csv")
    parser = default_parser()
    shared = RulesetCache(parser)
    for path in paths:
        read_ruleset(path, parser, cache=shared)
    warm = [_read(path, shared) for path in paths]
    cold = [_read(path, RulesetCache(parser)) for path in paths]
    assert len(shared.scorers) > 0 and len(shared.specs) > 0
    routed, _ = route_rows(warm, rows)
    for hot, alone in zip(warm, cold, strict=True):
        assert hot.model_dump() == alone.model_dump()
        assert [str(i.points) for i in hot.indicators] == [str(i.points) for i in alone.indicators]
        assert report_json(score_ruleset(hot, routed[hot.key])) == \
            report_json(score_ruleset(alone, routed[alone.key]))
        # and scoring again (the outcomes now remembered) gives the same bytes
        assert report_json(score_ruleset(hot, routed[hot.key])) == \
            report_json(score_ruleset(alone, routed[alone.key]))


def test_an_indicator_is_shared_only_at_the_same_line_with_the_same_parts(
        tmp_path: Path) -> None:
    cache = RulesetCache(default_parser())
    item = _item("≥95%") + _item("≥3次", id="2")
    a = _read(_write(tmp_path, "a.toml", HEAD + item), cache)
    b = _read(_write(tmp_path, "b.toml", HEAD + item), cache)
    c = _read(_write(tmp_path, "c.toml", HEAD + "\n# 多一行\n" + item), cache)
    d = _read(_write(tmp_path, "d.toml", HEAD + '[policy]\nrounding = "0.1"\n' + item), cache)
    assert b.indicators[0] is a.indicators[0]
    assert [i.line for i in c.indicators] == [i.line + 2 for i in a.indicators]
    assert d.indicators[0].policy is not a.indicators[0].policy
    assert d.indicators[0].scorer.policy is d.indicators[0].policy


@pytest.mark.parametrize("second", ["points = true", "points = 90.0", "points = 90.00",
                                    'points = "90"', "points = 90"])
def test_a_value_equal_in_python_but_written_otherwise_is_validated_again(
        tmp_path: Path, second: str) -> None:
    # 90 == Decimal("90.0") (and True == 1) in Python; a ruleset tells them apart
    cache = RulesetCache(default_parser())
    _read(_write(tmp_path, "a.toml", HEAD + _item("≥95%", extra="points = 90\n")), cache)
    path = _write(tmp_path, "b.toml", HEAD + _item("≥95%", extra=second + "\n"))
    warm = read_ruleset(path, cache.parser, cache=cache)
    cold = read_ruleset(path, cache.parser, cache=RulesetCache(cache.parser))
    assert [str(p) for p in warm[1]] == [str(p) for p in cold[1]]
    assert (warm[0] is None) == (cold[0] is None)
    if warm[0] is not None and cold[0] is not None:
        assert warm[0].model_dump() == cold[0].model_dump()
        assert [str(i.points) for i in warm[0].indicators] == \
            [str(i.points) for i in cold[0].indicators]


def test_the_points_checks_are_skipped_only_for_a_layout_that_passed_them(
        tmp_path: Path) -> None:
    cache = RulesetCache(default_parser())
    good = _item("≥95%") + _item("≥3次", id="2", name="另一项")
    _read(_write(tmp_path, "a.toml", HEAD + good), cache)
    assert len(cache.clean) == 1
    # the same blocks and points, but two names alike: the warning, at its own line
    twice = _item("≥95%") + _item("≥3次", id="2")
    path = _write(tmp_path, "b.toml", HEAD + "\n" + twice)
    for _ in range(2):  # and again: a layout with a problem is never taken as passed
        ruleset, problems = read_ruleset(path, cache.parser, cache=cache)
        assert ruleset is not None
        assert [(p.code, p.line) for p in problems] == [("duplicate_name", 9),
                                                        ("duplicate_name", 15)]
    # the same ids twice: an error however often the layout without it passed
    path = _write(tmp_path, "c.toml", HEAD + good.replace('id = "2"', 'id = "1"'))
    for _ in range(2):
        ruleset, problems = read_ruleset(path, cache.parser, cache=cache)
        assert ruleset is None
        assert [p.code for p in problems] == ["duplicate_id", "duplicate_id"]
    # points that do not add up: an error each time
    path = _write(tmp_path, "d.toml", HEAD + '[points]\n"产出指标" = 50\n'
                  + _item("≥95%", extra="points = 60\n"))
    for _ in range(2):
        ruleset, problems = read_ruleset(path, cache.parser, cache=cache)
        assert ruleset is None and problems
        assert {p.code for p in problems} == {"points_sum"}


def test_the_name_is_part_of_the_key_where_the_policy_reads_it() -> None:
    from zhibiao.ruleset.load import read_ruleset_text

    def ruleset(by_name: bool) -> Ruleset:
        switch = str(by_name).lower()
        text = (f'[project]\nname = "示例"\n[policy]\ndirection_from_name = {switch}\n'
                + "".join(
                    f'[[indicators]]\nid = "{i}"\nlevel1 = "产出指标"\nlevel2 = "数量指标"\n'
                    f'name = "{name}"\nvalue = "3%"\npoints = 45\n'
                    for i, name in ((1, "预算调整率"), (2, "任务覆盖率"))))
        loaded, problems = read_ruleset_text(text, "示例.toml", cache=cache)
        assert loaded is not None, problems
        return loaded

    cache = RulesetCache(default_parser())
    by_name = ruleset(True)
    first, second = by_name.indicators
    # one value text, one policy: only the name tells the two scorers apart
    assert first.scorer is not second.scorer
    weight = Decimal(45)
    assert first.scorer.score("2%", weight).score != second.scorer.score("2%", weight).score
    plain = ruleset(False)
    assert plain.indicators[0].scorer is plain.indicators[1].scorer

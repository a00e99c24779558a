"""Bad ruleset files: every problem at once, each with file, line and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from zhibiao import RulesetError
from zhibiao.ruleset.load import load_ruleset, read_ruleset

GOOD = """\
[project]
name = "测试项目"
year = 2024

[[indicators]]
id = "1.1.1"
level1 = "产出指标"
level2 = "数量指标"
name = "培训次数"
value = "≥3次"

[[indicators]]
id = "2.1.1"
level1 = "效益指标"
level2 = "社会效益指标"
name = "群众满意度提升"
value = "显著提升"
"""


def _write(tmp_path: Path, text: str, name: str = "r.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(tmp_path: Path, text: str, name: str = "r.toml") -> list[str]:
    _, problems = read_ruleset(_write(tmp_path, text, name))
    return [str(p) for p in problems if p.severity == "error"]


def test_good_ruleset_loads(tmp_path: Path) -> None:
    ruleset = load_ruleset(_write(tmp_path, GOOD))
    assert [i.id for i in ruleset.indicators] == ["1.1.1", "2.1.1"]
    assert ruleset.key == "r"
    assert sum(i.points for i in ruleset.indicators) + ruleset.budget_points == 100


def test_toml_syntax_error_has_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD.replace('name = "培训次数"', 'name = "培训次数'))
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path / 'r.toml'}:9:")
    assert "TOML 语法错误" in problems[0]


def test_wrong_type_and_unknown_field(tmp_path: Path) -> None:
    text = GOOD.replace("year = 2024", 'year = "二〇二四"').replace(
        'value = "显著提升"', 'value = "显著提升"\nweight = 5')
    problems = _problems(tmp_path, text)
    assert any(":3:" in p and "project.year" in p for p in problems)
    assert any(":18:" in p and "indicators[1].weight" in p and "未知字段" in p for p in problems)


def test_unknown_policy(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD + '\n[policy]\nreverse = "harsh"\n')
    assert any("policy.reverse" in p and ":20:" in p for p in problems), problems


def test_unparsable_value_names_line_and_column(tmp_path: Path) -> None:
    problems = _problems(tmp_path, GOOD.replace("≥3次", "≤30个工作曰"))
    assert len(problems) == 1
    assert ":10:" in problems[0] and "indicators[0].value" in problems[0]
    assert "工作日" in problems[0]


def test_unknown_header_unit_is_refused_at_load_not_at_scoring(tmp_path: Path) -> None:
    # A fuzz finding: unit = "abc" loaded, then scoring raised EvaluationError.
    text = GOOD.replace('value = "≥3次"', 'value = "95"\nunit = "abc"')
    problems = _problems(tmp_path, text)
    assert len(problems) == 1, problems
    assert ":11:" in problems[0] and "indicators[0].unit" in problems[0]
    assert "unknown_unit" in problems[0] and "abc" in problems[0]
    assert _problems(tmp_path, text.replace('"abc"', '"%"')) == []


def test_points_that_do_not_add_up(tmp_path: Path) -> None:
    text = GOOD + '\n[points]\n"产出指标" = 60\n"效益指标" = 20\n"满意度指标" = 5\n'
    problems = _problems(tmp_path, text)
    assert any("unknown_block" in p and "满意度指标" in p for p in problems)
    assert any("points_sum" in p and "等于 90" in p for p in problems), problems  # 60+20+10
    text = GOOD + '\n[points]\n"产出指标" = 60\n"效益指标" = 20\n[budget]\npoints = 15\n'
    problems = _problems(tmp_path, text)
    assert any("points_sum" in p and "等于 95" in p for p in problems), problems


def test_indicator_points_must_match_their_block(tmp_path: Path) -> None:
    text = GOOD.replace('value = "≥3次"', 'value = "≥3次"\npoints = 30') + \
        '\n[points]\n"产出指标" = 50\n"产出指标/数量指标" = 50\n"效益指标" = 40\n'
    problems = _problems(tmp_path, text)
    assert any("产出指标/数量指标" in p and "30" in p for p in problems), problems


def test_duplicate_ids_all_reported_with_everything_else(tmp_path: Path) -> None:
    text = GOOD.replace('id = "2.1.1"', 'id = "1.1.1"').replace("≥3次", "≥3次次%")
    _, found = read_ruleset(_write(tmp_path, text))
    codes = [p.code for p in found if p.severity == "error"]
    assert codes.count("duplicate_id") == 2
    assert "unparsable_value" in codes


def test_load_raises_with_every_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('id = "2.1.1"', 'id = "1.1.1"'))
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert len(info.value.problems) == 2
    assert "规则集" in str(info.value)


def test_yaml_ruleset_with_lines(tmp_path: Path) -> None:
    text = """\
project:
  name: 测试项目
indicators:
  - id: "1.1.1"
    level1: 产出指标
    level2: 数量指标
    name: 培训次数
    value: ≥3次
    points: 8.5
  - id: "1.1.2"
    level1: 产出指标
    level2: 数量指标
    name: 覆盖率
    value: ≥95%%
"""
    problems = _problems(tmp_path, text, "r.yaml")
    assert len(problems) == 1 and ":14:" in problems[0]
    ruleset = load_ruleset(_write(tmp_path, text.replace("≥95%%", "≥95%"), "ok.yaml"))
    assert str(ruleset.indicators[0].points) == "8.5"


def test_float_free_points(tmp_path: Path) -> None:
    text = GOOD.replace('value = "≥3次"', 'value = "≥3次"\npoints = 12.35') + \
        '\n[points]\n"产出指标" = 12.35\n'
    ruleset = load_ruleset(_write(tmp_path, text))
    assert str(ruleset.indicators[0].points) == "12.35"
    assert ruleset.indicators[1].points == Decimal("77.65")  # 效益 fills the rest of 90


def test_given_points_overflowing_a_defaulted_block(tmp_path: Path) -> None:
    """产出指标 defaults to 50; 三级 points of 25+10+10+10 do not fit (a report found it)."""
    blocks = "".join(
        f'\n[[indicators]]\nid = "1.1.{n}"\nlevel1 = "产出指标"\nlevel2 = "数量指标"\n'
        f'name = "指标{n}"\nvalue = "≥1次"\npoints = {p}\n'
        for n, p in enumerate([25, 10, 10, 10], start=1))
    effect = "[[indicators]]" + GOOD.split("[[indicators]]")[2]
    text = GOOD.split("[[indicators]]")[0] + blocks + "\n" + effect + \
        '\n[points]\n"产出指标" = 50\n'
    problems = _problems(tmp_path, text)
    assert any("points_sum" in p and "55" in p for p in problems), problems


def test_project_year_reaches_deadlines(tmp_path: Path) -> None:
    ruleset = load_ruleset(_write(tmp_path, GOOD.replace('value = "显著提升"',
                                                         'value = "11月底前"')))
    assert ruleset.indicators[1].policy.year == 2024
    report = ruleset.score({"2.1.1": "11月"})
    assert report.rows[1].outcome.status.value == "achieved"


def test_dump_and_load_back(tmp_path: Path) -> None:
    ruleset = load_ruleset(_write(tmp_path, GOOD + '\n[policy]\nreverse = "linear"\n'))
    again = load_ruleset(_write(tmp_path, ruleset.to_toml(), "again.toml"))
    assert again.spec == ruleset.spec

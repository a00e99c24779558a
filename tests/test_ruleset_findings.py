"""The warnings about indicator values are worked out once per distinct texts and parser,
and every ruleset still gets them at its own lines, in the order they were found."""

from __future__ import annotations

from pathlib import Path

from zhibiao.grammar.parser import IndicatorParser, default_parser
from zhibiao.ruleset.checks import target_findings
from zhibiao.ruleset.load import read_ruleset

_INDICATORS = [  # (value, mid-term value, name, unit): each warns about something
    ("≥0%", None, "覆盖率", None),           # pointless_target
    ("≥95", None, "完成数", None),            # no_unit
    ("290%", None, "合格率", None),           # implausible_percent
    ("≥3次", "≤2次", "培训次数", None),       # contradictory_values (mid term)
    ("≥95%", None, "达标率", "%"),            # nothing
]


def _ruleset(path: Path, order: list[int], blank_lines: int) -> Path:
    text = '[project]\nname = "甲"\n' + "\n" * blank_lines
    for index in order:
        value, mid, name, unit = _INDICATORS[index]
        text += (f'[[indicators]]\nid = "{index}"\nlevel1 = "产出指标"\n'
                 f'level2 = "数量指标"\nname = "{name}"\nvalue = "{value}"\n')
        text += f'mid_term_value = "{mid}"\n' if mid else ""
        text += f'unit = "{unit}"\n' if unit else ""
    path.write_text(text, encoding="utf-8")
    return path


def _warnings(path: Path, parser: IndicatorParser | None = None) -> list[tuple[str, int, str]]:
    ruleset, problems = read_ruleset(path, parser)
    assert ruleset is not None
    return [(p.code, p.line or 0, p.field or "") for p in problems if p.severity == "warning"]


def _on_their_lines(path: Path, warnings: list[tuple[str, int, str]]) -> bool:
    lines = path.read_text(encoding="utf-8").splitlines()
    return all(lines[line - 1].startswith(field.rsplit(".", 1)[1] + " = ")
               for _, line, field in warnings)


def test_each_ruleset_gets_the_warnings_at_its_own_lines(tmp_path: Path) -> None:
    a = _ruleset(tmp_path / "a.toml", [0, 1, 2, 3, 4], 0)
    b = _ruleset(tmp_path / "b.toml", [4, 3, 2, 1, 0], 5)
    first, second = _warnings(a), _warnings(b)
    codes = {code for code, _, _ in first}
    assert {"pointless_target", "no_unit", "implausible_percent",
            "contradictory_values"} <= codes
    assert sorted(code for code, _, _ in first) == sorted(code for code, _, _ in second)
    assert _on_their_lines(a, first) and _on_their_lines(b, second)
    assert first != second  # other indexes, other lines
    assert _warnings(a) == first  # found again (now remembered): the same


def test_the_remembered_findings_equal_the_checks_worked_out_afresh(tmp_path: Path) -> None:
    path = _ruleset(tmp_path / "a.toml", [3, 0, 2, 1, 4], 2)
    _warnings(path)  # remembered now
    ruleset, problems = read_ruleset(path)
    assert ruleset is not None
    parser = default_parser()
    fresh = []
    for index, indicator in enumerate(ruleset.indicators):
        spec = indicator.spec
        mid = parser.parse(spec.mid_term_value) if spec.mid_term_value else None
        fresh += [(code, message, f"indicators[{index}].{field}") for _, code, message, field
                  in target_findings(spec, indicator.target, mid)]
    assert [(p.code, p.message, p.field) for p in problems if p.severity == "warning"] == fresh


def test_another_parser_has_its_own_findings(tmp_path: Path) -> None:
    path = _ruleset(tmp_path / "a.toml", [0, 1, 2, 3, 4], 0)
    assert _warnings(path, IndicatorParser()) == _warnings(path)

"""Reading ruleset files: every problem collected at once, each with file, line, field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from zhibiao.decimal_context import own_context
from zhibiao.engine.conversion import with_header_unit
from zhibiao.errors import EvaluationError, IndicatorSyntaxError, RulesetError
from zhibiao.grammar.models import Comparison, Target
from zhibiao.grammar.parser import IndicatorParser, default_parser
from zhibiao.ruleset.checks import check_allocation, check_spec, check_targets
from zhibiao.ruleset.locate import Locator, TomlLocator, YamlLocator
from zhibiao.ruleset.points import allocate
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Indicator, Ruleset
from zhibiao.ruleset.spec import RulesetSpec

__all__ = ("RULESET_SUFFIXES", "find_rulesets", "load_ruleset", "read_ruleset")

RULESET_SUFFIXES = (".toml", ".yaml", ".yml")
_TOML_POSITION = re.compile(r"at line (\d+)")


class _DecimalLoader(yaml.SafeLoader):
    """YAML's safe loader, with floats read as exact decimals."""


_DecimalLoader.add_constructor(
    "tag:yaml.org,2002:float",
    lambda loader, node: Decimal(loader.construct_scalar(node)),  # type: ignore[arg-type]
)


def find_rulesets(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line; folders are searched for ruleset files.

    Files whose name contains ``actuals`` are example data, not rulesets.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RULESET_SUFFIXES
                                and "actuals" not in p.name))
        else:
            found.append(path)
    return found


def _parse_file(path: Path, text: str) -> tuple[dict[str, Any] | None, Locator, list[Problem]]:
    name = str(path)
    if path.suffix in (".yaml", ".yml"):
        locator: Locator = YamlLocator(text)
        try:
            data = yaml.load(text, Loader=_DecimalLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 0
            return None, locator, [Problem(severity="error", code="syntax", file=name, line=line,
                                           message=f"YAML 语法错误：{exc}")]
    else:
        locator = TomlLocator(text)
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as exc:
            found = _TOML_POSITION.search(str(exc))
            return None, locator, [Problem(severity="error", code="syntax", file=name,
                                           line=int(found[1]) if found else 0,
                                           message=f"TOML 语法错误：{exc}")]
    if not isinstance(data, dict):
        message = "规则集文件应为键值表（[project]、[[indicators]] …）"
        return None, locator, [Problem(severity="error", code="syntax", file=name, line=1,
                                       message=message)]
    return data, locator, []


def _schema_problems(exc: ValidationError, name: str, locator: Locator) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        field = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc)
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "未知字段（unknown field）；检查拼写，字段见 docs/ruleset-format.md"
        elif error["type"] == "missing":
            message = "缺少必填字段（missing field）"
        problems.append(Problem(severity="error", code=f"schema.{error['type']}", file=name,
                                line=locator.line(loc), field=field.replace(".[", "["),
                                message=message))
    return problems


def _check_header_unit(index: int, unit: str, targets: list[Target | None], name: str,
                       locator: Locator) -> list[Problem]:
    """The ``unit`` field is read as scoring reads it: refused at load, not mid-report."""
    try:
        for target in targets:
            if target is not None:
                with_header_unit(target, unit)
    except EvaluationError as exc:
        return [Problem(severity="error", code="unknown_unit", file=name,
                        line=locator.line(("indicators", index, "unit")),
                        field=f"indicators[{index}].unit",
                        message=f"{exc}；unit 应为 units.txt 中的单位，如 \"%\"、\"万元\"、\"个\"")]
    return []


def _check_amounts(spec: RulesetSpec, parser: IndicatorParser, name: str,
                   locator: Locator) -> list[Problem]:
    """Fund amounts and the budget total must be amounts (``4000万元``, ``150,000元``)."""
    amounts: list[tuple[tuple[str | int, ...], str]] = []
    funds = spec.project.funds
    if funds is not None:
        amounts += [(("project", "funds", key), getattr(funds, key))
                    for key in ("annual_total", "mid_term_total") if getattr(funds, key)]
        amounts += [(("project", "funds", "sources", key), value)
                    for key, value in funds.sources.items()]
    if spec.budget.total:
        amounts.append((("budget", "total"), spec.budget.total))
    problems = []
    for where, text in amounts:
        try:
            model = parser.parse(text)
            ok = isinstance(model, Comparison) and model.implicit_op
        except IndicatorSyntaxError:
            ok = False
        if not ok:
            problems.append(Problem(
                severity="error", code="bad_amount", file=name, line=locator.line(where),
                field=".".join(str(w) for w in where),
                message=f"“{text}” 不是一个金额；请写作 4000万元、150,000元 这样的形式"))
    return problems


@own_context
def read_ruleset(path: Path, parser: IndicatorParser | None = None,
                 ) -> tuple[Ruleset | None, list[Problem]]:
    """Read and validate one ruleset; return it (or None) with every problem found."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(severity="error", code="unreadable", file=name,
                              message=f"无法读取文件：{exc}")]
    data, locator, problems = _parse_file(path, text)
    if data is None:
        return None, problems
    try:
        spec = RulesetSpec.model_validate(data)
    except ValidationError as exc:
        return None, _schema_problems(exc, name, locator)

    parser = parser or default_parser()
    problems.extend(check_spec(spec, name, locator))
    problems.extend(_check_amounts(spec, parser, name, locator))
    targets: list[tuple[Target, Target | None]] = []
    for index, item in enumerate(spec.indicators):
        parsed: list[Target | None] = []
        for field, text_value in (("value", item.value), ("mid_term_value", item.mid_term_value)):
            if text_value is None:
                parsed.append(None)
                continue
            try:
                parsed.append(parser.parse(text_value))
            except IndicatorSyntaxError as exc:
                parsed.append(None)
                problems.append(Problem(
                    severity="error", code="unparsable_value", file=name,
                    line=locator.line(("indicators", index, field)),
                    field=f"indicators[{index}].{field}",
                    message=f"指标值 “{text_value}” 无法解析：{exc.message}"
                            + (f"；{exc.hint}" if exc.hint else "")))
        annual, mid_term = parsed
        if item.unit is not None:
            problems.extend(_check_header_unit(index, item.unit, parsed, name, locator))
        if annual is not None:
            problems.extend(check_targets(index, item, annual, mid_term, name, locator))
            targets.append((annual, mid_term))
    base_policy = spec.policy
    if base_policy.year is None and spec.project.year is not None:
        # Deadlines (9月前, 次年2月底前) are read against the ruleset's own year.
        base_policy = base_policy.model_copy(update={"year": spec.project.year})
    policies = []
    for index, item in enumerate(spec.indicators):
        if item.policy is None:
            policies.append(base_policy)
            continue
        try:
            policies.append(base_policy.model_validate({**base_policy.model_dump(),
                                                        **item.policy}))
        except ValidationError as exc:
            problems.extend(_schema_problems(exc, name, locator))
            for problem in problems[-len(exc.errors()):]:
                object.__setattr__(problem, "field", f"indicators[{index}].policy.{problem.field}")
    if any(p.severity == "error" for p in problems):
        return None, problems

    allocation = allocate(spec.indicators, dict(spec.points), spec.budget.points)
    problems.extend(check_allocation(spec, allocation, name, locator))
    if any(p.severity == "error" for p in problems):
        return None, problems
    indicators = tuple(
        Indicator(spec=item, target=annual, mid_term_target=mid_term,
                  points=allocation.indicators[item.id], points_given=item.points is not None,
                  policy=policy, line=locator.line(("indicators", index)))
        for index, (item, (annual, mid_term), policy)
        in enumerate(zip(spec.indicators, targets, policies, strict=True))
    )
    ruleset = Ruleset(path=name, key=spec.project.key or path.stem, spec=spec,
                      indicators=indicators, blocks=tuple(allocation.blocks.items()),
                      points_notes=allocation.notes, warnings=tuple(problems))
    return ruleset, problems


def load_ruleset(path: str | Path, parser: IndicatorParser | None = None) -> Ruleset:
    """Load a ruleset, or raise :class:`RulesetError` listing every problem found.

    Warnings do not stop loading; they are kept in ``ruleset.warnings``.
    """
    ruleset, problems = read_ruleset(Path(path), parser)
    if ruleset is None:
        raise RulesetError(str(path), tuple(p for p in problems if p.severity == "error"))
    return ruleset

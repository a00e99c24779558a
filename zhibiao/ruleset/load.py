"""Reading ruleset files: every problem collected at once, each with file, line, field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import ValidationError

from zhibiao.decimal_context import own_context
from zhibiao.engine import Policy
from zhibiao.errors import EvaluationError, IndicatorSyntaxError, RulesetError
from zhibiao.grammar import IndicatorParser, Target, default_parser
from zhibiao.limits import DEFAULT_LIMITS, Limits
from zhibiao.ruleset.cache import RulesetCache
from zhibiao.ruleset.checks import (
    TargetFinding,
    block_members,
    check_allocation,
    check_spec,
    check_targets,
    target_findings,
)
from zhibiao.ruleset.locate import Locator, field_text
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.spec import IndicatorSpec, RulesetSpec
from zhibiao.ruleset.syntax import MAX_EXPONENT, parse_ruleset_file, parse_ruleset_text
from zhibiao.validation_messages import chinese_message

__all__ = ("RULESET_SUFFIXES", "find_rulesets", "load_ruleset", "read_ruleset",
           "read_ruleset_text")

RULESET_SUFFIXES = (".toml", ".yaml", ".yml")


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


def _schema_problems(exc: ValidationError, name: str, locator: Locator,
                     prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    """One problem per pydantic error; ``prefix`` is where the validated table sits."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        message = chinese_message(error)
        if error["type"] == "extra_forbidden":
            message += "，字段见 docs/ruleset-format.md"
        problems.append(Problem(severity="error", code=f"schema.{error['type']}", file=name,
                                line=locator.line(loc), field=field_text(loc),
                                message=message))
    return problems


def _out_of_range(exc: ArithmeticError, name: str, locator: Locator,
                  where: tuple[str | int, ...]) -> Problem:
    return Problem(severity="error", code="schema.number_range", file=name,
                   line=locator.line(where), field=field_text(where),
                   message=f"评分设置中有超出计算范围的数字（{type(exc).__name__}）；"
                           f"数字应在 1e-{MAX_EXPONENT} 到 1e{MAX_EXPONENT} 之间")


def _check_header_unit(index: int, unit: str, targets: list[Target | None], name: str,
                       locator: Locator, parser: IndicatorParser) -> list[Problem]:
    """The ``unit`` field is read as scoring reads it: refused at load, not mid-report."""
    try:
        for target in targets:
            if target is not None:
                parser.with_header_unit(target, unit)
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
            parser.parse_amount(text)
        except IndicatorSyntaxError:
            problems.append(Problem(
                severity="error", code="bad_amount", file=name, line=locator.line(where),
                field=".".join(str(w) for w in where),
                message=f"“{text}” 不是一个金额；请写作 4000万元、150,000元 这样的形式"))
    return problems


#: Scoring settings by their exact JSON (``0.01`` and ``0.010`` differ): rulesets with
#: the same settings share one Policy object, so the engine prepares a target once for
#: all of them (its caches know a policy by the object). Bounded; cleared when full.
_POLICIES: dict[str, Policy] = {}
_POLICIES_KEPT = 1024
#: The ruleset's policy with its project's year, by the policy object and the year:
#: rulesets without a [policy] table all have the default object (see RulesetSpec).
#: The entry holds the object, so its id is not reused while the entry lives.
_DATED: dict[tuple[int, int], tuple[Policy, Policy]] = {}


def _shared(policy: Policy) -> Policy:
    """The first Policy read with exactly these settings (``policy`` itself if new)."""
    key = policy.model_dump_json()
    shared = _POLICIES.get(key)
    if shared is None:
        if len(_POLICIES) >= _POLICIES_KEPT:
            _POLICIES.clear()
            _DATED.clear()
        shared = _POLICIES[key] = policy
    return shared


def _base_policy(spec: RulesetSpec) -> Policy:
    """The ruleset's shared policy; deadlines (9月前, 次年2月底前) are read against the
    ruleset's own year when the policy names none."""
    policy, year = spec.policy, spec.project.year
    if policy.year is not None or year is None:
        return _shared(policy)
    known = _DATED.get((id(policy), year))
    if known is not None and known[0] is policy:
        return known[1]
    dated = _shared(policy.model_copy(update={"year": year}))
    if len(_DATED) >= _POLICIES_KEPT:
        _DATED.clear()
    _DATED[(id(policy), year)] = (policy, dated)
    return dated


#: What :func:`check_targets` finds, by parser and by the texts it is a function of
#: (value, mid-term value, name, unit): a province's rulesets repeat their indicators,
#: and a parser reads a text always alike. Bounded; cleared when full.
_FINDINGS: WeakKeyDictionary[IndicatorParser, dict[tuple[str | None, ...],
                                                   tuple[TargetFinding, ...]]]
_FINDINGS = WeakKeyDictionary()
_FINDINGS_KEPT = 8192


def _findings(known: dict[tuple[str | None, ...], tuple[TargetFinding, ...]],
              item: IndicatorSpec, annual: Target,
              mid_term: Target | None) -> tuple[TargetFinding, ...]:
    """What :func:`check_targets` finds (``known``: the parser's in ``_FINDINGS``)."""
    key = (item.value, item.mid_term_value, item.name, item.unit)
    found = known.get(key)
    if found is None:
        if len(known) >= _FINDINGS_KEPT:
            known.clear()
        found = known[key] = target_findings(item, annual, mid_term)
    return found


#: The cache of the last parser used, for callers that bring none (a cache holds its
#: parser, and its scorers hold it too: keyed weakly by the parser it would keep every
#: parser alive).
_LAST_CACHE: list[RulesetCache] = []


def _default_cache(parser: IndicatorParser) -> RulesetCache:
    """The cache kept for ``parser`` (the one kept for another parser is dropped)."""
    if not _LAST_CACHE or _LAST_CACHE[0].parser is not parser:
        _LAST_CACHE[:] = [RulesetCache(parser)]
    return _LAST_CACHE[0]


@own_context
def read_ruleset(path: Path, parser: IndicatorParser | None = None, *,
                 limits: Limits | None = None, cache: RulesetCache | None = None,
                 ) -> tuple[Ruleset | None, list[Problem]]:
    """Read and validate one ruleset; return it (or None) with every problem found.

    Rulesets read with one ``cache`` (a :class:`RulesetCache` for ``parser``) share the
    work their equal parts need once (specs, points, scorers and their outcomes);
    without one, the cache kept for the last parser used serves.

    Nothing in the file raises: a file beyond ``limits`` (size, nesting), a syntax
    error, a YAML alias or duplicate key, a non-finite number are problems with a line.
    """
    name = str(path)
    data, locator, problems = parse_ruleset_file(path, limits or DEFAULT_LIMITS)
    return _ruleset(data, locator, problems, name, parser, cache)


@own_context
def read_ruleset_text(text: str, name: str, parser: IndicatorParser | None = None, *,
                      limits: Limits | None = None, cache: RulesetCache | None = None,
                      ) -> tuple[Ruleset | None, list[Problem]]:
    r""":func:`read_ruleset` for a ruleset given as text (an upload, a request body):
    ``name`` stands for the file in problems and reports, its suffix (``.yaml``/``.yml``,
    else TOML) says how the text is read, and its stem is the project key when the ruleset
    names none. Nothing is read from disk.

    >>> ruleset, problems = read_ruleset_text(
    ...     '[project]\nname = "示例"\n[[indicators]]\nid = "1"\nlevel1 = "产出指标"\n'
    ...     'level2 = "数量指标"\nname = "培训人次"\nvalue = "≥100人次"\npoints = 90\n',
    ...     "示例.toml")
    >>> ruleset.key, [p.code for p in problems]
    ('示例', [])
    """
    data, locator, problems = parse_ruleset_text(text, name, limits or DEFAULT_LIMITS)
    return _ruleset(data, locator, problems, name, parser, cache)


def _ruleset(data: dict[str, Any] | None, locator: Locator, problems: list[Problem],
             name: str, parser: IndicatorParser | None, cache: RulesetCache | None,
             ) -> tuple[Ruleset | None, list[Problem]]:
    """The ruleset of the data read from ``name`` (None when it has errors), problems."""
    if data is None:
        return None, problems
    parser = parser or default_parser()
    if cache is None:
        cache = _default_cache(parser)
    elif cache.parser is not parser:
        raise ValueError("the ruleset cache belongs to another parser")
    items, plain = cache.known_specs(data.get("indicators"))
    try:
        spec = RulesetSpec.model_validate({**data, "indicators": items} if plain else data)
    except ValidationError as exc:
        return None, _schema_problems(exc, name, locator)
    except ArithmeticError as exc:  # a number a setting cannot compute with ("1e999999999%")
        return None, [_out_of_range(exc, name, locator, ("policy",))]
    cache.remember_specs(plain, spec.indicators)
    layout = cache.layout(spec)
    checked = cache.checked(layout)  # the checks below would find nothing again
    members = {} if checked else block_members(spec)
    spec_problems = [] if checked else list(check_spec(spec, name, locator, members))
    problems.extend(spec_problems)
    problems.extend(_check_amounts(spec, parser, name, locator))
    targets: list[tuple[Target, Target | None]] = []
    findings = _FINDINGS.setdefault(parser, {})
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
            problems.extend(_check_header_unit(index, item.unit, parsed, name, locator,
                                               parser))
        if annual is not None:
            if found := _findings(findings, item, annual, mid_term):
                problems.extend(check_targets(index, item, annual, mid_term, name, locator,
                                              found))
            targets.append((annual, mid_term))
    base_policy = _base_policy(spec)
    policies = []
    for index, item in enumerate(spec.indicators):
        if item.policy is None:
            policies.append(base_policy)
            continue
        where = ("indicators", index, "policy")
        try:
            policies.append(_shared(base_policy.model_validate({**base_policy.model_dump(),
                                                                **item.policy})))
        except ValidationError as exc:
            problems.extend(_schema_problems(exc, name, locator, where))
        except ArithmeticError as exc:
            problems.append(_out_of_range(exc, name, locator, where))
    if any(p.severity == "error" for p in problems):
        return None, problems

    allocation = cache.allocation(layout, spec)
    if not checked:
        allocation_problems = list(check_allocation(spec, allocation, name, locator,
                                                    members))
        problems.extend(allocation_problems)
        if any(p.severity == "error" for p in problems):
            return None, problems
        if not spec_problems and not allocation_problems:
            cache.passed(layout)
    indicators = tuple(
        cache.indicator(item, annual, mid_term, allocation.indicators[item.id], policy,
                        locator.line(("indicators", index)),
                        cache.scorer(item.value, annual, policy=policy,
                                     direction=item.direction, category=item.level2,
                                     unit=item.unit, indicator=item.name))
        for index, (item, (annual, mid_term), policy)
        in enumerate(zip(spec.indicators, targets, policies, strict=True))
    )
    ruleset = Ruleset(path=name, key=spec.project.key or Path(name).stem, spec=spec,
                      indicators=indicators, blocks=tuple(allocation.blocks.items()),
                      points_notes=allocation.notes, warnings=tuple(problems), parser=parser)
    return ruleset, problems


def load_ruleset(path: str | Path, parser: IndicatorParser | None = None, *,
                 limits: Limits | None = None, cache: RulesetCache | None = None) -> Ruleset:
    """Load a ruleset, or raise :class:`RulesetError` listing every problem found.

    Warnings do not stop loading; they are kept in ``ruleset.warnings``. ``cache``: see
    :func:`read_ruleset`.
    """
    ruleset, problems = read_ruleset(Path(path), parser, limits=limits, cache=cache)
    if ruleset is None:
        raise RulesetError(str(path), tuple(p for p in problems if p.severity == "error"))
    return ruleset

"""What the rulesets read with one parser share: specs, points, scorers and outcomes.

A province's rulesets repeat themselves: the 20,000 indicators of 1,000 generated
projects are 77 distinct (target, 二级指标) pairs, the same 三级指标 rows and block
layouts come back in project after project, and real tables repeat their actuals
(``100%``, ``达成预期指标``) and weights. A :class:`RulesetCache` does each distinct piece
of work once and hands out the (immutable) result again:

- an indicator's table of texts, whole numbers and booleans validated as an
  :class:`~zhibiao.ruleset.spec.IndicatorSpec` — the same table gives the same model;
  a table with a decimal number or a sub-table is validated every time;
- the points allocation (:func:`~zhibiao.ruleset.points.allocate`), a function of each
  indicator's id, 一级, 二级 and written points, the given block points and the budget
  points — numbers by their written form (``5`` and ``5.0`` are different texts) — and
  whether the points checks (``check_spec``, ``check_allocation``: ids, names, points)
  found nothing in a ruleset of that layout with those names: they find nothing again,
  and are not run (a layout with a problem is checked every time, so each ruleset gets
  its own problems with its own lines);
- a :class:`~zhibiao.engine.Scorer`, a function of the target's text, the header unit,
  the policy, the direction, the 二级指标 and the parser: a cache serves one parser, and
  the policy is matched by the object (equal settings written differently, ``0.01`` and
  ``0.010``, are different policies; the loader makes rulesets with the same settings
  share one object);
- an :class:`~zhibiao.ruleset.ruleset.Indicator` made of the very same objects (spec,
  targets, points, policy, scorer: each served by this cache or the parser's own) at
  the same line — matched by identity, as the indicator kept holds them all;
- a scorer's outcome for an actual text (or no actual) and a weight: ``Scorer.score`` is
  a function of the two (its own Decimal context, no clock, no state) and an
  :class:`~zhibiao.engine.Outcome` is immutable — the weight by its written form
  (``4.16`` and ``4.160`` give different outcomes).

Each table is bounded (emptied when full), so memory stays flat however many rulesets
are read: an estimated 70 MB at most, most of it the outcomes (3–5 KB each).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from zhibiao.engine import Direction, Outcome, Policy, Scorer
from zhibiao.grammar import IndicatorParser, Target
from zhibiao.ruleset.points import Allocation, allocate
from zhibiao.ruleset.ruleset import Indicator
from zhibiao.ruleset.spec import IndicatorSpec, RulesetSpec

if TYPE_CHECKING:
    from zhibiao.grammar import Actual

__all__ = ("Layout", "RulesetCache")

_ScorerKey = tuple[str, str | None, int, Direction | None, str | None, str | None]
_SpecKey = tuple[tuple[tuple[object, object], ...], tuple[type, ...]]


@dataclass(frozen=True, slots=True)
class Layout:
    """A ruleset's blocks and points as the points checks and the allocation see them:
    each indicator's id, 一级, 二级 and written points, the given block points and the
    budget points (numbers by their written form), and the indicators' names."""

    key: tuple[object, ...]
    names: tuple[str, ...]


class _RememberingScorer(Scorer):
    """A :class:`Scorer` that looks an (actual text, weight) up in its cache's outcomes
    before scoring it."""

    __slots__ = ("_cache",)
    _cache: RulesetCache

    def score(self, actual: Actual | Target | str | Decimal | int | None,
              weight: Decimal | int | str) -> Outcome:
        if type(weight) is not Decimal or (actual is not None and type(actual) is not str):
            return super().score(actual, weight)
        outcomes = self._cache.outcomes
        key = (self, actual, str(weight))
        outcome = outcomes.get(key)
        if outcome is None:
            outcome = super().score(actual, weight)  # raises for a weight it refuses
            if len(outcomes) >= self._cache.OUTCOMES:
                outcomes.clear()
            outcomes[key] = outcome
        return outcome


class RulesetCache:
    """The shared work of the rulesets read with ``parser`` (see the module)."""

    #: The most scorers kept; a province has a few thousand distinct indicators.
    SCORERS = 4096
    #: The most outcomes kept (a few KB each).
    OUTCOMES = 8192
    #: The most indicator specs, indicators and allocations kept.
    SPECS = 8192
    INDICATORS = 8192
    ALLOCATIONS = 1024

    def __init__(self, parser: IndicatorParser) -> None:
        self.parser = parser
        self.scorers: dict[_ScorerKey, Scorer] = {}
        self.outcomes: dict[tuple[Scorer, str | None, str], Outcome] = {}
        self.specs: dict[_SpecKey, IndicatorSpec] = {}
        self.allocations: dict[tuple[object, ...], Allocation] = {}
        self.clean: set[tuple[tuple[object, ...], tuple[str, ...]]] = set()
        self.indicators: dict[tuple[int, ...], Indicator] = {}

    def scorer(self, text: str, target: Target, *, policy: Policy,
               direction: Direction | None, category: str | None,
               unit: str | None, indicator: str | None = None) -> Scorer:
        """The scorer of ``target`` (read from ``text`` with this cache's parser);
        ``indicator`` (the 三级指标 name) counts only where the policy reads it
        (``direction_from_name``)."""
        name = indicator if policy.direction_from_name else None
        # The policy by identity: the scorer kept holds it, so its id is not reused
        # while the entry lives (and the check below makes sure).
        key = (text, unit, id(policy), direction, category, name)
        scorer = self.scorers.get(key)
        if scorer is None or scorer.policy is not policy:
            if len(self.scorers) >= self.SCORERS:
                self.scorers.clear()
                self.outcomes.clear()  # they hold the scorers they came from
            remembering = _RememberingScorer.compile(
                target, policy=policy, direction=direction, category=category, unit=unit,
                parser=self.parser, indicator=name)
            assert isinstance(remembering, _RememberingScorer)
            remembering._cache = self
            scorer = self.scorers[key] = remembering
        return scorer

    def known_specs(self, items: object) -> tuple[object, list[_SpecKey | None]]:
        """``items`` (the file's ``indicators``) with each plain table (texts, whole
        numbers, booleans) seen before replaced by its validated spec, and the key of
        each plain table (to :meth:`remember_specs` once the ruleset is valid)."""
        if not isinstance(items, list):
            return items, []
        keys: list[_SpecKey | None] = []
        given: list[Any] = []
        specs = self.specs
        for item in items:
            key = _spec_key(item)
            keys.append(key)
            given.append(item if key is None else specs.get(key, item))
        return given, keys

    def remember_specs(self, keys: list[_SpecKey | None],
                       specs: Sequence[IndicatorSpec]) -> None:
        """Keep the specs validated from the plain tables of :meth:`known_specs`."""
        known = self.specs
        for key, spec in zip(keys, specs, strict=True):
            if key is not None and key not in known:
                if len(known) >= self.SPECS:
                    known.clear()
                known[key] = spec

    def layout(self, spec: RulesetSpec) -> Layout:
        """What the points checks and the allocation of ``spec`` are functions of."""
        points = tuple((i.id, i.level1, i.level2, None if i.points is None else str(i.points))
                       for i in spec.indicators)
        key = (points, tuple((name, str(value)) for name, value in spec.points.items()),
               str(spec.budget.points))
        return Layout(key, tuple(i.name for i in spec.indicators))

    def checked(self, layout: Layout) -> bool:
        """Whether a ruleset of this layout passed :func:`~zhibiao.ruleset.checks.
        check_spec` and :func:`~zhibiao.ruleset.checks.check_allocation` without a
        problem (they would find none again)."""
        return (layout.key, layout.names) in self.clean

    def passed(self, layout: Layout) -> None:
        """A ruleset of this layout passed both checks without a problem."""
        if len(self.clean) >= self.ALLOCATIONS:
            self.clean.clear()
        self.clean.add((layout.key, layout.names))

    def allocation(self, layout: Layout, spec: RulesetSpec) -> Allocation:
        """:func:`~zhibiao.ruleset.points.allocate` of ``spec``, worked out once."""
        found = self.allocations.get(layout.key)
        if found is None:
            if len(self.allocations) >= self.ALLOCATIONS:
                self.allocations.clear()
            found = self.allocations[layout.key] = allocate(
                spec.indicators, dict(spec.points), spec.budget.points)
        return found

    def indicator(self, spec: IndicatorSpec, target: Target, mid_term: Target | None,
                  points: Decimal, policy: Policy, line: int, scorer: Scorer) -> Indicator:
        """The :class:`~zhibiao.ruleset.ruleset.Indicator` of these very objects."""
        # By identity: the indicator kept holds every object it is keyed by, so no id
        # is reused while the entry lives (and the check below makes sure).
        key = (id(spec), id(target), id(mid_term), id(points), id(policy), line, id(scorer))
        found = self.indicators.get(key)
        if found is None or found.spec is not spec or found.target is not target or \
                found.mid_term_target is not mid_term or found.points is not points or \
                found.policy is not policy or found.scorer is not scorer:
            if len(self.indicators) >= self.INDICATORS:
                self.indicators.clear()
            found = self.indicators[key] = Indicator(
                spec=spec, target=target, mid_term_target=mid_term, points=points,
                points_given=spec.points is not None, policy=policy, line=line,
                scorer=scorer)
        return found


#: The kinds of values an indicator's table may hold to be kept (a number written with
#: decimals is a Decimal, equal to others written differently: ``5.0`` and ``5``).
_PLAIN = frozenset({str, int, bool})


def _spec_key(item: object) -> _SpecKey | None:
    """The (key, value) pairs of a table whose values are texts and whole numbers, with
    the values' types (``true`` and ``1`` are equal in Python, not in a ruleset)."""
    if type(item) is not dict:
        return None
    types = tuple(map(type, item.values()))
    if not _PLAIN.issuperset(types):
        return None
    return tuple(item.items()), types

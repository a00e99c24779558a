"""What a request gives as text, read as the command line reads the same files: the
parser (with the request's extra units), the rulesets, the actuals. Nothing here reads
or writes a file of the server.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from zhibiao.cli.failures import explain_failure
from zhibiao.errors import DataFileError, ZhibiaoError
from zhibiao.grammar import IndicatorParser, default_parser, default_unit_table, load_unit_table
from zhibiao.limits import Limits
from zhibiao.ruleset.load import read_ruleset_text
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.serve.models import NamedText, RulesetSummary
from zhibiao.serve.problems import ApiProblem

__all__ = ("LoadedRuleset", "load_rulesets", "parser_for", "sha256_text")

#: Parsers built for the extra units of requests, by the sha256 of the units text (the
#: last few).
_PARSERS: OrderedDict[str, IndicatorParser] = OrderedDict()
_PARSERS_KEPT = 8
_LOCK = Lock()


def parser_for(units: str | None) -> IndicatorParser:
    """The package's parser, or one whose units are extended by ``units`` (the text of a
    units file); a units text that cannot be read is refused (422 ``bad_units``)."""
    if not units:
        return default_parser()
    key = sha256_text(units)
    with _LOCK:
        known = _PARSERS.get(key)
        if known is not None:
            _PARSERS.move_to_end(key)
            return known
    try:
        table = load_unit_table(units, "units", default_unit_table())
    except DataFileError as exc:
        raise ApiProblem(422, "bad_units", "单位表有误", f"无法读取单位表：{exc}",
                         [Problem(severity="error", code="bad_units", file="units",
                                  line=exc.line, field="units", message=exc.reason)],
                         ) from None
    parser = IndicatorParser(table)
    with _LOCK:
        _PARSERS[key] = parser
        while len(_PARSERS) > _PARSERS_KEPT:
            _PARSERS.popitem(last=False)
    return parser


def sha256_text(text: str) -> str:
    """The sha256 of ``text`` in UTF-8, as hex: what a report was scored with."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class LoadedRuleset:
    """A ruleset of the request: read (``ruleset`` None when it has errors), problems."""

    name: str
    sha256: str
    ruleset: Ruleset | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def summary(self) -> RulesetSummary:
        ruleset = self.ruleset
        return RulesetSummary(name=self.name, sha256=self.sha256,
                              key=None if ruleset is None else ruleset.key,
                              indicators=None if ruleset is None else len(ruleset.indicators))


def load_rulesets(given: list[NamedText], parser: IndicatorParser,
                  limits: Limits) -> list[LoadedRuleset]:
    """Each ruleset as ``zhibiao check`` reads its file: a text that cannot be read at
    all (nested too deeply, a number out of range) is its problem, never an error."""
    loaded = []
    for item in given:
        try:
            ruleset, problems = read_ruleset_text(item.text, item.name, parser, limits=limits)
        except (ZhibiaoError, RecursionError, ArithmeticError, UnicodeError) as exc:
            message, _ = explain_failure(exc, None)
            ruleset, problems = None, [Problem(severity="error", code="unreadable",
                                               file=item.name, message=message)]
        loaded.append(LoadedRuleset(item.name, sha256_text(item.text), ruleset, problems))
    return loaded

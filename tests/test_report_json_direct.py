"""``report_json`` writes its rows straight from the report rows: the text must stay
that of ``json_text(report.to_json(), indent=None)`` for every report, whatever the
texts hold (quotes, backslashes, control and hidden characters, any script)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhibiao.engine.outcome import tidy_ratio
from zhibiao.grammar import format_decimal
from zhibiao.report import Report
from zhibiao.report import model as report_module
from zhibiao.report.json_format import OutcomePieces, report_json, reports_to_json
from zhibiao.ruleset.load import find_rulesets, load_ruleset
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.scoring import score_ruleset, score_rulesets
from zhibiao.safe_text import json_shown, json_text, may_hide, visible

ROOT = Path(__file__).resolve().parents[1]
RULESETS = ROOT / "rulesets"
ACTUALS = RULESETS / "examples.actuals.csv"


@cache
def _rulesets() -> tuple[Ruleset, ...]:
    return tuple(load_ruleset(path) for path in find_rulesets([RULESETS]))


def _before(report: Report) -> str:
    return json_text(report.to_json(), indent=None)


def test_every_example_report_is_written_as_before() -> None:
    reports, _ = score_rulesets(list(_rulesets()), ACTUALS)
    assert len(reports) > 20
    for report in reports:
        assert report_json(report) == _before(report)
    assert reports_to_json(reports) == "[\n" + ",\n".join(map(_before, reports)) + "\n]"


def test_a_report_without_rows_is_written_as_before() -> None:
    report = score_ruleset(_rulesets()[0], [])
    empty = report.model_copy(update={"rows": ()})
    assert report_json(empty) == _before(empty)
    assert json.loads(report_json(empty))["rows"] == []


_TEXTS = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["96%", "≥95%", "12次", "达成预期指标", "本指标不适用", "1\u200b2%", "\"x\"\\", "290%",
     "\u202e3次", "18.5万元", "0", "-5", "1e30", "\ufeff", "a\r\nb"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, 10_000), data=st.data())
def test_generated_actuals_are_written_as_before(which: int, data: st.DataObject) -> None:
    ruleset = _rulesets()[which % len(_rulesets())]
    rows = []
    for indicator in ruleset.indicators:
        if data.draw(st.booleans()):
            rows.append({"indicator": indicator.id, "actual": data.draw(_TEXTS),
                         "reason": data.draw(st.none() | _TEXTS)})
    if data.draw(st.booleans()):
        rows.append({"indicator": data.draw(_TEXTS), "actual": data.draw(_TEXTS)})
    report = score_ruleset(ruleset, rows)
    assert report_json(report) == _before(report)


_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=None,
                        min_value=-10**30, max_value=10**30)


@given(values=st.lists(_DECIMALS, min_size=1, max_size=8), shift=st.integers(0, 4))
def test_kept_number_texts_are_those_of_each_value(values: list[Decimal], shift: int) -> None:
    """The texts kept per value (``5`` and ``5.00`` alike) are the texts of every
    representation of it, asked in any order."""
    for value in values:
        for same in (value, value.quantize(Decimal(1).scaleb(-shift))
                     if value.adjusted() < 20 else value, +value.normalize()):
            for written in (value, same):
                assert report_module.number_text(written) == format_decimal(written)
                assert report_module.ratio_text(written) == str(tidy_ratio(written))


# ---- the outcome pieces a writer keeps (OutcomePieces) ----------------------------------

#: One for all the generated reports below, as a run's writer keeps one for all its
#: reports: a piece found for the wrong outcome shows in some report's text.
_SHARED = OutcomePieces()


def test_one_writers_pieces_write_every_example_report_as_before() -> None:
    """The example reports share outcomes (the same actual against the same target)
    and hold outcomes equal in status and score that say different things."""
    reports, _ = score_rulesets(list(_rulesets()), ACTUALS)
    pieces = OutcomePieces()
    for _ in range(2):  # the second time every piece is found
        for report in reports:
            assert report_json(report, pieces) == _before(report)
    outcomes = {id(row.outcome): row.outcome for report in reports for row in report.rows}
    assert len(pieces) == len(outcomes)
    same_score = {(o.status, o.score) for o in outcomes.values()}
    assert len(same_score) < len(outcomes)  # a key coarser than the outcome would fail


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, 10_000), data=st.data())
def test_generated_reports_with_shared_pieces_are_written_as_before(
        which: int, data: st.DataObject) -> None:
    ruleset = _rulesets()[which % len(_rulesets())]
    rows = [{"indicator": indicator.id, "actual": data.draw(_TEXTS),
             "reason": data.draw(st.none() | _TEXTS)}
            for indicator in ruleset.indicators if data.draw(st.booleans())]
    report = score_ruleset(ruleset, rows)
    assert report_json(report, _SHARED) == _before(report)
    assert report_json(report, _SHARED) == _before(report)


def test_an_outcome_with_hidden_characters_is_shown_in_its_pieces() -> None:
    ruleset = _rulesets()[0]
    report = score_ruleset(ruleset, [{"indicator": ruleset.indicators[0].id,
                                      "actual": "\u202e3次\u200b"}])
    row = report.rows[0]
    assert "\u202e" in row.outcome.explanation or "\u202e" in (row.actual or "")
    pieces = OutcomePieces()
    written = report_json(report, pieces)
    assert written == _before(report)
    assert "\u202e" not in written and "\\u202e" in written


def test_the_pieces_are_bounded() -> None:
    reports, _ = score_rulesets(list(_rulesets()), ACTUALS)

    class Few(OutcomePieces):
        KEPT = 3

    pieces = Few()
    for report in reports:
        assert report_json(report, pieces) == _before(report)
        assert len(pieces) <= 3


@given(st.text(st.characters(codec="utf-8"), max_size=20) | _TEXTS)
def test_text_that_may_hide_nothing_is_shown_as_it_is(text: str) -> None:
    if not may_hide(text):
        dumped = json.dumps(text, ensure_ascii=False)
        assert json_shown(dumped) == dumped and visible(text) == text

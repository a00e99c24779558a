"""The public surface of ``zhibiao.engine``: the names the ruleset scorer relies on."""

from __future__ import annotations

import pickle
from decimal import Decimal

import zhibiao.engine as engine
from zhibiao.engine import Outcome, Status, evaluate, evaluate_many
from zhibiao.grammar import parse

CONTRACT = {"evaluate", "evaluate_budget", "summarize", "parse_actual", "Policy", "Outcome",
            "Status", "Direction", "Totals", "BlockTotal", "count_working_days"}


def test_all_lists_the_contract_and_only_public_names() -> None:
    assert set(engine.__all__) >= CONTRACT
    assert all(hasattr(engine, name) for name in engine.__all__)
    assert not any(name.startswith("_") for name in engine.__all__)


def test_outcome_is_a_frozen_model_that_round_trips() -> None:
    outcome = evaluate("≥95%", "92%", weight=10)
    assert isinstance(outcome, Outcome)
    assert Outcome.model_validate(outcome.model_dump()) == outcome
    assert pickle.loads(pickle.dumps(outcome)) == outcome
    assert isinstance(outcome.score, Decimal) and isinstance(outcome.ratio, Decimal)
    assert outcome.to_json()["ratio"] == "0.968421"


def test_statuses_have_chinese_labels() -> None:
    assert [s.label for s in Status] == ["达成", "未达成", "无法评价", "不适用"]


def test_evaluate_many_matches_evaluate_and_reuses_repeats() -> None:
    target = parse("≥95%")
    rows = [(target, "92%", "10"), ("≤90万元", "100万元", 8), (target, "92%", "10")]
    outcomes = list(evaluate_many(rows))
    assert outcomes[0] == evaluate(target, "92%", weight="10")
    assert outcomes[1] == evaluate("≤90万元", "100万元", weight=8)
    assert outcomes[2] is outcomes[0]

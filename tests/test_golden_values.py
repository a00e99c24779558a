"""Every real 指标值 (four seed tables, published self-evaluations) parses as reviewed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zhibiao import parse
from zhibiao.grammar.contract import result_json

GOLDEN = Path(__file__).parent / "golden" / "indicator_values.jsonl"
RECORDS: list[dict[str, Any]] = [
    json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line
]


def test_golden_covers_every_listed_value() -> None:
    from tests.golden.update import values

    assert [r["text"] for r in RECORDS] == values()
    assert len(RECORDS) >= 300


@pytest.mark.parametrize("record", RECORDS, ids=[r["text"] for r in RECORDS])
def test_real_value_parses_as_reviewed(record: dict[str, Any]) -> None:
    assert record["ok"], "every real value must parse"
    assert result_json(record["text"], parse(record["text"])) == record


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("≥95%", "comparison"), ("≤30个工作日", "comparison"), ("100元/月/人", "comparison"),
        ("≥1.4亿元", "comparison"), ("每年≥3次", "comparison"), ("4.7万元/人、年", "comparison"),
        ("≈30万", "comparison"), ("=10月份", "deadline"), ("年底前完成", "deadline"),
        ("显著提升", "qualitative"), ("本指标不适用", "not_applicable"),
        ("90%-95%", "range"), ("受益户数≥200户,受益脱贫户数≥15户", "compound"),
        ("处置率达100%", "comparison"), ("预算支出进度达到90%以上", "comparison"),
        ("≥ 95 %", "comparison"), ("$\\geq 95\\%$", "comparison"), ("2021年12月31日", "deadline"),
        ("2020年1月--2020年11月", "deadline"), ("该指标本单位不适用", "not_applicable"),
        ("无", "not_applicable"), ("", "not_applicable"), ("1-12月", "deadline"),
        ("12月底之前完成", "deadline"), ("2023年底", "deadline"), ("9月前", "deadline"),
        ("各1次", "comparison"), ("按文件执行,据实拨付", "qualitative"),
        ("≥95%。", "comparison"), ("\u3000≥95%\u3000", "comparison"),
    ],
)
def test_issue_examples_have_the_right_kind(text: str, kind: str) -> None:
    assert parse(text).kind == kind


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("≥1.4亿元", ">=", "140000000", "元"),
        ("≥377万人", ">=", "3770000", "人"),
        ("每年≥3次", ">=", "3", "次/年"),
        ("每年≤10万", "<=", "100000", "/年"),
        ("100元/月/人", "==", "100", "元/人/月"),
        ("4.7万元/人、年", "==", "47000", "元/人/年"),
        ("583元/人*月", "==", "583", "元/人/月"),
        ("≤620万/月", "<=", "6200000", "/月"),
        ("5km", "==", "5", "公里"),
        ("300,000元", "==", "300000", "元"),
        ("十二个月", "==", "12", "月"),
        ("≥100百分比", ">=", "100", "%"),
        ("90%以上", ">=", "90", "%"),
        ("30天以内", "<=", "30", "天"),
        ("约30万元", "~=", "300000", "元"),
        ("不少于两次", ">=", "2", "次"),
    ],
)
def test_values_are_in_the_base_unit(text: str, op: str, value: str, unit: str) -> None:
    record = result_json(text, parse(text))
    assert (record["op"], record["value"], record["unit"]) == (op, value, unit)

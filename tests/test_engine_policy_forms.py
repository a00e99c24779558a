"""The forms of ``[policy]`` a rule author writes: the JSON Schema accepts them, and a
policy written back (``model_dump`` → TOML) reads back to an equal policy.

The schema is checked with a small validator for the JSON Schema keywords it uses
(the project does not depend on ``jsonschema``).
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhibiao.cli.schema_cmd import ruleset_schema
from zhibiao.engine import Direction, Policy
from zhibiao.ruleset.load import load_ruleset

RULESET = Path(__file__).resolve().parents[1] / "rulesets" / "000-mingguang-2024" / \
    "02-yewu-jingfei-feishui.toml"


# ---- a validator for the keywords the schema uses --------------------------------------

_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float, Decimal)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}
_KNOWN = {"type", "enum", "const", "anyOf", "pattern", "items", "prefixItems", "minItems",
          "maxItems", "additionalProperties", "properties", "required", "$ref", "default",
          "title", "description", "minimum", "maximum", "minLength", "maxLength", "format",
          "examples", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "decimal_places"}


def _valid(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    unknown = set(schema) - _KNOWN
    assert not unknown, f"the test validator does not know {unknown}"
    if "$ref" in schema:
        return _valid(value, defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema and not any(_valid(value, part, defs) for part in schema["anyOf"]):
        return False
    if "type" in schema and not _TYPES[schema["type"]](value):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "const" in schema and (value != schema["const"] or type(value) is not type(
            schema["const"])):
        return False
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"],
                                                                        value):
        return False
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems",
                                                                            len(value)):
            return False
        prefix = schema.get("prefixItems", [])
        for index, item in enumerate(value):
            part = prefix[index] if index < len(prefix) else schema.get("items")
            if isinstance(part, dict) and not _valid(item, part, defs):
                return False
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if any(name not in value for name in schema.get("required", [])):
            return False
        for name, item in value.items():
            part = properties.get(name, schema.get("additionalProperties", True))
            if part is False or (isinstance(part, dict) and not _valid(item, part, defs)):
                return False
    return True


def _policy_schema() -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``[policy]`` schema as ``zhibiao schema`` prints it, and its definitions."""
    schema = ruleset_schema()
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    return defs["Policy"], defs


# ---- what rule authors write -----------------------------------------------------------

#: Every form the docs show (docs/scoring.md §8, the Policy docstring) or the loader takes.
WRITTEN = [
    'qualitative_bands = "80/50"',
    'qualitative_bands = "80/60"',
    "qualitative_bands = [80, 50]",
    'qualitative_bands = ["80", "50"]',
    'qualitative_bands = "100/80/50/0"',
    'qualitative_bands = "80%/50%"',
    'grades = { "优" = 90, "良" = 80, "中" = 60 }',
    'grades = { "优" = "85", "良" = 75.5, "中" = 60 }',
    '[grades]\n"良" = 80\n"优" = 85\n"中" = 60',
    'grades = [["优", 90], ["良", 80], ["中", 60]]',
    'bare_value_by_category = { "成本指标" = "反向" }',
    'bare_value_by_category = { "成本指标" = "lower", "数量指标" = "等于" }',
    'bare_value_by_category = { "成本指标" = "反向指标" }',
    'bare_value_by_category = [["成本指标", "反向"]]',
    'rounding = "0.1"',
    "rounding = 0.1",
    "rounding = 1",
    'rounding = "整数"',
    'rounding = "两位小数"',
    'tolerance = "2%"',
    'tolerance = "±2%"',
    'tolerance = "2"',
    "tolerance = 2",
    'tolerance = "off"',
    "tolerance = false",
    'reverse = "linear"',
    'reverse = "线性"',
    'reverse = "倒数"',
    'bare_value = "反向"',
    'bare_value = "lower"',
    'bare_value = "exact"',
    'late = "proportional_days"',
    'late = "按天"',
    'overshoot_flag = "1.3"',
    "overshoot_flag = 1.3",
    'overshoot_flag = "130%"',
    'overshoot_flag = "off"',
    'overshoot_cut = "1.3"',
    'rate_quantum = "0.001"',
    'rate_quantum = "off"',
    'rounding_mode = "half_even"',
    'qualitative_position = "middle"',
    "year = 2022",
    'year = "2022"',
    'year = "2022年"',
]


@pytest.mark.parametrize("text", WRITTEN)
@pytest.mark.parametrize("floats", ["float", "Decimal"])
def test_schema_accepts_what_authors_write(text: str, floats: str) -> None:
    """Each form loads (the Policy accepts it) and the schema editors use accepts it."""
    table = tomllib.loads(text, parse_float=float if floats == "float" else Decimal)
    Policy.model_validate(table)
    schema, defs = _policy_schema()
    assert _valid(table, schema, defs), text


@pytest.mark.parametrize("text", [
    'reverse = "sideways"',
    'qualitative_bands = "80-50"',
    "qualitative_bands = [80]",
    'grades = { "优" = [90] }',
    'bare_value_by_category = { "成本指标" = "上限" }',
    'late = "never"',
    "overshoot_flag = true",
    'rounding = ["0.1"]',
    "unknown_setting = 1",
])
def test_schema_rejects_what_the_loader_rejects(text: str) -> None:
    table = tomllib.loads(text)
    with pytest.raises(ValueError):
        Policy.model_validate(table)
    schema, defs = _policy_schema()
    assert not _valid(table, schema, defs), text


def test_the_schema_and_the_docs_show_the_same_policy_table() -> None:
    """``zhibiao schema`` embeds the same [policy] schema as Policy.model_json_schema()."""
    schema, _ = _policy_schema()
    own = Policy.model_json_schema(mode="validation")
    assert schema["properties"].keys() == own["properties"].keys()
    for name in ("grades", "bare_value_by_category", "qualitative_bands", "rounding",
                 "tolerance"):
        assert schema["properties"][name] == own["properties"][name]


def test_values_are_unchanged_by_the_schema() -> None:
    """The Python values keep their normalised forms (tuples of pairs, Decimals)."""
    policy = Policy.model_validate(tomllib.loads(
        'grades = { "良" = 80, "优" = 85, "中" = 60 }\n'
        'bare_value_by_category = { "成本指标" = "lower" }\n'
        'qualitative_bands = "80/50"\nrounding = 0.1\ntolerance = "±2%"'))
    assert policy.grades == (("优", Decimal(85)), ("良", Decimal(80)), ("中", Decimal(60)))
    assert policy.bare_value_by_category == (("成本指标", Direction.LOWER),)
    assert policy.qualitative_bands == (Decimal(80), Decimal(50))
    assert policy.rounding == Decimal("0.1")
    assert policy.tolerance == Decimal(2)


# ---- written back ----------------------------------------------------------------------

policies = st.builds(
    Policy,
    reverse=st.sampled_from(["inverse", "linear", "线性"]),
    bare_value=st.sampled_from(["正向", "反向", "等于", "lower"]),
    bare_value_by_category=st.sampled_from([
        {}, {"成本指标": "反向"}, {"成本指标": "lower", "数量指标": "等于"},
        [["成本指标", "反向"], ["成本指标", "等于"]]]),
    qualitative_bands=st.sampled_from(["80/60", "80/50", [85, 60], "90.5/70"]),
    qualitative_position=st.sampled_from(["top", "middle", "bottom"]),
    late=st.sampled_from(["zero", "proportional_days"]),
    overshoot_flag=st.sampled_from(["1.3", "off", "150%", "1.25"]),
    overshoot_cut=st.sampled_from([None, "1.3", "2"]),
    tolerance=st.sampled_from([None, "2", "±5%", "0.5"]),
    rounding=st.sampled_from(["0.01", "0.1", "1", "0.0001"]),
    rounding_mode=st.sampled_from(["half_up", "half_even", "down", "up"]),
    rate_quantum=st.sampled_from([None, "0.001", "0.01"]),
    grades=st.sampled_from([
        {"优": 90, "良": 80, "中": 60}, {"良": 80, "优": "85.5", "中": 60},
        {"A": 95, "B": 75}, [["优", 90], ["优", 80]]]),
    year=st.sampled_from([None, 2022, "2024年"]),
)


@settings(max_examples=200, deadline=None)
@given(policy=policies)
def test_dump_validates_back(policy: Policy) -> None:
    for mode in ("python", "json"):
        dumped = policy.model_dump(mode=mode, exclude_defaults=True)
        assert Policy.model_validate(dumped) == policy
        full = policy.model_dump(mode=mode)
        assert Policy.model_validate(full) == policy
    schema, defs = _policy_schema()
    assert _valid(policy.model_dump(mode="json"), schema, defs)


def test_tables_are_written_as_tables() -> None:
    policy = Policy.model_validate({"grades": {"优": 85, "良": 80, "中": 60},
                                    "bare_value_by_category": {"成本指标": "反向"},
                                    "overshoot_flag": "off"})
    dumped = policy.model_dump(mode="python", exclude_defaults=True)
    assert dumped == {"grades": {"优": Decimal(85), "良": Decimal(80), "中": Decimal(60)},
                      "bare_value_by_category": {"成本指标": Direction.LOWER},
                      "overshoot_flag": "off"}
    # A repeated name cannot be a table key: the pairs are kept, so nothing is lost.
    repeated = Policy.model_validate({"grades": [["优", 90], ["优", 80]]})
    assert repeated.model_dump()["grades"] == (("优", Decimal(90)), ("优", Decimal(80)))
    # Python values are untouched.
    assert policy.grades == (("优", Decimal(85)), ("良", Decimal(80)), ("中", Decimal(60)))
    assert policy.overshoot_flag is None


@settings(max_examples=60, deadline=None)
@given(policy=policies)
def test_toml_writer_round_trip(policy: Policy, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A ruleset with this [policy], written by the TOML writer and loaded again."""
    ruleset = load_ruleset(RULESET)
    spec = ruleset.spec.model_copy(update={"policy": policy})
    text = ruleset.model_copy(update={"spec": spec}).to_toml()
    assert Policy.model_validate(tomllib.loads(text).get("policy", {})) == policy
    assert Policy.model_validate(tomllib.loads(text, parse_float=Decimal).get("policy", {})) \
        == policy
    path = tmp_path_factory.mktemp("dump") / "ruleset.toml"
    path.write_text(text, encoding="utf-8")
    assert load_ruleset(path).spec.policy == policy

"""docs/ruleset-reference.md is generated from the JSON Schema and must be up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reference", DOCS / "gen_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_is_up_to_date() -> None:
    expected = _generator().render()
    current = (DOCS / "ruleset-reference.md").read_text(encoding="utf-8")
    assert current == expected, (
        "docs/ruleset-reference.md 已过期：请运行 python docs/gen_reference.py")


def test_reference_names_every_key() -> None:
    from zhibiao.cli.schema_cmd import ruleset_schema

    text = (DOCS / "ruleset-reference.md").read_text(encoding="utf-8")
    schema = ruleset_schema()
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    for definition in [schema, *defs.values()]:
        assert isinstance(definition, dict)
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in text, key

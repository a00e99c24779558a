"""``zhibiao schema``: the JSON Schema of ruleset files, for editors."""

from __future__ import annotations

import argparse
import json
from typing import Any

from zhibiao.ruleset.spec import RulesetSpec

__all__ = ("configure", "ruleset_schema", "run")


def ruleset_schema() -> dict[str, Any]:
    schema = RulesetSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # An indicator's own policy is read as a mapping merged over [policy] (its errors are
    # located when the ruleset loads); for editors it is a Policy, so its keys are checked.
    own = schema["$defs"]["IndicatorSpec"]["properties"]["policy"]
    own["anyOf"] = [{"$ref": "#/$defs/Policy"}, {"type": "null"}]
    schema["title"] = "zhibiao ruleset（规则集）"
    return schema


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="写入文件（默认输出到终端）/ output file")


def run(args: argparse.Namespace) -> int:
    text = json.dumps(ruleset_schema(), ensure_ascii=False, indent=2)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    return 0

"""Regenerate ``indicator_values.jsonl`` from the value lists and the current parser.

Run it after a deliberate change to the grammar, then review the diff by hand:

    python tests/golden/update.py && git diff tests/golden/indicator_values.jsonl
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from zhibiao.errors import IndicatorSyntaxError
from zhibiao.grammar.contract import result_json
from zhibiao.grammar.parser import parse

HERE = Path(__file__).parent
SOURCES = ("seed_values.tsv", "selfeval_values.tsv", "issue_values.tsv",
           "notation_values.tsv")
GOLDEN = HERE / "indicator_values.jsonl"


def values() -> list[str]:
    seen: dict[str, None] = {}
    for name in SOURCES:
        with (HERE / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                seen.setdefault(row["value"], None)
    return list(seen)


def main() -> None:
    lines = []
    for text in values():
        try:
            record = result_json(text, parse(text))
        except IndicatorSyntaxError as exc:
            record = result_json(text, error=exc)
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} values written to {GOLDEN}")


if __name__ == "__main__":
    main()

"""docs/grammar.md is current, and its examples parse to the kinds it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from zhibiao import parse

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "grammar.md").read_text(encoding="utf-8")


def test_generated_tables_are_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "docs" / "gen_grammar_tables.py"),
                             "--check"], capture_output=True)
    assert result.returncode == 0, "run: python docs/gen_grammar_tables.py"


def _kind_rows() -> list[tuple[str, str]]:
    section = DOC.split("## 1.")[1].split("## 2.")[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 4 and cells[1].startswith("`"):
            kind = cells[1].strip("`")
            rows += [(kind, example) for example in re.findall(r"`([^`]+)`", cells[3])]
    return rows


@pytest.mark.parametrize(("kind", "example"), _kind_rows())
def test_kind_examples(kind: str, example: str) -> None:
    assert parse(example).kind == kind

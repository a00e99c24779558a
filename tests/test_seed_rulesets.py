"""The 33 seed rulesets: they check clean, and say exactly what their documents say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhibiao.ruleset.load import find_rulesets, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).parent / "data" / "seeds"
RULESETS = find_rulesets([ROOT / "rulesets"])


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cells(text: str) -> list[tuple[int, str]]:
    return [(number, _squeeze(cell)) for number, line in enumerate(text.splitlines())
            for cell in line.split("\t") if cell.strip()]


def _in_seed(value: str, seed: str, cells: list[tuple[int, str]]) -> bool:
    """In the text, or split over two cells a few lines apart (a wrapped PDF cell)."""
    value = _squeeze(value)
    if value in seed:
        return True
    for k in range(1, len(value)):
        head, tail = value[:k], value[k:]
        starts = [n for n, cell in cells if cell.endswith(head)]
        if starts and any(cell.startswith(tail) and any(0 < n - s <= 4 for s in starts)
                          for n, cell in cells):
            return True
    return False


def test_there_are_33_seed_rulesets() -> None:
    rulesets = [load_ruleset(p) for p in RULESETS]
    assert len(rulesets) == 33
    kinds = [r.spec.project.kind for r in rulesets]
    assert kinds.count("unit") == 2 and kinds.count("project") == 31


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_values_and_names_are_cells_of_the_seed(path: Path) -> None:
    ruleset = load_ruleset(path)
    source = ruleset.spec.project.source
    assert source is not None
    text = (SEEDS / source).read_text(encoding="utf-8")
    seed, cells = _squeeze(text), _cells(text)
    for indicator in ruleset.indicators:
        spec = indicator.spec
        printed = spec.published or spec.value
        values = [printed] + ([spec.mid_term_value] if spec.mid_term_value else [])
        for value in values:
            if spec.published and value == spec.mid_term_value:
                value = spec.published
            assert _in_seed(value, seed, cells), f"{spec.id}: {value!r} is not in {source}"
        assert _in_seed(spec.name, seed, cells), f"{spec.id}: {spec.name!r} is not in {source}"


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_seed_ruleset_has_no_errors_and_points_add_up(path: Path) -> None:
    ruleset = load_ruleset(path)
    assert not [w for w in ruleset.warnings if w.severity == "error"]
    total = sum((i.points for i in ruleset.indicators), ruleset.budget_points)
    assert total == 100
    for level1 in dict.fromkeys(i.spec.level1 for i in ruleset.indicators):
        members = [i for i in ruleset.indicators if i.spec.level1 == level1]
        assert sum(i.points for i in members) == ruleset.block_points(level1)

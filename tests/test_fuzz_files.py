"""The files zhibiao reads, fuzzed by structure (fuzz/files.py): real rulesets and actuals
files with the edits people and other systems make — a title row, a quote never closed,
GBK or UTF-16, a formula cell, a YAML alias bomb, brackets nested 5,000 deep.

Each edit on its own is a regression case; then Hypothesis combines them. The checks are
the fuzz harness's own (``check_files``): nothing escapes but our own errors, a file is
read within the time limit, and every data row of an actuals file comes out again as a
row or as a problem.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings

ROOT = Path(__file__).resolve().parents[1]


def _harness() -> ModuleType:
    name = "zhibiao_fuzz_harness"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "fuzz" / "harness.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


harness = _harness()
files = harness.files_module()


@pytest.mark.parametrize("recipe", list(files.seed_recipes()))
def test_real_file_with_one_edit(recipe: str) -> None:
    harness.check_files(recipe)


@settings(max_examples=60)
@given(files.recipes())
def test_real_files_with_random_edits(recipe: str) -> None:
    harness.check_files(recipe)


def test_recipes_read_back() -> None:
    """A recipe is a line a person can replay: decoding and writing it again agrees."""
    for recipe in files.seed_recipes():
        assert files.decode(recipe).recipe() == recipe


def test_edits_that_keep_rows_are_counted() -> None:
    """The row check is not vacuous: the seed holds rows, and a title row keeps them."""
    mutant = files.decode("actuals 0 title")
    assert mutant.keeps_rows
    _, _, table = files.build_actuals(mutant)
    assert table.data_rows > 10 and table.header_at == 1
    assert not files.decode("actuals 0 truncate=5").keeps_rows

"""The fast path's terminal patterns, kept between runs (``grammar/terminal_cache.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhibiao.grammar import terminal_cache
from zhibiao.grammar.parser import LARK_OPTIONS, IndicatorParser, grammar_text
from zhibiao.grammar.terminal_cache import load_patterns, save_patterns
from zhibiao.grammar.units import read_unit_file
from zhibiao.grammar.vocabulary import default_vocabulary

OPTIONS = repr(sorted(LARK_OPTIONS.items()))
VALUES = ["≥95%", "每年≥3次", "显著提升", "90%-95%", "年底前完成", "≥1.4亿元", "本指标不适用"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh directory for our patterns (lark's own cache stays where it is)."""
    monkeypatch.setattr(terminal_cache, "_directory", lambda: tmp_path)
    return tmp_path


def test_stored_patterns_are_what_lark_makes_of_the_data_files(cache_dir: Path) -> None:
    first = IndicatorParser()  # nothing stored yet: lark builds the grammar
    stored = load_patterns(first.grammar, OPTIONS)
    assert stored == first._lalr.terminal_patterns()
    second = IndicatorParser()  # stored: the LALR parser is not built until needed
    assert "_lalr" not in vars(second)
    assert [second.parse(v) for v in VALUES] == [first.parse(v) for v in VALUES]
    assert [str(second.parse(v)) for v in VALUES] == [str(first.parse(v)) for v in VALUES]


def test_every_input_of_the_patterns_is_in_the_key(cache_dir: Path) -> None:
    vocabulary = default_vocabulary()
    grammar = IndicatorParser().grammar
    extra = cache_dir / "units.txt"
    extra.write_text("尺 = 1/3 米 ; 市尺\n", encoding="utf-8")
    extended = grammar_text(read_unit_file(extra), vocabulary)
    assert extended != grammar  # a data file changes the grammar text, hence the key
    assert load_patterns(extended, OPTIONS) is None
    assert load_patterns(grammar, OPTIONS + " ") is None
    assert load_patterns(grammar, OPTIONS) is not None


@pytest.mark.parametrize("content", [
    "{not json", "[]", '{"key": "other", "patterns": {}}', "KEY_WITH_BAD_PATTERNS",
])
def test_corrupt_files_are_ignored_and_replaced(cache_dir: Path, content: str) -> None:
    grammar = IndicatorParser().grammar
    (path,) = cache_dir.glob(".zhibiao_terminals_*.json")
    key = json.loads(path.read_text("utf-8"))["key"]
    if content == "KEY_WITH_BAD_PATTERNS":
        content = json.dumps({"key": key, "patterns": {"TEXT": 1}})
    path.write_text(content, encoding="utf-8")
    assert load_patterns(grammar, OPTIONS) is None
    parser = IndicatorParser()
    assert str(parser.parse("≥95%")) == "≥95%"
    assert load_patterns(grammar, OPTIONS) == parser._lalr.terminal_patterns()


def test_a_directory_that_cannot_be_written_is_ignored(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("", encoding="utf-8")
    monkeypatch.setattr(terminal_cache, "_directory", lambda: not_a_directory)
    parser = IndicatorParser()
    save_patterns(parser.grammar, OPTIONS, {"TEXT": "x"})  # no error
    assert load_patterns(parser.grammar, OPTIONS) is None
    assert [str(parser.parse(v)) for v in VALUES[:3]] == ["≥95%", "≥3次/年", "显著提升"]
    assert list(tmp_path.iterdir()) == [not_a_directory]


def test_a_warm_start_of_a_comparison_does_not_import_lark() -> None:
    script = ("import sys; from zhibiao.grammar import parse; parse('≥95%'); parse('显著提升');"
              "print('lark' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)]
    assert runs[1] == "False"  # the first run may have had to store the patterns

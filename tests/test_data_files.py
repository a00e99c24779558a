"""The unit and vocabulary tables are data a rule author can read and extend."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhibiao import Comparison, DataFileError, IndicatorParser
from zhibiao.grammar.units import default_unit_table, load_unit_table
from zhibiao.grammar.vocabulary import default_vocabulary


def test_units_are_exact() -> None:
    table = default_unit_table()
    assert table.definition("亩").scale == Fraction(2000, 3)
    assert table.definition("年").scale == 12 * table.definition("月").scale
    assert table.definition("km").name == "公里"
    assert table.definition("个工作日").dimension == "workday"
    assert table.definition("天").dimension != table.definition("月").dimension  # not exact


def test_every_counter_is_its_own_dimension() -> None:
    table = default_unit_table()
    assert table.definition("次").dimension != table.definition("人").dimension


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("元", "NAME = DEFINITION"),
        ("米 = 100 尺", "未定义的单位"),
        ("米 = [length]\n尺 = abc 米", "无法理解的定义"),
        ("元 = [money] ; ", "为空"),
    ],
)
def test_unit_file_errors_name_the_line(text: str, reason: str) -> None:
    with pytest.raises(DataFileError) as info:
        load_unit_table(text, "my_units.txt")
    assert reason in str(info.value)
    assert str(info.value).startswith("my_units.txt:")


def test_vocabulary_lists_are_longest_first() -> None:
    words = default_vocabulary().operator(">=").prefix
    assert list(words) == sorted(words, key=lambda w: (-len(w), w))


def test_rule_author_extends_units_and_words_without_code(tmp_path: Path) -> None:
    units = tmp_path / "units.txt"
    units.write_text("尺 = 1/3 米 ; 市尺\n座次 = [counter]\n", encoding="utf-8")
    words = tmp_path / "vocabulary.toml"
    words.write_text('[operators.">="]\nprefix = ["起码"]\n', encoding="utf-8")
    parser = IndicatorParser.from_files(units, words)
    model = parser.parse("起码30市尺")
    assert isinstance(model, Comparison)
    assert (model.op.value, model.quantity.unit.name) == (">=", "尺")
    assert parser.units.definition("尺").scale == Fraction(1, 3)
    assert parser.parse("≥5座次") == parser.parse("不低于5座次")


_VOCABULARY = default_vocabulary()
_PHRASE_WORDS = sorted({w for g in _VOCABULARY.groups for w in g.words}
                       | {w for w, _ in _VOCABULARY.intensity})


@given(st.lists(st.sampled_from(_PHRASE_WORDS) | st.text(alphabet="按要求的工作等", max_size=3),
                max_size=5).map("".join))
def test_classify_is_first_group_and_highest_rank(phrase: str) -> None:
    # The definition, written out: the first meaning group with one of its words in the
    # phrase; the highest intensity rank with one of its words in the phrase.
    group = next((g.key for g in _VOCABULARY.groups if any(w in phrase for w in g.words)),
                 None)
    rank = max((r for word, r in _VOCABULARY.intensity if word in phrase), default=None)
    assert _VOCABULARY.classify(phrase) == (group, rank)

"""The plain-TOML reader equals tomllib (data) and TomlLocator (lines), or declines."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from zhibiao.limits import Limits
from zhibiao.ruleset.locate import Locator, PlainTomlLocator, TomlLocator
from zhibiao.ruleset.syntax import _data_problems
from zhibiao.ruleset.toml_fast import read_plain_toml
from zhibiao.ruleset.toml_syntax import too_deep_at

ROOT = Path(__file__).resolve().parent.parent
RULESETS = sorted((ROOT / "rulesets").rglob("*.toml"))

_NAMES = st.sampled_from(["project", "indicators", "funds", "a", "b", "x-1", "1.1", "名称"])
_KEYS = st.one_of(_NAMES, _NAMES.map(lambda k: f'"{k}"'), _NAMES.map(lambda k: f"'{k}'"),
                  st.sampled_from(['"a.b"', '"x\\"y"', "a.b", '""', "'\"q\"'", "a b"]))
_VALUES = st.one_of(
    st.text(max_size=6).map(lambda t: f'"{t}"'), st.text(max_size=6).map(lambda t: f"'{t}'"),
    st.sampled_from(["0", "1", "+5", "-0", "01", "1_000", "8.5", "-0.0", "1e3", "1.", ".5",
                     "0x1F", "true", "false", "True", "nan", "inf", "[1, 2]", "{a = 1}",
                     "1" + "0" * 40, "0." + "0" * 40 + "1", "9" * 25, "0." + "0" * 22 + "1",
                     '"""x"""', "'''y'''", '"a\\u0041"', '"≥95%"', "2024-01-01",
                     '"#"', '"x" # note', "12.50", "99999999999999999999"]),
    # escapes: those the plain reader takes (\n \t \" \\), others, and none that close
    st.lists(st.sampled_from(["a", "目标", "\\n", "\\t", '\\"', "\\\\", "\\b", "\\r",
                              "\\u0041", "\\q", "\\", "#", "'"]), max_size=5)
    .map(lambda parts: '"' + "".join(parts) + '"'))
_HEADERS = st.one_of(
    _NAMES.map(lambda n: f"[{n}]"), _NAMES.map(lambda n: f"[[{n}]]"),
    st.tuples(_NAMES, _NAMES).map(lambda p: f"[{p[0]}.{p[1]}]"),
    st.sampled_from(["[ a ]", '[a."b"]', "[[a.b]]", "[a.b.c.d]", "[a] x", "[]"]))
_LINES = st.one_of(
    st.tuples(_KEYS, st.sampled_from([" = ", "=", " =\t", " "]), _VALUES).map("".join),
    _HEADERS, st.sampled_from(["", "  ", "# 注释", "  # [x]", "\t", "#\x01", "a = 1\r",
                               "\x7f", "x = \"\x08\""]))


def _same_as_tomllib(text: str, nesting: int = 20) -> None:
    plain = read_plain_toml(text, nesting)
    if plain is None:
        return
    assert plain[0] == tomllib.loads(text, parse_float=Decimal)
    full = TomlLocator(text)
    assert plain[1] == full.lines
    # the lazy locator, from the tables' lines alone, finds every line TomlLocator finds
    tables = read_plain_toml(text, nesting, key_lines=False)
    assert tables is not None and tables[0] == plain[0]
    assert set(tables[1]) <= set(full.lines)
    lazy = PlainTomlLocator(text, tables[1])
    asked = [*full.lines, *((*path, "missing") for path in full.lines), ("missing",),
             *((*path, 0, "x") for path in full.lines)]
    for path in reversed(asked):  # keys before their tables, then again in order
        assert lazy.line(path) == full.line(path), path
    for path in asked:
        assert lazy.line(path) == full.line(path), path
    # what the plain reader accepts needs neither the nesting scan nor the data checks
    assert too_deep_at(text, nesting) is None
    locator = Locator()
    locator.lines = plain[1]
    assert _data_problems(plain[0], "x.toml", locator, Limits(max_nesting=nesting)) == []


@given(st.lists(_LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
@example(["[a.b]", "x = 1", "[a]", "y = 2"], "\n")
@example(["[a]", "b = 1", "[a.b]"], "\n")
@example(["[[a]]", "x = 1", "[[a]]", "x = 2"], "\r\n")
def test_plain_reader_is_tomllib_or_declines(lines: list[str], newline: str) -> None:
    _same_as_tomllib(newline.join(lines))


@pytest.mark.parametrize("text", [
    "a = 1\na = 2\n", "[a]\n[a]\n", "[[a]]\n[a]\n", "[a]\n[[a]]\n", "a = 1\n[a.b]\n",
    "[a.b]\n[a]\nb = 1\n", "a = 1\rb = 2\n", "a = [\n1]\n", "a = 1_0\n",
    '"a" = 1\na = 2\n', "a = 01\n", "a = 1.5e3\n", "a = '''\nx'''\n",
    'a = "x\\by"\n', 'a = "x\\u0041"\n', 'a = "x\\qy"\n', 'a = "x\\"\n', '"x\\ny" = 1\n',
    "a = 'x\\'y'\n",
])
def test_what_the_plain_reader_declines(text: str) -> None:
    assert read_plain_toml(text, 20) is None


@pytest.mark.parametrize("text", [
    'annual = "1. 开展培训。\\n2. 开展宣传。"\n', 'a = "\\t\\"引\\"\\\\n"  # 注\n',
    'a = "\\\\"\nb = "\\\\\\""\n', "a = 'x\\ny'\n",
])
def test_strings_with_the_common_escapes_take_the_plain_reader(text: str) -> None:
    assert read_plain_toml(text, 20) is not None
    _same_as_tomllib(text)


def test_shallow_limit_declines() -> None:
    assert read_plain_toml("[[a]]\nx = 1\n", 1) is None
    assert read_plain_toml("[[a]]\nx = 1\n", 2) is None
    assert read_plain_toml("a = " + "1" * 26 + "\n", 20) is None
    assert read_plain_toml("[a.b.c]\nx = 1\n", 3) is None
    _same_as_tomllib("[a.b]\nx = 1\n", 3)


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.name)
def test_real_rulesets(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    _same_as_tomllib(text)


def test_most_real_rulesets_take_the_plain_reader() -> None:
    read = [p for p in RULESETS
            if read_plain_toml(p.read_text(encoding="utf-8-sig"), 20) is not None]
    assert len(read) >= len(RULESETS) * 3 // 4

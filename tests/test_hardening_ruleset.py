"""Hostile or broken ruleset files (issue 11): refused with a Chinese problem and a line,
never an exception, a hang or a silent last-one-wins.

Reproducers: YAML alias bombs, ``points: .nan``, ``[`` × 100,000, TOML syntax errors in
English, YAML duplicate keys, a TOML file with a BOM, oversized and GBK files.
"""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.test_ruleset_load import GOOD
from zhibiao import RulesetError
from zhibiao.engine import Policy
from zhibiao.limits import Limits
from zhibiao.ruleset import Ruleset
from zhibiao.ruleset.load import load_ruleset, read_ruleset
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.spec import RulesetSpec
from zhibiao.ruleset.toml_syntax import TOML_MESSAGES, too_deep_at
from zhibiao.validation_messages import chinese_message

GOOD_YAML = """\
project:
  name: 测试项目
  year: 2024
indicators:
  - id: "1.1.1"
    level1: 产出指标
    level2: 数量指标
    name: 培训次数
    value: '≥95%'
  - id: "2.1.1"
    level1: 效益指标
    level2: 社会效益指标
    name: 群众满意度提升
    value: 显著提升
"""

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _write(tmp_path: Path, text: str | bytes, name: str = "r.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _errors(tmp_path: Path, text: str | bytes, name: str = "r.toml",
            limits: Limits | None = None) -> list[Problem]:
    ruleset, problems = read_ruleset(_write(tmp_path, text, name), limits=limits)
    errors = [p for p in problems if p.severity == "error"]
    assert ruleset is None and errors, problems
    return errors


def _alias_bomb(levels: int) -> str:
    """The classic 'billion laughs': each level lists the previous one nine times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]"
              for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


# ---- item 2: YAML anchors and aliases -------------------------------------------------

@pytest.mark.parametrize("levels", [7, 10])
def test_yaml_alias_bomb_is_refused_before_expansion(tmp_path: Path, levels: int) -> None:
    bomb = _alias_bomb(levels)
    assert len(bomb.encode()) < 600  # a few hundred bytes; 9^10 nodes once expanded
    [error] = _errors(tmp_path, bomb, "bomb.yaml")
    assert error.code == "yaml_alias" and error.line == 1
    assert "锚点" in error.message and "&a0" in error.message
    assert str(error).startswith(f"{tmp_path / 'bomb.yaml'}:1:")


def test_yaml_alias_names_its_line(tmp_path: Path) -> None:
    # No anchor is reached first when the alias comes before any anchor (undefined alias).
    text = GOOD_YAML.replace("    value: 显著提升", "    value: *base")
    [error] = _errors(tmp_path, text, "r.yaml")
    assert error.code == "yaml_alias" and error.line == 14 and "*base" in error.message


@pytest.mark.parametrize("text", [
    GOOD_YAML.replace("name: 测试项目", "name: &n 测试项目"),
    GOOD_YAML.replace("    name: 培训次数", "    name: &n 培训次数")
    + "  - id: '3.1.1'\n    level1: 满意度指标\n    level2: 满意度\n"
      "    name: *n\n    value: ≥90%\n",
    "base: &b {level1: 产出指标}\n" + GOOD_YAML.replace("  - id: \"1.1.1\"",
                                                       "  - <<: *b\n    id: \"1.1.1\""),
])
def test_yaml_anchors_and_merge_keys_are_refused(tmp_path: Path, text: str) -> None:
    errors = _errors(tmp_path, text, "r.yaml")
    assert [e.code for e in errors] == ["yaml_alias"]
    assert errors[0].line > 0 and "别名" in errors[0].message


# ---- items 3 and 9: limits, nesting, non-finite numbers -------------------------------

@pytest.mark.parametrize("name,text,line", [
    ("deep.toml", "a = " + "[" * 100_000, 1),
    ("deep.toml", 'title = "x"\nb = ' + "{c = " * 100_000, 2),
    ("deep.toml", "a" + ".a" * 100_000 + " = 1", 1),
    ("deep.toml", "[t" + ".a" * 100_000 + "]\nb = 1\n", 1),
    ("deep.yaml", "[" * 100_000, 1),
    ("deep.yaml", "{a: " * 100_000, 1),
    ("deep.yaml", "project:\n" + "".join("  " * n + "- \n" for n in range(1, 60)), 2),
])
def test_deep_nesting_is_a_clear_error_not_recursion(tmp_path: Path, name: str, text: str,
                                                     line: int) -> None:
    [error] = _errors(tmp_path, text, name)
    assert error.code == "nesting"
    assert "嵌套超过 32 层" in error.message and "Limits.max_nesting" in error.message
    assert error.line >= line


def test_nesting_limit_is_the_setting(tmp_path: Path) -> None:
    text = GOOD.replace('value = "≥3次"', 'value = "≥3次"\npolicy = { grades = { "优" = 90 } }')
    assert read_ruleset(_write(tmp_path, text))[0] is not None
    # root → indicators → [0] → policy → grades: five levels of tables and lists.
    [error] = _errors(tmp_path, text, limits=Limits(max_nesting=4))
    assert error.code == "nesting" and "4 层" in error.message
    assert error.field == "indicators[0].policy.grades" and error.line == 11
    assert read_ruleset(_write(tmp_path, text), limits=Limits(max_nesting=5))[0] is not None


def test_brackets_in_strings_and_comments_do_not_nest(tmp_path: Path) -> None:
    deep = "[" * 200 + "{" * 200
    text = GOOD.replace('name = "培训次数"', f'name = "培训次数{deep}"  # {deep}') \
        + f"# {deep}\n" + f'[goals]\nannual = """{deep}\n{deep}"""\nmid_term = \'{deep}\'\n'
    ruleset = load_ruleset(_write(tmp_path, text))
    assert ruleset.indicators[0].name.endswith(deep)


def test_dotted_keys_of_a_number_do_not_nest(tmp_path: Path) -> None:
    text = GOOD + '\n[points]\n' + "".join(f'"产出指标/x{n}" = 0.5\n' for n in range(60))
    errors = _errors(tmp_path, text)  # the points do not add up: a check, not nesting
    assert "nesting" not in {e.code for e in errors}


_TRICKY = st.text(alphabet=st.sampled_from("[]{}.#\"'\\=,\n a中"), max_size=6)
_TREES = st.recursive(
    st.one_of(st.booleans(), st.integers(-10**6, 10**6), _TRICKY,
              st.decimals(min_value=-1000, max_value=1000, places=2)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TRICKY, inner, max_size=3),
    max_leaves=24)


def _inline_toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_inline_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {_inline_toml(v)}"
                                for k, v in value.items()) + " }"
    return str(value)


def _depth(value: Any) -> int:
    children = value.values() if isinstance(value, dict) else value \
        if isinstance(value, list) else None
    return 0 if children is None else 1 + max((_depth(c) for c in children), default=0)


@given(_TREES)
def test_toml_nesting_scan_counts_what_tomllib_nests(tree: Any) -> None:
    """The scan before tomllib: never a false alarm, never a miss (strings with brackets,
    dots, quotes and escapes inside are skipped)."""
    text = f"a = {_inline_toml(tree)}\n"
    assert tomllib.loads(text, parse_float=Decimal)["a"] == tree  # the writer is right
    depth = _depth(tree)  # the root table adds one more level
    assert too_deep_at(text, depth + 1) is None
    if depth >= 2:
        assert too_deep_at(text, depth - 1) is not None


@pytest.mark.parametrize("written", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", ".NAN"])
def test_yaml_nan_and_inf_points_are_schema_problems(tmp_path: Path, written: str) -> None:
    text = GOOD_YAML.replace("    value: '≥95%'", f"    value: '≥95%'\n    points: {written}")
    [error] = _errors(tmp_path, text, "r.yaml")
    assert error.code == "schema.finite_number" and error.line == 10
    assert error.field == "indicators[0].points" and "有限数字" in error.message


@pytest.mark.parametrize("written,code", [
    ("nan", "schema.finite_number"), ("+nan", "schema.finite_number"),
    ("inf", "schema.finite_number"), ("-inf", "schema.finite_number"),
    ("1e999999999", "schema.number_range"), ("1e-999999999", "schema.number_range"),
    ("0e999999999", "schema.number_range"), (str(10**40), "schema.number_range"),
])
def test_toml_non_finite_and_absurd_numbers_are_schema_problems(tmp_path: Path, written: str,
                                                                 code: str) -> None:
    text = GOOD + f"\n[policy]\novershoot_flag = {written}\n"
    [error] = _errors(tmp_path, text)
    assert (error.code, error.line, error.field) == (code, 20, "policy.overshoot_flag")
    assert _CJK.search(error.message)


def test_numbers_a_setting_cannot_compute_with(tmp_path: Path) -> None:
    # "1e999999999%" is text, read by the policy: Decimal overflow, once an exception.
    text = GOOD + '\n[policy]\novershoot_flag = "1e999999999%"\n'
    [error] = _errors(tmp_path, text)
    assert error.code == "schema.number_range" and error.line == 19
    inline = GOOD.replace('value = "≥3次"',
                          'value = "≥3次"\npolicy = { overshoot_flag = "1e999999999%" }')
    [error] = _errors(tmp_path, inline)
    assert error.code == "schema.number_range" and error.field == "indicators[0].policy"
    assert error.line == 11


@pytest.mark.parametrize("name,text,line,words", [
    ("r.toml", GOOD + '\n[points]\n"产出指标" = ' + "1" * 5000 + "\n", 20, "数字位数过多"),
    ("r.yaml", GOOD_YAML.replace("  year: 2024", "  year: " + "1" * 5000), 3, "无法读取这个值"),
    ("r.yaml", GOOD_YAML.replace("  year: 2024", "  year: 2024-02-30"), 3, "无法读取这个值"),
    ("r.yaml", GOOD_YAML.replace("  year: 2024", "  year: !!float 二〇二四"), 3, "无法读取这个值"),
])
def test_values_python_cannot_build_are_problems_with_a_line(tmp_path: Path, name: str,
                                                             text: str, line: int,
                                                             words: str) -> None:
    [error] = _errors(tmp_path, text, name)
    assert error.line == line and words in error.message


def test_oversized_file_is_refused_by_the_setting(tmp_path: Path) -> None:
    size = len(GOOD.encode())
    [error] = _errors(tmp_path, GOOD, limits=Limits(max_ruleset_bytes=size - 1))
    assert error.code == "too_large" and "Limits.max_ruleset_bytes" in error.message
    assert f"{size - 1:,}" in error.message
    assert read_ruleset(_write(tmp_path, GOOD), limits=Limits(max_ruleset_bytes=size))[0]
    with pytest.raises(RulesetError):
        load_ruleset(_write(tmp_path, GOOD), limits=Limits(max_ruleset_bytes=10))


# ---- items 13 and 14: syntax errors in Chinese, duplicate keys, BOMs -----------------

def test_toml_syntax_error_is_chinese_with_line_column_and_caret(tmp_path: Path) -> None:
    text = GOOD.replace('name = "培训次数"', 'name = "培训次数')
    [error] = _errors(tmp_path, text)
    first, shown, caret = error.message.split("\n")
    assert error.code == "syntax" and error.line == 9
    assert first.startswith("TOML 语法错误（第 9 行第 13 列）：字符串在行末没有结束")
    assert first.endswith("（Illegal character '\\n'）")
    assert shown == '   9 | name = "培训次数'
    assert caret == "     |                 ^"  # 培训次数 are two cells wide each
    assert str(error).startswith(f"{tmp_path / 'r.toml'}:9: 错误[syntax]")


@pytest.mark.parametrize("old,new,line,chinese", [
    ('year = 2024', 'year = 2024\nyear = 2025', 4, "键重复"),
    ('year = 2024', '产出 = 2024', 3, "无法识别的语句"),
    ('year = 2024', 'unit = 明光', 3, "文字要加引号"),
    ('year = 2024', 'sources = [1, 2', 5, "数组没有结束"),  # arrays may span lines
    ('year = 2024', 'funds = { annual_total = "1万元"', 3, "内联表没有结束"),
    ('year = 2024', 'year 2024', 3, "键后面应为 “=”"),
    ('year = 2024', 'year = 2024 2025', 3, "应换行"),
    ('[project]', '[project', 1, "表头末尾应为 “]”"),
    ('[[indicators]]', '[[indicators]', 5, "数组表头末尾应为 “]]”"),
    ('year = 2024', 'unit = "a\\qb"', 3, "未转义"),
    ('year = 2024', 'year = 2024-02-30', 3, "无效的日期"),
    ('year = 2024', 'unit = "a\x01b"', 3, "非法字符 “\\x01”"),
    ('[project]', '[project]\n[project]', 2, "表 “project” 声明了两次"),
])
def test_toml_syntax_errors_are_translated(tmp_path: Path, old: str, new: str, line: int,
                                           chinese: str) -> None:
    [error] = _errors(tmp_path, GOOD.replace(old, new, 1))
    assert error.code == "syntax" and error.line == line, error
    assert f"TOML 语法错误（第 {line} 行第" in error.message and chinese in error.message
    assert re.search(r"（[A-Z][^（]*）\n", error.message), "the English original is kept"
    assert error.message.rstrip().endswith("^")


def test_toml_error_at_the_end_of_the_document_points_at_the_last_line(tmp_path: Path) -> None:
    [error] = _errors(tmp_path, GOOD + 'note = """never closed\n\n\n')
    assert error.line == 18 and "字符串没有结束" in error.message


def test_every_translation_pattern_is_used_by_a_message() -> None:
    english = [pattern.pattern for pattern, _ in TOML_MESSAGES]
    assert len(set(english)) == len(english)
    assert all(_CJK.search(chinese) for _, chinese in TOML_MESSAGES)


def test_yaml_duplicate_keys_name_both_lines(tmp_path: Path) -> None:
    text = GOOD_YAML.replace("    value: '≥95%'", "    value: '≥95%'\n    value: '≤5%'")
    [error] = _errors(tmp_path, text, "r.yaml")
    assert error.code == "duplicate_key" and error.line == 10
    assert "“value”" in error.message and "第 9 行和第 10 行" in error.message


@pytest.mark.parametrize("text,lines", [
    (GOOD_YAML + "project:\n  name: 另一个\n", "第 1 行和第 15 行"),
    (GOOD_YAML.replace("  year: 2024", "  year: 2024\n  'year': 2025"), "第 3 行和第 4 行"),
    (GOOD_YAML.replace("  year: 2024", "  funds: {annual_total: 1万元, annual_total: 2万元}"),
     "第 3 行和第 3 行"),
])
def test_yaml_duplicate_key_variants(tmp_path: Path, text: str, lines: str) -> None:
    [error] = _errors(tmp_path, text, "r.yaml")
    assert error.code == "duplicate_key" and lines in error.message


def test_same_key_in_different_mappings_is_fine(tmp_path: Path) -> None:
    ruleset = load_ruleset(_write(tmp_path, GOOD_YAML, "r.yaml"))
    assert [i.spec.value for i in ruleset.indicators] == ["≥95%", "显著提升"]


@pytest.mark.parametrize("name,text", [("r.toml", GOOD), ("r.yaml", GOOD_YAML)])
def test_utf8_bom_is_accepted(tmp_path: Path, name: str, text: str) -> None:
    plain = load_ruleset(_write(tmp_path, text, name))
    with_bom = load_ruleset(_write(tmp_path, b"\xef\xbb\xbf" + text.encode(), "bom" + name))
    assert with_bom.spec == plain.spec
    assert [i.line for i in with_bom.indicators] == [i.line for i in plain.indicators]


def test_yaml_syntax_errors_are_chinese_with_a_caret(tmp_path: Path) -> None:
    [error] = _errors(tmp_path, GOOD_YAML.replace("  year: 2024", "\tyear: 2024"), "r.yaml")
    assert error.code == "syntax" and error.line == 3
    assert "YAML 语法错误（第 3 行第 1 列）：不能用制表符（Tab）缩进" in error.message
    assert error.message.endswith("^")


# ---- the file itself: folder, missing, not UTF-8 -------------------------------------

def test_gbk_file_is_named_as_such(tmp_path: Path) -> None:
    [error] = _errors(tmp_path, GOOD.encode("gbk"))
    assert error.code == "encoding" and error.line == 2  # 测试项目 is on line 2
    assert "不是 UTF-8" in error.message and "GBK" in error.message and "另存" in error.message


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    [error] = _errors(tmp_path, GOOD.encode("utf-16"))
    assert error.code == "encoding" and "UTF-16" in error.message


def test_folder_and_missing_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    [error] = read_ruleset(folder)[1]
    assert error.code == "unreadable" and "文件夹" in error.message
    [error] = read_ruleset(tmp_path / "missing.toml")[1]
    assert error.code == "unreadable" and "不存在" in error.message


# ---- pydantic's messages in Chinese ---------------------------------------------------

@pytest.mark.parametrize("old,new,code,chinese", [
    ("year = 2024", 'year = "二〇二四"', "schema.int_parsing", "应为整数，而不是 “二〇二四”"),
    ("year = 2024", "year = 1800", "schema.greater_than_equal", "应大于或等于 1990"),
    ("year = 2024", 'kind = "整体"', "schema.literal_error", "应为以下之一：project、unit"),
    ("year = 2024", 'name2 = "x"', "schema.extra_forbidden", "未知字段"),
    ('name = "测试项目"', 'name = ""', "schema.string_too_short", "不能为空"),
    ('name = "测试项目"', 'name = 5', "schema.string_type", "应为文字（字符串），而不是 5"),
    ("year = 2024", 'key = "a b"', "schema.string_pattern_mismatch", "格式不符"),
    ('value = "≥3次"', 'value = "≥3次"\npoints = 101', "schema.less_than_equal",
     "应小于或等于 100，而不是 101"),
    ('value = "≥3次"', 'value = "≥3次"\npoints = 1.23456', "schema.decimal_max_places",
     "小数最多 4 位"),
    ('value = "≥3次"', 'value = "≥3次"\npoints = "很多"', "schema.decimal_parsing",
     "应为数字，而不是 “很多”"),
    ('value = "≥3次"', 'value = "≥3次"\ndirection = "上升"', "schema.enum",
     "应为以下之一：正向、反向、等于"),
])
def test_schema_problems_are_chinese(tmp_path: Path, old: str, new: str, code: str,
                                     chinese: str) -> None:
    errors = _errors(tmp_path, GOOD.replace(old, new, 1))
    assert [e.code for e in errors] == [code]
    assert chinese in errors[0].message, errors[0].message
    assert "Input should" not in errors[0].message


@pytest.mark.parametrize("setting,chinese", [
    ('reverse = "harsh"', "应为以下之一：inverse、linear"),
    ('rounding_mode = "banker"', "应为以下之一：half_up、half_even、down、up"),
    ('rounding = "0"', "rounding 应为 1、0.1、0.01"),
])
def test_policy_problems_are_chinese_at_the_line_of_the_policy(tmp_path: Path, setting: str,
                                                                chinese: str) -> None:
    [error] = _errors(tmp_path, GOOD + f"\n[policy]\n{setting}\n")
    assert chinese in error.message and error.line in (19, 20)
    inline = GOOD.replace('value = "≥3次"', f'value = "≥3次"\npolicy = {{ {setting} }}')
    [error] = _errors(tmp_path, inline)
    assert chinese in error.message
    assert error.line == 11 and error.field.startswith("indicators[0].policy")


_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-10**50, 10**50),
                    st.decimals(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                    st.sampled_from(["≥95%", "2024", "0.01", "80/60", "off", "正向", "x y"]))
_VALUES = st.recursive(_LEAVES, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=6)
_SPEC_KEYS = ["name", "year", "kind", "key", "unit", "funds"]
_POLICY_KEYS = list(Policy.model_fields)


@given(st.dictionaries(st.sampled_from(_SPEC_KEYS), _VALUES),
       st.dictionaries(st.sampled_from(_POLICY_KEYS), _VALUES))
def test_every_validation_error_gets_a_chinese_message(project: dict[str, Any],
                                                       policy: dict[str, Any]) -> None:
    try:
        RulesetSpec.model_validate({"project": project, "policy": policy,
                                    "indicators": [{"id": "1"}]})
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    except ArithmeticError:  # the policy's own arithmetic (the loader refuses these first)
        return
    for error in errors:
        message = chinese_message(error)
        assert _CJK.search(message), (error, message)
        assert "Input should" not in message
        unfilled = re.search(r"\{[a-z_]+\}", message.replace(str(error["input"]), ""))
        assert unfilled is None, message


# ---- the invariant: any file gives (None | Ruleset, problems), never an exception -------

def _read_any(content: bytes, suffix: str) -> tuple[Ruleset | None, list[Problem]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(content)
        ruleset, problems = read_ruleset(path)
    assert ruleset is None or isinstance(ruleset, Ruleset)
    assert all(isinstance(p, Problem) for p in problems)
    if ruleset is None:
        assert any(p.severity == "error" for p in problems)
    lines = len(content.decode("utf-8", "replace").splitlines()) + 1
    assert all(0 <= p.line <= lines for p in problems), problems
    return ruleset, problems


@given(st.binary(max_size=400), st.sampled_from([".toml", ".yaml", ".yml"]))
def test_any_bytes_never_raise(content: bytes, suffix: str) -> None:
    _read_any(content, suffix)


_PIECES = st.sampled_from([
    "[", "]", "{", "}", "&a ", "*a", "<<: ", '"', "'", '"""', "\n", "\t", "\ufeff", "\x00",
    ".nan", ".inf", "nan", "inf", "1e999999999", "- ", ": ", " = ", "#", "\\", "≥95%", "\r\n",
])


@given(st.sampled_from([(GOOD, ".toml"), (GOOD_YAML, ".yaml")]),
       st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 6),
                          st.one_of(_PIECES, st.text(max_size=3))), max_size=4))
def test_broken_rulesets_never_raise(base: tuple[str, str],
                                     edits: list[tuple[int, int, str]]) -> None:
    text, suffix = base
    for at, cut, piece in edits:
        at %= len(text) + 1
        text = text[:at] + piece + text[at + cut:]
    _read_any(text.encode("utf-8", "surrogatepass"), suffix)


@pytest.mark.parametrize("text,suffix", [(GOOD, ".toml"), (GOOD_YAML, ".yaml")])
def test_the_bases_of_the_broken_files_load(text: str, suffix: str) -> None:
    ruleset, problems = _read_any(text.encode(), suffix)
    assert ruleset is not None, problems

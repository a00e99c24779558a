"""Which column holds what, and each column in the form the scorer reads.

Columns are found by name, in English or in the Chinese of a 绩效目标表 (compared
after NFKC folding, without blanks, case-insensitively):

==============  =========================================
role            accepted names
==============  =========================================
``target``      target, 指标值, 年度指标值, 目标值
``actual``      actual, 实际完成值, 实际值, 完成值
``weight``      weight, 分值, 权重
``category``    category, 二级指标
``indicator``   indicator, 三级指标, 指标名称
``unit``        unit, 单位, 计量单位
==============  =========================================

``target``, ``actual`` and ``weight`` are required. A float column is converted
exactly through the shortest decimal text that reads back as the same float
(``2.5`` → ``Decimal("2.5")``, ``0.1`` → ``Decimal("0.1")``); NaN is a missing value.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyarrow as pa

from zhibiao.batch.errors import TableError

__all__ = ("OUTPUT_COLUMNS", "REQUIRED_ROLES", "ROLES", "Columns", "read_columns", "role_of")

#: Accepted column names by role (compared after :func:`_folded`).
ROLES: dict[str, tuple[str, ...]] = {
    "target": ("target", "指标值", "年度指标值", "目标值"),
    "actual": ("actual", "实际完成值", "实际值", "完成值"),
    "weight": ("weight", "分值", "权重"),
    "category": ("category", "二级指标"),
    "indicator": ("indicator", "三级指标", "指标名称"),
    "unit": ("unit", "单位", "计量单位"),
}
REQUIRED_ROLES = ("target", "actual", "weight")
#: The columns score_table adds (an input column of the same name is refused).
OUTPUT_COLUMNS = ("status", "score", "ratio", "reason", "flags", "explanation")
_MAX_FLOAT_SCALE = 30


def _folded(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


_BY_NAME = {_folded(name): role for role, names in ROLES.items() for name in names}


def role_of(name: str) -> str | None:
    """The role a column name gives its column (``实际完成值`` → ``actual``), or None."""
    return _BY_NAME.get(_folded(name))


@dataclass(frozen=True)
class Columns:
    """The columns of one table by role: text columns as Arrow strings (or
    dictionaries of them); ``actual`` as text or as ``decimal128`` numbers; ``weight``
    as text, integers or decimals."""

    target: pa.Array
    actual: pa.Array
    weight: pa.Array
    category: pa.Array | None
    unit: pa.Array | None

    @property
    def numeric_actual(self) -> bool:
        return bool(pa.types.is_decimal(self.actual.type))


def read_columns(table: pa.Table) -> Columns:
    """The roles of ``table``'s columns, checked and converted (raises
    :class:`~zhibiao.batch.errors.TableError` naming the column at fault)."""
    names: dict[str, str] = {}
    for name in table.column_names:
        if _folded(name) in OUTPUT_COLUMNS:
            raise TableError("与输出列重名，请改名后再评分（the output has a column of "
                             "this name）", name)
        role = role_of(name)
        if role is None:
            continue
        if role in names:
            raise TableError(f"列“{names[role]}”和“{name}”都是{_role_text(role)}，"
                             "请只保留一列（two columns for one role）")
        names[role] = name
    missing = [role for role in REQUIRED_ROLES if role not in names]
    if missing:
        wanted = "；".join(f"{_role_text(role)}（{'、'.join(ROLES[role])}）" for role in missing)
        present = "、".join(table.column_names) or "（无）"
        raise TableError(f"表中缺少列：{wanted}；现有列：{present}（missing columns）")

    def column(role: str) -> pa.Array:
        return _one_array(table.column(names[role]))

    return Columns(
        target=_text(column("target"), names["target"]),
        actual=_actual(column("actual"), names["actual"]),
        weight=_weight(column("weight"), names["weight"]),
        category=_text(column("category"), names["category"]) if "category" in names else None,
        unit=_text(column("unit"), names["unit"]) if "unit" in names else None,
    )


def _role_text(role: str) -> str:
    return f"{ROLES[role][1]}（{role}）"


def _one_array(column: pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)


def _is_text(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        return _is_text(kind.value_type)
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind)
                or pa.types.is_string_view(kind))


def _text(array: pa.Array, name: str) -> pa.Array:
    """A column of text (a dictionary of text is kept as it is)."""
    kind = array.type
    if _is_text(kind):
        return array if pa.types.is_dictionary(kind) or pa.types.is_string(kind) \
            else array.cast(pa.string())
    if pa.types.is_integer(kind) or pa.types.is_decimal(kind) or pa.types.is_null(kind):
        return array.cast(pa.string())
    if pa.types.is_floating(kind):
        return pa.array([None if d is None else str(d) for d in _float_decimals(array)],
                        type=pa.string())
    raise TableError(f"应为文字，而不是 {kind}（expected text）", name)


def _actual(array: pa.Array, name: str) -> pa.Array:
    """Text, or numbers as decimal128 (integers and floats converted exactly)."""
    kind = array.type
    if _is_text(kind) or pa.types.is_null(kind):
        return _text(array, name)
    if pa.types.is_decimal128(kind):
        return array
    if pa.types.is_integer(kind):
        return array.cast(pa.decimal128(20 if kind.bit_width == 64 else 19, 0))
    if pa.types.is_decimal(kind) or pa.types.is_floating(kind):
        values = array.to_pylist() if pa.types.is_decimal(kind) else _float_decimals(array)
        return _decimal_array(values, name)
    raise TableError(f"实际完成值应为文字或数字，而不是 {kind}（expected text or numbers）",
                     name)


def _weight(array: pa.Array, name: str) -> pa.Array:
    """Text, integers or decimals (floats converted exactly)."""
    kind = array.type
    if _is_text(kind) or pa.types.is_null(kind):
        return _text(array, name)
    if pa.types.is_integer(kind) or pa.types.is_decimal(kind):
        return array
    if pa.types.is_floating(kind):
        return _decimal_array(_float_decimals(array), name)
    raise TableError(f"分值应为数字或文字，而不是 {kind}（expected numbers）", name)


def _float_decimals(array: pa.Array) -> list[Decimal | None]:
    """Each float as the Decimal of its shortest text (repr); NaN and null are None;
    an infinity is kept (the scorer says it is not a number)."""
    out: list[Decimal | None] = []
    for value in array.to_pylist():
        out.append(None if value is None or value != value else Decimal(repr(value)))
    return out


def _decimal_array(values: list[Any], name: str) -> pa.Array:
    """Decimals in one decimal128 column; a value it cannot hold exactly is refused."""
    finite = [v for v in values if v is not None and v.is_finite()]
    if len(finite) != sum(v is not None for v in values):
        raise TableError("含有无穷大或非数值（inf、nan），请改为空白或数字", name)
    scale = max([0, *(-v.as_tuple().exponent for v in finite)])
    digits = max([1, *(v.adjusted() + 1 for v in finite)])
    if scale > _MAX_FLOAT_SCALE or digits + scale > 38:
        raise TableError(f"数值超出 38 位十进制数能精确表示的范围（{digits} 位整数、"
                         f"{scale} 位小数），请改用文字列", name)
    return pa.array(values, type=pa.decimal128(38, scale))

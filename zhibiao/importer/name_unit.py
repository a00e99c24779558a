"""A unit written with the indicator's name: ``群众满意度（%）`` over ``≥95``.

Forms often print the unit once, in brackets after the 三级指标, and the 指标值 as a bare
number (with or without its operator). The unit is taken from the name only when the
target has no unit of its own and the bracket holds something the grammar reads as a
unit (``（含乡镇）`` is part of the name and stays there).

>>> name_unit("群众满意度（%）", "≥95")
('群众满意度', '%')
>>> name_unit("覆盖率（含乡镇）", "≥95") is None
True
>>> name_unit("群众满意度（%）", "≥95%") is None
True
>>> name_unit("完成时间（2023年）", "12") is None  # a year is no unit
True
"""

from __future__ import annotations

import re

from zhibiao.errors import ZhibiaoError
from zhibiao.grammar import default_parser

__all__ = ("bare_number", "name_unit")

_BARE = re.compile(r"^(?:>=|<=|[≥≤><=≈≠])?\s*[+-]?\d[\d,]*(?:\.\d+)?$")
_BRACKETED = re.compile(r"^(?P<name>.+?)\s*[(（](?P<unit>[^()（）\d]{1,12})[)）]$")


def bare_number(target: str) -> bool:
    """Whether a 指标值 is a number without unit, maybe after an operator (``≥95``)."""
    return _BARE.match(target.strip()) is not None


def name_unit(name: str, target: str) -> tuple[str, str] | None:
    """(the name without its bracket, the unit) when ``target`` is a bare number and the
    name ends in a bracketed unit; None otherwise."""
    match = _BRACKETED.match(name.strip())
    if match is None or not bare_number(target):
        return None
    parser = default_parser()
    try:
        parser.with_header_unit(parser.parse(target.strip()), match["unit"].strip())
    except ZhibiaoError:
        return None
    return match["name"], match["unit"].strip()

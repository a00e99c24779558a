"""Size limits at the door: how much input zhibiao reads before it refuses, and why.

Every limit is a setting with a default that a real table never reaches (the largest
published 绩效目标表 has a few hundred rows; a province's actuals file a few hundred
thousand). Reaching one is an error that names the limit, the file and the setting
that raises it — never a hang, never a silently truncated input.

>>> Limits().max_rows
1000000
>>> Limits(max_rows=10).max_rows
10
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ("DEFAULT_LIMITS", "Limits")

_MIB = 1024 * 1024


class Limits(BaseModel):
    """输入大小上限（input size limits）；每项均可设置，默认值见字段说明。

    - ``max_ruleset_bytes`` — 规则集文件大小上限，默认 4 MiB（最大的真实规则集约 40 KiB）。
    - ``max_actuals_bytes`` — 实际值文件（csv/json，或 xlsx 压缩后）大小上限，默认 256 MiB。
    - ``max_xlsx_unpacked_bytes`` — xlsx 解压后的总大小上限，默认 1 GiB（防 zip 炸弹）。
    - ``max_xlsx_entries`` — xlsx（zip）中部件个数上限，默认 10,000（真实工作簿几十个）。
    - ``max_xlsx_ratio`` — xlsx 中大于 1 MiB 的部件的压缩比上限，默认 200:1（真实工作表
      约 5:1 到 30:1；zip 炸弹约 1000:1）。
    - ``max_rows`` — 实际值文件的行数上限，默认 1,000,000。
    - ``max_cell_chars`` — 单元格文字长度上限，默认 10,000 个字符。
    - ``max_nesting`` — 规则集（TOML/YAML/JSON）嵌套层数上限，默认 32。
    - ``max_request_bytes`` — ``zhibiao serve`` 单个请求体的大小上限，默认 16 MiB。
    - ``max_request_seconds`` — ``zhibiao serve`` 处理单个请求的时间上限（秒），默认 30。
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_ruleset_bytes: int = Field(default=4 * _MIB, gt=0)
    max_actuals_bytes: int = Field(default=256 * _MIB, gt=0)
    max_xlsx_unpacked_bytes: int = Field(default=1024 * _MIB, gt=0)
    max_xlsx_entries: int = Field(default=10_000, gt=0)
    max_xlsx_ratio: int = Field(default=200, gt=0)
    max_rows: int = Field(default=1_000_000, gt=0)
    max_cell_chars: int = Field(default=10_000, gt=0)
    max_nesting: int = Field(default=32, gt=0)
    max_request_bytes: int = Field(default=16 * _MIB, gt=0)
    max_request_seconds: int = Field(default=30, gt=0)


#: The limits used when a caller passes none.
DEFAULT_LIMITS = Limits()

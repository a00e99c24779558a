"""Problems found in a ruleset or an actuals file: where, what, and how bad."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ("Problem", "Severity")

Severity = Literal["error", "warning"]
_SEVERITY_TEXT = {"error": "错误", "warning": "警告"}


class Problem(BaseModel):
    """One problem: file, line (1-based, 0 when unknown), cell, field path, message.

    ``cell`` is the spreadsheet cell a problem of a workbook was found in
    (``Sheet1!F14``); it is empty for text files, where ``line`` says where.

    ``code`` is a stable English key (``unparsable_value``, ``points_sum`` …) for
    embedding systems; ``message`` is for people, in Chinese.
    """

    model_config = ConfigDict(frozen=True)

    severity: Severity
    code: str
    message: str
    file: str
    line: int = 0
    cell: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.cell:
            where = f"{self.file} {self.cell}"
        field = f" {self.field}" if self.field else ""
        return f"{where}: {_SEVERITY_TEXT[self.severity]}[{self.code}]{field}：{self.message}"

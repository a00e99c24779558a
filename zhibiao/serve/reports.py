"""The report writers the service calls, all in this one module: a report as the JSON
of ``zhibiao score -f json`` and as a downloadable file (xlsx; html once zhibiao has an
html writer). Where the writers live may change; only this module has to follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zhibiao.ruleset.report import Report, report_json
from zhibiao.serve.problems import ApiProblem

__all__ = ("Download", "download", "reports_json")


@dataclass(frozen=True)
class Download:
    """A report file: its bytes, media type and file name."""

    data: bytes
    media_type: str
    filename: str


def reports_json(reports: Sequence[Report]) -> str:
    """The JSON array ``zhibiao score -f json`` writes (one compact report each)."""
    return "[" + ", ".join(report_json(report) for report in reports) + "]"


def download(fmt: str, reports: Sequence[Report]) -> Download:
    """The reports as the file ``fmt`` names (``xlsx``); a format without a writer
    yet is refused (422 ``format_unavailable``)."""
    if fmt == "xlsx":
        from zhibiao.ruleset.xlsx import xlsx_bytes

        return Download(xlsx_bytes(reports),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "自评表.xlsx")
    raise ApiProblem(422, "format_unavailable", "暂不提供此格式",
                     f"报告格式 “{fmt}” 在此版本的 zhibiao 中尚不可用；请用 json 或 xlsx")

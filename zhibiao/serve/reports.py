"""The report writers the service calls, all in this one module: a report as the JSON
of ``zhibiao score -f json`` and as a downloadable file (xlsx, html), each written by the
writer the report room registers under that name (:mod:`zhibiao.report.registry`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zhibiao.report import Report
from zhibiao.report.registry import get_writer

__all__ = ("DOWNLOADS", "Download", "download", "reports_json")

#: format → (media type, file name) of the formats offered as a download.
DOWNLOADS: dict[str, tuple[str, str]] = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "自评表.xlsx"),
    "html": ("text/html; charset=utf-8", "自评表.html"),
}


@dataclass(frozen=True)
class Download:
    """A report file: its bytes, media type and file name."""

    data: bytes
    media_type: str
    filename: str


def reports_json(reports: Sequence[Report]) -> str:
    """The JSON array ``zhibiao score -f json`` writes."""
    return get_writer("json").to_bytes(reports).decode("utf-8")


def download(fmt: str, reports: Sequence[Report]) -> Download:
    """The reports as the file ``fmt`` names (one of :data:`DOWNLOADS`; the request
    model admits no other format)."""
    media_type, filename = DOWNLOADS[fmt]
    return Download(get_writer(fmt).to_bytes(reports), media_type, filename)

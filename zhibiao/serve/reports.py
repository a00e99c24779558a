"""The report writers the service calls, all in this one module: reports as the JSON of
``zhibiao score -f json`` (or ``zhibiao monitor -f json``) and as a downloadable file
(xlsx, html), each written by the writer the report room registers under that name and
kind (:mod:`zhibiao.report.registry`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.responses import Response

from zhibiao.report.registry import get_writer

__all__ = ("DOWNLOADS", "Download", "download", "file_answer", "reports_json")

#: format → media type of the formats offered as a download.
DOWNLOADS: dict[str, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}
#: kind of report → the name of its download (without suffix), and that name in ASCII
#: for the clients that cannot read ``filename*``.
_FILE_NAMES: dict[str, tuple[str, str]] = {
    "score": ("自评表", "report"),
    "monitor": ("绩效目标执行监控表", "monitor"),
}


@dataclass(frozen=True)
class Download:
    """A report file: its bytes, media type and file name (and that name in ASCII)."""

    data: bytes
    media_type: str
    filename: str
    ascii_name: str


def reports_json(reports: Sequence[Any], kind: str = "score") -> str:
    """The JSON array ``zhibiao score -f json`` (``kind`` "monitor": ``zhibiao monitor
    -f json``) writes."""
    return get_writer("json", kind).to_bytes(reports).decode("utf-8")


def download(fmt: str, reports: Sequence[Any], kind: str = "score") -> Download:
    """The reports as the file ``fmt`` names (one of :data:`DOWNLOADS`; the request
    models admit no other format)."""
    name, ascii_name = _FILE_NAMES[kind]
    return Download(get_writer(fmt, kind).to_bytes(reports), DOWNLOADS[fmt],
                    f"{name}.{fmt}", f"{ascii_name}.{fmt}")


def file_answer(file: Download, sha256s: Sequence[str]) -> Response:
    """The answer carrying ``file`` as an attachment, with the sha256 of each ruleset it
    was made with in ``X-Zhibiao-Ruleset-Sha256`` (in order, comma-separated)."""
    return Response(file.data, media_type=file.media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{file.ascii_name}\"; "
                               f"filename*=UTF-8''{quote(file.filename)}",
        "X-Zhibiao-Ruleset-Sha256": ", ".join(sha256s)})

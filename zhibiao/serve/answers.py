"""How the routes answer: JSON as zhibiao writes it, with ``zhibiao_version`` first;
the settings of the running app; the error answers every route may give (for OpenAPI)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from starlette.responses import Response

from zhibiao.safe_text import json_text
from zhibiao.serve.problems import PROBLEM_TYPE, ProblemDetails
from zhibiao.serve.settings import VERSION, Settings

__all__ = ("ERRORS", "FILE_ANSWER", "json_answer", "settings_of")

_PROBLEM = {"model": ProblemDetails, "content": {PROBLEM_TYPE: {}}}
#: The error answers of every /v1 route, as OpenAPI shows them.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {**_PROBLEM, "description": "请求体不是有效的 JSON（malformed_json）"},
    401: {**_PROBLEM, "description": "缺少或错误的访问令牌（unauthorized）"},
    413: {**_PROBLEM, "description": "请求体过大（request_too_large）"},
    415: {**_PROBLEM, "description": "请求体不是 JSON（unsupported_media_type）"},
    422: {**_PROBLEM, "description": "请求内容有误：字段、指标值、规则集、实际值或超时"},
}

_FILE = {"schema": {"type": "string", "format": "binary"}}
#: The report file a route may answer with instead of JSON, as OpenAPI shows it.
FILE_ANSWER: dict[str, Any] = {"content": {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _FILE,
    "text/html": _FILE}}


def json_answer(fields: dict[str, Any], status: int = 200,
                headers: dict[str, str] | None = None) -> Response:
    """``fields`` as a JSON answer (UTF-8, hidden characters as ``\\uXXXX``), with the
    zhibiao version as its first member."""
    text = json_text({"zhibiao_version": VERSION, **fields}, indent=None)
    return Response(text.encode("utf-8", "backslashreplace"), status_code=status,
                    headers=headers, media_type="application/json")


def settings_of(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings

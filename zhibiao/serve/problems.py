"""Errors as ``application/problem+json`` (RFC 9457): a Chinese ``title`` and ``detail``,
the stable ``code`` a program branches on, and the list of ``problems`` (each a
:class:`~zhibiao.ruleset.problems.Problem`: severity, code, message, file, line, cell,
field). Bad input is always a 4xx answer; a 5xx means a fault of zhibiao itself.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from zhibiao.ruleset.problems import Problem
from zhibiao.safe_text import json_text
from zhibiao.serve.settings import VERSION
from zhibiao.validation_messages import chinese_message

__all__ = ("PROBLEM_TYPE", "ApiProblem", "ProblemDetails", "ProblemList", "install_handlers",
           "problem_response")

PROBLEM_TYPE = "application/problem+json"
_LOG = logging.getLogger("zhibiao.serve")

#: Titles of the HTTP errors the framework raises itself (unknown path, wrong method).
_HTTP_TITLES = {
    400: ("malformed_body", "请求体无法解析"),
    404: ("not_found", "没有这个地址"),
    405: ("method_not_allowed", "此地址不接受这种请求方法"),
    413: ("request_too_large", "请求体过大"),
    415: ("unsupported_media_type", "不支持的请求类型"),
}


class ProblemDetails(BaseModel):
    """An error answer (RFC 9457 problem details, with zhibiao's own members)."""

    type: str = Field(description="错误类型 URI（urn:zhibiao:error:CODE）")
    title: str = Field(description="错误标题（中文）")
    status: int = Field(description="HTTP 状态码")
    detail: str = Field(description="错误说明（中文）：错在哪里、怎样改")
    code: str = Field(description="稳定的错误代码，供程序判断 / stable error code")
    problems: list[dict[str, Any]] = Field(
        description="逐条问题（severity、code、message、file、line、cell、field）")
    zhibiao_version: str


class ApiProblem(Exception):
    """An answer of error ``status`` with ``code`` (stable, English) and Chinese texts."""

    def __init__(self, status: int, code: str, title: str, detail: str,
                 problems: Iterable[Problem | dict[str, Any]] = ()) -> None:
        super().__init__(f"{code}: {detail}")
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.problems = [p.model_dump() if isinstance(p, Problem) else p for p in problems]


class ProblemList:
    """Problems in order, each once (the command line prints a repeated problem once)."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._seen: set[str] = set()

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            key = problem.model_dump_json()
            if key not in self._seen:
                self._seen.add(key)
                self.items.append(problem)

    @property
    def errors(self) -> int:
        return sum(problem.severity == "error" for problem in self.items)


def problem_response(problem: ApiProblem, headers: dict[str, str] | None = None,
                     ) -> JSONResponse:
    body = {"type": f"urn:zhibiao:error:{problem.code}", "title": problem.title,
            "status": problem.status, "detail": problem.detail, "code": problem.code,
            "problems": problem.problems, "zhibiao_version": VERSION}
    return _JsonText(body, status_code=problem.status, headers=headers,
                     media_type=PROBLEM_TYPE)


class _JsonText(JSONResponse):
    """JSON as zhibiao writes it: UTF-8, hidden characters as ``\\uXXXX``."""

    def render(self, content: Any) -> bytes:
        return json_text(content, indent=None).encode("utf-8", "backslashreplace")


def _where(loc: Sequence[int | str]) -> str:
    parts = [str(part) for part in loc if part != "body"]
    return ".".join(parts) or "请求体"


#: Errors whose general Chinese message speaks of ruleset files: told for a request.
_OBJECT_TYPES = ("model_attributes_type", "model_type", "dict_type")


def validation_problems(errors: Sequence[Any]) -> list[Problem]:
    """One problem per pydantic error of a request body, in Chinese, at its field."""
    problems = []
    for error in errors:
        where = _where(error["loc"])
        reason = "应为 JSON 对象（{…}）" if error["type"] in _OBJECT_TYPES \
            else chinese_message(error)
        problems.append(Problem(severity="error", code=f"request.{error['type']}",
                                file="request", field=where, message=f"{where}：{reason}"))
    return problems


def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return problem_response(ApiProblem(
            400, "malformed_json", "请求体不是有效的 JSON",
            "请求体应为 UTF-8 编码的 JSON 对象；请检查引号、逗号和括号是否成对"))
    if any(error.get("type") == "model_attributes_type" and tuple(error.get("loc", ())) == ("body",)
           and isinstance(error.get("input"), bytes) for error in errors):
        return problem_response(ApiProblem(
            415, "unsupported_media_type", "请求体应为 JSON",
            "请求体应为 JSON 对象，并带请求头 Content-Type: application/json"))
    problems = validation_problems(errors)
    return problem_response(ApiProblem(
        422, "invalid_request", "请求内容不符合接口要求",
        "；".join(p.message for p in problems[:5]) + "（字段说明见 /openapi.json）", problems))


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code, title = _HTTP_TITLES.get(exc.status_code, ("http_error", "请求有误"))
    detail = f"{request.method} {request.url.path}：{title}；接口说明见 /openapi.json"
    if exc.status_code == 400:
        detail = ("请求体无法解析：JSON 应为 UTF-8 编码、嵌套不过深；multipart 上传应为"
                  "完整的表单")
    return problem_response(ApiProblem(exc.status_code, code, title, detail),
                            headers=dict(exc.headers or {}))


def _ours(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc)


def _fault(request: Request, exc: Exception) -> JSONResponse:
    _LOG.exception("internal error on %s %s", request.method, request.url.path)
    return problem_response(ApiProblem(
        500, "internal_error", "zhibiao 内部错误",
        "这是 zhibiao 自身的缺陷，不是输入的问题；请把请求内容报告给维护者"))


def install_handlers(app: FastAPI) -> None:
    """Every error the app can meet answered as problem details."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(ApiProblem, _ours)
    app.add_exception_handler(Exception, _fault)

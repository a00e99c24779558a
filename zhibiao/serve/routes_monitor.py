"""``POST /v1/monitor``: rulesets and the actuals to date given as texts (or uploaded) —
the JSON of ``zhibiao monitor -f json``, or the 绩效目标执行监控表 file (xlsx, html).

The run is the command's (:func:`zhibiao.monitor.monitor_run`): the actuals are read
first, then every ruleset; the problems come in the order the command prints them, each
once. What the command refuses with exit code 2 — a date that is not a date, actuals
that cannot be read, no usable ruleset, no ruleset whose year holds the date, no actuals
row that reaches an indicator — is refused here with 422 and its problems.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from zhibiao.errors import ActualsError
from zhibiao.limits import Limits
from zhibiao.monitor import as_of_date, monitor_run
from zhibiao.monitor.monitoring import LineOf
from zhibiao.monitor.projection import BASES
from zhibiao.monitor.run import AsOfError
from zhibiao.ruleset.actuals import read_actuals_data
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.ruleset import Ruleset
from zhibiao.ruleset.syntax import parse_ruleset_text
from zhibiao.serve.answers import ERRORS, FILE_ANSWER, json_answer, settings_of
from zhibiao.serve.guard import within_time
from zhibiao.serve.models import MonitorRequest, MonitorResponse, NamedText
from zhibiao.serve.problems import ApiProblem, ProblemList
from zhibiao.serve.reports import download, file_answer, reports_json
from zhibiao.serve.score_input import (
    ScoreInput,
    bad_upload,
    files_of,
    form_text,
    json_body,
    request_body,
    upload_form,
    uploaded_files,
)
from zhibiao.serve.texts import LoadedRuleset, load_rulesets, parser_for

__all__ = ("MONITOR_BODY", "router")

router = APIRouter(prefix="/v1", tags=["规则集 / rulesets"])

#: The request body of /v1/monitor in OpenAPI: JSON or a multipart upload.
MONITOR_BODY = request_body("MonitorRequest", {
    "as_of": {"type": "string", "format": "date", "description": "截至日期，如 2023-06-30"},
    "basis": {"type": "string", "enum": list(BASES), "description": "外推依据"},
}, required=("as_of",))

#: The Chinese title of each refusal of :func:`zhibiao.monitor.monitor_run`.
_TITLES = {"no_ruleset_for_date": "没有预算年度包含截至日期的规则集",
           "no_usable_actuals": "没有可用的执行情况行"}


@dataclass(frozen=True)
class _Given:
    files: ScoreInput
    as_of: str
    basis: str | None


async def _given(request: Request) -> _Given:
    form = await upload_form(request)
    if form is None:
        body = await json_body(request, MonitorRequest)
        return _Given(files_of(body), body.as_of, body.basis)
    files = await uploaded_files(form)
    as_of = form_text(form, "as_of")
    if as_of is None:
        raise bad_upload("missing_field", "上传应有字段 as_of（截至日期，如 2023-06-30）")
    basis = form_text(form, "basis") or None
    if basis is not None and basis not in BASES:
        raise bad_upload("bad_basis", f"basis “{basis}” 应为 {'、'.join(BASES)} 之一")
    return _Given(files, as_of, basis)


def _lines(loaded: list[LoadedRuleset], texts: list[NamedText], limits: Limits) -> LineOf:
    """Where a field of a loaded ruleset is, found in the request's text of it (the
    service reads no file)."""
    by_ruleset = {id(item.ruleset): given for item, given in zip(loaded, texts, strict=True)
                  if item.ruleset is not None}

    def line_of(ruleset: Ruleset, field: tuple[str, ...]) -> int:
        given = by_ruleset[id(ruleset)]
        _, locator, _ = parse_ruleset_text(given.text, given.name, limits)
        return locator.line(field)

    return line_of


def _refused(code: str, title: str, detail: str,
             problems: list[Problem] | None = None) -> ApiProblem:
    return ApiProblem(422, code, title, detail, problems or [Problem(
        severity="error", code=code, file="request", message=detail)])


def _monitor(given: _Given, limits: Limits) -> tuple[dict[str, Any], Response | None]:
    """The answer's JSON fields, and the file when one was asked for."""
    files = given.files
    try:
        as_of = as_of_date(given.as_of)
    except AsOfError as exc:
        raise _refused("invalid_as_of", "截至日期有误", str(exc), [Problem(
            severity="error", code="invalid_as_of", file="request", field="as_of",
            message=str(exc))]) from None
    parser = parser_for(files.units)
    problems = ProblemList()
    try:
        rows, found = read_actuals_data(files.actuals, files.actuals_name, limits=limits)
    except ActualsError as exc:
        raise _refused("unreadable_actuals", "执行情况无法读取", str(exc), [Problem(
            severity="error", code="unreadable_actuals", file=exc.path,
            message=exc.reason)]) from None
    problems.add(found)
    loaded = load_rulesets(files.rulesets, parser, limits)
    for item in loaded:
        problems.add(item.errors)
    usable = [item.ruleset for item in loaded if item.ruleset is not None]
    if not usable:
        raise _refused("no_usable_ruleset", "没有可用的规则集",
                       "每个规则集都有错误，见 problems（no usable ruleset）", problems.items)
    run = monitor_run(usable, rows, as_of, given.basis, files.actuals_name,
                      line_of=_lines(loaded, files.rulesets, limits))
    problems.add(run.problems)
    if run.refusal is not None:
        raise _refused(run.refusal.code, _TITLES[run.refusal.code], run.refusal.message,
                       problems.items)
    summaries = [item.summary().model_dump() for item in loaded]
    if files.format != "json":
        sha256s = [item.sha256 for item in loaded]
        return {}, file_answer(download(files.format, run.reports, "monitor"), sha256s)
    return {"rulesets": summaries,
            "reports": json.loads(reports_json(run.reports, "monitor")),
            "problems": [p.model_dump() for p in problems.items],
            "errors": problems.errors}, None


@router.post("/monitor", response_model=MonitorResponse,
             responses={**ERRORS, 200: FILE_ANSWER},
             openapi_extra={"requestBody": MONITOR_BODY},
             summary="绩效运行监控 / monitor rulesets against the actuals to date")
async def monitor(request: Request) -> Response:
    """请求体为 JSON（规则集与截至日期的执行情况均为文本，as_of 为截至日期），或
    multipart/form-data 上传（字段 rulesets 可重复、actuals、as_of、basis、format、units）。
    ``format`` 为 json（默认）时答复 ``zhibiao monitor -f json`` 的报告数组及问题列表；为
    xlsx 或 html 时答复绩效目标执行监控表文件，各规则集文本的 sha256 在
    ``X-Zhibiao-Ruleset-Sha256`` 响应头中（按规则集顺序，逗号分隔）。"""
    limits = settings_of(request).limits
    given = await _given(request)
    fields, file = await within_time(limits.max_request_seconds, _monitor, given, limits)
    return file if file is not None else json_answer(fields)

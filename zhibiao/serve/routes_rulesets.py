"""``POST /v1/check`` and ``POST /v1/score``: rulesets (and actuals) given as texts —
the JSON of ``zhibiao check --json`` and ``zhibiao score -f json``, or the 自评表 file.

Scoring follows ``zhibiao score``: the actuals are read first, then every ruleset; the
problems come in the order the command prints them (the actuals', each ruleset's, then
the rows that reached no ruleset), each once. No usable ruleset, or no actuals row that
reaches an indicator, is refused (422) as the command refuses it (exit code 2).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from zhibiao.errors import ActualsError
from zhibiao.limits import Limits
from zhibiao.ruleset.actuals import read_actuals_data
from zhibiao.ruleset.problems import Problem
from zhibiao.ruleset.scoring import has_actuals, score_rulesets, unscored
from zhibiao.serve.answers import ERRORS, FILE_ANSWER, json_answer, settings_of
from zhibiao.serve.guard import within_time
from zhibiao.serve.models import CheckRequest, CheckResponse, ScoreResponse
from zhibiao.serve.problems import ApiProblem, ProblemList
from zhibiao.serve.reports import Download, download, file_answer, reports_json
from zhibiao.serve.score_input import SCORE_BODY, ScoreInput, score_input
from zhibiao.serve.texts import load_rulesets, parser_for

__all__ = ("router",)

router = APIRouter(prefix="/v1", tags=["规则集 / rulesets"])


def _check(body: CheckRequest, limits: Limits) -> dict[str, Any]:
    loaded = load_rulesets(body.rulesets, parser_for(body.units), limits)
    problems = [p for item in loaded for p in item.problems]
    errors = sum(p.severity == "error" for p in problems)
    return {"rulesets": [item.summary().model_dump() for item in loaded],
            "problems": [p.model_dump() for p in problems],
            "errors": errors, "warnings": len(problems) - errors}


@router.post("/check", response_model=CheckResponse, responses=ERRORS,
             summary="检查规则集 / validate rulesets")
async def check(body: CheckRequest, request: Request) -> Response:
    """每个规则集的每个问题（``zhibiao check --json`` 的逐行对象），以及每个规则集文本的
    sha256、项目键和指标个数。有错误的规则集也是 200 答复：错误在 ``problems`` 中。"""
    limits = settings_of(request).limits
    return json_answer(await within_time(limits.max_request_seconds, _check, body, limits))


@dataclass(frozen=True)
class _Scored:
    fields: dict[str, Any]
    file: Download | None = None  # when a file was asked for


def _score(given: ScoreInput, limits: Limits) -> _Scored:
    parser = parser_for(given.units)
    problems = ProblemList()
    try:
        rows, found = read_actuals_data(given.actuals, given.actuals_name, limits=limits)
    except ActualsError as exc:
        raise _refused("unreadable_actuals", "实际值无法读取", str(exc), []) from None
    problems.add(found)
    loaded = load_rulesets(given.rulesets, parser, limits)
    usable = [item.ruleset for item in loaded if item.ruleset is not None]
    if not usable:
        for item in loaded:
            problems.add(item.errors)
        raise _refused("no_usable_ruleset", "没有可用的规则集",
                       "每个规则集都有错误，见 problems（no usable ruleset）", problems.items)
    reports, leftovers = score_rulesets(usable, rows)
    in_order = iter(reports)  # the reports of the usable rulesets, in their order
    for item in loaded:  # as the command prints them: each ruleset's errors, then its report's
        problems.add(item.errors)
        if item.ruleset is not None:
            report = next(in_order)
            problems.add([*report.problems, *unscored(item.ruleset, report)])
    problems.add(leftovers)
    if not any(has_actuals(report) for report in reports):
        raise _refused("no_usable_actuals", "没有可用的实际值行",
                       f"{given.actuals_name} 中没有一行对应到指标，未生成报告"
                       "（no usable actuals row）", problems.items)
    summaries = [item.summary().model_dump() for item in loaded]
    if given.format != "json":
        return _Scored({"rulesets": summaries}, download(given.format, reports))
    return _Scored({"rulesets": summaries, "reports": json.loads(reports_json(reports)),
                    "problems": [p.model_dump() for p in problems.items],
                    "errors": problems.errors})


def _refused(code: str, title: str, detail: str, problems: list[Problem]) -> ApiProblem:
    return ApiProblem(422, code, title, detail, problems)


@router.post("/score", response_model=ScoreResponse,
             responses={**ERRORS, 200: FILE_ANSWER},
             openapi_extra={"requestBody": SCORE_BODY},
             summary="生成自评表 / score rulesets against actuals")
async def score(request: Request) -> Response:
    """请求体为 JSON（规则集与实际值均为文本），或 multipart/form-data 上传（字段 rulesets
    可重复、actuals、format、units）。``format`` 为 json（默认）时答复 ``zhibiao score -f json``
    的报告数组及问题列表；为 xlsx 时答复自评表文件，各规则集文本的 sha256 在
    ``X-Zhibiao-Ruleset-Sha256`` 请求头中（按规则集顺序，逗号分隔）。"""
    limits = settings_of(request).limits
    given = await score_input(request)
    scored = await within_time(limits.max_request_seconds, _score, given, limits)
    if scored.file is None:
        return json_answer(scored.fields)
    return file_answer(scored.file, [item["sha256"] for item in scored.fields["rulesets"]])


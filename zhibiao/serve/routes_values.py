"""``POST /v1/parse`` and ``POST /v1/evaluate``: one 指标值 read, one actual scored —
the JSON of ``zhibiao parse --json`` and ``zhibiao evaluate --json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.responses import Response

from zhibiao.cli.policy_errors import policy_error_lines
from zhibiao.engine import Policy, evaluate, evaluate_budget
from zhibiao.errors import EvaluationError, IndicatorSyntaxError
from zhibiao.grammar import result_json
from zhibiao.serve.answers import ERRORS, json_answer, settings_of
from zhibiao.serve.guard import within_time
from zhibiao.serve.models import EvaluateRequest, EvaluateResponse, ParseRequest, ParseResponse
from zhibiao.serve.problems import ApiProblem, validation_problems
from zhibiao.serve.texts import parser_for

__all__ = ("router",)

router = APIRouter(prefix="/v1", tags=["指标值 / values"])


def _parse(body: ParseRequest) -> dict[str, Any]:
    parser = parser_for(body.units)
    results = []
    for text in body.texts:
        try:
            results.append(result_json(text, parser.parse(text)))
        except IndicatorSyntaxError as exc:
            results.append(result_json(text, error=exc))
    return {"results": results}


@router.post("/parse", response_model=ParseResponse, responses=ERRORS,
             summary="解析指标值 / parse 指标值 texts")
async def parse(body: ParseRequest, request: Request) -> Response:
    """每个文本得到 ``zhibiao parse --json`` 的一行对象：成功时有 kind、canonical、unit 等；
    失败时 ``ok`` 为 false，``error`` 给出说明、列号（column，从 1 起）和修改提示（hint）。"""
    seconds = settings_of(request).limits.max_request_seconds
    return json_answer(await within_time(seconds, _parse, body))


def _policy(settings: dict[str, Any] | None) -> Policy:
    try:
        return Policy.model_validate(settings or {})
    except ValidationError as exc:
        head, *lines = policy_error_lines(exc)
        raise ApiProblem(422, "bad_policy", "评分规则设置有误",
                         head + "；".join(line.strip() for line in lines),
                         validation_problems(exc.errors())) from None


def _evaluate(body: EvaluateRequest) -> dict[str, Any]:
    parser = parser_for(body.units)
    policy = _policy(body.policy)
    weight = str(body.weight)
    try:
        if body.budget:
            outcome = evaluate_budget(body.target, body.actual or "", weight=weight,
                                      policy=policy, parser=parser)
        else:
            outcome = evaluate(body.target, body.actual, weight=weight, policy=policy,
                               direction=body.direction, category=body.category,
                               unit=body.unit, parser=parser)
    except IndicatorSyntaxError as exc:
        raise ApiProblem(422, "unparsable_target", "指标值无法解析", str(exc),
                         [{"severity": "error", "code": "unparsable_target", "field": "target",
                           **result_json(body.target, error=exc)["error"]}]) from None
    except (EvaluationError, ValueError, ArithmeticError) as exc:
        raise ApiProblem(422, "invalid_argument", "参数有误", f"参数错误：{exc}") from None
    return outcome.to_json()


@router.post("/evaluate", response_model=EvaluateResponse, responses=ERRORS,
             summary="按目标评价一个实际值 / score one actual")
async def evaluate_one(body: EvaluateRequest, request: Request) -> Response:
    """``zhibiao evaluate --json`` 的对象：status、ratio、score、weight、polarity、
    explanation（中文说明）、target、actual 等。"""
    seconds = settings_of(request).limits.max_request_seconds
    return json_answer(await within_time(seconds, _evaluate, body))

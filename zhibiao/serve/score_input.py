"""What ``POST /v1/score`` is given, as JSON (texts) or as a multipart upload (files):
the rulesets as texts, the actuals as bytes (an uploaded workbook stays a workbook)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from zhibiao.serve.models import NamedText, ScoreRequest
from zhibiao.serve.problems import ApiProblem

__all__ = ("SCORE_BODY", "ScoreInput", "score_input")

#: The request body of /v1/score in OpenAPI: JSON or a multipart upload.
SCORE_BODY = {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/ScoreRequest"}},
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["rulesets", "actuals"],
        "properties": {
            "rulesets": {"type": "array", "items": {"type": "string", "format": "binary"},
                         "description": "规则集文件（.toml/.yaml，可多个）"},
            "actuals": {"type": "string", "format": "binary",
                        "description": "实际值文件（.csv/.xlsx/.json）"},
            "format": {"type": "string", "enum": ["json", "xlsx", "html"], "default": "json"},
            "units": {"type": "string", "description": "追加的单位表文本"},
        }}},
}}

#: Files and fields a multipart upload may hold (a province's rulesets fit well within).
_MAX_FILES = 2000


@dataclass(frozen=True)
class ScoreInput:
    rulesets: list[NamedText]
    actuals_name: str
    actuals: bytes
    format: str
    units: str | None


async def score_input(request: Request) -> ScoreInput:
    """The request's rulesets and actuals; a body of any other type is refused (415)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return await _upload(request)
    if media not in ("application/json", ""):
        raise ApiProblem(415, "unsupported_media_type", "不支持的请求类型",
                         f"请求类型 “{media}” 不受支持；请用 application/json 或 "
                         "multipart/form-data")
    try:
        body = ScoreRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None
    return ScoreInput(body.rulesets, body.actuals.name,
                      body.actuals.text.encode("utf-8", "surrogatepass"), body.format,
                      body.units)


async def _upload(request: Request) -> ScoreInput:
    form = await request.form(max_files=_MAX_FILES, max_fields=_MAX_FILES)
    rulesets = []
    for index, item in enumerate(form.getlist("rulesets"), start=1):
        name, data = await _file(item, f"ruleset-{index}.toml")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _bad("encoding", f"规则集 {name} 不是 UTF-8 编码的文本，请另存为 UTF-8") from None
        rulesets.append(NamedText(name=name, text=text))
    actuals = form.getlist("actuals")
    if not rulesets or len(actuals) != 1:
        raise _bad("missing_field", "上传应有至少一个 rulesets 文件和恰好一个 actuals 文件")
    actuals_name, actuals_data = await _file(actuals[0], "actuals.csv")
    fmt = _field(form.get("format")) or "json"
    if fmt not in ("json", "xlsx", "html"):
        raise _bad("bad_format", f"format “{fmt}” 应为 json、xlsx 或 html")
    return ScoreInput(rulesets, actuals_name, actuals_data, fmt, _field(form.get("units")))


async def _file(item: UploadFile | str, default_name: str) -> tuple[str, bytes]:
    """An uploaded file's name and bytes; a plain field is taken as the file's text.
    The name only stands for the file in problems and reports (nothing is opened by it)."""
    if isinstance(item, str):
        return default_name, item.encode("utf-8", "surrogatepass")
    name = (item.filename or "")[:255] or default_name
    return name, await item.read()


def _field(value: UploadFile | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    raise _bad("bad_field", f"字段 {value.filename} 应为文本，不是文件")


def _bad(code: str, detail: str) -> ApiProblem:
    return ApiProblem(422, code, "上传内容有误", detail)

"""What ``POST /v1/score`` (and ``/v1/monitor``) is given, as JSON (texts) or as a
multipart upload (files): the rulesets as texts, the actuals as bytes (an uploaded
workbook stays a workbook)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar, get_args

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from zhibiao.serve.models import MonitorRequest, NamedText, ScoreFormat, ScoreRequest
from zhibiao.serve.problems import ApiProblem

__all__ = ("SCORE_BODY", "ScoreInput", "bad_upload", "files_of", "form_text", "json_body",
           "request_body", "score_input", "upload_form", "uploaded_files")

M = TypeVar("M", bound=BaseModel)


def request_body(model: str, fields: dict[str, Any] | None = None,
                 required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A request body in OpenAPI: the JSON ``model`` (a component), or a multipart upload
    of the rulesets and actuals files with ``fields`` (text fields) besides."""
    return {"required": True, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["rulesets", "actuals", *required],
            "properties": {
                "rulesets": {"type": "array", "items": {"type": "string", "format": "binary"},
                             "description": "规则集文件（.toml/.yaml，可多个）"},
                "actuals": {"type": "string", "format": "binary",
                            "description": "实际值文件（.csv/.xlsx/.json）"},
                **(fields or {}),
                "format": {"type": "string", "enum": list(get_args(ScoreFormat)),
                           "default": "json"},
                "units": {"type": "string", "description": "追加的单位表文本"},
            }}},
    }}


#: The request body of /v1/score in OpenAPI: JSON or a multipart upload.
SCORE_BODY = request_body("ScoreRequest")

#: Files and fields a multipart upload may hold (a province's rulesets fit well within).
_MAX_FILES = 2000


@dataclass(frozen=True)
class ScoreInput:
    """The files of a request: the rulesets as texts, the actuals as bytes, the format
    asked for and the extra units."""

    rulesets: list[NamedText]
    actuals_name: str
    actuals: bytes
    format: str
    units: str | None


async def score_input(request: Request) -> ScoreInput:
    """The request's rulesets and actuals; a body of any other type is refused (415)."""
    form = await upload_form(request)
    if form is not None:
        return await uploaded_files(form)
    return files_of(await json_body(request, ScoreRequest))


def files_of(body: ScoreRequest | MonitorRequest) -> ScoreInput:
    """The files of a JSON body (the actuals' text as its UTF-8 bytes)."""
    return ScoreInput(body.rulesets, body.actuals.name,
                      body.actuals.text.encode("utf-8", "surrogatepass"), body.format,
                      body.units)


async def upload_form(request: Request) -> FormData | None:
    """The form of a multipart upload; None for a JSON body; any other type is refused
    (415)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "multipart/form-data":
        return await request.form(max_files=_MAX_FILES, max_fields=_MAX_FILES)
    if media not in ("application/json", ""):
        raise ApiProblem(415, "unsupported_media_type", "不支持的请求类型",
                         f"请求类型 “{media}” 不受支持；请用 application/json 或 "
                         "multipart/form-data")
    return None


async def json_body(request: Request, model: type[M]) -> M:
    """The JSON body as ``model`` (its errors answered as those of any route's body)."""
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False)) from None


async def uploaded_files(form: FormData) -> ScoreInput:
    """The rulesets, actuals, format and units of an upload."""
    rulesets = []
    for index, item in enumerate(form.getlist("rulesets"), start=1):
        name, data = await _file(item, f"ruleset-{index}.toml")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise bad_upload("encoding",
                             f"规则集 {name} 不是 UTF-8 编码的文本，请另存为 UTF-8") from None
        rulesets.append(NamedText(name=name, text=text))
    actuals = form.getlist("actuals")
    if not rulesets or len(actuals) != 1:
        raise bad_upload("missing_field", "上传应有至少一个 rulesets 文件和恰好一个 actuals 文件")
    actuals_name, actuals_data = await _file(actuals[0], "actuals.csv")
    fmt = form_text(form, "format") or "json"
    if fmt not in get_args(ScoreFormat):
        raise bad_upload("bad_format", f"format “{fmt}” 应为 json、xlsx 或 html")
    return ScoreInput(rulesets, actuals_name, actuals_data, fmt, form_text(form, "units"))


async def _file(item: UploadFile | str, default_name: str) -> tuple[str, bytes]:
    """An uploaded file's name and bytes; a plain field is taken as the file's text.
    The name only stands for the file in problems and reports (nothing is opened by it)."""
    if isinstance(item, str):
        return default_name, item.encode("utf-8", "surrogatepass")
    name = (item.filename or "")[:255] or default_name
    return name, await item.read()


def form_text(form: FormData, name: str) -> str | None:
    """The text field ``name`` of an upload (None when absent); a file there is refused."""
    value = form.get(name)
    if value is None or isinstance(value, str):
        return value
    raise bad_upload("bad_field", f"字段 {name} 应为文本，不是文件")


def bad_upload(code: str, detail: str) -> ApiProblem:
    return ApiProblem(422, code, "上传内容有误", detail)

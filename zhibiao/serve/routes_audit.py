"""``POST /v1/audit``: filled 自评表 uploaded (multipart/form-data), each re-scored and
compared with its published 得分 as ``zhibiao audit`` does (:mod:`zhibiao.audit`).

Fields: ``files`` (one or more ``.xlsx``/``.csv``/``.tsv``/``.txt``), ``format``
(``json`` — the default: ``{"zhibiao_version", "documents": [...]}``, the documents as
``zhibiao audit -f json`` writes them; ``xlsx`` or ``md``: the report as a file) and
``policy`` (a policy TOML text, as ``zhibiao audit --policy``). The uploads are written
to a private temporary folder under their own base names, read, and removed; nothing
else is opened by a name. No table in any file is refused (422 ``no_table``), as the
command refuses it (exit code 2).
"""

from __future__ import annotations

import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.responses import Response

from zhibiao.audit import AUDIT_POLICY, SUFFIXES, AuditResult, audit
from zhibiao.cli.policy_errors import policy_error_lines
from zhibiao.engine import Policy
from zhibiao.limits import Limits
from zhibiao.report.registry import get_writer
from zhibiao.serve.answers import ERRORS, json_answer, settings_of
from zhibiao.serve.guard import within_time
from zhibiao.serve.problems import ApiProblem, validation_problems

__all__ = ("router",)

router = APIRouter(prefix="/v1", tags=["核对 / audit"])

_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: format → (media type, file name) of the reports offered as a file.
_FILES = {"xlsx": (_XLSX, "核对.xlsx"), "md": ("text/markdown; charset=utf-8", "核对.md")}
_MAX_FILES = 200
_UNSAFE = re.compile(r"[^\w.\-（）()]+")

_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["files"],
    "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "已填写的自评表（.xlsx/.csv/.tsv/.txt，可多个）"},
        "format": {"type": "string", "enum": ["json", "xlsx", "md"], "default": "json"},
        "policy": {"type": "string", "description": "评分规则 TOML 文本（顶层或 [policy] 表）"},
    }}}}}
_ANSWERS: dict[int | str, dict[str, Any]] = {**ERRORS, 200: {"content": {
    "application/json": {"schema": {"type": "object", "required": ["documents"],
                                    "properties": {"zhibiao_version": {"type": "string"},
                                                   "documents": {"type": "array"}}}},
    _XLSX: {"schema": {"type": "string", "format": "binary"}},
    "text/markdown": {"schema": {"type": "string"}}}}}


def _bad(code: str, detail: str) -> ApiProblem:
    return ApiProblem(422, code, "上传内容有误", detail)


def _name(given: str | None, index: int) -> str:
    """A safe base name keeping the suffix (it decides how the file is read)."""
    base = Path((given or "").replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    if suffix not in SUFFIXES:
        raise _bad("bad_file", f"文件 “{base or index}” 的类型不受支持；应为 "
                               + "、".join(SUFFIXES))
    stem = _UNSAFE.sub("-", stem).strip("-.")[:100] or f"file-{index}"
    return stem + suffix


def _policy(text: str | None) -> Policy:
    if not text:
        return AUDIT_POLICY
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _bad("bad_policy", f"评分规则不是有效的 TOML：{exc}") from None
    table = data.get("policy", data)
    if not isinstance(table, dict):
        raise _bad("bad_policy", "评分规则的 [policy] 应为一个表")
    try:
        return Policy.model_validate({"direction_from_name": True, **table})
    except ValidationError as exc:
        head, *lines = policy_error_lines(exc)
        raise ApiProblem(422, "bad_policy", "上传内容有误",
                         head + "；".join(line.strip() for line in lines),
                         validation_problems(exc.errors())) from None


def _audit(files: list[tuple[str, bytes]], policy: Policy, limits: Limits) -> AuditResult:
    with tempfile.TemporaryDirectory(prefix="zhibiao-audit-") as folder:
        paths = []
        for name, data in files:
            path = Path(folder) / name
            while path.exists():
                path = path.with_name(f"{path.stem}-2{path.suffix}")
            path.write_bytes(data)
            paths.append(path)
        return audit(paths, policy=policy, limits=limits)


def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    if value is None or isinstance(value, str):
        return value
    raise _bad("bad_field", f"字段 {name} 应为文本，不是文件")


@router.post("/audit", responses=_ANSWERS, openapi_extra={"requestBody": _BODY},
             summary="核对已填写的自评表 / audit filled 自评表")
async def audit_route(request: Request) -> Response:
    """上传（multipart/form-data）一个或多个已填写的自评表（字段 files，可重复），逐行重新
    计分并与表中得分比较。``format`` 为 json（默认）时答复 ``zhibiao audit -f json`` 的
    ``documents``；为 xlsx 或 md 时答复核对报告文件。``policy`` 为评分规则 TOML 文本。"""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "multipart/form-data":
        raise ApiProblem(415, "unsupported_media_type", "不支持的请求类型",
                         f"请求类型 “{media}” 不受支持；请用 multipart/form-data 上传文件")
    limits = settings_of(request).limits
    form = await request.form(max_files=_MAX_FILES, max_fields=_MAX_FILES)
    files: list[tuple[str, bytes]] = []
    for index, item in enumerate(form.getlist("files"), start=1):
        if not isinstance(item, UploadFile):
            raise _bad("bad_file", "字段 files 应为上传的文件")
        files.append((_name(item.filename, index), await item.read()))
    if not files:
        raise _bad("missing_field", "上传应有至少一个 files 文件")
    fmt = _field(form, "format") or "json"
    if fmt not in ("json", *_FILES):
        raise _bad("bad_format", f"format “{fmt}” 应为 json、xlsx 或 md")
    policy = _policy(_field(form, "policy"))
    result = await within_time(limits.max_request_seconds, _audit, files, policy, limits)
    if not any(document.rows or document.budget for document in result.documents):
        raise ApiProblem(422, "no_table", "没有找到可核对的自评表",
                         "上传的文件中没有找到自评表（no table to audit）",
                         [p for d in result.documents for p in d.problems])
    if fmt == "json":
        return json_answer(result.as_json())
    media_type, filename = _FILES[fmt]
    data = get_writer(fmt, "audit").to_bytes(result.documents)
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"audit.{fmt}\"; "
                               f"filename*=UTF-8''{quote(filename)}"})

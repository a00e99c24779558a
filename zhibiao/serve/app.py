"""The service as an ASGI app: :func:`create_app` puts the routes, the error answers,
the door (:class:`~zhibiao.serve.guard.Guard`) and the playground together."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from zhibiao.serve import routes_audit, routes_monitor, routes_rulesets, routes_values
from zhibiao.serve.guard import Guard
from zhibiao.serve.models import MonitorRequest, ScoreRequest
from zhibiao.serve.problems import install_handlers
from zhibiao.serve.settings import VERSION, Settings

__all__ = ("create_app",)

_DESCRIPTION = """绩效目标指标值的解析与自评打分服务（无状态）。每个答复带 zhibiao 版本
（请求头 X-Zhibiao-Version 和 JSON 字段 zhibiao_version）；错误为 application/problem+json
（RFC 9457），含中文 title/detail、稳定的 code 和 problems 列表。说明见 docs/service.md。"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service: ``/v1`` routes, ``/openapi.json``, the playground at ``/``.

    FastAPI's own documentation pages (``/docs``, ``/redoc``) are not offered: they load
    their scripts from a CDN, which the Content-Security-Policy forbids.
    """
    settings = settings or Settings()
    app = FastAPI(title="zhibiao", version=VERSION, description=_DESCRIPTION,
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    install_handlers(app)
    app.include_router(routes_values.router)
    app.include_router(routes_rulesets.router)
    app.include_router(routes_monitor.router)
    app.include_router(routes_audit.router)
    static = files("zhibiao.serve") / "static"
    index = (static / "index.html").read_bytes()

    @app.get("/", include_in_schema=False)
    async def playground() -> Response:
        return Response(index, media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(packages=[("zhibiao.serve", "static")]), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(Guard, settings=settings)
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with the JSON bodies of /v1/score and /v1/monitor (read by
    the routes themselves, as they also take uploads) among the components."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ScoreRequest, MonitorRequest):
            body = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components[model.__name__] = body
        app.openapi_schema = schema
    return app.openapi_schema

"""The door of the service: the headers every answer carries (the zhibiao version, a
Content-Security-Policy that forbids loading anything from elsewhere), the bearer token
of the ``/v1`` routes, the request-size limit, and the time limit of the work itself.

The size is checked on the bytes as they arrive (a declared ``Content-Length`` over the
limit is refused before reading anything), so a huge body never reaches the JSON parser.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zhibiao.serve.problems import ApiProblem, problem_response
from zhibiao.serve.settings import VERSION, VERSION_HEADER, Settings

__all__ = ("CONTENT_SECURITY_POLICY", "Guard", "within_time")

#: Nothing from another origin: no CDN, no inline script, no frames, no plugins.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
                           "img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
#: The routes that need the token (the playground's page and files, the OpenAPI do not).
_API_PREFIX = "/v1/"

T = TypeVar("T")


class Guard:
    """ASGI middleware: headers on every answer, token and size checks before the app."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers[VERSION_HEADER] = VERSION
                headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cache-Control"] = "no-store"
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await self._answer(refusal, scope, receive, send_marked)
            return
        body = await self._body(receive)
        if body is None:  # the client went away: no one to answer
            return
        if isinstance(body, ApiProblem):
            await self._answer(body, scope, receive, send_marked)
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_marked)

    def _refusal(self, scope: Scope) -> ApiProblem | None:
        """Why the request is refused before its body is read (None: it is not)."""
        headers = Headers(scope=scope)
        token = self.settings.token
        if token is not None and str(scope.get("path", "")).startswith(_API_PREFIX):
            # Header values arrive as latin-1: back to their bytes, compared with the
            # token's UTF-8 bytes in constant time.
            scheme, _, given = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                    given.strip().encode("latin-1", "replace"), token.encode("utf-8")):
                return ApiProblem(401, "unauthorized", "需要有效的访问令牌",
                                  "此服务要求每个 /v1 请求带请求头 Authorization: Bearer <令牌>；"
                                  "令牌向服务的管理员索取")
        declared = headers.get("content-length")
        limit = self.settings.limits.max_request_bytes
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return _too_large(limit)
        return None

    async def _body(self, receive: Receive) -> bytes | ApiProblem | None:
        """The whole request body, the refusal when it grows over the limit, or None
        when the client disconnects first."""
        limit = self.settings.limits.max_request_bytes
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return _too_large(limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _answer(problem: ApiProblem, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
        if problem.status == 413:
            headers = {"Connection": "close"}
        await problem_response(problem, headers)(scope, receive, send)


def _too_large(limit: int) -> ApiProblem:
    return ApiProblem(413, "request_too_large", "请求体过大",
                      f"请求体超过 {limit:,} 字节（Limits.max_request_bytes）；"
                      "启动服务时可用 --limit max_request_bytes=N 调高")


async def within_time(seconds: int, work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` in a worker thread, refused (422 ``time_limit``) when it takes
    longer than ``seconds``. The thread cannot be stopped: it finishes in the
    background and its result is dropped."""
    loop = asyncio.get_running_loop()
    try:
        return await asyncio.wait_for(loop.run_in_executor(None, partial(work, *args)),
                                      timeout=seconds)
    except TimeoutError:
        raise ApiProblem(422, "time_limit", "处理时间超过上限",
                         f"此请求的处理超过 {seconds} 秒（Limits.max_request_seconds）；"
                         "请把规则集或实际值分成较小的几批提交") from None

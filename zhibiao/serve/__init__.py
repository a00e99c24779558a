"""``zhibiao serve``: the rule engine over HTTP, stateless, and its playground at ``/``.

    from zhibiao.serve import Settings, create_app
    app = create_app(Settings())          # an ASGI app: uvicorn, hypercorn, a test client

Routes (see docs/service.md): ``POST /v1/parse``, ``/v1/evaluate``, ``/v1/check``,
``/v1/score`` and ``/v1/monitor`` give exactly the JSON of ``zhibiao parse --json``,
``evaluate --json``, ``check --json``, ``score -f json`` and ``monitor -f json``, with the
zhibiao version beside it; errors are ``application/problem+json`` (RFC 9457). Rulesets
and actuals come in the request as texts: no route reads or writes the server's files.

Needs the serve extra (``pip install 'zhibiao[serve]'``: fastapi, uvicorn,
python-multipart).
"""

from __future__ import annotations

try:
    import fastapi  # noqa: F401  (the extra this package needs, checked once here)
    import python_multipart  # noqa: F401
    import uvicorn  # noqa: F401
except ModuleNotFoundError as exc:  # pragma: no cover - the test venv has the extra
    raise ImportError("zhibiao serve 需要 fastapi、uvicorn 和 python-multipart：请运行 "
                      "pip install 'zhibiao[serve]'（zhibiao serve needs the serve extra）"
                      ) from exc

from zhibiao.serve.app import create_app
from zhibiao.serve.settings import Settings

__all__ = ("Settings", "create_app")

"""``zhibiao serve``: the HTTP service and its playground (extra ``[serve]``).

    zhibiao serve                                   # http://127.0.0.1:8000, this machine only
    zhibiao serve --host 0.0.0.0 --token-file 令牌.txt

Bound to loopback (127.0.0.1, ::1, localhost) it needs no token; bound to any other
address it refuses to start without ``--token-file`` and then asks every ``/v1`` request
for ``Authorization: Bearer <token>``. It says which at start-up. Exit codes: 0 stopped,
2 usage errors (no serve extra, a missing or empty token file, a port in use).
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import sys
from pathlib import Path

from zhibiao.cli.limits_option import add_limit_option, limits_from

__all__ = ("configure", "is_loopback", "run")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1",
                        help="监听地址（默认 127.0.0.1，仅本机）/ address to bind")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）/ port")
    parser.add_argument("--token-file", type=Path, metavar="FILE",
                        help="访问令牌文件；监听非本机地址时必需 / bearer token file")
    add_limit_option(parser)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _token(path: Path) -> str | None:
    try:
        token = path.read_text(encoding="utf-8-sig").strip()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"zhibiao serve: 无法读取令牌文件 {path}：{exc}", file=sys.stderr)
        return None
    if not token or any(ch.isspace() for ch in token):
        print(f"zhibiao serve: 令牌文件 {path} 应只有一行、不含空白的令牌", file=sys.stderr)
        return None
    return token


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from zhibiao.serve import Settings, create_app
    except ImportError as exc:  # installed without the serve extra
        print(f"zhibiao serve: {exc}", file=sys.stderr)
        return 2
    token = None
    if args.token_file is not None:
        token = _token(args.token_file)
        if token is None:
            return 2
    elif not is_loopback(args.host):
        print(f"zhibiao serve: 监听 {args.host} 会让其他机器访问此服务，须用 --token-file 指定"
              "访问令牌（binding a non-loopback address needs --token-file）", file=sys.stderr)
        return 2
    app = create_app(Settings(limits=limits_from(args), token=token))
    where = f"http://{args.host}:{args.port}" if ":" not in args.host \
        else f"http://[{args.host}]:{args.port}"
    access = "仅本机可访问" if is_loopback(args.host) else "其他机器可访问"
    guard = "；每个 /v1 请求须带 Authorization: Bearer 令牌" if token else "；无需令牌"
    print(f"zhibiao serve：{where}（{access}{guard}）；试算台 {where}/ ，"
          f"接口说明 {where}/openapi.json；按 Ctrl-C 停止", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                            access_log=False, server_header=False)
    server = uvicorn.Server(config)
    with contextlib.suppress(SystemExit):  # uvicorn exits when it cannot bind
        server.run()
    if not server.started:
        print(f"zhibiao serve: 无法在 {where} 上监听（端口已被占用，或地址不属于本机）；"
              "请换一个 --port 或 --host", file=sys.stderr)
        return 2
    return 0

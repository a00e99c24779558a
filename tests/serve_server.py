"""A real ``zhibiao serve`` app under uvicorn on a free loopback port, in a thread: the
tests of the service talk to it over TCP with httpx, as a client would."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from zhibiao.serve import Settings, create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "rulesets" / "000-mingguang-2024"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def running(settings: Settings | None = None) -> Iterator[str]:
    """The base URL of a served app, stopped at the end."""
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def example_rulesets() -> list[Path]:
    return sorted(EXAMPLE.glob("*.toml"))

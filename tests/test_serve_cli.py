"""``zhibiao serve`` as a command: loopback by default, a token required elsewhere, a
Chinese start-up line saying which, and a clear message without the serve extra."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.serve_server import ROOT, free_port
from zhibiao.cli.serve_cmd import is_loopback

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _zhibiao(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zhibiao", "serve", *args], env=ENV,
                          capture_output=True, text=True, timeout=60, check=False)


@contextmanager
def _serving(*args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen([sys.executable, "-m", "zhibiao", "serve", *args], env=ENV,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        yield process, line
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait(url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return httpx.post(url, json={"texts": ["≥95%"]}, headers=headers, timeout=10)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
    ("127.0.0.2", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
    ("example.org", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_another_address_needs_a_token_file() -> None:
    done = _zhibiao("--host", "0.0.0.0", "--port", str(free_port()))
    assert done.returncode == 2
    assert "--token-file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("content", [None, "", "two words\n"])
def test_an_unusable_token_file(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "token.txt"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    done = _zhibiao("--token-file", str(path), "--port", str(free_port()))
    assert done.returncode == 2
    assert "令牌文件" in done.stderr and "Traceback" not in done.stderr


def test_without_the_serve_extra() -> None:
    code = ("import sys; sys.modules['fastapi'] = None; from zhibiao.cli import main; "
            "raise SystemExit(main(['serve']))")
    done = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "zhibiao[serve]" in done.stderr and "Traceback" not in done.stderr


def test_serves_on_loopback_without_a_token() -> None:
    port = free_port()
    with _serving("--port", str(port)) as (_, line):
        assert f"http://127.0.0.1:{port}" in line and "仅本机可访问" in line and "无需令牌" in line
        answer = _wait(f"http://127.0.0.1:{port}/v1/parse")
        assert answer.status_code == 200
        assert answer.json()["results"][0]["canonical"] == "≥95%"


def test_serves_everywhere_with_a_token(tmp_path: Path) -> None:
    token = tmp_path / "token.txt"
    token.write_text("s3cret-令牌\n", encoding="utf-8")
    port = free_port()
    with _serving("--host", "0.0.0.0", "--port", str(port), "--token-file", str(token)) \
            as (_, line):
        assert "其他机器可访问" in line and "Authorization: Bearer" in line
        url = f"http://127.0.0.1:{port}/v1/parse"
        assert _wait(url).status_code == 401
        answer = httpx.post(url, json={"texts": ["≥95%"]}, timeout=10,
                            headers={"authorization": "Bearer s3cret-令牌".encode()})
        assert answer.status_code == 200


def test_a_port_in_use() -> None:
    port = free_port()
    with _serving("--port", str(port)):
        _wait(f"http://127.0.0.1:{port}/v1/parse")
        done = _zhibiao("--port", str(port))
    assert done.returncode == 2
    assert "无法在" in done.stderr and "--port" in done.stderr

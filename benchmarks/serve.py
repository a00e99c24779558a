"""Load test of ``zhibiao serve`` on loopback: requests per second, latency, errors.

    python benchmarks/serve.py                       # 2,000 requests, 20 at a time
    python benchmarks/serve.py --requests 5000 --concurrency 50

Starts the service (uvicorn, one process, the default settings) on a free loopback port
in a child process, then sends the requests with httpx's async client from this one:
half ``POST /v1/evaluate`` (one target and actual each, drawn from twelve real target
shapes with a different actual every time, so the parse caches rarely help), half
``POST /v1/parse`` (five texts each). Reports, per route and together: requests/s over
the whole run, p50 and p99 latency, and every answer that was not 200 (there should be
none). Results go to stdout; docs/performance.md (section "Service") has the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

#: (target, unit of the actual, value of the target).
TARGETS = [("≥95%", "%", 95), ("≤30个工作日", "个工作日", 30), ("≥1000人次", "人次", 1000),
           ("≤10万元", "万元", 10), ("100%", "%", 100), ("≥90%", "%", 90),
           ("≤5天", "天", 5), ("≥3次", "次", 3), ("≥85%", "%", 85), ("≤2%", "%", 2),
           ("≥500户", "户", 500), ("≥98%", "%", 98)]
TEXTS = ["≥95%", "≤30个工作日", "每年≥3次", "90%-95%", "年底前完成", "显著提升", "≥1000人次",
         "≤10万元", "本指标不适用", "≥98.5%"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _bodies(count: int, seed: int) -> list[tuple[str, dict[str, object]]]:
    rng = random.Random(seed)
    bodies: list[tuple[str, dict[str, object]]] = []
    for index in range(count):
        if index % 2 == 0:
            target, unit, value = rng.choice(TARGETS)
            actual = f"{value * rng.uniform(0.8, 1.2):.3f}{unit}"
            bodies.append(("/v1/evaluate", {"target": target, "actual": actual, "weight": "10"}))
        else:
            bodies.append(("/v1/parse", {"texts": rng.sample(TEXTS, 5)}))
    return bodies


async def _run(url: str, bodies: list[tuple[str, dict[str, object]]], concurrency: int,
               ) -> tuple[float, dict[str, list[float]], dict[str, int]]:
    queue: asyncio.Queue[tuple[str, dict[str, object]]] = asyncio.Queue()
    for item in bodies:
        queue.put_nowait(item)
    latencies: dict[str, list[float]] = {"/v1/evaluate": [], "/v1/parse": []}
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def worker() -> None:
            while not queue.empty():
                route, body = queue.get_nowait()
                start = time.perf_counter()
                try:
                    answer = await client.post(route, json=body)
                    status = str(answer.status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                latencies[route].append(time.perf_counter() - start)
                if status != "200":
                    errors[status] = errors.get(status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


def _line(name: str, times: list[float], elapsed: float) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"{name:<14}{len(times):>8,}{len(times) / elapsed:>12,.0f}"
            f"{statistics.median(ordered) * 1000:>10.1f}{p99 * 1000:>10.1f}")


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("zhibiao serve did not start")
        try:
            httpx.get(f"{url}/openapi.json", timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("zhibiao serve did not answer within 60 s")


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--requests", type=int, default=2000)
    options.add_argument("--concurrency", type=int, default=20)
    options.add_argument("--seed", type=int, default=17)
    args = options.parse_args()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "zhibiao", "serve", "--port", str(port)],
                              env=env, stderr=subprocess.DEVNULL)
    try:
        _wait(url, server)
        asyncio.run(_run(url, _bodies(200, args.seed + 1), args.concurrency))  # warm up
        elapsed, latencies, errors = asyncio.run(
            _run(url, _bodies(args.requests, args.seed), args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"zhibiao serve on loopback: {args.requests:,} requests, {args.concurrency} at a time, "
          f"{elapsed:.2f} s")
    print(f"{'route':<14}{'requests':>8}{'req/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
    for route, times in latencies.items():
        print(_line(route, times, elapsed))
    print(_line("together", [t for times in latencies.values() for t in times], elapsed))
    print(f"errors: {sum(errors.values())}" + (f" {errors}" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())

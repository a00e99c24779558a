"""``zhibiao serve`` over real HTTP: headers, errors as problem details (always 4xx for
bad input), the size and time limits, the bearer token, and no server file touched."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.serve_server import running
from zhibiao import __version__
from zhibiao.limits import Limits
from zhibiao.serve import Settings

JSON = {"content-type": "application/json"}
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with running() as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def _problem(answer: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    body: dict[str, object] = answer.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == f"urn:zhibiao:error:{code}"
    assert body["zhibiao_version"] == __version__
    assert isinstance(body["title"], str) and isinstance(body["detail"], str)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(body["title"]) + str(body["detail"]))
    assert isinstance(body["problems"], list)
    return body


def test_every_answer_carries_the_version_and_the_policy(client: httpx.Client) -> None:
    for answer in (client.get("/"), client.get("/openapi.json"), client.get("/nowhere"),
                   client.post("/v1/parse", json={"texts": ["≥95%"]}),
                   client.post("/v1/parse", content=b"{", headers=JSON)):
        assert answer.headers["x-zhibiao-version"] == __version__
        policy = answer.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
    assert client.post("/v1/parse", json={"texts": []}).json() == {
        "zhibiao_version": __version__, "results": []}


def test_openapi_describes_the_routes(client: httpx.Client) -> None:
    document = client.get("/openapi.json").json()
    assert document["info"]["version"] == __version__
    for route in ("/v1/parse", "/v1/evaluate", "/v1/check", "/v1/score", "/v1/monitor"):
        operation = document["paths"][route]["post"]
        assert "422" in operation["responses"] and "200" in operation["responses"]
    score = document["paths"]["/v1/score"]["post"]["requestBody"]["content"]
    assert set(score) == {"application/json", "multipart/form-data"}
    assert "ScoreRequest" in document["components"]["schemas"]
    assert "NamedText" in document["components"]["schemas"]


@pytest.mark.parametrize(("route", "body", "status", "code"), [
    ("/v1/parse", b"{", 400, "malformed_json"),
    ("/v1/parse", b'{"texts": "95%"}', 422, "invalid_request"),
    ("/v1/parse", b'{"texts": ["a"], "extra": 1}', 422, "invalid_request"),
    ("/v1/parse", b"[]", 422, "invalid_request"),
    ("/v1/parse", b"[" * 50_000 + b"]" * 50_000, 400, "malformed_body"),
    ("/v1/parse", b'{"texts": ["\xff"]}', 400, "malformed_body"),
    ("/v1/parse", b'{"texts": ["1"], "units": "\\u4ea9 = x y"}', 422, "bad_units"),
    ("/v1/evaluate", b'{"target": "\\u226595%", "weight": "x"}', 422, "invalid_argument"),
    ("/v1/evaluate", b'{"target": "\\u226595%", "weight": 1e999}', 422, "invalid_argument"),
    ("/v1/evaluate", b'{"target": "\\u2265", "weight": 10}', 422, "unparsable_target"),
    ("/v1/evaluate", b'{"target": "1", "weight": 1, "policy": {"rounding": "x"}}', 422,
     "bad_policy"),
    ("/v1/evaluate", b'{"target": 5, "weight": 1}', 422, "invalid_request"),
    ("/v1/check", b'{"rulesets": []}', 422, "invalid_request"),
    ("/v1/score", b'{"rulesets": [{"name": "a.toml", "text": "x"}], '
                  b'"actuals": {"name": "a.xlsx", "text": "PK"}}', 422, "unreadable_actuals"),
    ("/v1/score", b'{"rulesets": [{"name": "a.toml", "text": "x"}], '
                  b'"actuals": {"name": "a.json", "text": "' + b"[" * 100_000 + b'"}}', 422,
     "unreadable_actuals"),
    ("/v1/score", b'{"rulesets": [{"name": "a.toml", "text": "x = "}], '
                  b'"actuals": {"name": "a.csv", "text": "indicator,actual\\n1,1"}}', 422,
     "no_usable_ruleset"),
    ("/v1/score", b'{"rulesets": [{"name": "a.toml", "text": "x"}], "format": "pdf", '
                  b'"actuals": {"name": "a.csv", "text": ""}}', 422, "invalid_request"),
    ("/v1/monitor", b'{"rulesets": [{"name": "a.toml", "text": "x"}], "as_of": 20230630, '
                    b'"actuals": {"name": "a.csv", "text": ""}}', 422, "invalid_request"),
    ("/v1/monitor", b'{"rulesets": [{"name": "a.toml", "text": "x"}], "as_of": "2023-6-31", '
                    b'"actuals": {"name": "a.csv", "text": ""}}', 422, "invalid_as_of"),
    ("/v1/monitor", b'{"rulesets": [{"name": "a.toml", "text": "x"}], "as_of": "2023-06-30", '
                    b'"actuals": {"name": "a.json", "text": "' + b"[" * 100_000 + b'"}}', 422,
     "unreadable_actuals"),
    ("/v1/monitor", b'{"rulesets": [{"name": "a.toml", "text": "x = "}], "as_of": "2023-06-30", '
                    b'"actuals": {"name": "a.csv", "text": "indicator,actual\\n1,1"}}', 422,
     "no_usable_ruleset"),
])
def test_bad_input_is_a_problem_never_a_fault(client: httpx.Client, route: str, body: bytes,
                                              status: int, code: str) -> None:
    _problem(client.post(route, content=body, headers=JSON), status, code)


def test_the_problems_say_where(client: httpx.Client) -> None:
    body = _problem(client.post("/v1/evaluate", json={"target": "≥9５x%", "weight": 10}),
                    422, "unparsable_target")
    [problem] = body["problems"]  # type: ignore[misc]
    assert problem["column"] == 5 and problem["hint"] and problem["field"] == "target"
    body = _problem(client.post("/v1/parse", json={"texts": 5, "units": []}), 422,
                    "invalid_request")
    assert {p["field"] for p in body["problems"]} == {"texts", "units"}  # type: ignore[union-attr]


def test_unknown_routes_and_methods(client: httpx.Client) -> None:
    _problem(client.get("/v1/nowhere"), 404, "not_found")
    _problem(client.get("/v1/parse"), 405, "method_not_allowed")
    for route in ("/v1/score", "/v1/monitor"):
        _problem(client.post(route, content=b"x", headers={"content-type": "text/plain"}),
                 415, "unsupported_media_type")
    _problem(client.post("/v1/parse", content=b'{"texts": []}',
                         headers={"content-type": "text/plain"}), 415, "unsupported_media_type")
    for page in ("/docs", "/redoc"):  # they load scripts from a CDN: not offered
        assert client.get(page).status_code == 404


def test_hidden_characters_come_back_escaped(client: httpx.Client) -> None:
    answer = client.post("/v1/parse", content=b'{"texts": ["\\u226595%\\u202e", "\\ud800"]}',
                         headers=JSON)
    assert answer.status_code == 200
    assert "\\u202e" in answer.text and "\\ud800" in answer.text
    assert [r["text"] for r in json.loads(answer.text)["results"]] == ["≥95%\u202e", "\ud800"]


def test_a_ruleset_name_is_never_opened(client: httpx.Client, tmp_path: Path) -> None:
    """A name that is a real path stands only for the text given with it."""
    secret = tmp_path / "secret.toml"
    secret.write_text('[project]\nname = "机密"\n', encoding="utf-8")
    body = client.post("/v1/check", json={"rulesets": [
        {"name": str(secret), "text": "[project]\nname = 1\n"}]}).json()
    assert all("机密" not in p["message"] for p in body["problems"])
    assert body["problems"][0]["file"] == str(secret)
    assert body["errors"] >= 1
    before = sorted(tmp_path.iterdir())
    answer = client.post("/v1/score", json={
        "rulesets": [{"name": str(tmp_path / "new.toml"), "text": "x = 1"}],
        "actuals": {"name": str(tmp_path / "new.csv"), "text": "indicator,actual\n1,1\n"},
        "format": "xlsx"})
    assert answer.status_code == 422
    assert sorted(tmp_path.iterdir()) == before


# -- limits ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Iterator[httpx.Client]:
    limits = Limits(max_request_bytes=2_000, max_ruleset_bytes=100, max_actuals_bytes=50)
    with running(Settings(limits=limits)) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def test_a_body_over_the_limit_is_refused(small: httpx.Client) -> None:
    body = _problem(small.post("/v1/parse", json={"texts": ["≥95%"] * 1_000}), 413,
                    "request_too_large")
    assert "max_request_bytes" in str(body["detail"])
    assert small.post("/v1/parse", json={"texts": ["≥95%"] * 10}).status_code == 200


def test_a_streamed_body_over_the_limit_is_refused(small: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"texts": ['
        for _ in range(500):
            yield b'"\\u226595%", '
        yield b'"1"]}'

    _problem(small.post("/v1/parse", content=chunks(), headers=JSON), 413, "request_too_large")


def test_ruleset_and_actuals_limits_apply(small: httpx.Client) -> None:
    body = small.post("/v1/check", json={"rulesets": [
        {"name": "a.toml", "text": "# " + "x" * 200}]}).json()
    assert [p["code"] for p in body["problems"]] == ["too_large"]
    answer = small.post("/v1/score", json={
        "rulesets": [{"name": "a.toml", "text": "x = 1"}],
        "actuals": {"name": "a.csv", "text": "indicator,actual\n" + "1,1\n" * 30}})
    assert "max_actuals_bytes" in str(_problem(answer, 422, "unreadable_actuals")["detail"])


def test_work_over_the_time_limit_is_refused() -> None:
    limits = Limits(max_request_seconds=1)
    texts = [f"≥{i}.{i % 7}个" for i in range(400_000)]  # some seconds of parsing
    with running(Settings(limits=limits)) as url, httpx.Client(base_url=url, timeout=120) as http:
        body = _problem(http.post("/v1/parse", json={"texts": texts}), 422, "time_limit")
        assert "max_request_seconds" in str(body["detail"])
        assert http.post("/v1/parse", json={"texts": ["≥95%"]}).status_code == 200


# -- the bearer token -----------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded() -> Iterator[httpx.Client]:
    with running(Settings(token="令牌-not-ascii-ok")) as url, \
            httpx.Client(base_url=url, timeout=60) as http:
        yield http


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic abc", "Bearer", "bearer x",
                                    "Bearer 令牌-not-ascii-ok-and-more"])
def test_every_v1_route_needs_the_token(guarded: httpx.Client, header: str | None) -> None:
    headers = {} if header is None else {"authorization": header.encode("utf-8")}
    for route in ("/v1/parse", "/v1/evaluate", "/v1/check", "/v1/score", "/v1/monitor",
                  "/v1/nowhere"):
        answer = guarded.post(route, json={"texts": ["≥95%"]}, headers=headers)
        _problem(answer, 401, "unauthorized")
        assert answer.headers["www-authenticate"] == "Bearer"


def test_the_right_token_opens(guarded: httpx.Client) -> None:
    token = "Bearer 令牌-not-ascii-ok".encode()
    answer = guarded.post("/v1/parse", json={"texts": ["≥95%"]},
                          headers={"authorization": token})
    assert answer.status_code == 200
    assert answer.json()["results"][0]["canonical"] == "≥95%"
    # the playground's page and the API description need no token
    assert guarded.get("/").status_code == 200
    assert guarded.get("/openapi.json").status_code == 200


def test_the_token_is_checked_before_the_size(guarded: httpx.Client) -> None:
    answer = guarded.post("/v1/parse", content=b"x" * 20_000_000, headers=JSON)
    _problem(answer, 401, "unauthorized")


def test_the_playground_is_served_from_the_package(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="/static/playground.js"' in page.text
    for name, kind in (("playground.js", "javascript"), ("playground.css", "text/css")):
        answer = client.get(f"/static/{name}")
        assert answer.status_code == 200 and kind in answer.headers["content-type"]
        assert "innerHTML" not in answer.text and "outerHTML" not in answer.text
        assert "http://" not in answer.text and "https://" not in answer.text
    assert "http://" not in page.text and "https://" not in page.text
    assert client.get("/static/../__init__.py").status_code == 404

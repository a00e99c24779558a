"""``POST /v1/monitor`` over real HTTP: bad input is a 4xx problem (never a 5xx) with a
Chinese title and detail, its stable code and its problems; nothing of the server's files
is read, even when a request names one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve_server import ROOT, running
from tests.test_serve_api import _problem
from zhibiao.monitor.projection import BASES
from zhibiao.serve import create_app
from zhibiao.serve.models import Basis

RULESET = ROOT / "rulesets" / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"
ACTUALS = ROOT / "rulesets" / "examples.monitor.csv"
TEXT = RULESET.read_text(encoding="utf-8")
ROWS = ACTUALS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with running() as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def _body(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {"rulesets": [{"name": RULESET.name, "text": TEXT}],
                               "actuals": {"name": "监控.csv", "text": ROWS},
                               "as_of": "2023-06-30"}
    body.update(fields)
    return body


def _upload(client: httpx.Client, **fields: str) -> httpx.Response:
    return client.post("/v1/monitor", data=fields, files=[
        ("rulesets", (RULESET.name, TEXT.encode())), ("actuals", ("监控.csv", ROWS.encode()))])


def test_a_monitored_project(client: httpx.Client) -> None:
    body = client.post("/v1/monitor", json=_body()).json()
    (report,) = body["reports"]
    assert report["as_of"] == "2023-06-30" and report["project"] == "医疗保障基金安全监管经费"
    likelihoods = {row["likelihood"] for row in report["rows"]}
    known = {"确定能", "有可能", "完全不可能"}
    assert known <= likelihoods <= {*known, None}
    assert all(row["explanation"] for row in report["rows"])
    assert body["rulesets"][0]["key"] == RULESET.stem


@pytest.mark.parametrize("date", ["2023-02-30", "明年", "", "30/06/2023", "2023-13-01"])
def test_a_date_that_is_no_date(client: httpx.Client, date: str) -> None:
    for answer in (client.post("/v1/monitor", json=_body(as_of=date)),
                   _upload(client, as_of=date)):
        problem = _problem(answer, 422, "invalid_as_of")
        assert "YYYY-MM-DD" in str(problem["detail"])
        assert [p["field"] for p in problem["problems"]] == ["as_of"]  # type: ignore[union-attr]


@pytest.mark.parametrize("date", ["2024-06-30", "2022-12-31", "0001-01-01", "9999-12-31"])
def test_a_date_outside_the_year(client: httpx.Client, date: str) -> None:
    problem = _problem(client.post("/v1/monitor", json=_body(as_of=date)), 422,
                       "no_ruleset_for_date")
    (found,) = problem["problems"]  # type: ignore[misc]
    assert found["code"] == "bad_as_of" and found["file"] == RULESET.name
    assert "2023" in found["message"]


def test_the_line_comes_from_the_request_never_from_a_server_file(
        client: httpx.Client) -> None:
    """Named after a real file of the server, the ruleset's line is still that of the
    text sent (here three lines further down than in the file)."""
    line_in_file = next(number for number, line in enumerate(TEXT.splitlines(), start=1)
                        if line.startswith("year"))
    body = _body(as_of="2024-01-01",
                 rulesets=[{"name": str(RULESET), "text": "# 1\n# 2\n# 3\n" + TEXT}])
    problem = _problem(client.post("/v1/monitor", json=body), 422, "no_ruleset_for_date")
    (found,) = problem["problems"]  # type: ignore[misc]
    assert found["line"] == line_in_file + 3


@pytest.mark.parametrize(("name", "text"), [
    ("监控.xlsx", "不是工作簿"), ("监控.pdf", "x"), ("监控.json", "{"), ("监控.csv", "")])
def test_actuals_that_cannot_be_read(client: httpx.Client, name: str, text: str) -> None:
    answer = client.post("/v1/monitor", json=_body(actuals={"name": name, "text": text}))
    assert 400 <= answer.status_code < 500, answer.text
    problem = answer.json()
    assert problem["problems"] and problem["code"] in (
        "unreadable_actuals", "no_usable_actuals")


def test_no_usable_ruleset_and_no_usable_row(client: httpx.Client) -> None:
    broken = _body(rulesets=[{"name": "坏.toml", "text": "[project\n"}])
    problem = _problem(client.post("/v1/monitor", json=broken), 422, "no_usable_ruleset")
    assert problem["problems"]
    nothing = _body(actuals={"name": "监控.csv", "text": "indicator,actual\n9.9.9,3次\n"})
    problem = _problem(client.post("/v1/monitor", json=nothing), 422, "no_usable_actuals")
    assert {p["code"] for p in problem["problems"]} >= {  # type: ignore[union-attr]
        "unknown_indicator", "missing_actual"}


def test_upload_fields(client: httpx.Client) -> None:
    assert _upload(client, as_of="2023-06-30", basis="workdays").status_code == 200
    _problem(client.post("/v1/monitor", files=[
        ("rulesets", (RULESET.name, TEXT.encode())), ("actuals", ("监控.csv", ROWS.encode()))]),
        422, "missing_field")
    _problem(_upload(client, as_of="2023-06-30", basis="月度"), 422, "bad_basis")
    _problem(_upload(client, as_of="2023-06-30", format="pdf"), 422, "bad_format")
    _problem(client.post("/v1/monitor", json=_body(basis="月度")), 422, "invalid_request")
    _problem(client.post("/v1/monitor", json={k: v for k, v in _body().items() if k != "as_of"}),
             422, "invalid_request")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=12), st.sampled_from([None, *BASES]))
def test_any_date_text_is_an_answer_never_a_fault(client: httpx.Client, date: str,
                                                  basis: str | None) -> None:
    answer = client.post("/v1/monitor", json=_body(as_of=date, basis=basis))
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 422:
        assert answer.json()["code"] in ("invalid_as_of", "no_ruleset_for_date")


def test_the_openapi_document() -> None:
    document = create_app().openapi()
    body = document["paths"]["/v1/monitor"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data"}
    model = document["components"]["schemas"]["MonitorRequest"]
    assert set(model["required"]) == {"rulesets", "actuals", "as_of"}
    assert model["properties"]["as_of"]["format"] == "date"
    assert set(get_args(Basis)) == set(BASES)
    upload = body["multipart/form-data"]["schema"]["properties"]
    assert upload["basis"]["enum"] == list(BASES)


def test_tokens_and_limits_hold_for_the_route(tmp_path: Path) -> None:
    from zhibiao.limits import Limits
    from zhibiao.serve import Settings

    with running(Settings(token="s3cret", limits=Limits(max_request_bytes=4096))) as url:
        answer = httpx.post(f"{url}/v1/monitor", json=_body())
        _problem(answer, 401, "unauthorized")
        answer = httpx.post(f"{url}/v1/monitor", json=_body(),
                            headers={"Authorization": "Bearer s3cret"})
        _problem(answer, 413, "request_too_large")

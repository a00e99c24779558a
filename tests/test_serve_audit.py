"""``POST /v1/audit`` answers what ``zhibiao audit`` writes: the same documents as
``-f json`` and the same xlsx bytes, for the same uploaded files (a real server on loopback)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.serve_server import running
from tests.test_audit import _documents, _full, _table
from zhibiao.cli import main

FIXTURES = Path(__file__).resolve().parent / "data" / "import"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with running() as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def _files(paths: list[Path]) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (path.name, path.read_bytes())) for path in paths]


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, object]:
    capsys.readouterr()
    code = main(["audit", *args, "-f", "json", "-q"])
    return code, json.loads(capsys.readouterr().out)


def test_same_documents_as_the_command(tmp_path: Path, client: httpx.Client,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    _documents(folder)
    paths = sorted(folder.iterdir()) + sorted(FIXTURES.glob("*.csv"))
    code, cli = _cli_json(capsys, *map(str, paths))
    assert code == 1
    answer = client.post("/v1/audit", files=_files(paths))
    assert answer.status_code == 200
    body = answer.json()
    assert body.pop("zhibiao_version")
    assert body == cli
    assert sum(r["verdict"] == "differs" for d in body["documents"] for r in d["rows"]) > 0


def test_policy_field_as_the_policy_option(tmp_path: Path, client: httpx.Client,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = _table(tmp_path / "t.csv", [
        ["产出指标", "质量指标", "群众投诉率", "5%", "3%", "100", "100", ""]])
    policy = tmp_path / "policy.toml"
    policy.write_text("[policy]\ndirection_from_name = false\n", encoding="utf-8")
    _, cli = _cli_json(capsys, str(path), "--policy", str(policy))
    answer = client.post("/v1/audit", files=_files([path]),
                         data={"policy": policy.read_text(encoding="utf-8")})
    body = answer.json()
    body.pop("zhibiao_version")
    assert body == cli
    assert body["documents"][0]["rows"][0]["verdict"] == "differs"


def test_xlsx_is_the_commands_file(tmp_path: Path, client: httpx.Client) -> None:
    _full(tmp_path, scores=("50", "40", "8"), total=["100", "98"])
    path = tmp_path / "full.csv"
    out = tmp_path / "audit.xlsx"
    assert main(["audit", str(path), "-f", "xlsx", "-o", str(out), "-q"]) == 1
    answer = client.post("/v1/audit", files=_files([path]), data={"format": "xlsx"})
    assert answer.status_code == 200
    assert answer.content == out.read_bytes()
    answer = client.post("/v1/audit", files=_files([path]), data={"format": "md"})
    assert answer.headers["content-type"].startswith("text/markdown")
    assert "预算执行率" in answer.text


def test_refusals(tmp_path: Path, client: httpx.Client) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("没有表\n", encoding="utf-8")
    answer = client.post("/v1/audit", files=_files([notes]))
    assert (answer.status_code, answer.json()["code"]) == (422, "no_table")
    assert "no_table" in [problem["code"] for problem in answer.json()["problems"]]
    answer = client.post("/v1/audit", files=[("files", ("../../etc/x.exe", b"MZ"))])
    assert (answer.status_code, answer.json()["code"]) == (422, "bad_file")
    answer = client.post("/v1/audit", files=_files([notes]), data={"format": "html"})
    assert (answer.status_code, answer.json()["code"]) == (422, "bad_format")
    answer = client.post("/v1/audit", files=_files([notes]), data={"policy": "rounding = 7"})
    assert (answer.status_code, answer.json()["code"]) == (422, "bad_policy")
    answer = client.post("/v1/audit", json={"files": []})
    assert (answer.status_code, answer.json()["code"]) == (415, "unsupported_media_type")
    answer = client.post("/v1/audit", data={"format": "json"},
                         files=[("other", ("a.txt", b"x"))])
    assert (answer.status_code, answer.json()["code"]) == (422, "missing_field")


def test_a_hostile_file_name_stays_a_name(tmp_path: Path, client: httpx.Client) -> None:
    _full(tmp_path, scores=("50", "40", "10"), total=["100", "100"])
    data = (tmp_path / "full.csv").read_bytes()
    answer = client.post("/v1/audit", files=[("files", ("../../a b;c.csv", data))])
    assert answer.status_code == 200
    assert answer.json()["documents"][0]["source"] == "a-b-c.csv"


def test_a_wrong_policy_setting_is_named_in_chinese(client: httpx.Client) -> None:
    fixture = FIXTURES / "anhui-guichi-weituo.csv"
    answer = client.post("/v1/audit", files=[("files", (fixture.name, fixture.read_bytes()))],
                         data={"policy": "rounding = 'x'"})
    problem = answer.json()
    assert (answer.status_code, problem["code"]) == (422, "bad_policy")
    assert "rounding（得分精度）" in problem["detail"] and problem["problems"]

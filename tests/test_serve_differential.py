"""The same input through the command line and through ``zhibiao serve`` gives the same
JSON: parse, evaluate, check and score (and the same xlsx bytes)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.serve_server import ROOT, running
from zhibiao.cli import main
from zhibiao.ruleset.problems import Problem
from zhibiao.safe_text import visible

RULESETS = ROOT / "rulesets"
GOLDEN = [json.loads(line)["text"] for line in
          (ROOT / "tests" / "golden" / "indicator_values.jsonl").read_text("utf-8").splitlines()]
BROKEN = ["≥9５x%", "≤30个工作曰", "显箸提升", "", "  ", "≥", "100%-", "每年≥3次（", "≥1e999%"]


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with running() as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code, out, _ = _cli_both(capsys, *args)
    return code, out


def _cli_both(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _problem_lines(problems: list[dict[str, object]]) -> list[str]:
    """The problems as ``zhibiao score`` prints them on stderr."""
    return [visible(str(Problem.model_validate(p))) for p in problems]


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def _without_version(body: dict[str, object]) -> dict[str, object]:
    assert body.pop("zhibiao_version") == __import__("zhibiao").__version__
    return body


def test_parse_golden_and_broken_texts(client: httpx.Client,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    texts = GOLDEN[:300] + BROKEN
    _, out = _cli(capsys, "parse", "--json", "--", *texts)
    answer = client.post("/v1/parse", json={"texts": texts})
    assert answer.status_code == 200
    assert answer.json()["results"] == _lines(out)
    assert len(_lines(out)) == len(texts)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.text(max_size=30).filter(lambda t: t != "-"), min_size=1, max_size=5))
def test_parse_any_text(client: httpx.Client, capsys: pytest.CaptureFixture[str],
                        texts: list[str]) -> None:
    _, out = _cli(capsys, "parse", "--json", "--", *texts)
    answer = client.post("/v1/parse", json={"texts": texts})
    assert answer.status_code == 200
    assert answer.json()["results"] == _lines(out)


def test_parse_with_extra_units(client: httpx.Client, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    units = "亩 = 2000/3 平方米\n"
    (tmp_path / "units.txt").write_text(units, encoding="utf-8")
    texts = ["≥300亩", "≤2亩"]
    _, out = _cli(capsys, "parse", "--json", "--units", str(tmp_path / "units.txt"), "--", *texts)
    answer = client.post("/v1/parse", json={"texts": texts, "units": units}).json()
    assert answer["results"] == _lines(out)
    assert answer["results"][0]["unit"] == "亩"


EVALUATIONS = [
    ("≥95%", "92%", "10", []),
    ("≥95%", "98%", "10", []),
    ("≤30个工作日", "35个工作日", "5", []),
    ("10万元", "12万元", "10", ["--category", "成本指标"]),
    ("90", "95", "10", ["--direction", "反向"]),
    ("显著提升", "基本达到", "10", []),
    ("年底前完成", "2024年11月完成", "8", ["--year", "2024"]),
    ("≥95%", "", "10", []),
    ("≥95%", "92%", "10", ["--rounding", "0.1", "--tolerance", "±2%"]),
]


@pytest.mark.parametrize(("target", "actual", "weight", "options"), EVALUATIONS)
def test_evaluate(client: httpx.Client, capsys: pytest.CaptureFixture[str], target: str,
                  actual: str, weight: str, options: list[str]) -> None:
    code, out = _cli(capsys, "evaluate", target, actual, "--weight", weight, "--json", *options)
    assert code == 0
    body: dict[str, object] = {"target": target, "actual": actual, "weight": weight}
    policy: dict[str, str] = {}
    for name, value in zip(options[::2], options[1::2], strict=True):
        key = name.removeprefix("--")
        if key in ("category", "direction"):
            body[key] = value
        else:
            policy[key] = value
    if policy:
        body["policy"] = policy
    answer = client.post("/v1/evaluate", json=body)
    assert answer.status_code == 200, answer.text
    assert _without_version(answer.json()) == json.loads(out)


def test_evaluate_budget(client: httpx.Client, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _cli(capsys, "evaluate", "278.4449", "30.00", "--weight", "20", "--budget", "--json")
    answer = client.post("/v1/evaluate", json={"target": "278.4449", "actual": "30.00",
                                               "weight": 20, "budget": True})
    assert _without_version(answer.json()) == json.loads(out)


def _texts(paths: list[Path]) -> list[dict[str, str]]:
    return [{"name": str(path), "text": path.read_text(encoding="utf-8")} for path in paths]


@pytest.mark.parametrize("folder", sorted(p.name for p in RULESETS.iterdir() if p.is_dir()))
def test_check(client: httpx.Client, capsys: pytest.CaptureFixture[str], folder: str) -> None:
    paths = sorted((RULESETS / folder).glob("*.toml"))
    code, out = _cli(capsys, "check", "--json", *map(str, paths))
    answer = client.post("/v1/check", json={"rulesets": _texts(paths)})
    assert answer.status_code == 200
    body = answer.json()
    assert body["problems"] == _lines(out)
    assert (code == 1) == (body["errors"] > 0)
    assert [r["name"] for r in body["rulesets"]] == [str(p) for p in paths]


def test_check_a_broken_ruleset(client: httpx.Client, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    text = ('[project]\nname = "坏"\n[[indicators]]\nid = "1"\nlevel1 = "产出指标"\n'
            'level2 = "数量指标"\nname = "x"\nvalue = "≥9５x%"\npoints = 90\nweird = 1\n')
    path = tmp_path / "坏.toml"
    path.write_text(text, encoding="utf-8")
    code, out = _cli(capsys, "check", "--json", str(path))
    body = client.post("/v1/check", json={"rulesets": _texts([path])}).json()
    assert code == 1 and body["errors"] >= 1
    assert body["problems"] == _lines(out)
    assert body["rulesets"][0]["key"] is None


SCORED = [
    (["000-mingguang-2024/01-chengxiang-yiliao-jiuzhu.toml"],
     "000-mingguang-2024/01-chengxiang-yiliao-jiuzhu.actuals.csv"),
    (["002-xinzhou-2024/03-falv-guwen.toml"], "002-xinzhou-2024/03-falv-guwen.actuals.xlsx"),
    (["003-suzhou-2023/04-jijin-anquan-jianguan.toml"],
     "003-suzhou-2023/04-jijin-anquan-jianguan.actuals.json"),
    (sorted(str(p.relative_to(RULESETS)) for p in RULESETS.glob("*/*.toml")),
     "examples.actuals.csv"),
]


def _scored(client: httpx.Client, paths: list[Path], actuals: Path) -> httpx.Response:
    files = [("rulesets", (str(p), p.read_bytes())) for p in paths]
    files.append(("actuals", (str(actuals), actuals.read_bytes())))
    return client.post("/v1/score", files=files)


@pytest.mark.parametrize(("rulesets", "actuals"), SCORED)
def test_score_json_and_upload(client: httpx.Client, capsys: pytest.CaptureFixture[str],
                               rulesets: list[str], actuals: str) -> None:
    paths = [RULESETS / name for name in rulesets]
    actuals_path = RULESETS / actuals
    code, out, err = _cli_both(capsys, "score", *map(str, paths), "-a", str(actuals_path),
                               "-f", "json", "-q")
    assert code in (0, 1)
    uploaded = _scored(client, paths, actuals_path)
    assert uploaded.status_code == 200, uploaded.text
    body = uploaded.json()
    assert body["reports"] == json.loads(out)
    printed = [line for line in err.splitlines() if not line.startswith("zhibiao score:")]
    assert _problem_lines(body["problems"]) == printed
    assert (code == 1) == (body["errors"] > 0)
    assert [r["sha256"] for r in body["rulesets"]] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]
    if actuals_path.suffix != ".xlsx":
        as_json = client.post("/v1/score", json={
            "rulesets": _texts(paths),
            "actuals": {"name": str(actuals_path),
                        "text": actuals_path.read_text(encoding="utf-8")}})
        assert as_json.json() == body


def test_score_refused_like_the_command(client: httpx.Client,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Rows that reach no indicator: the command writes no report (exit 2), the
    service answers 422 with every problem listed."""
    paths = sorted((RULESETS / "000-mingguang-2024").glob("*.toml"))
    actuals = RULESETS / "000-mingguang-2024" / "01-chengxiang-yiliao-jiuzhu.actuals.csv"
    code, out = _cli(capsys, "score", *map(str, paths), "-a", str(actuals), "-f", "json", "-q")
    assert (code, out) == (2, "")
    answer = _scored(client, paths, actuals)
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["code"] == "no_usable_actuals"
    assert {p["code"] for p in problem["problems"]} >= {"missing_project", "missing_actual"}


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("xlsx", "application/vnd.openxmlformats"), ("html", "text/html")])
def test_score_download_bytes(client: httpx.Client, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str],
                              fmt: str, media_type: str) -> None:
    paths = sorted(RULESETS.glob("*/*.toml"))
    actuals = RULESETS / "examples.actuals.csv"
    out = tmp_path / f"自评表.{fmt}"
    _cli(capsys, "score", *map(str, paths), "-a", str(actuals), "-f", fmt, "-o", str(out), "-q")
    answer = client.post("/v1/score", json={
        "rulesets": _texts(paths), "format": fmt,
        "actuals": {"name": str(actuals), "text": actuals.read_text(encoding="utf-8")}})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media_type)
    assert "attachment" in answer.headers["content-disposition"]
    assert len(answer.headers["x-zhibiao-ruleset-sha256"].split(", ")) == len(paths)
    assert answer.content == out.read_bytes()


def test_every_file_format_of_the_request_model_is_a_download() -> None:
    from typing import get_args

    from zhibiao.serve.models import ScoreFormat
    from zhibiao.serve.reports import DOWNLOADS

    assert set(get_args(ScoreFormat)) == {"json", *DOWNLOADS}


MONITORED = RULESETS / "003-suzhou-2023" / "04-jijin-anquan-jianguan.toml"
MONITOR_ACTUALS = RULESETS / "examples.monitor.csv"


def _monitor_body(paths: list[Path], actuals: Path, **fields: str) -> dict[str, object]:
    return {"rulesets": _texts(paths),
            "actuals": {"name": str(actuals), "text": actuals.read_text(encoding="utf-8")},
            **fields}


def _monitor_printed(err: str) -> list[str]:
    """The problems ``zhibiao monitor`` printed (its own summary lines left out)."""
    return [line for line in err.splitlines()
            if not line.startswith(("zhibiao monitor:", "已写入"))]


@pytest.mark.parametrize("options", [
    {"as_of": "2023-06-30"},
    {"as_of": "2023-06-30", "basis": "workdays"},
    {"as_of": "2023-03-31", "basis": "calendar"},
    {"as_of": "2023-12-31"},
])
def test_monitor_json_and_upload(client: httpx.Client, capsys: pytest.CaptureFixture[str],
                                 options: dict[str, str]) -> None:
    args = ["--as-of", options["as_of"]]
    if "basis" in options:
        args += ["--basis", options["basis"]]
    code, out, err = _cli_both(capsys, "monitor", str(MONITORED), "-a", str(MONITOR_ACTUALS),
                               *args, "-f", "json")
    assert code in (0, 1)
    answer = client.post("/v1/monitor", json=_monitor_body([MONITORED], MONITOR_ACTUALS,
                                                           **options))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["reports"] == json.loads(out)
    assert _problem_lines(body["problems"]) == _monitor_printed(err)
    assert (code == 1) == (body["errors"] > 0)
    assert body["rulesets"] == [{"name": str(MONITORED), "key": "04-jijin-anquan-jianguan",
                                 "indicators": 15,
                                 "sha256": hashlib.sha256(MONITORED.read_bytes()).hexdigest()}]
    uploaded = client.post("/v1/monitor", data=options, files=[
        ("rulesets", (str(MONITORED), MONITORED.read_bytes())),
        ("actuals", (str(MONITOR_ACTUALS), MONITOR_ACTUALS.read_bytes()))])
    assert uploaded.json() == body


def test_monitor_with_problems_lists_them_as_the_command_prints_them(
        client: httpx.Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A row for no indicator, a second row for the same one, an unreadable value, and
    every ruleset of the examples (rows that reach no ruleset): exit 1, the same lines."""
    actuals = tmp_path / "监控.csv"
    actuals.write_text(MONITOR_ACTUALS.read_text(encoding="utf-8") +
                       "04-jijin-anquan-jianguan,9.9.9,3次,,\n"
                       "04-jijin-anquan-jianguan,1.1.1,5次,,\n"
                       "04-jijin-anquan-jianguan,1.1.2,很多,,\n"
                       "没有这个项目,1.1.1,1次,,\n", encoding="utf-8")
    paths = sorted(RULESETS.glob("*/*.toml"))
    code, out, err = _cli_both(capsys, "monitor", *map(str, paths), "-a", str(actuals),
                               "--as-of", "2023-06-30", "-f", "json")
    assert code == 1
    answer = client.post("/v1/monitor", json=_monitor_body(paths, actuals, as_of="2023-06-30"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["reports"] == json.loads(out)
    assert _problem_lines(body["problems"]) == _monitor_printed(err)
    assert body["errors"] > 0
    assert {"unknown_indicator", "duplicate_row", "bad_as_of"} <= {
        p["code"] for p in body["problems"]}


@pytest.mark.parametrize(("fmt", "media_type"), [
    ("xlsx", "application/vnd.openxmlformats"), ("html", "text/html")])
def test_monitor_download_bytes(client: httpx.Client, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str],
                                fmt: str, media_type: str) -> None:
    out = tmp_path / f"监控表.{fmt}"
    code, _ = _cli(capsys, "monitor", str(MONITORED), "-a", str(MONITOR_ACTUALS),
                   "--as-of", "2023-06-30", "-f", fmt, "-o", str(out))
    assert code == 0
    answer = client.post("/v1/monitor", json=_monitor_body(
        [MONITORED], MONITOR_ACTUALS, as_of="2023-06-30", format=fmt))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith(media_type)
    assert answer.headers["content-disposition"].startswith(
        f"attachment; filename=\"monitor.{fmt}\"")
    assert answer.headers["x-zhibiao-ruleset-sha256"] == hashlib.sha256(
        MONITORED.read_bytes()).hexdigest()
    assert answer.content == out.read_bytes()


def test_monitor_outside_the_year_refused_like_the_command(
        client: httpx.Client, capsys: pytest.CaptureFixture[str]) -> None:
    """The date outside the ruleset's year: the command writes nothing (exit 2); the
    service answers 422 with the same problem, at the same line of the ruleset."""
    code, out, err = _cli_both(capsys, "monitor", str(MONITORED), "-a", str(MONITOR_ACTUALS),
                               "--as-of", "2024-06-30", "-f", "json")
    assert (code, out) == (2, "")
    answer = client.post("/v1/monitor", json=_monitor_body([MONITORED], MONITOR_ACTUALS,
                                                           as_of="2024-06-30"))
    assert answer.status_code == 422
    problem = answer.json()
    assert problem["code"] == "no_ruleset_for_date"
    assert _problem_lines(problem["problems"]) == _monitor_printed(err)
    assert problem["problems"][0]["code"] == "bad_as_of"
    assert problem["problems"][0]["line"] > 0
    assert f"zhibiao monitor: {problem['detail']}" in err

"""The html 自评表 (issue 14): its numbers are the JSON export's, it loads nothing and
runs nothing, user text stays text, and headless Chromium renders it."""

from __future__ import annotations

import io
import shutil
import tempfile
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from zhibiao.cli import main
from zhibiao.report import Report, get_writer
from zhibiao.report.model import percent_text
from zhibiao.ruleset import load_ruleset, score_ruleset

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "report"
FALV = ROOT / "rulesets" / "002-xinzhou-2024" / "03-falv-guwen.toml"
ANYANG = ROOT / "rulesets" / "001-anyang-2021" / "00-unit-wide.toml"
HOSTILE = '<script>alert("x")</script>'


def reports() -> list[Report]:
    return [score_ruleset(load_ruleset(FALV), DATA / "falv-guwen.actuals.csv"),
            score_ruleset(load_ruleset(ANYANG), DATA / "anyang-unit-wide.actuals.csv")]


def html_text(items: list[Report]) -> str:
    return get_writer("html").text(items)


class _Cells(HTMLParser):
    """The rows of every table (class of the row, its cells as (class, text)) and the
    chart's groups (their data attributes), per ``<section>``."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict[str, Any]] = []
        self._row: list[list[Any]] | None = None
        self._cell: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.sections.append({"key": found.get("data-key"), "rows": [], "chart": []})
        elif tag == "tr":
            self._row = [[found.get("class") or "", found]]
            self.sections[-1]["rows"].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = [found.get("class") or "", "", found]
            self._row.append(self._cell)
        elif tag == "g":
            self.sections[-1]["chart"].append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[1] += data


def parsed(text: str) -> list[dict[str, Any]]:
    parser = _Cells()
    parser.feed(text)
    return parser.sections


def _numbers(row: list[Any]) -> tuple[Decimal, Decimal]:
    points = next(c[1] for c in row[1:] if "points" in c[0].split())
    score = next(c[1] for c in row[1:] if "score" in c[0].split())
    return Decimal(points), Decimal(score)


def test_the_numbers_are_the_json_numbers() -> None:
    items = reports()
    sections = parsed(html_text(items))
    assert [s["key"] for s in sections] == [r.key for r in items]
    for report, section in zip(items, sections, strict=True):
        data = report.to_json()
        rows = section["rows"]
        indicators = [r for r in rows if r[0][0] == "indicator"]
        assert [r[0][1]["data-id"] for r in indicators] == [row["id"] for row in data["rows"]]
        for cells, row, shown in zip(indicators, data["rows"], report.rows, strict=True):
            assert _numbers(cells) == (Decimal(row["points"]), Decimal(row["score"]))
            texts = [c[1] for c in cells[1:]]
            # the target as written, or with a unit/direction given apart joined in
            assert row["name"] in texts and shown.form_target in texts
            assert shown.target_shown is None or row["target_text"] == shown.target
        blocks = {b["name"]: b for b in data["blocks"] if b["level"] == 1}
        subtotals = [r for r in rows if r[0][0] == "subtotal"]
        assert len(subtotals) == len(blocks) - 1  # all but 预算执行率
        for cells in subtotals:
            block = blocks[cells[0][1]["data-name"]]
            assert _numbers(cells) == (Decimal(block["points"]), Decimal(block["score"]))
        grand = next(r for r in rows if r[0][0] == "total grand")
        assert _numbers(grand) == (Decimal(data["total_points"]), Decimal(data["total"]))
        assert f"自评等级：{data['grade']}" in grand[-1][1]
        applicable = [r for r in rows if r[0][0] == "total applicable"]
        if report.totals.not_applicable:
            assert _numbers(applicable[0]) == (Decimal(data["applicable_points"]),
                                               Decimal(data["raw_score"]))
        else:
            assert applicable == []
        budget = {c[2]["data-json"]: c[1] for r in rows for c in r[1:]
                  if c[2].get("data-json")}
        assert Decimal(budget["budget.points"]) == Decimal(data["budget"]["points"])
        assert Decimal(budget["budget.score"]) == Decimal(data["budget"]["score"])
        assert budget["budget.ratio"] == percent_text(Decimal(data["budget"]["ratio"]))
        chart = {g["data-name"]: g for g in section["chart"] if g.get("data-name")}
        assert set(chart) == set(blocks)
        for name, block in blocks.items():
            if name == "预算执行率":
                assert (chart[name]["data-score"], chart[name]["data-points"]) == \
                    (data["budget"]["score"], data["budget"]["points"])
            else:
                assert (chart[name]["data-score"], chart[name]["data-points"]) == \
                    (block["score"], block["points"])
        [execution] = [g for g in section["chart"] if g.get("class") == "execution"]
        assert execution["data-ratio"] == budget["budget.ratio"]
        funds = [r for r in rows if r[0][0] == "funds"]
        assert [r[1][1] for r in funds] == [line["name"] for line in data["funds"]]


def test_the_file_loads_nothing_and_runs_nothing() -> None:
    text = html_text(reports())
    lowered = text.lower()
    for needle in ("<script", "<link", " src=", "@import", "url(", "<iframe", "<object",
                   "javascript:", " on"):
        if needle == " on":  # no event handler attribute (onload=, onclick=, …)
            assert not any(f" on{event}=" in lowered for event in
                           ("load", "click", "error", "mouseover", "focus"))
        else:
            assert needle not in lowered, needle
    assert lowered.count("http") == lowered.count('xmlns="http://www.w3.org/2000/svg"')
    assert "@page { size: A4 landscape" in text and "<svg" in text
    assert ".toml" not in text and ".csv" not in text  # no file names on the form


def test_hostile_text_is_shown_as_text(tmp_path: Path) -> None:
    source = FALV.read_text(encoding="utf-8")
    old = 'name = "提供各类法律服务"'
    assert old in source
    path = tmp_path / "hostile.toml"
    path.write_text(source.replace(old, f"name = '{HOSTILE}'", 1)
                    .replace('name = "法律顾问服务费"', "name = '<b>项目</b>'", 1),
                    encoding="utf-8")
    actuals = tmp_path / "a.csv"
    actuals.write_text(f"indicator,actual,reason\n1.1.1,<img src=x onerror=alert(1)>,"
                       f"\"{HOSTILE.replace(chr(34), chr(34) * 2)}\"\n", encoding="utf-8")
    report = score_ruleset(load_ruleset(path), actuals)
    text = html_text([report])
    assert "<script" not in text.lower() and "<img" not in text.lower() and "<b>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "&lt;b&gt;项目&lt;/b&gt;" in text
    [section] = parsed(text)
    names = [c[1] for r in section["rows"] if r[0][0] == "indicator" for c in r[1:]]
    assert HOSTILE in names and "<img src=x onerror=alert(1)>" in names


def test_hidden_characters_are_shown() -> None:
    report = reports()[0]
    rows = tuple(r.model_copy(update={"reason": "正常\u202e说明\x1b[2J"}) if r.id == "1.1.1"
                 else r for r in report.rows)
    text = html_text([report.model_copy(update={"rows": rows})])
    assert "\u202e" not in text and "\x1b" not in text
    assert "正常&lt;U+202E&gt;说明&lt;U+001B&gt;[2J" in text


def test_path_text_stream_and_binary_stream_give_the_same_bytes(tmp_path: Path) -> None:
    items = reports()
    writer = get_writer("html")
    writer.write(items, tmp_path / "a.html")
    binary = io.BytesIO()
    writer.write(items, binary)
    text = io.StringIO()
    writer.write(items, text)
    assert (tmp_path / "a.html").read_bytes() == binary.getvalue() == text.getvalue().encode()
    assert writer.to_bytes(items) == binary.getvalue()  # the same bytes every time


def test_score_writes_html(tmp_path: Path) -> None:
    out = tmp_path / "自评表.html"
    code = main(["score", str(FALV), "--actuals", str(DATA / "falv-guwen.actuals.csv"),
                 "-f", "html", "-o", str(out), "-q"])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert text == html_text([reports()[0]])


# ---- headless Chromium ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.mark.skipif(CHROMIUM is None or CHROMEDRIVER is None,
                    reason="Chromium and chromedriver are not installed "
                           "(Debian: chromium, chromium-driver)")
def test_chromium_renders_the_report(tmp_path: Path) -> None:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    page = tmp_path / "自评表.html"
    get_writer("html").write(reports(), page)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    with tempfile.TemporaryDirectory() as profile:
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         f"--user-data-dir={profile}", "--window-size=1200,1400"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            driver.get(page.as_uri())
            assert driver.execute_script("return document.scripts.length") == 0
            titles = driver.execute_script(
                "return Array.from(document.querySelectorAll('h1')).map(e => e.innerText)")
            assert titles == ["项目支出绩效自评表", "部门整体支出绩效自评表"]
            bars = driver.execute_script(
                "return document.querySelectorAll('svg.chart rect.score').length")
            assert bars == sum(1 for r in reports() for b in r.totals.blocks if b.level == 1)
            # one page wide: the form fits the window without a horizontal scroll bar
            assert driver.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth")
            shot = tmp_path / "html.png"
            assert driver.save_screenshot(str(shot))
            assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
        finally:
            driver.quit()

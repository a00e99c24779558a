"""The ``monitor`` formats of the report room: registered by name, built on the room's
writers (a path or a binary or text stream; one report at a time gives the bytes of all
at once), and ``zhibiao monitor`` writing through them as ``zhibiao score`` does."""

from __future__ import annotations

import ast
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from zhibiao.cli import main
from zhibiao.cli.monitor_cmd import FORMATS
from zhibiao.monitor import MonitorReport, monitor_rulesets
from zhibiao.report import TextWriter, WholeWriter, Writer, format_names, get_writer, monitor_md
from zhibiao.report.console import ConsoleWriter
from zhibiao.ruleset.actuals import read_actuals
from zhibiao.ruleset.load import find_rulesets, load_ruleset
from zhibiao.safe_text import json_text

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "rulesets" / "003-suzhou-2023"
RULESET = FOLDER / "04-jijin-anquan-jianguan.toml"
EXAMPLE = ROOT / "rulesets" / "examples.monitor.csv"


@pytest.fixture(scope="module")
def reports() -> list[MonitorReport]:
    """Every project of the folder at 30 June (several reports, one with rows)."""
    rows, _ = read_actuals(EXAMPLE)
    made, _ = monitor_rulesets([load_ruleset(p) for p in find_rulesets([FOLDER])], rows,
                               dt.date(2023, 6, 30))
    assert len(made) > 2
    return made


def test_the_monitor_formats_are_registered() -> None:
    assert format_names("monitor") == ("table", "json", "md", "xlsx", "html") == FORMATS
    kinds = {"table": ConsoleWriter, "json": TextWriter, "md": TextWriter,
             "xlsx": WholeWriter, "html": TextWriter}
    for name in FORMATS:
        writer = get_writer(name, "monitor")
        assert isinstance(writer, kinds[name]) and writer.name == name
        assert writer is not get_writer(name, "score")  # each kind has its own writers
    assert [name for name in FORMATS if get_writer(name, "monitor").binary] == ["xlsx"]


def test_an_unknown_monitor_format_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="可用：table、json、md、xlsx、html"):
        get_writer("jsonl", "monitor")


def test_the_command_offers_the_registered_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["monitor", str(RULESET), "-a", str(EXAMPLE), "--as-of", "2023-06-30",
              "-f", "csv"])
    assert exited.value.code == 2
    assert "'table', 'json', 'md', 'xlsx', 'html'" in capsys.readouterr().err


@pytest.mark.parametrize("count", [0, 1, 2, 6])
def test_json_is_one_indented_array(reports: list[MonitorReport], count: int) -> None:
    """The pieces joined are exactly ``json.dumps(list, indent=2)`` (hidden characters
    escaped), however many reports there are."""
    chosen = reports[:count]
    text = get_writer("json", "monitor").to_bytes(chosen).decode("utf-8")
    assert text == json_text([report.as_json() for report in chosen]) + "\n"
    assert json.loads(text) == [report.as_json() for report in chosen]


@pytest.mark.parametrize("name", FORMATS)
def test_one_at_a_time_is_all_at_once(reports: list[MonitorReport], name: str) -> None:
    writer: Writer[MonitorReport] = get_writer(name, "monitor")
    out = io.BytesIO()
    with writer.opened(out) as handle:
        sink = writer.stream(handle)
        for report in reports:
            sink.add(report)
        sink.close()
    assert out.getvalue() == writer.to_bytes(reports)


@pytest.mark.parametrize("name", ["table", "md", "html"])
def test_text_formats_are_the_projects_one_after_another(reports: list[MonitorReport],
                                                         name: str) -> None:
    """Several projects are each project's text in order: the tables one after another
    (each ends with a blank line), the Markdown sections with a blank line between, the
    html parts inside one page."""
    writer = get_writer(name, "monitor")
    whole = writer.to_bytes(reports).decode("utf-8")
    alone = [writer.to_bytes([report]).decode("utf-8") for report in reports]
    if name == "table":
        assert whole == "".join(alone)
    elif name == "md":
        assert whole == "\n".join(alone)
    else:
        head, tail = writer.to_bytes([]).decode("utf-8").split("</body>")
        parts = [text.removeprefix(head).removesuffix("</body>" + tail) for text in alone]
        assert whole == head + "".join(parts) + "</body>" + tail
        assert all(part.startswith("<h2>") for part in parts)


def test_xlsx_needs_a_path_or_a_binary_stream(reports: list[MonitorReport],
                                              tmp_path: Path) -> None:
    writer = get_writer("xlsx", "monitor")
    with pytest.raises(TypeError, match="请给文件路径或二进制流"):
        writer.write(reports, io.StringIO())
    binary = io.BytesIO(b"head")
    binary.seek(4)
    writer.write(reports, binary)
    path = tmp_path / "m.xlsx"
    writer.write(reports, path)
    assert binary.getvalue() == b"head" + path.read_bytes()
    assert not binary.closed


def test_a_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """As with ``zhibiao score``: an output cut short is removed, not left to pass for a
    whole report."""
    calls: list[str] = []
    written = monitor_md.monitor_markdown

    def failing(report: MonitorReport) -> str:
        calls.append(report.key)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return written(report)

    monkeypatch.setattr(monitor_md, "monitor_markdown", failing)
    out = tmp_path / "m.md"
    code = main(["monitor", str(FOLDER), "-a", str(EXAMPLE), "--as-of", "2023-06-30",
                 "-f", "md", "-o", str(out)])
    assert code != 0 and len(calls) == 2
    assert not out.exists()
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("name", FORMATS)
def test_the_command_writes_what_the_writer_writes(reports: list[MonitorReport], name: str,
                                                   tmp_path: Path) -> None:
    out = tmp_path / f"m.{name}"
    code = main(["monitor", str(FOLDER), "-a", str(EXAMPLE), "--as-of", "2023-06-30",
                 "-f", name, "-o", str(out)])
    assert code == 1  # the folder's other projects have no rows in the example
    assert out.read_bytes() == get_writer(name, "monitor").to_bytes(reports)


def test_the_monitor_holds_no_writer() -> None:
    """The computation (``zhibiao/monitor/``) imports no output library: its formats are
    in the report room."""
    folder = ROOT / "zhibiao" / "monitor"
    imported = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert imported.isdisjoint({"rich", "openpyxl", "html", "csv"}), imported

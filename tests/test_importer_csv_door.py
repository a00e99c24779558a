"""The import door reads CSV with zhibiao's own splitter, as the actuals door does.

The standard ``csv`` module, which the importer used before, raised on a lone carriage
return (old Mac line ends, mixed with others in files stitched together) — an internal
error at ``zhibiao import`` — and read every line after a quote never closed into one
cell, silently: rows of a 绩效目标表 vanished.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zhibiao.cli import main
from zhibiao.importer import read

HEADER = "一级指标,二级指标,三级指标,指标值"
ROWS = ["产出指标,数量指标,培训人数,≥100人", "产出指标,质量指标,合格率,≥95%",
        "效益指标,社会效益指标,受益人数,≥300人", "满意度指标,服务对象满意度指标,满意度,≥90%"]


def _names(path: Path) -> list[str]:
    result = read(path)
    return [row.indicator for d in result.documents for row in d.rows]


@pytest.mark.parametrize("ends", [["\r", "\n", "\r\n", "\r"], ["\r"] * 4, ["\r\n"] * 4])
def test_every_line_end_reads_every_row(tmp_path: Path, ends: list[str]) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ends[0] + "".join(r + e for r, e in zip(ROWS, ends, strict=True)),
                    encoding="utf-8", newline="")
    assert _names(path) == ["培训人数", "合格率", "受益人数", "满意度"]


def test_a_quote_never_closed_is_said_and_the_rows_after_it_are_read(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    broken = '产出指标,数量指标,"培训人数,≥100人'
    path.write_text("\n".join([HEADER, broken, *ROWS[1:]]) + "\n", encoding="utf-8")
    result = read(path)
    assert [p.code for p in result.problems if p.severity == "error"] == ["unclosed_quote"]
    assert result.problems[0].line == 2 and "培训人数" in result.problems[0].message
    assert _names(path) == ["合格率", "受益人数", "满意度"]


def test_the_cli_exits_1_with_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       ) -> None:
    path = tmp_path / "q.csv"
    path.write_text("\n".join([HEADER, '产出指标,数量指标,"培训人数,≥100人', *ROWS[1:]]),
                    encoding="utf-8")
    assert main(["import", str(path), "-o", str(tmp_path / "out")]) == 1
    out = capsys.readouterr()
    assert "q.csv:2" in out.out + out.err and "内部错误" not in out.out + out.err

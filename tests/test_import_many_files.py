"""``zhibiao import`` over many files and folders, named as people name them.

Before: a folder was refused (“找不到文件”); the file names' Chinese characters were
dropped from the keys, so 150 files named 自评表甲.xlsx, 自评表乙.xlsx … all became
``file-01-project`` and each clash added another ``-2`` — until a name was longer than
the file system allows and the import stopped half-way with an OS error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhibiao.cli import main
from zhibiao.importer import _unique, find_tables, read_many

TABLE = ("一级指标,二级指标,三级指标,指标值\n"
         "产出指标,数量指标,培训人数,≥100人\n"
         "满意度指标,服务对象满意度指标,满意度,≥90%\n")


def _tables(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        path = folder / name
        path.write_text(TABLE, encoding="utf-8")
        paths.append(path)
    return paths


def test_chinese_file_names_give_their_keys(tmp_path: Path) -> None:
    paths = _tables(tmp_path, [f"自评表{chr(0x4E00 + i)}.csv" for i in range(150)])
    keys = [d.key for d in read_many(paths).documents]
    assert len(set(keys)) == 150
    assert keys[0] == "自评表一-01-project"
    assert max(len(k) for k in keys) < 40


def test_names_without_letters_are_numbered_not_lengthened(tmp_path: Path) -> None:
    paths = _tables(tmp_path, ["（）.csv", "【】.csv", "《》.csv", "!!.csv"])
    keys = [d.key for d in read_many(paths).documents]
    assert keys == ["file-01-project", "file-01-project-2", "file-01-project-3",
                    "file-01-project-4"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "a-2", "b", "a-3", "a-2-2"]), max_size=40))
def test_unique_keys_stay_short_and_distinct(wanted: list[str]) -> None:
    keys: set[str] = set()
    given_keys = [_unique(key, keys) for key in wanted]
    assert len(set(given_keys)) == len(given_keys)
    assert all(len(k) <= len(w) + 3 for k, w in zip(given_keys, wanted, strict=True))


def test_a_folder_is_searched_like_audit_searches_it(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     ) -> None:
    _tables(tmp_path / "tables" / "县", ["水利局.csv", "教育局.csv"])
    (tmp_path / "tables" / "~$水利局.csv").write_text("lock", encoding="utf-8")
    (tmp_path / "tables" / "说明.docx").write_text("x", encoding="utf-8")
    assert [p.name for p in find_tables([tmp_path / "tables"])] == ["教育局.csv", "水利局.csv"]
    out = tmp_path / "out"
    assert main(["import", str(tmp_path / "tables"), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.toml")) == ["教育局-01-project.toml",
                                                         "水利局-01-project.toml"]
    assert "导入了 2 个表" in capsys.readouterr().out


def test_an_empty_folder_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["import", str(tmp_path / "empty"), "-o", str(tmp_path / "out")]) == 2
    assert "没有 .xlsx/.csv/.txt 文件" in capsys.readouterr().err

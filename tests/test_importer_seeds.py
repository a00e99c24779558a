"""`zhibiao import` on the four seed texts gives the hand-made rulesets of rulesets/.

The seeds are PDF text with OCR noise. Where the import differs from the hand-made
ruleset by design, the table is listed in :data:`DIFFERING` with the number of
indicators that differ and why; every other table must match in its indicators'
names, levels, 年度 and 中期 values, and points.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from zhibiao.importer import read

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "data" / "seeds"
RULESETS = ROOT / "rulesets"

#: ruleset file → (indicators that differ, why)
DIFFERING: dict[str, tuple[int, str]] = {
    "000-mingguang-2024/03-xingzheng-yunxing-fei.toml": (
        3, "生态效益指标 row: the PDF split both the level cells and the name over two "
           "lines crosswise (生态效益|集中检 / 益指标|查、统一调度…); rejoined by hand"),
    "002-xinzhou-2024/01-daiyu-baozhang-yiyao.toml": (
        2, "the name cell is cut off in the PDF text (…直接结算); the hand-made ruleset completed "
           "it (…直接结算措施。) from the 中期 half"),
    "002-xinzhou-2024/04-zhongyang-yiliao-tisheng.toml": (
        3, "the hand-made ruleset repairs OCR in the values (开 → 并) and leaves out 中期 values "
           "that are printed; the import keeps the text as printed"),
    "002-xinzhou-2024/06-yiyao-zhaocai-jijin-jianguan.toml": (
        2, "the 满意度 row has its level cells shifted one column right in the PDF text"),
    "002-xinzhou-2024/11-zhongyang-yiliao-baozhang-nengli-tisheng.toml": (
        2, "hand-made level2 is the 中期 half's 服务对象满意度; the import takes the 年度 half's "
           "服务对象满意度指标"),
    "002-xinzhou-2024/15-zhigong-jumin-yibao-jingfei.toml": (
        2, "name cut off in the PDF text (…参保缴费); completed by hand (…参保缴费标准)"),
    "002-xinzhou-2024/16-zhucun-bangfu-ganbu-buzhu.toml": (
        1, "the hand-made ruleset leaves out the 满意度 row whose 年度 half is empty"),
    "003-suzhou-2023/02-yigongti-zhifu-gaige.toml": (
        2, "该指标本单位不适用 rows: hand-made value empty (不适用); the import reads the "
           "中期 value cell as printed"),
    "003-suzhou-2023/03-jijin-yujuesuan-xinxi-anquan.toml": (
        34, "numbered multi-line indicators whose 二级 cells the PDF printed one block too "
            "early (成本指标 beside the 时效 rows, 满意度指标 beside 效益's rows); the "
            "hand-made ruleset realigned them by their content, the import keeps the cells"),
    "003-suzhou-2023/04-jijin-anquan-jianguan.toml": (
        11, "numbered multi-line indicators whose level cells the PDF shifted (as above)"),
    "003-suzhou-2023/05-dailiang-caigou-jiage-yidi-jiuyi.toml": (
        31, "numbered multi-line indicators whose level cells the PDF shifted (as above)"),
    "003-suzhou-2023/06-shangji-zhuanyi-zhifu-nengli-tisheng.toml": (
        4, "该指标本单位不适用 rows and a 满意度 row whose 年度 half the hand-made ruleset "
           "leaves out"),
}
#: ruleset file → why the project name differs
NAME_DIFFERS = {
    "002-xinzhou-2024/04-zhongyang-yiliao-tisheng.toml":
        "项目名称 printed in a cell the PDF text moved to another line",
}


def _pairs() -> list[tuple[Path, Path, int]]:
    found = []
    for folder in sorted(RULESETS.glob("0*")):
        seed = next(SEEDS.glob(folder.name[:3] + "_*.txt"), None)
        if seed is None:
            continue
        for index, hand in enumerate(sorted(folder.glob("*.toml"))):
            found.append((seed, hand, index))
    return found


def _key(item: dict[str, Any]) -> tuple[str, str, str]:
    return item["level1"], item["level2"], item["name"]


def _differences(mine: list[dict[str, Any]], hand: list[dict[str, Any]]) -> list[str]:
    ours = {_key(i): i for i in mine}
    theirs = {_key(i): i for i in hand}
    differing = []
    for key in sorted(ours.keys() | theirs.keys()):
        a, b = ours.get(key), theirs.get(key)
        if a is None or b is None:
            differing.append(f"only {'hand-made' if a is None else 'imported'}: {key}")
        elif (a["value"], a.get("mid_term_value"), a.get("points")) != (
                b["value"], b.get("mid_term_value"), b.get("points")):
            differing.append(f"value {key}: {a['value']!r} vs {b['value']!r}")
    return differing


@pytest.mark.parametrize(("seed", "hand", "index"), _pairs(),
                         ids=lambda v: v.name if isinstance(v, Path) else str(v))
def test_seed_table_imports_like_the_hand_made_ruleset(seed: Path, hand: Path,
                                                       index: int) -> None:
    result = read(seed)
    assert len(result.documents) == len(list(hand.parent.glob("*.toml")))
    document = result.documents[index]
    assert document.ruleset is not None
    expected = tomllib.loads(hand.read_text(encoding="utf-8"))
    mine = document.ruleset.model_dump(mode="json")
    name = f"{hand.parent.name}/{hand.name}"
    differing = _differences(mine["indicators"], expected["indicators"])
    count, _reason = DIFFERING.get(name, (0, ""))
    assert len(differing) == count, differing
    if name not in NAME_DIFFERS:
        assert mine["project"]["name"] == expected["project"]["name"]
    assert mine["project"]["kind"] == expected["project"].get("kind", "project")
    assert document.year == expected["project"]["year"]


def test_every_seed_indicator_cell_is_named() -> None:
    for seed in sorted(SEEDS.glob("0*.txt")):
        for document in read(seed).documents:
            for row in document.rows:
                assert row.cell.startswith(seed.name + ":"), row

"""``zhibiao batch``: score a long table of (指标值, 实际完成值, 分值) rows.

    zhibiao batch 全省指标.xlsx -o 评分结果.parquet
    zhibiao batch rows.parquet -o scored.csv --explain --policy policy.toml

INPUT is .csv, .xlsx or .parquet; OUTPUT's suffix (.parquet, .csv, .xlsx) says how it
is written. Columns are named as :mod:`zhibiao.batch.columns` accepts (指标值 / target,
实际完成值 / actual, 分值 / weight, optional 二级指标, 三级指标, 单位); the output has
every input row, in order, with status, score, ratio, reason, flags (and explanation
with ``--explain``). Exit codes: 0 every row was scored (not_evaluable included: that
is an answer about the data); 1 some rows could not be scored at all (a target that
does not parse, a missing weight: listed on stderr, with their line); 2 usage errors
(a file that cannot be read or written, columns missing, a bad policy).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from zhibiao.cli.limits_option import add_limit_option, limits_from
from zhibiao.cli.policy_errors import policy_error_lines
from zhibiao.engine import Policy, Status
from zhibiao.engine.outcome import REVIEW_REASONS
from zhibiao.safe_text import visible

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ("configure", "run")

#: Rows scored per step of the progress bar.
_STEP = 100_000
#: Rows with a problem listed on stderr (the output has all of them).
_SHOWN = 20
#: Rows an xlsx worksheet holds, its header included.
_XLSX_ROWS = 1_048_576


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, metavar="INPUT",
                        help="表格文件 .csv、.xlsx 或 .parquet / the table to score")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUTPUT",
                        help="结果文件，按后缀写为 .parquet、.csv 或 .xlsx / where to write")
    parser.add_argument("--explain", action="store_true",
                        help="增加 explanation 列（中文说明；较慢）/ add the explanation")
    parser.add_argument("--policy", type=Path, metavar="FILE",
                        help="评分规则 TOML 文件（顶层或 [policy] 表）/ policy TOML file")
    add_limit_option(parser)


def run(args: argparse.Namespace) -> int:
    try:
        from zhibiao.batch.files import WRITE_SUFFIXES, read_table, write_table
    except ImportError as exc:  # installed without the arrow extra
        print(f"zhibiao batch: {exc}", file=sys.stderr)
        return 2
    from zhibiao.errors import ActualsError

    output: Path = args.output
    if output.suffix.lower() not in WRITE_SUFFIXES:
        print(f"zhibiao batch: 不支持的输出类型 “{output.suffix}”；请用 .parquet、.csv 或 .xlsx",
              file=sys.stderr)
        return 2
    policy = _policy(args.policy)
    if policy is None:
        return 2
    limits = limits_from(args)
    try:
        loaded = read_table(args.input, limits)
    except ActualsError as exc:
        print(f"zhibiao batch: {exc}", file=sys.stderr)
        return 2
    for problem in loaded.problems:
        print(f"zhibiao batch: {problem}", file=sys.stderr)
    if output.suffix.lower() == ".xlsx" and loaded.table.num_rows >= _XLSX_ROWS:
        print(f"zhibiao batch: {loaded.table.num_rows:,} 行超出 xlsx 工作表的 "
              f"{_XLSX_ROWS:,} 行上限（含表头）；请输出为 .parquet 或 .csv", file=sys.stderr)
        return 2
    scored = _score(loaded.table, policy, args.explain)
    if scored is None:
        return 2
    write_table(scored, output)
    return _summary(scored, str(args.input))


def _policy(path: Path | None) -> Policy | None:
    if path is None:
        return Policy()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        table = data.get("policy", data)
        if not isinstance(table, dict):
            raise ValueError("[policy] 应为一个表")
        return Policy.model_validate(table)
    except ValidationError as exc:
        print("zhibiao batch: " + "\n".join(policy_error_lines(exc)), file=sys.stderr)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"zhibiao batch: 无法读取评分规则文件 {path}：{exc}", file=sys.stderr)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        print(f"zhibiao batch: 评分规则文件 {path} 有误：{exc}", file=sys.stderr)
    return None


def _score(table: pa.Table, policy: Policy, explain: bool) -> pa.Table | None:
    """The table scored step by step under a progress bar."""
    import pyarrow as pa
    from rich.progress import Progress

    from zhibiao.batch import TableError, score_table

    parts: list[pa.Table] = []
    with Progress(transient=True) as progress:
        task = progress.add_task("评分 / scoring", total=table.num_rows)
        for start in range(0, max(table.num_rows, 1), _STEP):
            try:
                parts.append(score_table(table.slice(start, _STEP), policy=policy,
                                         explain=explain))
            except TableError as exc:
                print(f"zhibiao batch: {exc}", file=sys.stderr)
                return None
            progress.advance(task, parts[-1].num_rows)
    scale = max(part.schema.field("score").type.scale for part in parts)
    kind = pa.decimal128(38, scale)
    return pa.concat_tables(
        [part.set_column(part.schema.get_field_index("score"), "score",
                         part.column("score").cast(kind)) for part in parts],
        promote_options="permissive")


def _review_summary(table: pa.Table) -> None:
    """The rows whose reading is in doubt (须复核: a number without its unit in a doubtful
    scale, “无” …), counted by reason, with their first lines: scored, but to be checked."""
    import pyarrow as pa
    import pyarrow.compute as pc

    flags = table.column("flags")
    flat, parents = pc.list_flatten(flags), pc.list_parent_indices(flags)
    doubtful = pc.is_in(flat, value_set=pa.array(sorted(REVIEW_REASONS)))
    if not pc.any(doubtful).as_py():
        return
    rows = pc.unique(pc.filter(parents, doubtful))
    counts = pc.value_counts(pc.filter(flat, doubtful)).to_pylist()
    why = "；".join(f"{REVIEW_REASONS[c['values']]} {c['counts']:,} 行"
                   for c in sorted(counts, key=lambda c: str(c["values"])))
    lines = [str(line) for line in pc.take(table.column("line"), rows[:_SHOWN]).to_pylist()] \
        if "line" in table.column_names else [str(r + 1) for r in rows[:_SHOWN].to_pylist()]
    more = " 等" if len(rows) > _SHOWN else ""
    print(f"zhibiao batch: 须复核（review）{len(rows):,} 行（{why}）："
          f"第 {'、'.join(lines)}{more} 行，原因见输出的 flags 列", file=sys.stderr)


def _summary(table: pa.Table, source: str) -> int:
    """Counts by status on stderr, and the rows that could not be scored at all."""
    from zhibiao.batch import row_problems

    statuses = table.column("status").to_pylist()
    counts = {status: statuses.count(status) for status in Status if status in statuses}
    print("zhibiao batch: " + "，".join(f"{status.label}（{status.value}）{count:,} 行"
                                         for status, count in counts.items()), file=sys.stderr)
    _review_summary(table)
    problems = row_problems(table, source)
    for problem in problems[:_SHOWN]:
        print(visible(f"zhibiao batch: {problem}"), file=sys.stderr)
    if len(problems) > _SHOWN:
        print(f"zhibiao batch: …… 另有 {len(problems) - _SHOWN} 行无法评分，见输出的 reason 列",
              file=sys.stderr)
    return 1 if problems else 0

"""Scoring a batch: 1,000 projects × 20 indicators, through the CLI and the Python API.

    python benchmarks/score.py [--projects 1000] [--indicators 20]

Writes generated rulesets (real 指标值 from the seed tables) and one actuals CSV into a
temporary folder, then times ``zhibiao score FOLDER --actuals FILE --format json`` as a
new process (loading, checking and scoring every ruleset, writing the report) and the
same work through the API (``load_ruleset`` + ``Ruleset.score``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zhibiao.ruleset.load import load_ruleset

LEVELS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
          ("产出指标", "成本指标"), ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
          ("满意度指标", "服务对象满意度指标")]
TARGETS = [("≥95%", ["96%", "92%", "≥95%"]), ("≥12次", ["12次", "10次", "15次"]),
           ("≤30个工作日", ["25个工作日", "33个工作日"]), ("≤20万元", ["18.5万元", "21万元"]),
           ("年底前完成", ["11月", "次年1月"]), ("显著提升", ["达成预期指标", "基本达到"]),
           ("每年≥3次", ["3次", "2次"]), ("100%", ["100", "98%"]), ("≥90%", ["93%", "88%"]),
           ("据实支付", ["18.2万元"]), ("本指标不适用", ["本指标不适用"])]


def write_batch(folder: Path, projects: int, indicators: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    actuals = folder / "batch.actuals.csv"
    with actuals.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["project", "indicator", "actual", "reason"])
        for p in range(projects):
            key = f"p{p:04d}"
            lines = [f'[project]\nname = "项目{p}"\nyear = 2024\n'
                     f'[project.funds]\nannual_total = "{rng.randint(10, 900)}万元"\n']
            for i in range(indicators):
                level1, level2 = LEVELS[i % len(LEVELS)]
                target, candidates = TARGETS[rng.randrange(len(TARGETS))]
                lines.append(f'[[indicators]]\nid = "{i + 1}"\nlevel1 = "{level1}"\n'
                             f'level2 = "{level2}"\nname = "指标{i + 1}"\nvalue = "{target}"\n')
                writer.writerow([key, str(i + 1), rng.choice(candidates), ""])
            writer.writerow([key, "预算执行率", f"{rng.randint(5, 900)}万元", ""])
            (folder / f"{key}.toml").write_text("\n".join(lines), encoding="utf-8")
    return actuals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--indicators", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="zhibiao-bench-"))
    try:
        actuals = write_batch(folder, args.projects, args.indicators)
        rows = args.projects * args.indicators
        exe = shutil.which("zhibiao") or str(Path(sys.executable).with_name("zhibiao"))
        out = folder / "report.json"
        start = time.perf_counter()
        subprocess.run([exe, "score", str(folder), "--actuals", str(actuals), "--format",
                        "json", "-o", str(out), "--quiet"], check=True)
        cli = time.perf_counter() - start
        reports = json.loads(out.read_text(encoding="utf-8"))
        assert len(reports) == args.projects
        print(f"CLI: {args.projects} projects × {args.indicators} indicators in {cli:.1f} s "
              f"({rows / cli:,.0f} indicators/s, {args.projects / cli:,.1f} projects/s)")

        start = time.perf_counter()
        rulesets = [load_ruleset(p) for p in sorted(folder.glob("p*.toml"))]
        loaded = time.perf_counter() - start
        by_project: dict[str, list[dict[str, str]]] = {}
        with actuals.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                by_project.setdefault(row["project"], []).append(row)
        start = time.perf_counter()
        for ruleset in rulesets:
            ruleset.score(by_project[ruleset.key])
        scored = time.perf_counter() - start
        print(f"API: load + check {loaded:.1f} s, score {scored:.1f} s "
              f"({rows / scored:,.0f} indicators/s)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Every input the fuzz harness (fuzz/harness.py) found, replayed with the same checks.

Parse crashes are in ``fuzz_regressions.txt`` (replayed by ``test_fuzz.py``); everything
else — evaluate, evaluate_budget, ruleset files, parse round trips — is in
``fuzz_regressions_engine.txt``. A line marked ``!`` is a reported, open bug: its test
is a strict expected failure, so the fix shows up here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGRESSIONS = Path(__file__).parent / "fuzz_regressions_engine.txt"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zhibiao_fuzz_harness",
                                                  ROOT / "fuzz" / "harness.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


harness = _harness()


def _cases() -> list[object]:
    cases: list[object] = []
    if not REGRESSIONS.exists():
        return cases
    for number, line in enumerate(REGRESSIONS.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        kind, *fields = (harness._unescape(f) for f in line.lstrip("!").split("\t"))
        target = "evaluate" if kind in ("evaluate", "budget") else kind
        text = harness.SEP.join([*fields, "budget"]) if kind == "budget" else \
            harness.SEP.join(fields)
        marks = [pytest.mark.xfail(strict=True, reason="reported, open")] \
            if line.startswith("!") else []
        cases.append(pytest.param(target, text, marks=marks,
                                  id=f"line{number}-{kind}-{fields[0][:20]}"))
    return cases


def test_regression_file_is_well_formed() -> None:
    for line in REGRESSIONS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind = line.lstrip("!").split("\t")[0]
            assert kind in ("evaluate", "budget", "ruleset", "parse", "files"), line


@pytest.mark.parametrize(("target", "text"), _cases())
def test_fuzz_finding(target: str, text: str) -> None:
    harness.run_one(target, text)

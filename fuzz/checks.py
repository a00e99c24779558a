"""The checks of the fuzz harness, one function per door (fuzz/harness.py runs them):
what counts as a finding for a parsed text, an evaluated actual, a ruleset text and a
mutated file (fuzz/files.py). zhibiao is imported inside the checks, so that the harness
can instrument it for coverage first.

What counts as a finding (each one is recorded, the run goes on):

- ``parse(text)``: anything raised but :class:`IndicatorSyntaxError`; a parsed model
  whose canonical text does not parse back to it; a parse of at most 1,000 characters
  slower than 50 ms (the linear-time budget);
- ``evaluate(target, actual)`` (the target parses): anything raised; an outcome out of
  bounds (score outside [0, w], a not-evaluable outcome with a score or no reason);
  ``evaluate_budget(budget, spent)`` likewise (an unparsable budget may raise our error);
- ruleset loading (the input is the text of a TOML or YAML file): anything raised by
  ``read_ruleset``; a loaded ruleset that cannot be scored, whose total leaves
  [0, 100], or that ``to_toml`` does not write back to an equal ruleset;
- files (the input is a recipe: a real file and the edits to make, fuzz/files.py):
  anything raised but ``ActualsError`` for actuals, anything at all for rulesets; a file
  read slower than 5 s; an actuals file whose edits kept its rows that is refused, or
  from which fewer rows come out (as rows or problems) than went in.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEP = "\x00"  # fields of one evaluate input: target, actual, settings[, budget marker]
SLOW_SECONDS = 0.050  # a parse of ≤ 1,000 characters must finish within this
MAX_LENGTH = 1000
FILE_SECONDS = 5.0  # reading one fuzzed file (ruleset or actuals) must finish within this


class Finding(Exception):
    """An input that broke a rule of the harness (not an exception of zhibiao's own).

    ``category`` names the rule (one finding is kept per category); ``detail`` says how.
    """

    def __init__(self, category: str, detail: str = "", key: str = "") -> None:
        super().__init__(f"{category}: {detail}" if detail else category)
        self.category = f"{category} ({key})" if key else category


# ---- the checks: one function per door ---------------------------------------------------

def _policies() -> list[object]:
    from zhibiao.engine import Policy

    return [Policy(), Policy(year=2023), Policy(reverse="linear", tolerance="2", rounding="1"),
            Policy(bare_value="反向", late="proportional_days", overshoot_cut="1.3",
                   rate_quantum="0.001", year=2024),
            Policy(bare_value="等于", qualitative_bands="80/50", qualitative_position="middle",
                   rounding_mode="down")]


_POLICIES: list[object] = []


def check_parse(text: str) -> None:
    from zhibiao.errors import IndicatorSyntaxError
    from zhibiao.grammar.parser import default_parser

    parser = default_parser()
    parser._read_canonical.cache_clear()
    start = time.perf_counter()
    try:
        model = parser._parse(text)  # uncached: the time is the grammar's
    except IndicatorSyntaxError:
        model = None
    elapsed = time.perf_counter() - start
    if len(text) <= MAX_LENGTH and elapsed > SLOW_SECONDS and _slow_again(parser, text):
        raise Finding("slow parse", f"{elapsed * 1000:.0f} ms for {len(text)} characters")
    if model is None:
        return
    canonical = str(model)
    try:
        again = parser._parse(canonical)
    except IndicatorSyntaxError as exc:
        raise Finding("canonical text does not parse", f"{canonical!r}: {exc.message}",
                      key=f"{model.kind}: {exc.reason.split('“')[0][:12]}") from None
    if again != model:
        raise Finding("canonical text parses to another model", repr(canonical),
                      key=f"{model.kind} → {again.kind}")


def _slow_again(parser: object, text: str) -> bool:
    """Time the parse again, as the fastest of three runs: the first may have paid for a
    cold cache, a GC pause or a busy machine; a parse that is really slow stays slow.

    Under atheris the code is instrumented for coverage and runs several times slower,
    so the timing is repeated in a fresh, uninstrumented interpreter.
    """
    if "atheris" in sys.modules:
        return _slow_in_subprocess(text)
    return fastest_parse(parser, text) > SLOW_SECONDS


def fastest_parse(parser: object, text: str, runs: int = 3) -> float:
    """Seconds of the fastest of ``runs`` uncached parses of ``text``."""
    fastest = float("inf")
    for _ in range(runs):
        parser._read_canonical.cache_clear()  # type: ignore[attr-defined]
        start = time.perf_counter()
        with contextlib.suppress(Exception):
            parser._parse(text)  # type: ignore[attr-defined]
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


_TIME_PARSE = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import checks
from zhibiao.grammar.parser import default_parser
parser, text = default_parser(), sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
checks.fastest_parse(parser, text, runs=1)  # builds the LALR parser on first use
print(checks.fastest_parse(parser, text))
"""


def _slow_in_subprocess(text: str) -> bool:
    done = subprocess.run([sys.executable, "-c", _TIME_PARSE], input=text, text=True,
                          capture_output=True, check=False, encoding="utf-8",
                          errors="surrogatepass")
    try:
        return float(done.stdout.strip()) > SLOW_SECONDS
    except ValueError:
        return True  # the timing itself failed: keep the finding, with its input


def check_evaluate(target: str, actual: str, selector: str = "", budget: bool = False) -> None:
    from zhibiao.engine import Status, evaluate, evaluate_budget
    from zhibiao.errors import IndicatorSyntaxError
    from zhibiao.grammar.parser import default_parser

    if not _POLICIES:
        _POLICIES.extend(_policies())
    number = int(selector[:18]) if selector[:18].isdecimal() and selector[:18].isascii() \
        else sum(map(ord, selector))
    policy = _POLICIES[number % len(_POLICIES)]
    weight = Decimal((number // 7) % 40) / (2 if number % 2 else 1)
    direction = (None, "正向", "反向", "等于")[(number // 3) % 4]
    if budget:
        try:
            outcome = evaluate_budget(target, actual, weight=weight, policy=policy)  # type: ignore[arg-type]
        except IndicatorSyntaxError:
            return  # an unparsable budget (全年预算数) is the caller's error, said so
    else:
        try:
            default_parser().parse(target)
        except IndicatorSyntaxError:
            return  # an unparsable target is the caller's error, said so
        outcome = evaluate(target, actual, weight=weight, policy=policy,  # type: ignore[arg-type]
                           direction=direction)
    if not Decimal(0) <= outcome.score <= weight:
        raise Finding("score out of bounds", f"{outcome.score} outside [0, {weight}]")
    if outcome.status in (Status.NOT_EVALUABLE, Status.NOT_APPLICABLE) and outcome.score:
        raise Finding("a score without a status that scores",
                      f"{outcome.status.value} {outcome.score}")
    if outcome.status is Status.NOT_EVALUABLE and outcome.reason is None:
        raise Finding("not_evaluable without a reason")
    if str(outcome.score) not in outcome.explanation:
        raise Finding("the explanation does not show the score")


def check_ruleset(text: str) -> None:
    from zhibiao.ruleset import read_ruleset

    suffix = ".yaml" if text.startswith(("-", "%")) else ".toml"
    with tempfile.TemporaryDirectory(dir=_SCRATCH) as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        ruleset = _check_ruleset_path(path)
        if ruleset is None:
            return
        again_path = Path(folder) / "again.toml"
        again_path.write_text(ruleset.to_toml(), encoding="utf-8", errors="surrogatepass")
        again, again_problems = read_ruleset(again_path)
        if again is None:
            errors = "; ".join(p.message for p in again_problems if p.severity == "error")
            raise Finding("to_toml() wrote a file that does not load", errors)
        if again.spec != ruleset.spec:
            raise Finding("to_toml() wrote a file that loads to another ruleset")


_SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") else None


def files_module() -> ModuleType:
    """fuzz/files.py (the file mutators), however this harness itself was imported."""
    name = "zhibiao_fuzz_files"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parent / "files.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
_RULESETS: list[Any] = []


def check_files(recipe: str) -> None:
    """A real ruleset or actuals file, edited as the recipe says (fuzz/files.py), read whole:
    nothing but our own errors, and every row of an actuals file comes out again."""
    files = files_module()
    mutant = files.decode(recipe)
    with tempfile.TemporaryDirectory(dir=_SCRATCH) as folder, _time_limit(FILE_SECONDS):
        if mutant.kind == "ruleset":
            data, suffix = files.build_ruleset(mutant)
            path = Path(folder) / f"fuzz{suffix}"
            path.write_bytes(data)
            _check_ruleset_path(path)
            return
        data, suffix, table = files.build_actuals(mutant)
        path = Path(folder) / f"fuzz.actuals{suffix}"
        path.write_bytes(data)
        _check_actuals_path(path, table.data_rows if mutant.keeps_rows else None)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """A file read that takes longer than ``seconds`` is a finding (an alias bomb, a zip
    bomb, quadratic work), not a hang of the fuzzer (main thread only, where signals go)."""

    def expired(signum: int, frame: object) -> None:
        raise Finding("slow file", f"more than {seconds:.0f} s")

    if not hasattr(signal, "setitimer") or threading.current_thread() is not \
            threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check_ruleset_path(path: Path) -> Any:
    """Read a ruleset file: refused with an error, or loaded and scored within range;
    the loaded ruleset (or None) is returned for further checks."""
    from zhibiao.ruleset import read_ruleset

    ruleset, problems = read_ruleset(path)
    if ruleset is None:
        if not any(p.severity == "error" for p in problems):
            raise Finding("refused without an error")
        return None
    report = ruleset.score([])
    if not Decimal(0) <= report.total <= max(Decimal(100), report.totals.total_weight):
        raise Finding("total out of range", str(report.total))
    return ruleset


def _check_actuals_path(path: Path, rows_in: int | None) -> None:
    """``rows_in``: how many data rows the file holds, when the edits kept them all."""
    from zhibiao.errors import ActualsError
    from zhibiao.ruleset import read_ruleset
    from zhibiao.ruleset.actuals import read_actuals
    from zhibiao.ruleset.scoring import score_rulesets

    if not _RULESETS:
        for ruleset_path in sorted((ROOT / "rulesets").rglob("*.toml")):
            ruleset, _ = read_ruleset(ruleset_path)
            if ruleset is not None:
                _RULESETS.append(ruleset)
    _check_other_doors(path)
    try:
        rows, problems = read_actuals(path)
    except ActualsError as exc:
        if rows_in:
            raise Finding("an actuals file with every row in it was refused",
                          str(exc)[:120]) from None
        return
    accounted = {row.row for row in rows} | {p.line for p in problems if p.line}
    if rows_in is not None and len(accounted) < rows_in:
        raise Finding("rows lost", f"{rows_in} rows in, {len(accounted)} out")
    reports, _ = score_rulesets(_RULESETS, rows)
    for report in reports:
        if not Decimal(0) <= report.total <= max(Decimal(100), report.totals.total_weight):
            raise Finding("total out of range", str(report.total))


def _check_other_doors(path: Path) -> None:
    """The same file at the table door (``zhibiao batch``, when pyarrow is installed) and
    the form door (``zhibiao import`` and ``audit``): a result or our own error."""
    from zhibiao.errors import ActualsError
    from zhibiao.importer import read
    from zhibiao.limits import DEFAULT_LIMITS

    try:
        from zhibiao.batch.files import read_table
    except ImportError:  # without the arrow extra
        pass
    else:
        with contextlib.suppress(ActualsError):
            read_table(path, DEFAULT_LIMITS)
    result = read(path)
    if any(not p.message for p in result.problems):
        raise Finding("a problem without a message")


def run_one(target: str, text: str) -> None:
    """Check one input of a target (an evaluate input holds its fields joined by NUL)."""
    if target == "parse":
        check_parse(text)
    elif target == "evaluate":
        fields = text.split(SEP)
        check_evaluate(fields[0], fields[1] if len(fields) > 1 else "",
                       fields[2] if len(fields) > 2 else "", budget=len(fields) > 3)
    elif target == "files":
        check_files(text)
    else:
        check_ruleset(text)

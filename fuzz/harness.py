"""Fuzz zhibiao's four doors — ``parse``, ``evaluate``, ruleset loading and the files
(rulesets and actuals, mutated by structure: fuzz/files.py) — for a budget.

    python fuzz/harness.py --seconds 120              # all four
    python fuzz/harness.py --target parse --seconds 600
    python fuzz/harness.py --engine hypothesis ...    # when atheris is not installed

What counts as a finding is written in fuzz/checks.py and fuzz/README.md.

Engines: ``atheris`` (coverage-guided libFuzzer, seeded with every real value in
tests/golden, tests/data and rulesets/) when it imports, else ``hypothesis`` (a fixed
seed, generated values and arbitrary text). New findings are appended to
``tests/fuzz_regressions.txt`` (parse crashes) or ``tests/fuzz_regressions_engine.txt``
(the rest, marked ``!`` as open), unless ``--no-record``; the exit status is 1 when the
run found something not recorded before. See fuzz/README.md.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
PARSE_REGRESSIONS = TESTS / "fuzz_regressions.txt"
ENGINE_REGRESSIONS = TESTS / "fuzz_regressions_engine.txt"
FINDINGS = Path(__file__).resolve().parent / "findings"
TARGETS = ("parse", "evaluate", "ruleset", "files")


# ---- the checks (fuzz/checks.py) ------------------------------------------------------

def _sibling(name: str) -> ModuleType:
    """A module of this folder, however this harness itself was imported."""
    key = f"zhibiao_fuzz_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).parent / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


checks = _sibling("checks")
Finding = checks.Finding
SEP, MAX_LENGTH = checks.SEP, checks.MAX_LENGTH
run_one, check_files, files_module = checks.run_one, checks.check_files, checks.files_module


# ---- findings: deduplicated, kept as regression lines ---------------------------------

def signature(exc: BaseException) -> str:
    """One line per distinct bug: the exception type and the path through zhibiao (each
    zhibiao function on the stack, the innermost with its line), or the broken rule.

    The message is left out: it quotes the input, and one bug has many inputs.
    """
    if isinstance(exc, Finding):
        return f"Finding: {exc.category}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "zhibiao" in f.filename and "fuzz" not in f.filename]
    if not frames:
        return f"{type(exc).__name__} outside zhibiao"
    path = [f"{Path(f.filename).stem}.{f.name}" for f in frames]
    unique = list(dict.fromkeys(path))
    return (f"{type(exc).__name__} at {Path(frames[-1].filename).name}:{frames[-1].lineno} "
            f"via {' > '.join(unique)}")


def escape(text: str) -> str:
    """A regression-file field: ASCII escapes when anything needs one (tab, newline …)."""
    needs = any(not ch.isprintable() or ch in "\\\t" for ch in text) or text.startswith("#")
    if not needs:
        return text
    escaped = text.encode("unicode_escape").decode("ascii").replace("\t", "\\t")
    return "\\x23" + escaped[1:] if escaped.startswith("#") else escaped


def regression_line(target: str, text: str, exc: BaseException) -> tuple[Path, str]:
    if target == "parse" and not isinstance(exc, Finding):
        return PARSE_REGRESSIONS, escape(text)
    if target == "parse":
        fields = ["parse", escape(text)]
    elif target == "evaluate":
        parts = text.split(SEP)
        kind = "budget" if len(parts) > 3 else "evaluate"
        fields = [kind, *(escape(p) for p in [*parts, "", ""][:3])]
    else:
        fields = [target, escape(text)]
    return ENGINE_REGRESSIONS, "!" + "\t".join(fields)


def _unescape(field: str) -> str:
    """Decode backslash escapes, leaving other characters as they are (a line may mix
    escapes with written CJK: latin-1 + backslashreplace turns the rest into escapes)."""
    if "\\" not in field:
        return field
    return field.encode("latin-1", "backslashreplace").decode("unicode_escape")


def recorded_inputs(target: str) -> Iterator[str]:
    """The inputs of a target kept in the regression files (as the harness feeds them)."""
    if target == "parse":
        yield from _regressions(PARSE_REGRESSIONS)
    if not ENGINE_REGRESSIONS.exists():
        return
    for line in ENGINE_REGRESSIONS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *fields = [_unescape(f) for f in line.lstrip("!").split("\t")]
        if kind == target or (target == "evaluate" and kind == "budget"):
            extra = [SEP + "budget"] if kind == "budget" else []
            yield SEP.join(fields) + "".join(extra) if target == "evaluate" else fields[0]


def minimize(target: str, text: str, key: str, budget: int = 3000) -> str:
    """A shorter input with the same signature: drop chunks while the finding stays."""

    def same(candidate: str) -> bool:
        try:
            run_one(target, candidate)
        except Exception as exc:  # a finding, maybe another one
            return signature(exc) == key
        return False

    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        for size in (64, 16, 4, 1):
            index = 0
            while index < len(text) and tries < budget:
                candidate = text[:index] + text[index + size:]
                tries += 1
                if same(candidate):
                    text, changed = candidate, True
                else:
                    index += size if size > 1 else 1
    return text


class Recorder:
    """Keeps the first input of every distinct finding; appends new ones to the tests.

    A finding is new when its signature is not that of an input already recorded (the
    recorded inputs are replayed first, so a known open bug is not reported again).
    """

    def __init__(self, target: str, record: bool) -> None:
        self.target = target
        self.record = record
        FINDINGS.mkdir(exist_ok=True)
        self.log = FINDINGS / f"{target}.jsonl"
        self.known: set[str] = set()
        for text in recorded_inputs(target):
            try:
                run_one(target, text)
            except Exception as exc:
                self.known.add(signature(exc))
        self.seen: set[str] = set()
        self.new = 0

    def check(self, text: str) -> None:
        try:
            run_one(self.target, text)
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except BaseException as exc:
            key = signature(exc)
            if key in self.seen:
                return
            self.seen.add(key)
            new = key not in self.known
            self.new += new
            with self.log.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({"target": self.target, "signature": key,
                                         "message": str(exc)[:300], "input": text,
                                         "new": new}, ensure_ascii=False) + "\n")
            if new and self.record:
                text = minimize(self.target, text, key)
                path, line = regression_line(self.target, text, exc)
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(line + "\n")
            print(f"\n[{self.target}] {'NEW ' if new else 'known '}finding: {key}\n"
                  f"    input: {text[:200]!r}", file=sys.stderr, flush=True)


# ---- seeds: every real value the repository holds ----------------------------------------

def seeds(target: str) -> Iterator[str]:
    if target == "parse":
        with (TESTS / "golden" / "indicator_values.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)["text"]
        yield from _regressions(PARSE_REGRESSIONS)
    elif target == "evaluate":
        with (TESTS / "data" / "selfeval_dev.tsv").open(encoding="utf-8", newline="") as f:
            for n, row in enumerate(csv.DictReader(f, delimiter="\t")):
                budget = SEP + "budget" if row["level1"] == "预算执行率" else ""
                yield SEP.join([row["target"], row["actual"], str(n)]) + budget
    elif target == "files":
        yield from files_module().seed_recipes()
    else:
        for path in sorted((ROOT / "rulesets").rglob("*.toml")):
            yield path.read_text(encoding="utf-8")
        yield "- not a mapping\n"


def _regressions(path: Path) -> Iterator[str]:
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                yield line.encode().decode("unicode_escape") if "\\" in line else line


# ---- engines ---------------------------------------------------------------------------

def _instrument() -> None:
    import atheris  # type: ignore[import-untyped]

    assert not any(name.startswith("zhibiao") for name in sys.modules), "imported too early"
    with atheris.instrument_imports(include=["zhibiao"]):
        import zhibiao.engine
        import zhibiao.grammar.parser
        import zhibiao.ruleset
        import zhibiao.testing.strategies  # noqa: F401


def _dictionary() -> list[str]:
    """libFuzzer dictionary: the words of the language (operators, units, dates, words)."""
    from zhibiao.grammar.units import default_unit_table
    from zhibiao.grammar.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    table = default_unit_table()
    words: set[str] = set(table.written) | set(table.multipliers)
    for operator in vocabulary.operators:
        words.update(operator.symbols + operator.prefix + operator.suffix)
    words.update(vocabulary.na_phrases + vocabulary.na_whole_cell + vocabulary.year_end
                 + vocabulary.next_year + vocabulary.before + vocabulary.done)
    words.update(word for word, _ in vocabulary.actual_words)
    words.update(["年", "月", "日", "每年", "且", "，", "；", ",", ";", "（", "）", "-", "--",
                  "至", "%", ".", "\u3000", "[[indicators]]", "[project]", "[policy]",
                  "[points]", "value = ", "points = ", "name = ", "id = "])
    return ['"' + "".join(f"\\x{b:02x}" for b in word.encode("utf-8")) + '"'
            for word in sorted(words) if word]


def fuzz_atheris(target: str, seconds: float, seed: int, recorder: Recorder) -> None:
    import atheris

    corpus = Path(tempfile.mkdtemp(prefix=f"zhibiao-fuzz-{target}-"))
    for n, text in enumerate(seeds(target)):
        (corpus / f"seed-{n:04d}").write_bytes(text.encode("utf-8", "surrogatepass"))

    def one_input(data: bytes) -> None:
        recorder.check(data.decode("utf-8", errors="replace"))

    dictionary = corpus.parent / f"{corpus.name}.dict"  # not inside the corpus
    dictionary.write_text("\n".join(_dictionary()) + "\n", encoding="ascii")
    argv = [sys.argv[0], str(corpus), f"-max_total_time={int(seconds)}", f"-seed={seed}",
            f"-dict={dictionary}",
            f"-max_len={4 * MAX_LENGTH if target != 'ruleset' else 8192}",
            "-print_final_stats=1", "-rss_limit_mb=4096", "-timeout=30"]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def fuzz_hypothesis(target: str, seconds: float, seed: int, recorder: Recorder) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed

    strategy = _hypothesis_inputs(target)
    deadline = time.monotonic() + seconds
    runs = 0
    chunk = 0
    while time.monotonic() < deadline:

        @fixed_seed(seed + chunk)
        @settings(max_examples=200, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def run(text: str) -> None:
            nonlocal runs
            runs += 1
            recorder.check(text)

        run()
        chunk += 1
    print(f"[{target}] hypothesis: {runs} inputs in {seconds:.0f} s", file=sys.stderr)


def _hypothesis_inputs(target: str) -> Any:
    from hypothesis import strategies as hs

    from zhibiao.testing.strategies import rulesets, target_texts, targets

    real = list(seeds(target))
    chars = hs.characters(codec="utf-8")
    mutated = hs.tuples(hs.sampled_from(real), hs.integers(0, 200), hs.text(chars, max_size=6)) \
        .map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:])
    if target == "parse":
        return hs.one_of(hs.text(chars, max_size=MAX_LENGTH), mutated,
                         target_texts().map(lambda pair: pair[0]))
    if target == "evaluate":
        actual = hs.one_of(hs.text(chars, max_size=30), target_texts().map(lambda p: p[0]))
        return hs.one_of(
            mutated,
            hs.builds(lambda t, a, n: SEP.join([str(t), a, str(n)]), targets(), actual,
                      hs.integers(0, 99)))
    if target == "files":
        return files_module().recipes()
    return hs.one_of(mutated, rulesets(max_indicators=4).map(lambda r: r.to_toml()),
                     hs.text(chars, max_size=400))


# ---- command line ------------------------------------------------------------------------

def _child(target: str, args: argparse.Namespace, seconds: float) -> int:
    """Fuzz one target in a process of its own (libFuzzer ends the process it runs in);
    return how many new findings it logged."""
    log = FINDINGS / f"{target}.jsonl"
    before = _count_new(log)
    command = [sys.executable, __file__, "--child", "--target", target, "--seconds",
               str(seconds), "--seed", str(args.seed), "--engine", args.engine]
    if not args.record:
        command.append("--no-record")
    subprocess.call(command)
    return _count_new(log) - before


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--seconds", type=float, default=120.0,
                        help="time budget for the whole run (default 120)")
    parser.add_argument("--seed", type=int, default=20241123)
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--no-record", dest="record", action="store_false",
                        help="do not append findings to the regression files")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.engine == "auto":
        try:
            import atheris  # noqa: F401
            args.engine = "atheris"
        except ImportError:
            args.engine = "hypothesis"
    if not args.child:
        FINDINGS.mkdir(exist_ok=True)
        targets = TARGETS if args.target == "all" else (args.target,)
        new = {t: _child(t, args, args.seconds / len(targets)) for t in targets}
        print("new findings: " + ", ".join(f"{t} {n}" for t, n in new.items()),
              file=sys.stderr)
        return 1 if any(new.values()) else 0
    if args.engine == "atheris":
        _instrument()  # before anything imports zhibiao, so coverage guides the search
    recorder = Recorder(args.target, args.record)
    print(f"[{args.target}] {args.engine}, {args.seconds:.0f} s, seed {args.seed}; "
          f"{len(recorder.known)} known open finding(s)", file=sys.stderr, flush=True)
    runner: Callable[[str, float, int, Recorder], None] = (
        fuzz_atheris if args.engine == "atheris" else fuzz_hypothesis)
    runner(args.target, args.seconds, args.seed, recorder)
    return 0


def _count_new(log: Path) -> int:
    if not log.exists():
        return 0
    return sum(json.loads(line)["new"] for line in log.read_text(encoding="utf-8").splitlines())


if __name__ == "__main__":
    sys.exit(main())

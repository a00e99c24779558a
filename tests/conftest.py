from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz", max_examples=20_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
# The mutation run (docs/testing.md, 变异测试): few examples, the same ones every time, no
# example database, so that each mutant is judged by the same, quick tests.
MUTATION_MAX_EXAMPLES = 10
settings.register_profile(
    "mutation", max_examples=MUTATION_MAX_EXAMPLES, deadline=None, derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

#: Module-level memo tables of the engine (plain dicts and lists; the lru_caches are found
#: by name). Everything else an evaluation remembers lives on the default parser (reset
#: below) and on the scorers kept by zhibiao.engine.evaluate.
_MEMO_DICTS = {
    "zhibiao.engine.evaluate": ("_KEPT", "_RECENT"),
    "zhibiao.engine.explain": ("_NUM_CACHE",),
}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under the mutation profile, start every session with zhibiao's caches empty.

    mutmut forks each mutant's test run from a process that has already run the suite,
    so results remembered there (parsed targets and actuals, prepared plans, the default
    parser and its transformer) would hide the mutated code. Emptying them makes each
    session behave like a fresh process.
    """
    if PROFILE != "mutation":
        return
    for name, module in list(sys.modules.items()):
        if not name.startswith("zhibiao") or module is None:
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
        for attribute in _MEMO_DICTS.get(name, ()):
            getattr(module, attribute).clear()
    parser = sys.modules.get("zhibiao.grammar.parser")
    if parser is not None:
        parser._DEFAULT = None  # type: ignore[attr-defined]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under the mutation profile, cap the tests that set their own ``max_examples``."""
    if PROFILE != "mutation":
        return
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None and own.max_examples > MUTATION_MAX_EXAMPLES:
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                own, max_examples=MUTATION_MAX_EXAMPLES,
            )

"""``__all__`` is the public API: every name exists, and no public name is left out."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = ["zhibiao", "zhibiao.grammar", "zhibiao.engine", "zhibiao.ruleset", "zhibiao.errors",
           "zhibiao.testing.strategies", "zhibiao.testing.target_strategies",
           "zhibiao.testing.actual_strategies", "zhibiao.testing.ruleset_strategies"]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.{attr}"


def test_package_exports_the_language() -> None:
    import zhibiao

    for attr in ("parse", "Comparison", "Range", "Deadline", "Qualitative", "NotApplicable",
                 "Compound", "Quantity", "Unit", "IndicatorSyntaxError", "ZhibiaoError"):
        assert attr in zhibiao.__all__


@pytest.mark.parametrize("name", MODULES)
def test_public_names_are_in_all(name: str) -> None:
    module = importlib.import_module(name)
    public = {
        attr for attr, value in vars(module).items()
        if not attr.startswith("_") and not inspect.ismodule(value)
        and getattr(value, "__module__", None) == name
        and (inspect.isclass(value) or inspect.isfunction(value))
    }
    assert public <= set(module.__all__), public - set(module.__all__)

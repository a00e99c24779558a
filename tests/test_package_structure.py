"""How the package is built (issue 13):

- ``zhibiao.grammar`` is the door: the other rooms (engine, ruleset, cli, testing, the
  package's own ``__init__``) import grammar names from ``zhibiao.grammar``, never from
  its modules, and every name they import is one the door exports;
- the engine and the grammar write no pydantic internals (but for the parser's fast path,
  see :data:`DIRECT_MODELS`) and key no table by ``id()``.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zhibiao.grammar

PACKAGE = Path(zhibiao.grammar.__file__).resolve().parents[1]


def _imports_outside_grammar() -> list[tuple[str, int, str, list[str]]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "grammar":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.startswith("zhibiao.grammar"):
                found.append((str(path.relative_to(PACKAGE)), node.lineno, node.module,
                              [alias.name for alias in node.names]))
            elif isinstance(node, ast.Import):
                found.extend((str(path.relative_to(PACKAGE)), node.lineno, alias.name, [])
                             for alias in node.names
                             if alias.name.startswith("zhibiao.grammar."))
    return found


def test_other_rooms_use_the_door() -> None:
    through_a_wall = [f"{path}:{line} imports {module}"
                      for path, line, module, _ in _imports_outside_grammar()
                      if module != "zhibiao.grammar"]
    assert through_a_wall == []


def test_the_door_exports_what_the_rooms_import() -> None:
    exported = set(zhibiao.grammar.__all__)
    imported = {name for _, _, module, names in _imports_outside_grammar()
                if module == "zhibiao.grammar" for name in names}
    assert imported  # the rooms do use the grammar
    assert imported <= exported, sorted(imported - exported)
    assert all(hasattr(zhibiao.grammar, name) for name in exported)


def test_the_door_loads_the_actual_reader_on_first_use() -> None:
    """``zhibiao parse`` reads targets only: the door imports the actual models and
    reader when one of their names is first asked for, not at start-up."""
    script = ("import sys; from zhibiao.cli import main; main(['parse', '--json', '≥95%']); "
              "print(sorted(m for m in sys.modules if m.startswith('zhibiao.grammar.actual')))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(PACKAGE.parent), *filter(None, [os.environ.get("PYTHONPATH")])])}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env=env, encoding="utf-8")
    assert run.stdout.splitlines()[-1] == "[]"


def test_the_doors_lazy_names_are_the_modules_own() -> None:
    from zhibiao.grammar import actual_models, actual_reader

    assert zhibiao.grammar.ActualReader is actual_reader.ActualReader
    assert zhibiao.grammar.number_actual is actual_models.number_actual
    assert {"ActualReader", "NumberActual", "read_date_text"} <= set(dir(zhibiao.grammar))
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = zhibiao.grammar.no_such_name


# ---- what the engine no longer does -------------------------------------------------------

def _sources() -> list[Path]:
    return sorted([*(PACKAGE / "engine").glob("*.py"), *(PACKAGE / "grammar").glob("*.py")])


#: The one module allowed to set a model's slots: the parser's fast path builds its four
#: small models (Span, Quantity, Comparison, Qualitative) with the models' own checks but
#: without pydantic's per-call validation — a fifth of an uncached parse (issue 12's
#: throughput goal). tests/test_direct_models.py holds every model it builds equal to the
#: validated one (fields, fields set, repr, JSON, equality, hash, refusals) on generated
#: parts, so a pydantic release that changes its slots fails there, not in production.
DIRECT_MODELS = "direct_models.py"


def test_no_pydantic_internals() -> None:
    """Models are built with public pydantic (``model_validate``, ``model_copy``), never
    by writing their slots or importing pydantic's private modules — but for the one
    module above."""
    for path in _sources():
        if path.name == DIRECT_MODELS:
            continue
        text = path.read_text(encoding="utf-8")
        for banned in ("__pydantic_", "pydantic._internal", "_set_private",
                       "_set_fields_set"):
            assert banned not in text, f"{path.name}: {banned}"


def test_no_identity_keyed_tables() -> None:
    """``id()`` keys nothing that outlives a call: the only use is evaluate_many's memo,
    which lives as long as its iteration and holds the objects it keys."""
    stray = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = {node for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Name) and node.func.id == "id"}
        allowed = {node for function in ast.walk(tree)
                   if isinstance(function, ast.FunctionDef) and function.name == "evaluate_many"
                   and path.name == "evaluate.py" for node in ast.walk(function)}
        stray.extend(f"{path.name}:{call.lineno}" for call in calls - allowed)
    assert stray == []


def test_every_module_is_small() -> None:
    """Small modules whose names say what they hold: each under 400 lines."""
    sizes = {str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert {name: lines for name, lines in sizes.items() if lines >= 400} == {}

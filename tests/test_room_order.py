"""The rooms import one way only (docs/architecture.md): grammar → engine → ruleset →
batch → spark. A room imports from the rooms to its left and from the hall (the small
modules every room shares), never from a room to its right or from the command line.

Rooms not listed here (the command line, the side rooms) may import what they need; the
report room (``zhibiao.report``) is allowed to the ruleset and to batch, which build and
write reports. The monitor (``zhibiao.monitor``) computes its reports from rulesets and
imports no writer: its formats live in the report room, which reads the monitor's model.
The audit (``zhibiao.audit``) is built the same way on the importer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import zhibiao

PACKAGE = Path(zhibiao.__file__).resolve().parent

#: Modules of the package's top level that any room may import.
HALL = frozenset({"errors", "decimal_context", "limits", "safe_text", "validation_messages"})

#: Room → the rooms it may import from.
ALLOWED: dict[str, frozenset[str]] = {
    "grammar": frozenset(),
    "engine": frozenset({"grammar"}),
    "ruleset": frozenset({"grammar", "engine", "report"}),
    "batch": frozenset({"grammar", "engine", "ruleset", "report"}),
    "spark": frozenset({"grammar", "engine", "batch"}),
    "monitor": frozenset({"grammar", "engine", "ruleset"}),
    "audit": frozenset({"grammar", "engine", "ruleset", "importer"}),
    "report": frozenset({"grammar", "engine", "ruleset", "monitor", "audit"}),
}


def _room(module: str) -> str | None:
    """The room of ``zhibiao.x.y`` (``x``); None for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "zhibiao" else None


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found
            if name == "zhibiao" or name.startswith("zhibiao.")]


def _sources(room: str) -> list[Path]:
    folder = PACKAGE / room
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{room}.py"]


def wrong_way(room: str, path: Path) -> list[str]:
    """The imports of ``path`` (in ``room``) that point the wrong way."""
    allowed = ALLOWED[room] | HALL | {room}
    return [f"{path.name}:{line} imports {name}"
            for line, name in _imports(path) if _room(name) not in allowed]


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_rooms_import_to_the_left_only(room: str) -> None:
    sources = _sources(room)
    assert sources and all(path.exists() for path in sources)
    assert [found for path in sources for found in wrong_way(room, path)] == []


def test_the_hall_imports_no_room() -> None:
    for name in HALL:
        path = PACKAGE / f"{name}.py"
        assert [(line, module) for line, module in _imports(path)
                if _room(module) not in HALL] == [], name


def test_a_wrong_way_import_is_found(tmp_path: Path) -> None:
    """The check itself: the engine importing the ruleset or the package's top (which
    imports every room) is reported; the grammar and the hall are not."""
    source = tmp_path / "probe.py"
    source.write_text("from zhibiao.ruleset import Ruleset\nimport zhibiao.grammar\n"
                      "from zhibiao.errors import ZhibiaoError\nimport zhibiao\n",
                      encoding="utf-8")
    assert wrong_way("engine", source) == ["probe.py:1 imports zhibiao.ruleset",
                                           "probe.py:4 imports zhibiao"]


def test_every_format_lives_in_the_report_room() -> None:
    """Each kind's writers (``score``, ``monitor`` …) are modules of ``zhibiao.report``;
    the rooms that compute reports hold none."""
    from zhibiao.report.registry import FORMATS

    assert {"score", "monitor"} <= set(FORMATS)
    modules = [module for formats in FORMATS.values() for module, _ in formats.values()]
    assert all(module.startswith("zhibiao.report.") for module in modules), modules
    assert all((PACKAGE / "report" / f"{module.rsplit('.', 1)[1]}.py").exists()
               for module in modules)

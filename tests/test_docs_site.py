"""The documentation site's own code (mkdocs.yml runs it; CI builds the site strictly):
the docstrings' reST turned into Markdown for the API reference, links to repository
files and wrapped Chinese lines on the pages, and a nav that names every page."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_{name}", DOCS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_roles_become_code() -> None:
    pytest.importorskip("griffe")
    rst = _load("griffe_rst")
    text = ":func:`score_table` and :class:`~zhibiao.engine.scorer.Scorer` (:mod:`zhibiao.batch`)"
    assert rst.to_markdown(text) == "`score_table` and `Scorer` (`zhibiao.batch`)"


def test_doctest_and_literal_blocks_become_fences() -> None:
    pytest.importorskip("griffe")
    rst = _load("griffe_rst")
    doctest = "Read one:\n\n>>> parse('≥95%')\nComparison(...)\n\nThen more."
    assert rst.to_markdown(doctest) == (
        "Read one:\n\n```pycon\n>>> parse('≥95%')\nComparison(...)\n```\n\nThen more.")
    literal = ("the string forms::\n\n    >>> p = Policy()\n    >>> p.reverse\n"
               "    'inverse'\n\nAfter.")
    assert rst.to_markdown(literal) == (
        "the string forms:\n\n```pycon\n>>> p = Policy()\n>>> p.reverse\n'inverse'\n```\n\nAfter.")
    plain = "A paragraph with ``code`` and no block."
    assert rst.to_markdown(plain) == plain


class _Page:
    def __init__(self, src_path: str) -> None:
        self.file = type("File", (), {"src_path": src_path})()


def test_links_out_of_the_docs_become_their_text() -> None:
    hooks = _load("site_hooks")
    config: dict[str, Any] = {"docs_dir": str(DOCS)}
    markdown = ("[`units.txt`](../zhibiao/grammar/units.txt) · [guide](guide.md#1) · "
                "[gone](../zhibiao/grammar/no_such_file.txt)")
    assert hooks.on_page_markdown(markdown, page=_Page("extending.md"), config=config,
                                  files=None) == (
        "`units.txt` · [guide](guide.md#1) · [gone](../zhibiao/grammar/no_such_file.txt)")


def test_wrapped_chinese_lines_join_outside_pre() -> None:
    hooks = _load("site_hooks")
    html = "<p>每个房间只\n从它左边导入，\nthen English\nwords。</p><pre>甲\n乙</pre>"
    assert hooks.on_page_content(html, page=None, config=None, files=None) == (
        "<p>每个房间只从它左边导入，\nthen English\nwords。</p><pre>甲\n乙</pre>")


def _nav_files(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [name for value in node.values() for name in _nav_files(value)]
    if isinstance(node, list):
        return [name for item in node for name in _nav_files(item)]
    return []


def test_the_nav_names_every_page_once_and_only_pages_that_exist() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # the toc slugify entry is a python tag: read the rest as plain YAML
    config = yaml.safe_load(re.sub(r"!!python/\S+", "", text))
    nav = _nav_files(config["nav"])
    pages = sorted(str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md"))
    assert len(nav) == len(set(nav))
    assert sorted(nav) == pages
    assert nav[:2] == ["index.md", "guide.md"]  # the rule author's guide comes first

"""A griffe extension for the API reference: the docstrings' reST into Markdown.

zhibiao's docstrings are written for ``help()`` and doctest, with a few reST habits that
Markdown does not know. mkdocstrings loads this file (``mkdocs.yml``); it rewrites, in the
docs only, never in the package:

- cross-reference roles (``:func:`score` ``, ``:class:`~zhibiao.x.Y` ``) into code spans;
- doctest blocks (``>>>`` lines and their output) into fenced ``pycon`` blocks;
- a paragraph ending in ``::`` and its indented block into a colon and a fenced block.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

__all__ = ("ReSTDocstrings", "to_markdown")

#: ``:role:`name` `` or ``:role:`~dotted.name` `` (the tilde shows the last part only).
_ROLE = re.compile(r":(?:func|class|meth|mod|data|attr|exc|obj):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    name = match.group(2)
    return f"`{name.rsplit('.', 1)[-1] if match.group(1) else name}`"


def _fence(lines: list[str], language: str) -> list[str]:
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return [f"```{language}", *(line[indent:] for line in lines), "```"]


def to_markdown(text: str) -> str:
    """The Markdown for one docstring (text outside the three forms is kept as written)."""
    lines = _ROLE.sub(_role, text).split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.rstrip().endswith("::") and not line.lstrip().startswith(">>>"):
            out.append(line.rstrip()[:-1])
            index += 1
            block: list[str] = []
            while index < len(lines) and (not lines[index].strip()
                                          or lines[index].startswith((" ", "\t"))):
                block.append(lines[index])
                index += 1
            while block and not block[-1].strip():
                block.pop()
            while block and not block[0].strip():
                block.pop(0)
            if block:
                doctest = block[0].lstrip().startswith(">>>")
                out.extend(["", *_fence(block, "pycon" if doctest else "text"), ""])
            continue
        if line.lstrip().startswith(">>>"):
            block = []
            while index < len(lines) and lines[index].strip():
                block.append(lines[index])
                index += 1
            out.extend(_fence(block, "pycon"))
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


class ReSTDocstrings(Extension):
    """Rewrite each loaded object's docstring with :func:`to_markdown`."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value)

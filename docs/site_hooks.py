"""mkdocs hooks for the documentation site (``hooks:`` in ``mkdocs.yml``).

The pages link to repository files outside ``docs/`` (``../zhibiao/grammar/units.txt``):
right when the Markdown is read in the repository, but not part of the site. On the site
such a link becomes its text (which names the file); a link to a file that does not exist
is left alone, so ``mkdocs build --strict`` still reports it.

The Chinese paragraphs are wrapped in the Markdown; a browser shows a line break between
two Chinese characters as a space. On the site such a break is removed (outside ``<pre>``
blocks, where line breaks are the text).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ("on_page_content", "on_page_markdown")

#: CJK characters and full-width punctuation: no space between them when a line breaks.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_WIDE_BREAK = re.compile(f"(?<=[{_WIDE}])\n[ \t]*(?=[{_WIDE}])")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)
_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>\.\./[^)#\s]+)(?:#[^)\s]*)?\)")


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    docs = Path(config["docs_dir"]).resolve()
    here = (docs / page.file.src_path).parent

    def unlink(match: re.Match[str]) -> str:
        target = (here / match.group("target")).resolve()
        if target.is_relative_to(docs) or not target.exists():
            return match.group(0)
        return match.group("text")

    return _LINK.sub(unlink, markdown)


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    parts = _PRE.split(html)
    return "".join(part if index % 2 else _WIDE_BREAK.sub("", part)
                   for index, part in enumerate(parts))

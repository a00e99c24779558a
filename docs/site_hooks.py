"""mkdocs hooks for the documentation site (``hooks:`` in ``mkdocs.yml``).

The pages link to repository files outside ``docs/`` (``../zhibiao/grammar/units.txt``):
right when the Markdown is read in the repository, but not part of the site. On the site
such a link becomes its text (which names the file); a link to a file that does not exist
is left alone, so ``mkdocs build --strict`` still reports it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

__all__ = ("on_page_markdown",)

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

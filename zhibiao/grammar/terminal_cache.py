"""The grammar's terminal patterns, remembered between runs for the fast path.

The fast path (``fastpath.py``) is assembled from the regular expressions lark makes of
the grammar's terminals. Asking lark for them means importing lark and loading its LALR
tables, about 40 ms of the command line's start-up, while most values never need the
LALR parser. So once lark has built a grammar (strict mode: it was checked), its
patterns are kept in a small JSON file beside lark's own cache, in the temp directory.

The file is named by a SHA-256 key of everything the patterns depend on: the full grammar
text (``indicator.lark`` plus the terminals generated from the unit and vocabulary files,
so any change to a data file is a new key), the lark options, lark's ``__init__.py``
(it carries lark's version) and the Python version. A missing, unreadable, foreign or
corrupt file just means the patterns come from lark; a temp directory that cannot be
written is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path

__all__ = ("load_patterns", "save_patterns")

#: Bump when the file's content or meaning changes.
_FORMAT = "1"


def _key(grammar: str, options: str) -> str:
    digest = hashlib.sha256()
    spec = find_spec("lark")
    if spec is not None and spec.origin:
        digest.update(Path(spec.origin).read_bytes())
    for part in (_FORMAT, sys.version.split()[0], options, grammar):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _directory() -> Path:
    """Where lark keeps its cache (``TMPDIR`` and the like are honoured)."""
    return Path(tempfile.gettempdir())


def _path(key: str) -> Path:
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return _directory() / f".zhibiao_terminals_{uid}_{key}.json"


def load_patterns(grammar: str, options: str) -> dict[str, str] | None:
    """The patterns stored for this grammar and these lark options, or ``None``."""
    try:
        key = _key(grammar, options)
        path = _path(key)
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return None  # someone else's file in a shared temp directory
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    patterns = data.get("patterns")
    if not isinstance(patterns, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in patterns.items()):
        return None
    return patterns


def save_patterns(grammar: str, options: str, patterns: dict[str, str]) -> None:
    """Store the patterns; silently does nothing when the temp directory is not writable."""
    try:
        key = _key(grammar, options)
        path = _path(key)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    except (OSError, ValueError):
        return
    try:
        partial.write_text(json.dumps({"key": key, "patterns": patterns}), "utf-8")
        os.replace(partial, path)  # readers see the whole file or none
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)

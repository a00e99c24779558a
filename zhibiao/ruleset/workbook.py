"""The one door every .xlsx comes in by: checked before it is opened, refused in Chinese.

Actuals (``score``, ``monitor``), long tables (``batch``) and filled forms (``import``,
``audit``) all open workbooks here:

- :func:`check_zip` reads only the zip's central directory — total unpacked size,
  number of parts, compression ratio — so a zip bomb fails at once with the limit it
  broke, before any part is inflated.
- :func:`open_workbook` opens it with openpyxl (read-only, formulas never evaluated).
  openpyxl parses the parts through ``defusedxml`` (a dependency of zhibiao), so a part
  that declares XML entities or a DTD — billion laughs, quadratic blow-up, an external
  entity naming a local file — is refused whatever the expat of the machine would do.
- :func:`scan_sheet` reads a worksheet's XML in chunks for what openpyxl's read-only
  mode does not give: whether it holds formulas, and its merged ranges.
- :func:`broken_workbook` turns whatever openpyxl, the zip module or the XML parser
  raise on a damaged file (a missing ``[Content_Types].xml``, a worksheet cut short,
  garbage in ``styles.xml``) into an :class:`~zhibiao.errors.ActualsError` that says
  what is wrong in Chinese and how to fix it — never a traceback.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from zhibiao.errors import ActualsError
from zhibiao.limits import Limits

__all__ = ("BROKEN_WORKBOOK", "SheetXml", "broken_workbook", "check_zip", "damage_text",
           "open_workbook", "scan_sheet")

_MIB = 1024 * 1024
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")

#: What reading a damaged workbook raises: the zip module, zlib, the XML parser
#: (``ParseError`` is a ``SyntaxError``), defusedxml (``ValueError``) and openpyxl's
#: own checks (``KeyError`` for a missing part, ``TypeError``/``IndexError``/
#: ``AttributeError`` for parts that parse but do not hold what they should).
BROKEN_WORKBOOK: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError,
    AttributeError, SyntaxError, EOFError, OSError, NotImplementedError, UnicodeError,
    OverflowError)

_FIX = "请用 Excel/WPS 打开后另存为 .xlsx 再试"


def check_zip(path: Path | BinaryIO, source: str, limits: Limits) -> None:
    """Refuse a workbook whose zip directory promises more than the limits allow."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ActualsError(source, f"不是有效的 xlsx 文件：{_what_it_is(path)}；"
                                   "请用 Excel/WPS 打开后另存为 .xlsx") from exc
    if len(entries) > limits.max_xlsx_entries:
        raise ActualsError(source, f"xlsx 含 {len(entries)} 个部件，超过上限 "
                                   f"{limits.max_xlsx_entries}（设置 max_xlsx_entries）")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_xlsx_unpacked_bytes:
        raise ActualsError(source, f"xlsx 解压后有 {unpacked:,} 字节，超过上限 "
                                   f"{limits.max_xlsx_unpacked_bytes:,}"
                                   "（设置 max_xlsx_unpacked_bytes）；疑似 zip 炸弹，未打开")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _MIB and ratio > limits.max_xlsx_ratio:
            raise ActualsError(source, f"xlsx 部件 {entry.filename} 的压缩比为 {ratio:,.0f}:1，"
                                       f"超过上限 {limits.max_xlsx_ratio}:1"
                                       "（设置 max_xlsx_ratio）；疑似 zip 炸弹，未打开")


def _what_it_is(path: Path | BinaryIO) -> str:
    """What a file that is no zip holds, by its first bytes: systems export old .xls
    and web pages under a workbook's name."""
    try:
        if isinstance(path, Path):
            with path.open("rb") as handle:
                head = handle.read(512)
        else:
            path.seek(0)
            head = path.read(512)
    except OSError:
        return "无法按 zip 读取"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "这是 Excel 97-2003 的 .xls 格式，只是扩展名为 .xlsx"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")):
        return "这是网页或 XML 格式的表格，只是扩展名为 .xlsx（有的系统“导出 Excel”时这样写）"
    return "无法按 zip 读取"


def open_workbook(path: Path | BinaryIO, source: str, limits: Limits, *,
                  data_only: bool) -> Any:
    """The workbook in ``path``, read-only, after :func:`check_zip`; a damaged or
    hostile file raises :class:`~zhibiao.errors.ActualsError` (see the module)."""
    check_zip(path, source, limits)
    from openpyxl import load_workbook

    if hasattr(path, "seek"):
        path.seek(0)
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except BROKEN_WORKBOOK as exc:
        raise broken_workbook(source, exc) from exc


def damage_text(exc: BaseException) -> str:
    """What is wrong with a workbook, in Chinese, from what reading it raised (its
    causes included); the exception's own words follow in brackets for a support desk."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 8:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    names = {type(item).__name__ for item in chain}
    detail = f"{type(chain[-1]).__name__}: {str(chain[-1])[:80]}".rstrip(": ")
    if names & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden",
                "NotSupportedError"}:
        what = ("含有 XML 实体或 DTD 声明（正常的 Excel/WPS 文件没有；可能是恶意构造的文件），"
                "为安全起见未读取")
    elif any(isinstance(item, KeyError) and "no item named" in str(item) for item in chain):
        missing = next(str(item) for item in chain if isinstance(item, KeyError))
        what = f"缺少必需的部件（{missing.strip(chr(34))}），文件不完整"
    elif any(isinstance(item, (zipfile.BadZipFile, zlib.error, EOFError)) for item in chain):
        what = "压缩数据已损坏（文件可能只下载或复制了一部分）"
    elif any(isinstance(item, SyntaxError) for item in chain):
        what = "其中的 XML 已损坏（文件可能被截断或改动过）"
    else:
        what = "文件结构已损坏或不是 Excel 写出的格式"
    return f"{what}（{detail}）"


def broken_workbook(source: str, exc: BaseException, sheet: str | None = None,
                    ) -> ActualsError:
    """The error for a workbook (or one of its sheets) that could not be read."""
    where = f"的工作表 “{sheet}”" if sheet else ""
    return ActualsError(source, f"无法读取 xlsx{where}：{damage_text(exc)}；{_FIX}")


@dataclass
class SheetXml:
    """What a scan of a worksheet's XML finds: whether it has formulas, its merged ranges."""

    formulas: bool = False
    merged: list[str] = field(default_factory=list)


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetXml:
    """Scan a worksheet part in chunks (it may be large) for formulas and merged ranges."""
    found = SheetXml()
    tail = b""
    with archive.open(part.lstrip("/")) as stream:
        while chunk := stream.read(_MIB):
            text = tail + chunk
            found.formulas = found.formulas or _FORMULA.search(text) is not None
            cut = max(0, len(text) - 256)
            # ranges that start before the cut; the rest is searched again with the next
            # chunk (a <mergeCell …/> element is far shorter than the 256 bytes kept)
            found.merged.extend(m[1].decode("ascii") for m in _MERGE.finditer(text)
                                if m.start() < cut)
            tail = text[cut:]
    found.merged.extend(m[1].decode("ascii") for m in _MERGE.finditer(tail))
    return found

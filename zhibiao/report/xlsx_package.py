"""A workbook as bytes that depend only on its content: openpyxl stamps the document
properties and every zip entry with the time of writing; here they all carry
:data:`FIXED_TIME`, entries stay in openpyxl's order and are marked as made on no
particular system. The same reports give the same bytes (with the same zhibiao,
openpyxl and zlib).

openpyxl writes a formula without its value (``<f>SUM(G8:G12)</f><v />``): a viewer
that does not recalculate would show nothing. The values the writer computed are put
into the sheets' XML here, so the file opens with numbers.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl.writer.excel import ExcelWriter

__all__ = ("FIXED_TIME", "with_values", "workbook_bytes")

#: The one time written into every workbook (document properties and zip entries).
FIXED_TIME = datetime(1980, 1, 1)


def workbook_bytes(book: Any,
                   cached: Mapping[str, Mapping[str, Decimal]] | None = None) -> bytes:
    """The bytes of an openpyxl ``Workbook``, dated :data:`FIXED_TIME` throughout;
    ``cached``: sheet title → cell (``G12``) → the value of its formula."""
    book.properties.created = book.properties.modified = FIXED_TIME
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # unlike Workbook.save, keeps our modified time
    # openpyxl writes worksheet n (1-based, in the book's order) as sheet<n>.xml
    values = {f"xl/worksheets/sheet{index}.xml": cached[sheet.title]
              for index, sheet in enumerate(book.worksheets, start=1)
              if cached and sheet.title in cached}
    return _rewritten(packed.getvalue(), values)


def _number_text(value: Decimal) -> str:
    """A number as a cell's ``<v>`` holds it: plain digits, no exponent."""
    return format(value.normalize(), "f") if value else "0"


def with_values(xml: bytes, values: Mapping[str, Decimal]) -> bytes:
    """A sheet's XML with the value of each formula cell in ``values`` filled in."""
    def fill(match: re.Match[bytes]) -> bytes:
        value = values.get(match["ref"].decode())
        if value is None:
            return match[0]
        return match["head"] + b"<v>" + _number_text(value).encode() + b"</v>"
    return _FORMULA_CELL.sub(fill, xml)


_FORMULA_CELL = re.compile(rb'(?P<head><c r="(?P<ref>[A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)<v\s*/>')


def _rewritten(data: bytes, values: Mapping[str, Mapping[str, Decimal]]) -> bytes:
    """The zip archive ``data`` again, entry by entry in the same order, every entry
    dated :data:`FIXED_TIME` and marked as made on no particular system, the formula
    values of each sheet in ``values`` filled in."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            content = source.read(info)
            if info.filename in values:
                content = with_values(content, values[info.filename])
            target.writestr(entry, content)
    return out.getvalue()

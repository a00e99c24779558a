"""A workbook as bytes that depend only on its content: openpyxl stamps the document
properties and every zip entry with the time of writing; here they all carry
:data:`FIXED_TIME`, entries stay in openpyxl's order and are marked as made on no
particular system. The same reports give the same bytes (with the same zhibiao,
openpyxl and zlib).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from openpyxl.writer.excel import ExcelWriter

__all__ = ("FIXED_TIME", "workbook_bytes")

#: The one time written into every workbook (document properties and zip entries).
FIXED_TIME = datetime(1980, 1, 1)


def workbook_bytes(book: Any) -> bytes:
    """The bytes of an openpyxl ``Workbook``, dated :data:`FIXED_TIME` throughout."""
    book.properties.created = book.properties.modified = FIXED_TIME
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # unlike Workbook.save, keeps our modified time
    return _with_fixed_times(packed.getvalue())


def _with_fixed_times(data: bytes) -> bytes:
    """The zip archive ``data`` again, entry by entry in the same order, every entry
    dated :data:`FIXED_TIME` and marked as made on no particular system."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info))
    return out.getvalue()

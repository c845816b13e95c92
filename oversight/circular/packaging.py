"""Office files that are the same bytes whenever they are made from the same circular.

A .docx or .xlsx is a zip whose entries carry the time they were written, and whose
document properties carry the time it was created; both are set here to a moment of the
circular itself (its issue date, or the end of its judgement day for a draft), so that
making a circular's files twice gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from oversight.circular.content import Circular

CORE = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
"""openpyxl stamps the time of saving here whatever the workbook's properties say."""


def moment(circular: Circular) -> dt.datetime:
    """The time the circular's files say they were made."""
    if circular.issue is not None:
        return dt.datetime.combine(circular.issue.issued_on, dt.time())
    return circular.figures.judged_at.replace(microsecond=0)


def fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """``data`` (a zip) rewritten with every entry dated ``when``, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            content = source.read(entry.filename)
            if entry.filename == CORE:
                content = MODIFIED.sub(rf"\g<1>{when:%Y-%m-%dT%H:%M:%S}Z\g<2>".encode(), content)
            target.writestr(info, content)
    return out.getvalue()

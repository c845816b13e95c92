"""A corpus of files that are not a good workbook, each built here from a small good one
(or from nothing), so no binary fixture is kept in the repository."""

from __future__ import annotations

import io
import random
import struct
import zipfile

from openpyxl import Workbook

from oversight.intake.kinds import INSTRUCTIONS_SHEET

HEADER = ("单位编码", "单位名称", "参与率")


def good_workbook(first_sheet: str = "月报", edit=None) -> bytes:
    """A two-sheet workbook as a template has them: a data sheet with a header and two
    rows (the second with a formula), then the instructions sheet, whose title is merged
    across four cells as a template may do; ``edit(sheet)`` changes the data sheet first."""
    book = Workbook()
    sheet = book.active
    sheet.title = first_sheet
    sheet.append(HEADER)
    sheet.append(("130102001", "建北街道", 85))
    sheet.append(("130102002", "青园街道", "=C2+1"))
    if edit is not None:
        edit(sheet)
    instructions = book.create_sheet(INSTRUCTIONS_SHEET)
    instructions["A1"] = "填写说明"
    instructions.merge_cells("A1:D1")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def replace_part(data: bytes, part: str, change) -> bytes:
    """The workbook ``data`` with the XML of ``part`` replaced by ``change(xml)``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>\n"
)
"""The prolog of the classic billion-laughs file: &lol9; expands to 10⁹ 'lol's (3 GB)."""


def with_entity_bomb(xml: bytes) -> bytes:
    """``xml`` with the billion-laughs prolog, and &lol9; used in its first text."""
    body = xml.split(b"?>", 1)[1].lstrip() if xml.startswith(b"<?xml") else xml
    return BILLION_LAUGHS + body.replace(b"<t>", b"<t>&lol9;", 1).replace(b"<v>", b"<v>&lol9;", 1)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (MS-CFB, version 3, 512-byte sectors) holding ``streams``,
    each padded to 4,096 bytes so it lives in ordinary sectors: what Excel 97-2003 saves
    (a stream 'Workbook') and what an encrypted .xlsx is (streams 'EncryptionInfo' and
    'EncryptedPackage', MS-OFFCRYPTO 2.3.4.4)."""
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    padded = [(name, content.ljust(4096, b"\0")) for name, content in streams.items()]
    fat = [fat_sector, end]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for _, content in padded:
        starts.append(len(fat))
        count = len(content) // 512
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, no_stream, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1, no_stream, end, 0)
    for index, ((name, content), start) in enumerate(zip(padded, starts, strict=True), start=1):
        following = index + 1 if index < len(padded) else no_stream
        directory += entry(name, 2, no_stream, following, start, len(content))
    directory = directory.ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    return header + struct.pack("<128I", *fat) + directory + b"".join(content for _, content in padded)


def old_xls() -> bytes:
    """An Excel 97-2003 file: a compound file whose 'Workbook' stream starts with BIFF8's BOF."""
    return compound_file({"Workbook": struct.pack("<HHHH", 0x0809, 16, 0x0600, 0x0005)})


def encrypted_xlsx() -> bytes:
    """An .xlsx with an opening password, as Excel stores it: a compound file."""
    return compound_file(
        {
            "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40),
            "EncryptedPackage": random.Random(9).randbytes(600),
        }
    )


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("月报.csv", "单位编码,单位名称\n130102001,建北街道\n")
    return out.getvalue()


def ratio_bomb() -> bytes:
    """A workbook whose sheet part is 50 MB of spaces, packed about 1,000 to 1."""
    return replace_part(
        good_workbook(), "xl/worksheets/sheet1.xml", lambda xml: xml + b" " * (50 * 1024 * 1024)
    )


def declared_size(data: bytes, part: str, size: int) -> bytes:
    """``data`` with the zip directory declaring ``size`` unpacked bytes for ``part``
    (an overlapping-files zip bomb declares sizes like this)."""
    name = part.encode()
    at = data.index(b"PK\x01\x02")
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]

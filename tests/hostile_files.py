"""Damaged and hostile input files, built on the spot: the robustness tests and
the long fuzzing run (fuzz/run.py) share them."""

from __future__ import annotations

import struct
import zipfile
from io import BytesIO
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLE = EXAMPLES / "shaoxing-2019-beijing-office.tsv"
WORKBOOK = EXAMPLES / "workbooks" / "three-level.xlsx"
SPREADSHEET_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OLD_WORKBOOK = EXAMPLES / "workbooks" / "three-level.xls"


def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


def with_cell(line: int, column: int, text: str) -> bytes:
    """The sample with one cell (1-based line and column) replaced."""
    lines = sample_bytes().decode("utf-8").split("\n")
    cells = lines[line - 1].split("\t")
    cells += [""] * (column - len(cells))
    cells[column - 1] = text
    lines[line - 1] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8")


def rezipped(source: Path, replace: dict[str, bytes], compresslevel: int | None = None) -> bytes:
    """A copy of a zip-based workbook with some members replaced."""
    buffer = BytesIO()
    with (
        zipfile.ZipFile(source) as archive,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as out,
    ):
        for name in archive.namelist():
            out.writestr(name, replace.get(name, archive.read(name)))
    return buffer.getvalue()


def data_sheet_xml() -> tuple[str, str]:
    """The member name and XML of the three-level workbook's first table sheet."""
    with zipfile.ZipFile(WORKBOOK) as archive:
        return "xl/worksheets/sheet2.xml", archive.read("xl/worksheets/sheet2.xml").decode("utf-8")


def sheet_with(extra_rows: str) -> bytes:
    """The workbook with rows added at the end of its first table sheet."""
    member, xml = data_sheet_xml()
    end = xml.index("</sheetData>")
    return rezipped(WORKBOOK, {member: (xml[:end] + extra_rows + xml[end:]).encode("utf-8")})


def empty_formatted_rows(count: int) -> bytes:
    """Rows that only carry formatting, as a sheet formatted down to its last row has."""
    rows = "".join(
        f'<row r="{row}" s="1" customFormat="1"><c r="A{row}" s="1"/><c r="B{row}" s="1"/></row>'
        for row in range(200, 200 + count)
    )
    return sheet_with(rows)


def far_cell() -> bytes:
    """One filled cell at the last cell a sheet can have: the sheet spans 17 billion cells."""
    return sheet_with('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')


def zip_bomb(unzipped: int) -> bytes:
    """A workbook whose sheet XML inflates to `unzipped` bytes (whitespace between elements)."""
    member, xml = data_sheet_xml()
    start = xml.index("<sheetData>")
    buffer = BytesIO()
    with (
        zipfile.ZipFile(WORKBOOK) as archive,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for name in archive.namelist():
            if name != member:
                out.writestr(name, archive.read(name))
                continue
            with out.open(name, "w", force_zip64=True) as stream:
                stream.write(xml[:start].encode())
                chunk = b" " * (1 << 22)
                for _ in range(unzipped // len(chunk)):
                    stream.write(chunk)
                stream.write(xml[start:].encode())
    return buffer.getvalue()


def uncalculated_formulas(prefix: str = "") -> bytes:
    """The workbook with its amounts as formulas saved without results (as openpyxl writes them);
    with a prefix, the formula element is written in a prefixed namespace (<x:f>), as some tools do."""
    member, xml = data_sheet_xml()
    formula = f"<{prefix}f>SUM(C6:C7)</{prefix}f>"
    xml = xml.replace('<c r="C5" t="n"><v>120</v></c>', f'<c r="C5">{formula}<v /></c>')
    assert formula in xml, "the example sheet changed: C5 is no longer the total"
    if prefix:
        xml = xml.replace("<worksheet ", f'<worksheet xmlns:{prefix[:-1]}="{SPREADSHEET_NAMESPACE}" ', 1)
    return rezipped(WORKBOOK, {member: xml.encode("utf-8")})


def xls_with_password() -> bytes:
    """The .xls example with a FILEPASS record (what Excel writes for a password) after its first BOF."""
    data = bytearray(OLD_WORKBOOK.read_bytes())
    bof = data.find(b"\x09\x08\x10\x00\x00\x06\x05\x00")  # BOF of the workbook globals, BIFF8
    data[bof + 20 : bof + 22] = b"\x2f\x00"  # the next record becomes FILEPASS (0x002F), same length
    return bytes(data)


def encrypted_ooxml() -> bytes:
    """An OLE compound file holding EncryptionInfo and EncryptedPackage streams: what
    Excel saves for an .xlsx with a password to open (contents are random here)."""
    sector = 512
    streams = [("EncryptionInfo", b"\x04\x00\x04\x00" + bytes(4092)), ("EncryptedPackage", bytes(8192))]
    data_sectors = [len(content) // sector for _, content in streams]
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # sector 0: the FAT itself; sector 1: the directory
    starts = []
    for count in data_sectors:
        starts.append(len(fat))
        fat += [len(fat) + 1 for _ in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (109 * 4 - 4)
    )

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, 0xFFFFFFFF, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0)
        + entry(streams[0][0], 2, 0xFFFFFFFF, 2, starts[0], len(streams[0][1]))
        + entry(streams[1][0], 2, 0xFFFFFFFF, 0xFFFFFFFF, starts[1], len(streams[1][1]))
        + entry("", 0, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0)
    )
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(c for _, c in streams)


def alias_bomb(levels: int = 9) -> str:
    """A "billion laughs" YAML: each level a list of ten aliases to the one before."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join(f"*a{level - 1}" for _ in range(10)) + "]")
    return "\n".join(lines) + "\n"

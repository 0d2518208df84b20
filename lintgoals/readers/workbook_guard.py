"""What a workbook file holds, looked at before calamine opens it.

calamine reads a zip member into memory whole and lays every sheet out as a
dense grid (32 bytes a cell) from its first to its last filled cell. So a
small hostile file can make it allocate without bound: a zip bomb, or one
filled cell at XFD1048576 (half a terabyte: the process aborts, no exception
can catch that). These checks find such files cheaply, from the zip's central
directory and one streaming pass over each worksheet's XML, and refuse them
with a reason; they also find what calamine reads silently as empty cells:
formulas saved without their results, and encrypted workbooks.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path, PurePosixPath

from lintgoals.model import column_number
from lintgoals.readers.table import ReadError, megabytes

# What calamine would hold in memory at once. Real workbooks are far below:
# the XML of a 100,000-row table is under 100 MB.
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
# Cells in a sheet's dense grid (first to last filled cell): 10 million cost
# about 320 MB in calamine and as much again in Python; a real table of
# 400,000 rows × 20 columns has 8 million.
MAX_SHEET_CELLS = 10_000_000
# Decompressed XML is scanned in pieces of this size, so a member of any size costs this much memory.
CHUNK = 1 << 20
# A cell longer than this (in XML) is not followed across pieces: it is past Excel's own limit anyway.
MAX_CARRY = 4 << 20

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE compound file: .xls, or an encrypted .xlsx
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # the stream Office encrypts a workbook into

# A cell element with content (not `<c r="B9" s="1"/>`, which only formats an empty cell).
FILLED_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')
# A formula cell with no saved value: `<c r="C5"><f>SUM(C6:C9)</f></c>`, `<v/>` or `<v></v>` at most.
UNCALCULATED = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*(?<!/)>\s*'
    rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
NUMBER_FORMAT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*>")
CELL_FORMATS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
FORMAT_ENTRY = re.compile(rb"<(?:\w+:)?xf\b[^>]*>")
PERCENT_FORMATS = frozenset({9, 10})  # Excel's built-in 0% and 0.00%
QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, escaped characters, colours and conditions
SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


@dataclass(slots=True)
class SheetScan:
    """What one worksheet's XML holds: the extent of its filled cells, its uncalculated formulas."""

    rows: tuple[int, int] | None = None  # first and last filled row
    columns: tuple[int, int] | None = None
    uncalculated: int = 0
    first_uncalculated: tuple[str, str] | None = None  # (A1 cell, formula)
    # Number cells shown as percentages, as (row, column), 1-based; None where the
    # workbook's formats were not read (an .xls, an .ods).
    percent: set[tuple[int, int]] | None = None

    @property
    def cells(self) -> int:
        if self.rows is None or self.columns is None:
            return 0
        return (self.rows[1] - self.rows[0] + 1) * (self.columns[1] - self.columns[0] + 1)


@dataclass(slots=True)
class WorkbookScan:
    sheets: dict[str, SheetScan] = field(default_factory=dict)  # by sheet name


def inspect_workbook(path: Path) -> WorkbookScan:
    """Refuse (ReadError) an encrypted workbook or a zip bomb; for .xlsx/.xlsm, scan the worksheets."""
    with path.open("rb") as stream:
        head = stream.read(len(OLE_MAGIC))
    if head == OLE_MAGIC:
        if holds(path, ENCRYPTED_PACKAGE):
            raise ReadError("LG001", "encrypted")
        return WorkbookScan()
    if not zipfile.is_zipfile(path):
        return WorkbookScan()  # calamine says what is wrong with it
    try:
        with zipfile.ZipFile(path) as archive:
            check_unzipped_size(archive)
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                return scan_worksheets(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, zlib.error) as error:
        raise ReadError("LG001", "not_workbook", params={"reason": f"damaged zip: {error}"}) from None
    return WorkbookScan()


def holds(path: Path, needle: bytes) -> bool:
    """Whether the file's bytes contain `needle`, read a piece at a time."""
    tail = b""
    with path.open("rb") as stream:
        while piece := stream.read(CHUNK):
            if needle in tail + piece[: len(needle)] or needle in piece:
                return True
            tail = piece[-len(needle) :]
    return False


def check_unzipped_size(archive: zipfile.ZipFile) -> None:
    """The sizes the central directory declares. A member that inflates past its
    declared size is caught while it is scanned (zipfile stops there and fails its CRC)."""
    total = sum(member.file_size for member in archive.infolist())
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(
            "LG001", "unzipped_too_large", params={"size": megabytes(total), "limit": megabytes(MAX_UNZIPPED_BYTES)}
        )


def scan_worksheets(archive: zipfile.ZipFile) -> WorkbookScan:
    names = sheet_members(archive)
    percent_cell = percent_cell_pattern(percent_formatted_styles(archive))
    scan = WorkbookScan()
    for member, name in names.items():
        scan.sheets[name] = scan_sheet(archive, member, percent_cell)
    return scan


def percent_cell_pattern(styles: frozenset[int]) -> re.Pattern[bytes] | None:
    """A number cell of one of these styles (where 1 is 100% and 0.95 is 95%), its
    reference captured. The attributes in the order Excel, WPS, LibreOffice and openpyxl
    write them (r, s, then t), so the pattern fails fast on every other cell: this is a
    second pass over the XML."""
    if not styles:
        return None
    choices = b"|".join(str(style).encode("ascii") for style in sorted(styles))
    return re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})" s="(?:' + choices + rb')"(?: t="n")?\s*>')


def percent_formatted_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The cell styles (indexes into cellXfs) whose number format shows a percentage."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    styles = archive.read("xl/styles.xml")
    percent = set(PERCENT_FORMATS)
    for element in NUMBER_FORMAT.findall(styles):
        attributes = dict(ATTRIBUTE.findall(element))
        code = unescape(attributes.get(b"formatCode", b"").decode("utf-8", "replace"))
        if "%" in QUOTED.sub("", code) and attributes.get(b"numFmtId", b"").isdigit():
            percent.add(int(attributes[b"numFmtId"]))
    formats = CELL_FORMATS.search(styles)
    if formats is None:
        return frozenset()
    return frozenset(
        index
        for index, element in enumerate(FORMAT_ENTRY.findall(formats.group(1)))
        if int(dict(ATTRIBUTE.findall(element)).get(b"numFmtId", b"0") or 0) in percent
    )


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member → sheet name, from xl/workbook.xml and its relationships."""
    members = set(archive.namelist())
    if "xl/workbook.xml" not in members or "xl/_rels/workbook.xml.rels" not in members:
        return {}
    targets = {}
    for element in RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attributes = dict(ATTRIBUTE.findall(element))
        target = attributes.get(b"Target", b"").decode("utf-8", "replace")
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        targets[attributes.get(b"Id", b"")] = member
    names = {}
    for element in SHEET_ENTRY.findall(archive.read("xl/workbook.xml")):
        attributes = {key.split(b":")[-1]: value for key, value in ATTRIBUTE.findall(element)}
        member = targets.get(attributes.get(b"id", b""))
        if member in members:
            names[member] = unescape(attributes.get(b"name", b"").decode("utf-8", "replace"))
    return names


def unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def scan_sheet(archive: zipfile.ZipFile, member: str, percent_cell: re.Pattern[bytes] | None = None) -> SheetScan:
    scan = SheetScan(percent=set())
    carry = b""
    with archive.open(member) as stream:
        while piece := stream.read(CHUNK):
            buffer = carry + piece
            end = buffer.rfind(b"</c>") + len(b"</c>") if b"</c>" in buffer else 0
            scan_block(buffer[:end], scan, percent_cell)
            carry = buffer[end:]
            if len(carry) > MAX_CARRY:
                carry = carry[-CHUNK:]
    scan_block(carry, scan, percent_cell)
    return scan


def scan_block(block: bytes, scan: SheetScan, percent_cell: re.Pattern[bytes] | None = None) -> None:
    if percent_cell is not None and scan.percent is not None:
        for letters, row in percent_cell.findall(block):
            scan.percent.add((int(row), column_number(letters.decode("ascii"))))
    cells = FILLED_CELL.findall(block)
    if cells:
        rows = list(map(int, map(itemgetter(1), cells)))
        columns = [column_number(letters.decode("ascii")) for letters in set(map(itemgetter(0), cells))]
        scan.rows = widen(scan.rows, min(rows), max(rows))
        scan.columns = widen(scan.columns, min(columns), max(columns))
    if b"<f" not in block and b":f" not in block:
        return  # no formula tag (<f>, <x:f>): the search below would scan the block for nothing
    for match in UNCALCULATED.finditer(block):
        scan.uncalculated += 1
        if scan.first_uncalculated is None:
            formula = (match.group(2) or b"").decode("utf-8", "replace")
            scan.first_uncalculated = (match.group(1).decode("ascii"), f"={unescape(formula)}" if formula else "")


def widen(extent: tuple[int, int] | None, low: int, high: int) -> tuple[int, int]:
    return (low, high) if extent is None else (min(extent[0], low), max(extent[1], high))

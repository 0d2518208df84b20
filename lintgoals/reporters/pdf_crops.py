"""Crops of PDF cells for the HTML report (`--pdf-crops`): a finding on a cell of a
PDF table shows that cell as the page draws it, so that a reader sees at once
what was read wrong (a value cut off by its neighbour, text spilling over a
border) without opening the PDF.

Only on request: the PDF is read again (for the cells' boxes) and its pages
rendered, which costs about as much as reading it. Both happen in a child process
under the reader's limits (pdfium is native code, the file anybody's); a file that
cannot be read again simply gets no crops. Each crop is a grey PNG of the cell and
a margin, embedded as a data URI (the report stays one self-contained file).
"""

from __future__ import annotations

import base64
import struct
import zlib
from functools import partial
from pathlib import Path

from lintgoals.model import Finding, Report

SCALE = 2.0  # pixels per point: 144 dpi, sharp enough for a 9-point cell text
MARGIN = 4.0  # points of the page shown around the cell
# Points shown to the right of the cell besides: where unwrapped text spills or is
# cut off by its neighbour, the reader sees that neighbour (the cell's own borders
# stay in view and say which cell it is).
CONTEXT = 90.0
MAX_SIDE = 720.0  # points: a merged cell taller or wider than this is shown cut to it
MAX_CROPS = 300  # a report's crops at most (about 5 KB each): the page stays quick to open

Cell = tuple[int, int, int]  # page, row on the page, column (1-based)


def cell_of(finding: Finding) -> Cell | None:
    where = finding.location
    if where.page is None or where.line is None or where.column is None:
        return None
    return where.page, where.line, where.column


def crops(report: Report) -> dict[int, str]:
    """The crop of each finding's cell, as a data URI, by the finding's identity."""
    from lintgoals.readers import PDF_SUFFIXES, ReadError
    from lintgoals.readers.isolated import read_isolated

    found: dict[int, str] = {}
    budget = MAX_CROPS
    for result in report.files:
        path = result.source or Path(result.path)
        if path.suffix.lower() not in PDF_SUFFIXES or budget <= 0:
            continue
        wanted = sorted({cell for finding in result.findings if (cell := cell_of(finding)) is not None})[:budget]
        if not wanted:
            continue
        try:
            images = read_isolated(partial(draw_cells, cells=wanted), path, limits_variant="pdf_limits")
        except (ReadError, OSError):
            continue  # it was read once; whatever keeps it from being read again, the report goes on without
        budget -= len(images)
        uris = {cell: "data:image/png;base64," + base64.b64encode(png).decode("ascii") for cell, png in images.items()}
        for finding in result.findings:
            cell = cell_of(finding)
            if cell in uris:
                found[id(finding)] = uris[cell]
    return found


def draw_cells(path: Path, cells: list[Cell]) -> dict[Cell, bytes]:
    """PNGs of the cells' boxes on their pages (run in the child process)."""
    import pypdfium2 as pdfium

    from lintgoals.readers.pdf import PdfTable, read_pdf_here

    table = read_pdf_here(path)
    if not isinstance(table, PdfTable):
        return {}
    lines = {place: line for line, place in table.places.items()}
    boxes: dict[Cell, tuple[float, float, float, float]] = {}
    for page, row, column in cells:
        line = lines.get((page, row))
        box = table.boxes.get((line, column)) if line is not None else None
        if box is not None:
            boxes[(page, row, column)] = box
    images: dict[Cell, bytes] = {}
    document = pdfium.PdfDocument(path)
    try:
        for number in sorted({page for page, _, _ in boxes}):
            # The page as shown (its rotation applied), as the boxes are measured.
            bitmap = document[number - 1].render(scale=SCALE, grayscale=True)
            pixels, width, height, stride = bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride
            for cell, box in boxes.items():
                if cell[0] == number:
                    images[cell] = crop_png(pixels, width, height, stride, box)
    finally:
        document.close()
    return images


def crop_png(pixels: bytes, width: int, height: int, stride: int, box: tuple[float, float, float, float]) -> bytes:
    """The box (points, from the page's top-left corner) and its margin, cut from a grey page."""
    left, top, right, bottom = box
    right, bottom = min(right, left + MAX_SIDE), min(bottom, top + MAX_SIDE)
    x0, y0 = max(0, int((left - MARGIN) * SCALE)), max(0, int((top - MARGIN) * SCALE))
    x1, y1 = min(width, int((right + CONTEXT) * SCALE) + 1), min(height, int((bottom + MARGIN) * SCALE) + 1)
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    rows = [pixels[y * stride + x0 : y * stride + x1] for y in range(y0, y1)]
    return grey_png(rows, x1 - x0)


def grey_png(rows: list[bytes], width: int) -> bytes:
    """An 8-bit greyscale PNG of rows of pixels (no imaging library is needed for so little)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, len(rows), 8, 0, 0, 0, 0)  # 8 bits, grey, no interlace
    data = zlib.compress(b"".join(b"\x00" + row for row in rows), 9)  # filter "none" on each row
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")

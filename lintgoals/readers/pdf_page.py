"""What a PDF page draws, as plain geometry: ruling lines, glyphs, images.

This module alone talks to pdfium (pypdfium2's raw API, one ctypes call per
value); what it returns is plain Python in points, measured from the top-left
corner of the page as it is shown (its rotation applied), so that
`pdf_grid.py` reads tables without knowing anything of PDF.

- **Lines** are what draws a table's borders: the straight segments of stroked
  paths, and filled rectangles thinner than `THIN` (Excel and WPS draw borders
  so). A filled rectangle any thicker is shading, never a border; white lines
  are no borders either.
- **Glyphs** are the characters of the text layer with their loose boxes (the
  font's advance and height: neighbouring glyphs touch) and the text object
  they belong to. Invisible glyphs (render mode 3: an OCR layer over a scan)
  and glyphs without a Unicode mapping are counted, not read. A glyph outside
  its object's clip path is marked `clipped`: LibreOffice draws a merged cell's
  text on every page the cell spans, at the middle of the whole cell, clipped to
  the part on that page, so the copy past the grid's foot is drawn but not seen.
- **Images** are measured by the share of the page they cover (a scan).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

# A filled rectangle this thin (points) is a drawn border; a thicker one is shading.
THIN = 2.5
# Form XObjects nest; deeper than this is no table export.
MAX_FORM_DEPTH = 8
# Objects and characters of one page past which it is not read (a hostile or
# broken page; a dense table page has a few thousand of each).
MAX_PAGE_OBJECTS = 200_000
MAX_PAGE_CHARS = 100_000
WHITE = 250  # a colour channel at or above this, on every channel, is white

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class Segment:
    """A ruling line: horizontal (at y, from x start to end) or vertical (at x, from y start to end)."""

    horizontal: bool
    at: float
    start: float
    end: float


@dataclass(slots=True)
class Glyph:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    source: int  # the text object it was drawn by (consecutive glyphs of one cell share it)
    clipped: bool = False  # outside its object's clip path: drawn, but not seen

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    segments: list[Segment] = field(default_factory=list)
    glyphs: list[Glyph] = field(default_factory=list)
    image_share: float = 0.0  # of the page's area, covered by its largest image
    invisible: int = 0  # glyphs drawn invisibly (render mode 3)
    unmapped: int = 0  # glyphs whose character is unknown (no Unicode mapping)
    too_complex: bool = False  # past MAX_PAGE_OBJECTS or MAX_PAGE_CHARS: not read


def compose(outer: Matrix, inner: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


class View:
    """From PDF user space to the page as shown: points from its top-left corner, rotation applied."""

    def __init__(self, left: float, bottom: float, right: float, top: float, rotation: int) -> None:
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        self.rotation = rotation % 4
        sideways = self.rotation in (1, 3)
        self.width = (top - bottom) if sideways else (right - left)
        self.height = (right - left) if sideways else (top - bottom)

    def point(self, x: float, y: float) -> tuple[float, float]:
        rotation = self.rotation
        if rotation == 0:
            return x - self.left, self.top - y
        if rotation == 1:  # shown turned a quarter clockwise
            return y - self.bottom, x - self.left
        if rotation == 2:
            return self.right - x, y - self.bottom
        return self.top - y, self.right - x

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) as shown, of a box given by two corners in user space."""
        ax, ay = self.point(x0, y0)
        bx, by = self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def read_page(document: Any, index: int) -> PageContent:
    """The lines, glyphs and images of page `index` (0-based) of a pypdfium2 PdfDocument."""
    import pypdfium2.raw as pdfium

    page = pdfium.FPDF_LoadPage(document.raw, index)
    if not page:
        return PageContent(index + 1, 0.0, 0.0, too_complex=True)
    try:
        return read_loaded_page(pdfium, page, index)
    finally:
        pdfium.FPDF_ClosePage(page)


def read_loaded_page(pdfium: Any, page: Any, index: int) -> PageContent:
    box = pdfium.FS_RECTF()
    if not pdfium.FPDF_GetPageBoundingBox(page, box):
        box.left, box.bottom = 0.0, 0.0
        box.right, box.top = pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page)
    view = View(box.left, box.bottom, box.right, box.top, pdfium.FPDFPage_GetRotation(page))
    content = PageContent(index + 1, view.width, view.height)
    objects = [
        pdfium.FPDFPage_GetObject(page, i) for i in range(min(pdfium.FPDFPage_CountObjects(page), MAX_PAGE_OBJECTS + 1))
    ]
    counted = walk_objects(pdfium, objects, IDENTITY, view, content, 0, [0])
    if counted > MAX_PAGE_OBJECTS:
        content.too_complex = True
        content.segments.clear()
        return content
    read_glyphs(pdfium, page, view, content)
    return content


def walk_objects(
    pdfium: Any, objects: list[Any], outer: Matrix, view: View, content: PageContent, depth: int, count: list[int]
) -> int:
    """Paths and images of a list of page objects, into forms (XObjects) nested below them."""
    for obj in objects:
        count[0] += 1
        if count[0] > MAX_PAGE_OBJECTS:
            return count[0]
        kind = pdfium.FPDFPageObj_GetType(obj)
        if kind == pdfium.FPDF_PAGEOBJ_PATH:
            read_path(pdfium, obj, outer, view, content)
        elif kind == pdfium.FPDF_PAGEOBJ_IMAGE:
            read_image(pdfium, obj, outer, view, content)
        elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            inner = compose(outer, object_matrix(pdfium, obj))
            count_inside = pdfium.FPDFFormObj_CountObjects(obj)
            children = [
                pdfium.FPDFFormObj_GetObject(obj, i) for i in range(max(0, min(count_inside, MAX_PAGE_OBJECTS + 1)))
            ]
            walk_objects(pdfium, children, inner, view, content, depth + 1, count)
    return count[0]


def object_matrix(pdfium: Any, obj: Any) -> Matrix:
    matrix = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(obj, matrix):
        return IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def colour_is_white(getter: Any, obj: Any) -> bool:
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, red, green, blue, alpha):
        return False
    return alpha.value == 0 or min(red.value, green.value, blue.value) >= WHITE


def read_path(pdfium: Any, obj: Any, outer: Matrix, view: View, content: PageContent) -> None:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return
    stroked = bool(stroke.value) and not colour_is_white(pdfium.FPDFPageObj_GetStrokeColor, obj)
    filled = fill_mode.value != pdfium.FPDF_FILLMODE_NONE and not colour_is_white(pdfium.FPDFPageObj_GetFillColor, obj)
    if not stroked and not filled:
        return
    matrix = compose(outer, object_matrix(pdfium, obj))
    for points in subpaths(pdfium, obj):
        shown = [view.point(*apply(matrix, x, y)) for x, y in points]
        if stroked:
            content.segments.extend(straight_segments(shown))
        elif filled:
            thin = thin_rectangle(shown)
            if thin is not None:
                content.segments.append(thin)


def subpaths(pdfium: Any, obj: Any) -> list[list[tuple[float, float]]]:
    """The straight subpaths of a path, each as its points (a closed one ends where it began);
    a subpath with a curve is left out (no table border is curved)."""
    result: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    curved = False
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(pdfium.FPDFPath_CountSegments(obj)):
        segment = pdfium.FPDFPath_GetPathSegment(obj, i)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        pdfium.FPDFPathSegment_GetPoint(segment, x, y)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            if len(current) > 1 and not curved:
                result.append(current)
            current, curved = [(x.value, y.value)], False
            continue
        if kind != pdfium.FPDF_SEGMENT_LINETO:
            curved = True
        current.append((x.value, y.value))
        if pdfium.FPDFPathSegment_GetClose(segment) and current:
            current.append(current[0])
    if len(current) > 1 and not curved:
        result.append(current)
    return result


def straight_segments(points: list[tuple[float, float]]) -> list[Segment]:
    """The horizontal and vertical pieces of a polyline (diagonals are no borders)."""
    found = []
    for (x0, y0), (x1, y1) in pairwise(points):
        if abs(y1 - y0) <= 0.5 and abs(x1 - x0) > 0.5:
            found.append(Segment(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 0.5 and abs(y1 - y0) > 0.5:
            found.append(Segment(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return found


def thin_rectangle(points: list[tuple[float, float]]) -> Segment | None:
    """A filled axis-aligned rectangle no thicker than THIN, as the line it draws."""
    if len(points) < 4 or len(points) > 6:
        return None
    xs, ys = [x for x, _ in points], [y for _, y in points]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    if any(min(abs(x - left), abs(x - right)) > 0.5 or min(abs(y - top), abs(y - bottom)) > 0.5 for x, y in points):
        return None  # not an axis-aligned rectangle
    width, height = right - left, bottom - top
    if height <= THIN and width > height:
        return Segment(True, (top + bottom) / 2, left, right)
    if width <= THIN and height > width:
        return Segment(False, (left + right) / 2, top, bottom)
    return None


def read_image(pdfium: Any, obj: Any, outer: Matrix, view: View, content: PageContent) -> None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return
    corners = [view.point(*apply(outer, x, y)) for x, y in ((left.value, bottom.value), (right.value, top.value))]
    (x0, y0), (x1, y1) = corners
    page_area = max(content.width * content.height, 1.0)
    width = max(0.0, min(max(x0, x1), content.width) - max(min(x0, x1), 0.0))
    height = max(0.0, min(max(y0, y1), content.height) - max(min(y0, y1), 0.0))
    content.image_share = max(content.image_share, width * height / page_area)


def read_glyphs(pdfium: Any, page: Any, view: View, content: PageContent) -> None:
    text_page = pdfium.FPDFText_LoadPage(page)
    if not text_page:
        return
    try:
        count = pdfium.FPDFText_CountChars(text_page)
        if count > MAX_PAGE_CHARS:
            content.too_complex = True
            content.segments.clear()
            return
        rect = pdfium.FS_RECTF()
        invisible: dict[int, bool] = {}
        clips: dict[int, tuple[float, float, float, float] | None] = {}
        for i in range(count):
            if pdfium.FPDFText_IsGenerated(text_page, i) == 1:
                continue  # a space or line break pdfium inferred, not drawn
            code = pdfium.FPDFText_GetUnicode(text_page, i)
            obj = pdfium.FPDFText_GetTextObject(text_page, i)
            source = ctypes.cast(obj, ctypes.c_void_p).value or 0
            hidden = invisible.get(source)
            if hidden is None:
                hidden = invisible[source] = (
                    bool(obj) and pdfium.FPDFTextObj_GetTextRenderMode(obj) == pdfium.FPDF_TEXTRENDERMODE_INVISIBLE
                )
            if hidden:
                content.invisible += 1
                continue
            if code in (0, 0xFFFD, 0xFFFE, 0xFFFF) or pdfium.FPDFText_HasUnicodeMapError(text_page, i) == 1:
                content.unmapped += 1
                continue
            if code < 32 or 0xD800 <= code <= 0xDFFF:
                continue  # line breaks, tabs; a lone surrogate half no report could encode
            if not pdfium.FPDFText_GetLooseCharBox(text_page, i, rect):
                continue
            left, top, right, bottom = view.box(rect.left, rect.bottom, rect.right, rect.top)
            if source not in clips:
                clips[source] = clip_box(pdfium, obj, view) if obj else None
            clip = clips[source]
            x, y = (left + right) / 2, (top + bottom) / 2
            clipped = clip is not None and not (clip[0] <= x <= clip[2] and clip[1] <= y <= clip[3])
            content.glyphs.append(Glyph(chr(code), left, top, right, bottom, source, clipped))
    finally:
        pdfium.FPDFText_ClosePage(text_page)


def clip_box(pdfium: Any, obj: Any, view: View) -> tuple[float, float, float, float] | None:
    """The box (left, top, right, bottom, as shown) of a page object's clip path; None
    without one, or with one too odd to trust (no points, no area)."""
    clip = pdfium.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    points = []
    for path in range(min(pdfium.FPDFClipPath_CountPaths(clip), 64)):
        for index in range(min(pdfium.FPDFClipPath_CountPathSegments(clip, path), 256)):
            segment = pdfium.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and pdfium.FPDFPathSegment_GetPoint(segment, x, y):
                points.append(view.point(x.value, y.value))
    if not points:
        return None
    left, right = min(p[0] for p in points), max(p[0] for p in points)
    top, bottom = min(p[1] for p in points), max(p[1] for p in points)
    if right - left < 1.0 or bottom - top < 1.0:
        return None
    return left, top, right, bottom

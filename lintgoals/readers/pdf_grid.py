"""A page's table from its drawn grid: ruling lines make cells, glyphs fill them.

Reading the text flow of a table PDF loses its cells (a wrapped cell is several
lines, an empty cell is nothing); the grid the exporter drew keeps them. So:

1. **Lines.** Ruling segments are merged where they touch; a segment that does
   not meet two lines across it (an underline, a signature line) is no border.
2. **Grid.** Columns are the positions of vertical lines over the whole document
   (so a column keeps its number from page to page); rows are the bands between
   horizontal lines that some vertical line crosses. Neighbouring grid cells
   with no line between them are one merged cell, named by its top-left cell.
3. **Runs.** Glyphs are joined into runs: one line of text, no gap, one cell's
   text. A run crossing a border (unwrapped text spilling into empty
   neighbours) belongs to the cell it starts in; crossing into a filled
   neighbour, its last glyph cut by the border, the text shown is incomplete.
4. **Rows.** Each band of the grid is a row of the page, and so is each line of
   text outside the grid (a title, 单位：元), its runs placed in the columns
   they start in.

Everything is in points from the page's top-left corner; nothing here knows PDF.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from lintgoals.readers.pdf_page import Glyph, PageContent, Segment

TOLERANCE = 1.5  # points: lines this close are one line, a segment this near another meets it
MIN_SEGMENT = 2.0  # shorter pieces are dots and hatching, not borders
MIN_BAND = 3.0  # a band this thin between two lines (a double border) is no row
RUN_GAP = 0.3  # of a glyph's height: a wider gap ends a run (a space glyph itself is part of it)
RUN_OVERLAP = 0.2  # of a glyph's height: a glyph starting this far back over the last one starts a run
CROSSING = 0.5  # points a run must reach past a border to cross it
# Points: a glyph of another text object starting this close to where the last ended
# goes on with the same text (an exporter splits a line into objects by font: 200 in
# a Latin font after 每平方米 in a CJK one), even past a border.
ABUTTING = 0.1

T = TypeVar("T")


@dataclass(slots=True)
class Run:
    glyphs: list[Glyph]
    left: float
    top: float
    right: float
    bottom: float

    @property
    def text(self) -> str:
        return "".join(glyph.text for glyph in self.glyphs)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def start(self) -> float:
        """Where the run starts: the centre of its first glyph (a glyph is in the cell that holds most of it)."""
        return self.glyphs[0].centre


@dataclass(slots=True)
class Region:
    """A cell of the grid, merged or not: bands first..last, columns first..last (0-based)."""

    band: int
    column: int
    last_band: int
    last_column: int
    left: float
    top: float
    right: float
    bottom: float
    runs: list[Run] = field(default_factory=list)
    open_bottom: bool = False  # no line under it at the foot of the page: it goes on on the next page
    text: str = ""
    lines: int = 0  # of text: more than one, and the exporter wrapped it


@dataclass(slots=True)
class Cell:
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom
    region: Region | None = None  # the grid cell it is (None: text outside the grid)


@dataclass(slots=True)
class PageRow:
    top: float
    bottom: float
    cells: dict[int, Cell]  # by 0-based column
    ruled: bool  # a band of the grid (else a line of text outside it)

    def texts(self, columns: int) -> list[str]:
        return [self.cells[c].text if c in self.cells else "" for c in range(columns)]


@dataclass(slots=True)
class Flag:
    """A cell whose text crosses its border: `spill` into empty cells, `cut_off` by a filled one."""

    region: Region
    variant: str


@dataclass(slots=True)
class PageTable:
    number: int
    rows: list[PageRow]
    flags: list[Flag]
    ruled: bool  # the page has a drawn grid


# --- lines ------------------------------------------------------------------------


def merge_segments(segments: Iterable[Segment]) -> list[Segment]:
    """Collinear segments that touch or overlap, as one; pieces shorter than MIN_SEGMENT dropped."""
    merged: list[Segment] = []
    for horizontal in (True, False):
        lines = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: s.at)
        for group in clusters(lines, key=lambda s: s.at):
            at = sum(s.at for s in group) / len(group)
            pieces = sorted(group, key=lambda s: s.start)
            start, end = pieces[0].start, pieces[0].end
            for piece in pieces[1:]:
                if piece.start <= end + TOLERANCE:
                    end = max(end, piece.end)
                    continue
                merged.append(Segment(horizontal, at, start, end))
                start, end = piece.start, piece.end
            merged.append(Segment(horizontal, at, start, end))
    return [s for s in merged if s.end - s.start >= MIN_SEGMENT]


def clusters(items: Sequence[T], key: Callable[[T], float]) -> list[list[T]]:
    """Items sorted by key, grouped where consecutive keys are within TOLERANCE."""
    groups: list[list[T]] = []
    for item in items:
        if groups and key(item) - key(groups[-1][-1]) <= TOLERANCE:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def meets(line: Segment, other: Segment) -> bool:
    """Whether two perpendicular segments cross or touch."""
    return (
        other.start - TOLERANCE <= line.at <= other.end + TOLERANCE
        and line.start - TOLERANCE <= other.at <= line.end + TOLERANCE
    )


def ruling(segments: Iterable[Segment]) -> list[Segment]:
    """The segments that draw a grid: each meets at least two lines across it (repeated
    until nothing more is dropped: a lone border's pieces fall together)."""
    lines = merge_segments(segments)
    while True:
        horizontal = [s for s in lines if s.horizontal]
        vertical = [s for s in lines if not s.horizontal]
        kept = [s for s in lines if sum(meets(s, o) for o in (vertical if s.horizontal else horizontal)) >= 2]
        if len(kept) == len(lines):
            return kept
        lines = kept


def positions(values: Iterable[float]) -> list[float]:
    """Positions of lines, those within TOLERANCE of each other as their mean."""
    return [sum(group) / len(group) for group in clusters(sorted(values), key=lambda v: v)]


def column_positions(pages: Iterable[list[Segment]]) -> list[float]:
    """The x of every column border of the document: a column keeps its number on every page."""
    return positions(s.at for lines in pages for s in lines if not s.horizontal)


# --- runs -------------------------------------------------------------------------


def make_runs(glyphs: list[Glyph], borders: list[float]) -> list[Run]:
    """Glyphs in the order they were drawn, joined into runs (see the module's doc)."""
    runs: list[Run] = []
    current: list[Glyph] = []
    for glyph in glyphs:
        if current and continues(current[-1], glyph, borders):
            current.append(glyph)
            continue
        if current:
            runs.append(run_of(current))
        current = [glyph]
    if current:
        runs.append(run_of(current))
    return runs


def continues(last: Glyph, glyph: Glyph, borders: list[float]) -> bool:
    height = max(last.height, glyph.height, 1.0)
    if abs(glyph.middle - last.middle) > height / 2:
        return False  # another line
    gap = glyph.left - last.right
    if gap > RUN_GAP * height or gap < -RUN_OVERLAP * height:
        return False  # a gap, or a step back: the next cell's text begins over a glyph cut by its border
    if glyph.source != last.source and abs(gap) > ABUTTING:
        # Another text object just past a border, not abutting the last glyph: the next cell's own text.
        index = bisect_right(borders, last.centre)
        if index < len(borders) and borders[index] <= glyph.left + CROSSING:
            return False
    return True


def run_of(glyphs: list[Glyph]) -> Run:
    return Run(
        glyphs,
        min(g.left for g in glyphs),
        min(g.top for g in glyphs),
        max(g.right for g in glyphs),
        max(g.bottom for g in glyphs),
    )


def lines_of(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into lines of text, top to bottom, each left to right."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: r.middle):
        if lines and abs(run.middle - lines[-1][0].middle) <= max(run.height, lines[-1][0].height) / 2:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.left) for line in lines]


# The start of an item of a list in a cell: 一、 1、 1. （一） (1) ①.
LIST_ITEM = re.compile(
    r"(?:[一二三四五六七八九十]+、|\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）]|[①-⑳])"
)


def joined(lines: list[list[Run]]) -> str:
    """The text of a cell's lines of runs (lines_of): lines joined as wrapped text is (with a space only between
    two words of Latin letters: a code or an amount wrapped in a narrow column, 2390|01 or
    63158|0.00, is one), a line that starts an item of a list on a line of its own, runs on
    a line with the space that parted them."""
    text = ""
    for line in lines:
        line_text = ""
        for previous, run in zip([None, *line], line):
            part = run.text
            if previous is not None and run.left - previous.right > RUN_GAP * max(run.height, 1.0):
                part = " " + part
            line_text += part
        line_text = line_text.strip()
        if text and LIST_ITEM.match(line_text):
            text += "\n"  # an item of a list starts a line of its own (一、预算资金 …), as it did in the table
        elif (
            text
            and line_text
            and text[-1].isascii()
            and text[-1].isalpha()
            and line_text[0].isascii()
            and line_text[0].isalnum()
        ):
            text += " "
        text += line_text
    return text.strip()


# --- the grid of a page ------------------------------------------------------------


class Grid:
    """The bands and merged cells a page's ruling draws over the document's columns."""

    def __init__(self, lines: list[Segment], columns: list[float]) -> None:
        self.columns = columns
        self.horizontal = [s for s in lines if s.horizontal]
        self.vertical = [s for s in lines if not s.horizontal]
        self.ys = positions(s.at for s in self.horizontal)
        if self.ys and self.vertical:
            # A row split at the page's foot (a browser's print splits rows; Excel's does
            # not): its vertical lines go on below the last horizontal line with none under
            # them. It is a band all the same, open at the bottom (its text goes on at the
            # top of the next page); likewise the rest of it, above the first line there.
            foot, head = max(s.end for s in self.vertical), min(s.start for s in self.vertical)
            if foot - self.ys[-1] >= MIN_BAND:
                self.ys.append(foot)
            if self.ys[0] - head >= MIN_BAND:
                self.ys.insert(0, head)
        self.bands: list[tuple[int, int]] = []  # per ruled band: the first and last column it spans
        self.band_index: list[int] = []  # ruled bands, by index into ys
        for i in range(len(self.ys) - 1):
            if self.ys[i + 1] - self.ys[i] < MIN_BAND:
                continue
            span = self.span(i)
            if span is not None:
                self.band_index.append(i)
                self.bands.append(span)
        self.regions: dict[tuple[int, int], Region] = {}
        self.build_regions()

    def crossing(self, y: float) -> list[Segment]:
        return [s for s in self.vertical if s.start - TOLERANCE <= y <= s.end + TOLERANCE]

    def span(self, i: int) -> tuple[int, int] | None:
        """The columns of band i inside the grid: between its outermost vertical lines."""
        middle = (self.ys[i] + self.ys[i + 1]) / 2
        crossing = [s for s in self.vertical if s.start <= middle <= s.end]
        if len(crossing) < 2:
            return None
        left, right = min(s.at for s in crossing), max(s.at for s in crossing)
        first = self.column_at(left + TOLERANCE)
        last = self.column_at(right - TOLERANCE)
        return (first, last) if first is not None and last is not None and first <= last else None

    def column_at(self, x: float) -> int | None:
        """The 0-based column whose borders hold x (None: outside every column)."""
        index = bisect_right(self.columns, x) - 1
        return index if 0 <= index < len(self.columns) - 1 else None

    def vertical_line(self, x: float, top: float, bottom: float) -> bool:
        middle = (top + bottom) / 2
        return any(abs(s.at - x) <= TOLERANCE and s.start <= middle <= s.end for s in self.vertical)

    def horizontal_line(self, y: float, left: float, right: float) -> bool:
        middle = (left + right) / 2
        return any(abs(s.at - y) <= TOLERANCE and s.start <= middle <= s.end for s in self.horizontal)

    def build_regions(self) -> None:
        parent: dict[tuple[int, int], tuple[int, int]] = {}

        def find(cell: tuple[int, int]) -> tuple[int, int]:
            while parent[cell] != cell:
                parent[cell] = parent[parent[cell]]
                cell = parent[cell]
            return cell

        def union(a: tuple[int, int], b: tuple[int, int]) -> None:
            root_a, root_b = find(a), find(b)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)

        for band, (first, last) in enumerate(self.bands):
            for column in range(first, last + 1):
                parent[(band, column)] = (band, column)
        for band, (first, last) in enumerate(self.bands):
            top, bottom = self.ys[self.band_index[band]], self.ys[self.band_index[band] + 1]
            for column in range(first, last):
                if not self.vertical_line(self.columns[column + 1], top, bottom):
                    union((band, column), (band, column + 1))
            below = band + 1
            if below < len(self.bands) and self.band_index[below] == self.band_index[band] + 1:
                for column in range(first, last + 1):
                    if (below, column) in parent and not self.horizontal_line(
                        bottom, self.columns[column], self.columns[column + 1]
                    ):
                        union((band, column), (below, column))
        members: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for cell in parent:
            members.setdefault(find(cell), []).append(cell)
        for cells in members.values():
            first_band = min(band for band, _ in cells)
            last_band = max(band for band, _ in cells)
            first_column = min(column for band, column in cells if band == first_band)
            last_column = max(column for _, column in cells)
            region = Region(
                first_band,
                first_column,
                last_band,
                last_column,
                self.columns[min(column for _, column in cells)],
                self.ys[self.band_index[first_band]],
                self.columns[last_column + 1],
                self.ys[self.band_index[last_band] + 1],
            )
            region.open_bottom = last_band == len(self.bands) - 1 and not any(
                self.horizontal_line(region.bottom, self.columns[column], self.columns[column + 1])
                for band, column in cells
                if band == last_band
            )
            for cell in cells:
                self.regions[cell] = region

    def band_at(self, y: float) -> int | None:
        for band, i in enumerate(self.band_index):
            if self.ys[i] <= y < self.ys[i + 1]:
                return band
        return None


def read_page_table(content: PageContent, lines: list[Segment], columns: list[float]) -> PageTable:
    """The rows of one page (see the module's doc)."""
    grid = Grid(lines, columns)
    # A run drawn wholly outside its clip is not seen (see pdf_page.py); a run cut by
    # its clip at a border keeps its hidden glyphs, which show that it was cut off.
    runs = [run for run in make_runs(content.glyphs, columns) if not all(glyph.clipped for glyph in run.glyphs)]
    outside: list[Run] = []
    for run in runs:
        band = grid.band_at(run.glyphs[0].middle)
        column = grid.column_at(run.start)
        region = grid.regions.get((band, column)) if band is not None and column is not None else None
        if region is None:
            outside.append(run)
        else:
            region.runs.append(run)
    regions = unique_regions(grid)
    for region in regions:
        text_lines = lines_of(region.runs)
        region.lines, region.text = len(text_lines), joined(text_lines)
    rows: list[PageRow] = []
    for band, i in enumerate(grid.band_index):
        cells = {
            region.column: Cell(region.text, (region.left, region.top, region.right, region.bottom), region)
            for region in regions
            if region.band == band
        }
        rows.append(PageRow(grid.ys[i], grid.ys[i + 1], cells, True))
    rows.extend(text_rows(outside, columns))
    rows.sort(key=lambda row: row.top)
    return PageTable(content.number, rows, crossing_flags(grid, regions), bool(grid.bands))


def unique_regions(grid: Grid) -> list[Region]:
    seen: dict[int, Region] = {}
    for region in grid.regions.values():
        seen.setdefault(id(region), region)
    return sorted(seen.values(), key=lambda r: (r.band, r.column))


def crossing_flags(grid: Grid, regions: list[Region]) -> list[Flag]:
    """Cells whose text runs past their right border: into empty cells (spill), or up to a
    filled one that hides the rest (cut off)."""
    flags = []
    for region in regions:
        variant = None
        # Wrapped text (more than one line) was fitted to the cell by the exporter: a
        # glyph's box may still reach a little past the border (a full-width "）" whose
        # right half is blank, set against it), but nothing runs on beyond it.
        wrapped = region.lines > 1
        for run in region.runs:
            if run.right <= region.right + (max(CROSSING, run.height / 2) if wrapped else CROSSING):
                continue
            variant = variant or "spill"
            neighbour: Region | None = region
            while neighbour is not None and run.right > neighbour.right + CROSSING:
                neighbour = grid.regions.get((region.band, neighbour.last_column + 1))
                if neighbour is not None and neighbour.runs:
                    variant = "cut_off"
                    break
        if variant is not None:
            flags.append(Flag(region, variant))
    return flags


def text_rows(runs: list[Run], columns: list[float]) -> list[PageRow]:
    """Lines of text outside the grid, as rows: each run in the column it starts in (by the
    document's columns; without any, by where the runs of the page start)."""
    if not runs:
        return []
    gridded = len(columns) > 1
    starts = columns if gridded else text_columns(runs)
    last = max(len(starts) - (2 if gridded else 1), 0)
    rows = []
    for line in lines_of(runs):
        cells: dict[int, Cell] = {}
        for run in line:
            column = max(0, min(bisect_right(starts, run.start if gridded else run.left + TOLERANCE) - 1, last))
            text = run.text.strip()
            if column in cells:
                cell = cells[column]
                cell.text = f"{cell.text} {text}".strip()
                cell.box = (
                    min(cell.box[0], run.left),
                    min(cell.box[1], run.top),
                    max(cell.box[2], run.right),
                    max(cell.box[3], run.bottom),
                )
            else:
                cells[column] = Cell(text, (run.left, run.top, run.right, run.bottom))
        rows.append(PageRow(min(r.top for r in line), max(r.bottom for r in line), cells, False))
    return rows


def text_columns(runs: list[Run]) -> list[float]:
    """Without a grid: the left edges where runs of several lines start, as the columns."""
    starts = positions(run.left for run in runs)
    counts = {start: 0 for start in starts}
    for run in runs:
        nearest = min(starts, key=lambda s: abs(s - run.left))
        counts[nearest] += 1
    kept = [start for start in starts if counts[start] >= 2] or starts
    return [min(kept[0], min(run.left for run in runs))] + kept[1:]

"""Layouts turn rows into a Document: units, projects, funding and indicators.

Which layout a sheet follows is found from its header rows (or forced with
--layout); the layout's profile (YAML data) names the columns, and its
structure groups the rows. A layout also reports what is wrong with the
structure itself (LG003–LG006, LG508) as Issues, which the engine renders with
the messages of the active rule packs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Protocol

from lintgoals.layouts.building import BuildContext
from lintgoals.layouts.headers import HeaderMatch
from lintgoals.layouts.profile import LayoutProfile, load_profiles, shipped_profiles
from lintgoals.model import Document, Indicator, Issue, Location, Project, Unit
from lintgoals.readers.table import ReadError, Row, Sheet, Table

# A header stands near the top of its sheet: a title and a project block above it at most.
HEADER_SCAN_ROWS = 60
SHOWN_HEADERS = 12


class Builder(Protocol):
    """How a structure turns rows into the model. A structure is a module named in
    STRUCTURES that holds its builder class and declares, as module constants,
    COLUMNS (the fields its profiles' `columns` may name) and BLOCK (the labels of a
    block above the table, for `block`); a profile naming any other is refused when
    it loads, with its line. The builder is made once per sheet as
    `Builder(context, sheet, profile)`: `context` holds the Document being built
    and the issues found (BuildContext), `profile` the layout. Then, for each
    table on the sheet, `start_table` gets its header row and which column is which
    field (match.columns); `feed` gets each row under it; `finish` ends the sheet."""

    def start_table(self, header: Row, match: HeaderMatch) -> None: ...

    def feed(self, row: Row) -> None: ...

    def finish(self) -> None: ...


# Structure name → (module, builder class), imported when a sheet needs it.
STRUCTURES = {
    "unit-rows": ("lintgoals.layouts.unit_rows", "UnitRowsBuilder"),
    "project-block": ("lintgoals.layouts.project_block", "ProjectBlockBuilder"),
}


# A structure's builder class: made as `Builder(context, sheet, profile)`.
BuilderClass = Callable[[BuildContext, Sheet, LayoutProfile], Builder]


def builder_class(structure: str) -> BuilderClass:
    module, name = STRUCTURES[structure]
    found: BuilderClass = getattr(import_module(module), name)
    return found


def structure_fields(structure: str) -> tuple[frozenset[str], frozenset[str]]:
    """The column fields and block labels a structure reads (its module's COLUMNS and BLOCK)."""
    module = import_module(STRUCTURES[structure][0])
    return module.COLUMNS, module.BLOCK


@dataclass(slots=True, frozen=True)
class Detected:
    profile: LayoutProfile
    row: int  # index of the header row


def detect(sheet: Sheet, profiles: tuple[LayoutProfile, ...]) -> Detected | None:
    """The layout whose header comes first in the sheet (more named columns win a tie)."""
    rows = sheet.head(HEADER_SCAN_ROWS + 1)
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        below = rows[index + 1] if index + 1 < len(rows) else None
        matches = [
            (len(header.columns), profile)
            for profile in profiles
            if (header := profile.header_at(row, below)) is not None
        ]
        if matches:
            return Detected(max(matches, key=lambda match: match[0])[1], index)
    return None


def build(
    table: Table, profiles: tuple[LayoutProfile, ...] | None = None, forced: str | None = None
) -> tuple[Document, list[Issue]]:
    """Build the model of a table from every sheet that holds one; sheets without
    a table are skipped. Raise ReadError(LG002) when no sheet has one."""
    candidates = profiles if profiles is not None else shipped_profiles()
    if forced is not None:
        candidates = tuple(profile for profile in candidates if profile.name == forced)
    context = BuildContext(table, Document(table.path, "", Location(table.path), fields=set()))
    for sheet in table.sheets:
        detected = detect(sheet, candidates)
        if detected is None:
            continue
        if not context.document.layout:
            context.document.layout, context.document.layout_title = detected.profile.name, detected.profile.title
        builder = builder_class(detected.profile.structure)(context, sheet, detected.profile)
        feed_rows(sheet, detected.profile, builder, context)
    context.check_weak_fields()
    # What the reader noticed, known once every row has been read.
    context.issues += attached(table.notes, context.document)
    if not context.document.layout:
        raise ReadError("LG002", "no_header", params={"headers": headers_seen(table)})
    return context.document, context.issues


def attached(notes: list[Issue], document: Document) -> list[Issue]:
    """The reader's notes, those about a cell of a row the layout read (LG003: a PDF
    cell whose text crosses its border) given the unit, project and indicator of
    that row, as the layout's own LG003 has them: a report names its project."""
    if not any(note.code == "LG003" and note.location.line is not None for note in notes):
        return notes
    rows: dict[tuple[str | None, int | None, int], tuple[Unit, Project | None, Indicator | None]] = {}

    def add(location: Location, subject: tuple[Unit, Project | None, Indicator | None]) -> None:
        if location.line is not None:
            rows.setdefault((location.sheet, location.page, location.line), subject)

    for unit in document.units:
        for project in unit.projects:
            for indicator in project.indicators:
                add(indicator.location, (unit, project, indicator))
    for unit in document.units:  # a project's own row after its indicators' (a row may be both)
        for project in unit.projects:
            add(project.location, (unit, project, None))
        add(unit.location, (unit, None, None))
    for note in notes:
        where = note.location
        subject = rows.get((where.sheet, where.page, where.line)) if note.code == "LG003" and where.line else None
        if subject is not None and note.unit is None:
            note.unit, note.project, note.indicator = subject
    return notes


def feed_rows(sheet: Sheet, profile: LayoutProfile, builder: Builder, context: BuildContext) -> None:
    """Hand the builder each header (wherever a page repeats it) and each row under it.
    A row under a header has at least the header's columns (text extracted from
    PDF drops trailing empty cells; they are put back, empty), so that a builder
    reads any column of the header by index."""
    header_rows_left = 0  # the second row of a two-row header
    width = 0  # columns of the latest header
    for row, below in with_next(sheet.rows):
        if header_rows_left:
            header_rows_left -= 1
            continue
        if row.is_blank():
            continue
        header = profile.header_at(row, below)
        if header is None:
            if len(row.cells) < width:
                row.cells += [""] * (width - len(row.cells))
            builder.feed(row)
            continue
        width = max([*header.columns.values(), *(column for _, column in header.regions)], default=0)
        context.found_fields(header.columns, header.weak)
        context.read_header(sheet, row, below if header.height > 1 else None, header, profile.regions)
        builder.start_table(row, header)
        header_rows_left = header.height - 1
    builder.finish()


def with_next(rows: Iterable[Row]) -> Iterator[tuple[Row, Row | None]]:
    """Each row with the one below it (a header may span both), reading ahead one row only."""
    iterator = iter(rows)
    row = next(iterator, None)
    if row is None:
        return
    for below in iterator:
        yield row, below
        row = below
    yield row, None


def headers_seen(table: Table) -> str:
    """The likeliest header row of the file (the first with several filled cells), for LG002."""
    for sheet in table.sheets:
        for row in sheet.head(HEADER_SCAN_ROWS + 1)[:HEADER_SCAN_ROWS]:
            texts = [cell.strip() for cell in row.cells if cell.strip()]
            if len(texts) >= 3:
                shown = "、".join(text[:20] for text in texts[:SHOWN_HEADERS])
                return shown + ("…" if len(texts) > SHOWN_HEADERS else "")
    return ""


__all__ = ["LayoutProfile", "build", "detect", "load_profiles", "shipped_profiles"]

"""Where a unit, project or indicator sits in its document, for findings to carry
(Finding.subject): a report then places each finding by position, never by
matching names (names repeat: LG105 and LG402 report exactly that)."""

from __future__ import annotations

from lintgoals.model import Document, Indicator, Project, SubjectRef, Unit


class SubjectIndex:
    """Positions by object identity. Units and projects are indexed at once (a
    document has a few thousand at most); a project's indicators only when a
    finding is about one of them (a large table has a million), and only for the
    batch of units being checked. Of None (NO_INDEX), it gives no position at all."""

    def __init__(self, document: Document | None) -> None:
        units = document.units if document is not None else []
        self.enabled = document is not None
        self.units = {id(unit): index for index, unit in enumerate(units)}
        self.projects = {id(project): (u, p) for u, unit in enumerate(units) for p, project in enumerate(unit.projects)}
        self.indicators: dict[int, dict[int, int]] = {}

    def forget_indicators(self) -> None:
        self.indicators.clear()

    def ref(self, unit: Unit | None, project: Project | None, indicator: Indicator | None) -> SubjectRef | None:
        """The subject a finding is about, or None for one the document does not hold
        (an orphan row, reported before any unit)."""
        if not self.enabled:
            return None
        if project is not None:
            place = self.projects.get(id(project))
            if place is None:
                return None
            if indicator is None:
                return SubjectRef(*place)
            positions = self.indicators.get(id(project))
            if positions is None:
                positions = self.indicators[id(project)] = {id(item): i for i, item in enumerate(project.indicators)}
            index = positions.get(id(indicator))
            return SubjectRef(*place, index) if index is not None else SubjectRef(*place)
        if unit is not None and id(unit) in self.units:
            return SubjectRef(self.units[id(unit)])
        return None


# For a run that keeps no document: no finding is given a position.
NO_INDEX = SubjectIndex(None)

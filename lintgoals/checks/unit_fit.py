"""`unit_fits_name`: an indicator whose unit of measure does not fit what its name
says it counts: a number of days (…天数) counted in 次, a number of people
(…人数) in 元, an amount of money (…费, …资金) in 人/天.

    check: unit_fits_name
    options:
      units:                 # the end of a name → the units that fit it
        天数: [天, 日, 个工作日]
        人数: [人, 人次, 位, 名]

The unit is the 计量单位 column's where the table has one and it is filled, else
the one written in the value. A name's notes in brackets are read past
(宣传（活动）天数 ends in 天数), and so is a magnitude before the unit (万人
counts 人). A value without a unit is another rule's concern (LG505).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lintgoals.checks.base import (
    FIELD,
    Check,
    CheckOptions,
    Example,
    Hit,
    Options,
    field_location,
    field_value,
    option,
    options_schema,
)
from lintgoals.model import Indicator
from lintgoals.subjects import Subject, effective_unit

SHOWN_UNITS = 4  # the message names the commonest units that fit, not all
NOTES = re.compile(r"[(（][^()（）]*[)）]")
MAGNITUDE = re.compile(r"^[万亿千百]")


def unit_of(indicator: Indicator) -> str | None:
    """The unit as counted: 人/天 counts 人, 万人次 counts 人次."""
    unit = effective_unit(indicator)
    if not unit:
        return None
    unit = re.split(r"[/／]", unit.strip())[0]
    bare = MAGNITUDE.sub("", unit)
    return bare or unit


@dataclass(slots=True, frozen=True)
class UnitFitOptions(CheckOptions):
    field: str
    ending: re.Pattern[str]  # the name endings, longest first (…人次数 before …次数)
    units_of: dict[str, tuple[str, ...]]  # each ending's units in the order given

    @classmethod
    def from_options(cls, options: Options, member_target: str | None) -> UnitFitOptions:
        endings = sorted(options["units"], key=len, reverse=True)
        pattern = re.compile("(" + "|".join(map(re.escape, endings)) + r")\s*$")
        return cls(
            options.get("field", "name"), pattern, {ending: tuple(options["units"][ending]) for ending in endings}
        )


def check_unit_fits_name(subject: Subject, options: UnitFitOptions) -> Iterator[Hit]:
    indicator = subject.indicator
    if indicator is None:  # only indicators have units
        return
    name = str(field_value(subject, options.field) or "")
    match = options.ending.search(NOTES.sub("", name) if "(" in name or "（" in name else name)
    if match is None:
        return
    ending = match.group(1)
    fitting = options.units_of[ending]
    unit, written = unit_of(indicator), effective_unit(indicator)
    if unit is not None and unit not in fitting and written not in fitting:
        yield Hit(
            {"unit": written, "counted": ending, "expected": "、".join(fitting[:SHOWN_UNITS])},
            field_location(subject, "effective_unit"),
        )


CHECKS = (
    Check(
        name="unit_fits_name",
        function=check_unit_fits_name,
        options=options_schema(
            ["units"],
            field=option(FIELD, "The field holding the name.", "name"),
            units=option(
                {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                },
                "Each name ending → the units that fit it.",
            ),
        ),
        params=frozenset({"unit", "counted", "expected"}),
        field_options=("field",),
        settings=UnitFitOptions,
        summary="A unit of measure that does not fit what the name counts (…天数 in 次).",
        example=Example(
            "indicator",
            {"units": {"天数": ["天", "日", "个工作日"], "人数": ["人", "人次", "位", "名"]}},
            fires=({"name": "宣传天数", "value": "20次"},),
            quiet=({"name": "宣传天数", "value": "20天"},),
        ),
        refuses=(({"units": {}}, "{}"), ({"units": {"天数": []}}, "[]")),
    ),
)

"""Which indicator framework a table follows, and so which rule packs apply.

Two frameworks are in use. The 2019 one (and the templates before it) files
satisfaction under 效益 and has no 成本 category. The 2021 one (财预〔2021〕101号,
中央部门项目支出核心绩效目标和指标设置及取值指引) makes 满意度 and 成本 一级
categories of their own and fixes the 二级 names under each; its rules are in
the mof-2021 pack. Without a config that names its packs, each table is checked
with the packs of the framework it follows.
"""

from __future__ import annotations

from lintgoals.model import Document

FRAMEWORK_2019, FRAMEWORK_2021 = "2019", "2021"
PACKS: dict[str, list[str]] = {FRAMEWORK_2019: ["core"], FRAMEWORK_2021: ["core", "mof-2021"]}
# The year from which budget tables are drawn up in the 2021 framework.
FIRST_2021_YEAR = 2022


def detect_framework(document: Document) -> str:
    """2021 when a 一级 category of the table is 成本 (the 2021 framework's own). 2019
    when satisfaction is filed under 效益 and never as a 一级 of its own. Else 2021
    when 满意度 is a 一级 category with 二级 categories under it, or when the table is
    for 2022 or later and has either; else 2019."""
    indicators = [indicator for unit in document.units for project in unit.projects for indicator in project.indicators]
    level1 = {indicator.category for indicator in indicators}
    if "cost" in level1:
        return FRAMEWORK_2021
    if "satisfaction" not in level1 and any(i.is_satisfaction for i in indicators if i.category == "benefit"):
        return FRAMEWORK_2019
    fields = document.fields if document.fields is not None else set()
    if "satisfaction" in level1 and "subcategory" in fields:
        return FRAMEWORK_2021
    recent = document.year is not None and document.year >= FIRST_2021_YEAR
    if recent and ("subcategory" in fields or "satisfaction" in level1):
        return FRAMEWORK_2021
    return FRAMEWORK_2019

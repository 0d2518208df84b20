"""The words of the indicator framework: 一级 and 二级 names with their regional
variants, declared operators and directions, in canonical form."""

from __future__ import annotations

import re
from functools import lru_cache

from lintgoals.layouts.headers import normalize_header

CATEGORY_ALIASES: dict[str, str] = {
    "产出": "output",
    "产出指标": "output",
    "预期产出指标": "output",
    "预期产出": "output",
    "效益": "benefit",
    "效益指标": "benefit",
    "效果指标": "benefit",
    "预期效益指标": "benefit",
    "预期效果指标": "benefit",
    "效果": "benefit",
    "满意度": "satisfaction",
    "满意度指标": "satisfaction",
    "服务对象满意度指标": "satisfaction",
    "社会公众或服务对象满意度指标": "satisfaction",
    "社会公众或服务对象满意度": "satisfaction",
    "成本": "cost",
    "成本指标": "cost",
    # Regional names: Anhui's 项目完成指标 and 项目效益指标, the older 预期效果指标 …
    "项目完成指标": "output",
    "项目产出指标": "output",
    "项目效益指标": "benefit",
    "服务对象满意度": "satisfaction",
    # The canonical names themselves, as a model document may send them.
    "output": "output",
    "benefit": "benefit",
    "satisfaction": "satisfaction",
    "cost": "cost",
}
# 二级 names of the 2021 framework, and the older or regional names that mean them.
SUBCATEGORY_ALIASES: dict[str, str] = {
    "数量指标": "数量指标",
    "建筑规模指标": "数量指标",
    "质量指标": "质量指标",
    "时效指标": "时效指标",
    "工期指标": "时效指标",
    "成本指标": "成本指标",
    "预算控制指标": "成本指标",
    "投资规模控制指标": "成本指标",
    "经济效益指标": "经济效益指标",
    "社会效益指标": "社会效益指标",
    "生态效益指标": "生态效益指标",
    "环境效益指标": "生态效益指标",
    "可持续影响指标": "可持续影响指标",
    "服务对象满意度指标": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "满意度指标": "服务对象满意度指标",
    "经济成本指标": "经济成本指标",
    "社会成本指标": "社会成本指标",
    "生态环境成本指标": "生态环境成本指标",
}
# Which 一级 each 二级 of the framework belongs under: a table whose 一级 column
# holds 二级 names (数量指标, 质量指标 …) still says which category each is.
PARENT_CATEGORY: dict[str, str] = {
    "数量指标": "output",
    "质量指标": "output",
    "时效指标": "output",
    "成本指标": "output",
    "经济效益指标": "benefit",
    "社会效益指标": "benefit",
    "生态效益指标": "benefit",
    "可持续影响指标": "benefit",
    "服务对象满意度指标": "satisfaction",
    "经济成本指标": "cost",
    "社会成本指标": "cost",
    "生态环境成本指标": "cost",
}
# "数量指标(或建筑规模指标)", "时效指标(工期指标)", "预算(或投资规模)控制指标"
BRACKETED = re.compile(r"\((或)?[^)]*\)")
# "成本指标(0-20)分": a score range written into the category
SCORE_NOTE = re.compile(r"\([\d\s\-~—–.%]+\)分?$")
OPERATORS: dict[str, str] = {
    "≥": ">=",
    ">=": ">=",
    "大于等于": ">=",
    "＞": ">",
    ">": ">",
    "大于": ">",
    "=": "=",
    "＝": "=",
    "等于": "=",
    "≤": "<=",
    "<=": "<=",
    "小于等于": "<=",
    "＜": "<",
    "<": "<",
    "小于": "<",
    "定性": "qualitative",
    "定量": "quantitative",
    "qualitative": "qualitative",
    "quantitative": "quantitative",
}
DIRECTIONS: dict[str, str] = {
    "正向": "positive",
    "正向指标": "positive",
    "反向": "negative",
    "反向指标": "negative",
    "positive": "positive",
    "negative": "negative",
}


@lru_cache(maxsize=1 << 10)  # a table writes its 一级 in a handful of ways, on every indicator
def canonical_category(raw: str) -> str | None:
    text = normalize_header(raw)
    return CATEGORY_ALIASES.get(text) or CATEGORY_ALIASES.get(SCORE_NOTE.sub("", text))


@lru_cache(maxsize=1 << 10)
def categories_by_meaning(level1: str, level2: str | None) -> tuple[str | None, str | None]:
    """The category and the 二级 of an indicator, by what its 一级 and 二级 cells mean.

    Usually the 一级 cell names the category. Some tables put a group above it
    (实施效果指标 | 产出指标: the 二级 cell names the category, and there is no
    二级); others put the 二级 names in the 一级 column (数量指标: the category is
    the one it belongs under)."""
    category = canonical_category(level1) if level1 else None
    if category is not None:
        return category, level2 or None
    if level2 and canonical_category(level2) is not None and canonical_subcategory(level2) not in PARENT_CATEGORY:
        return canonical_category(level2), None
    for name in (level1, level2):
        parent = PARENT_CATEGORY.get(canonical_subcategory(name)) if name else None
        if parent is not None:
            return parent, level2 or level1
    return None, level2 or None


def canonical_subcategory(raw: str) -> str:
    """The framework's name for a 二级 (数量指标(或建筑规模指标) → 数量指标); unknown names stay as written."""
    text = normalize_header(raw)
    for candidate in (text, BRACKETED.sub("", text), text + "指标", BRACKETED.sub("", text) + "指标"):
        if candidate in SUBCATEGORY_ALIASES:
            return SUBCATEGORY_ALIASES[candidate]
    return text


def canonical_operator(raw: str) -> str | None:
    """A declared 指标性质/计算符号: >=, >, =, <, <=, qualitative, quantitative."""
    return OPERATORS.get(normalize_header(raw)) if raw else None


def canonical_direction(raw: str) -> str | None:
    return DIRECTIONS.get(normalize_header(raw)) if raw else None


SATISFACTION_WORDS = re.compile(r"满意度|满意率|满意程度")


def is_satisfaction(category: str | None, name: str, subcategory: str | None = None) -> bool:
    # Older tables file satisfaction under 效益指标 (干部职工满意度, a 二级 社会公众或服务对象
    # 满意度指标), so the name and the 二级 count too.
    return (
        category == "satisfaction"
        or SATISFACTION_WORDS.search(name) is not None
        or (subcategory is not None and PARENT_CATEGORY.get(canonical_subcategory(subcategory)) == "satisfaction")
    )

"""一级指标 names and their canonical categories."""

from __future__ import annotations

from lintgoals.layouts.headers import normalize_header

CATEGORY_ALIASES: dict[str, str] = {
    "产出": "output", "产出指标": "output", "预期产出指标": "output",
    "效益": "benefit", "效益指标": "benefit", "效果指标": "benefit", "预期效益指标": "benefit",
    "满意度": "satisfaction", "满意度指标": "satisfaction",
    "服务对象满意度指标": "satisfaction", "社会公众或服务对象满意度指标": "satisfaction",
    "成本": "cost", "成本指标": "cost",
}


def canonical_category(raw: str) -> str | None:
    return CATEGORY_ALIASES.get(normalize_header(raw))


def is_satisfaction(category: str | None, name: str) -> bool:
    # Older tables file satisfaction under 效益指标 (干部职工满意度), so the name counts too.
    return category == "satisfaction" or "满意度" in name

"""A rule as `lintgoals rule CODE` shows it to a person: its message with each
placeholder filled from the rule's options where they fix it ({min} → 95) and
named in words where the table supplies it ({value} → 〔指标值〕)."""

from __future__ import annotations

import re
from typing import Any

PLACEHOLDER = re.compile(r"\{(\w+)\}")

# What each placeholder stands for, in the words of the report's language.
PLACEHOLDER_WORDS: dict[str, dict[str, str]] = {
    "zh": {"value": "指标值", "text": "单元格内容", "name": "指标名称", "project": "项目名称", "unit": "单位",
           "unit_code": "单位编码", "unit_name": "单位名称", "description": "指标描述", "count": "个数",
           "limit": "上限", "reason": "原因", "sheet": "工作表", "money_unit": "金额单位", "match": "所含字词",
           "key": "重复的内容", "first_line": "首次出现的行", "date": "日期", "total": "总计", "sum": "合计",
           "size": "大小", "number": "数值", "low": "下限", "high": "上限", "headers": "表头", "equals": "应为",
           "columns": "列", "code": "代码", "allowed": "允许的值", "about": "豁免对象", "until": "有效期",
           "unit_of_measure": "计量单位", "subcategory": "二级指标", "category": "一级指标", "seconds": "秒数",
           "repeated": "重复的内容", "prefix": "应有的前缀", "memory": "内存", "main": "主表", "ignored": "忽略的内容",
           "expected": "应有的单位", "encoding": "编码", "diff": "差额", "declared": "声明的值",
           "counted": "计量的内容", "cell": "单元格", "field": "栏目", "length": "字数", "min": "下限",
           "max": "上限"},
    "en": {"value": "target value", "text": "cell text", "name": "indicator name", "project": "project name",
           "unit": "unit", "unit_code": "unit code", "unit_name": "unit name", "description": "description",
           "count": "count", "limit": "limit", "reason": "reason", "sheet": "sheet", "money_unit": "money unit",
           "match": "matched words", "key": "repeated text", "first_line": "first line", "date": "date",
           "total": "total", "sum": "sum", "size": "size", "number": "number", "low": "low", "high": "high",
           "headers": "headers", "equals": "expected sum", "columns": "columns", "code": "code",
           "allowed": "allowed values", "about": "what it covers", "until": "end date",
           "unit_of_measure": "unit of measure", "subcategory": "level-2 category", "category": "level-1 category",
           "seconds": "seconds", "repeated": "repeated text", "prefix": "expected prefix", "memory": "memory",
           "main": "main table", "ignored": "ignored text", "expected": "expected units", "encoding": "encoding",
           "diff": "difference", "declared": "declared value", "counted": "what is counted", "cell": "cell",
           "field": "field", "length": "length", "min": "minimum", "max": "maximum"},
}
BRACKETS = {"zh": ("〔", "〕"), "en": ("<", ">")}


def readable_template(template: str, options: dict[str, Any], lang: str) -> str:
    """The template with options filled in and every other placeholder named in words."""
    key = "en" if lang == "en" else "zh"
    words, (open_mark, close_mark) = PLACEHOLDER_WORDS[key], BRACKETS[key]

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = options.get(name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value)
        return f"{open_mark}{words.get(name, name)}{close_mark}"
    return PLACEHOLDER.sub(fill, template)


TARGET_WORDS = {"zh": {"document": "整个文件", "unit": "单位", "project": "项目", "indicator": "指标"},
                "en": {"document": "the whole file", "unit": "unit", "project": "project", "indicator": "indicator"}}
SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示", "off": "关闭"},
                  "en": {"error": "error", "warning": "warning", "info": "info", "off": "off"}}

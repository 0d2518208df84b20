"""Parse an indicator value (指标值) of a 项目绩效目标表 into a structured `Value`.

Indicator values are free text typed by hand into spreadsheets: "95%以上",
"≥95%", "3-5次，具体按市里有关要求开展。", "两次以上", "200余位", "符合" ...
`parse_value` finds the FIRST quantity in such a text and reports its
comparison operator, number(s), unit and whether it is approximate; anything
written after that quantity is ignored, because in practice it is commentary.

The parser is a pure function built on regexes compiled once at import time;
it keeps no state between calls and never raises on any string.

Decisions worth knowing:

* The unit is the longest known unit written right after the number (or after
  the second number of a range), as written: "10个工作日以内" has unit
  "个工作日", "3个月" has "个月", "100元/天" has "元" (the "/天" part is not
  part of the unit). ASCII units are lower-cased ("KM" -> "km"); "㎡"/"m²"
  become "m2" through NFKC normalisation.
* Multipliers stay in the unit: "2万元" is 2 with unit "万元", and so is
  "两万元", so that Arabic and Chinese spellings agree. A bare multiplier is a
  magnitude, not a unit: "250万" is 2500000 with no unit.
* Dates, periods and deadlines are times, not quantities: "12月底前",
  "2023年12月31日前", "2023.07-2024.01", "1-12月" have kind "date" or "period"
  and no numbers, so that a period is never read as a range of numbers.
* Yes/no answers (是, 否, 符合 …) and grades (优良, 好, 高 …) are qualitative
  kinds of their own: they can be scored, unlike free text.
* Without a number there is nothing to compare, so a value with no number
  ("不超出上年接待费标准") has operator None, unit None, approximate False.
* A prefix operator wins over a suffix one ("高于90%以上" is ">").
* Ordinals ("第3季度", "第一次") are not quantities, nor are list markers
  ("1、", "(2)", "①") or identifiers ("G20", "5G", "4A级").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Final, NamedTuple

__all__ = ["KINDS", "DatePoint", "Value", "parse_value"]

# What a value is. A quantity has numbers; a date or period names a time; the
# other kinds are qualitative: a yes/no answer, a grade, or free text.
QUANTITY, DATE, PERIOD, YESNO, GRADE, TEXT = "quantity", "date", "period", "yesno", "grade", "text"
KINDS: Final = (QUANTITY, DATE, PERIOD, YESNO, GRADE, TEXT)
QUALITATIVE_KINDS: Final = frozenset({YESNO, GRADE, TEXT})


class DatePoint(NamedTuple):
    """A point in time as a value names it; parts it does not say are None."""

    year: int | None
    month: int | None
    day: int | None = None


@dataclass(slots=True, frozen=True)
class Value:
    text: str  # the raw text, stripped
    operator: str | None  # ">=", ">", "=", "<", "<=" or None
    numbers: tuple[Decimal, ...]  # () when no number; (low, high) for a range; else (n,)
    unit: str | None  # "%", "人", "次", "天", "平方米", "元", "万元", ...
    approximate: bool  # 左右, 约, 余, 多, 大约, 上下 ...
    is_range: bool  # "3-5次", "1~2次", "3至5次" ...
    qualitative: bool  # True for a yes/no answer, a grade or free text: no number, no time
    kind: str = TEXT  # one of KINDS
    dates: tuple[DatePoint, ...] = ()  # a date: (when,); a period: (start, end)
    deadline: bool = False  # a date to be met by: 12月底前, 6月30日之前
    per: str | None = None  # what the unit is counted per: 元/人 → 人

    @property
    def number(self) -> Decimal | None:
        """The first number (the low end of a range), or None."""
        return self.numbers[0] if self.numbers else None

    @property
    def is_inverted_range(self) -> bool:
        """A range written high-to-low ("5-3次"), almost always a typing slip."""
        return self.is_range and self.numbers[0] > self.numbers[1]


# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------


def _enumerator_marks() -> Iterable[int]:
    """Code points of circled / parenthesised list markers (①, ⑴, ⒈, ❶ ...).

    NFKC would turn them into plain digits ("①" -> "1"), which would then be
    read as a quantity; they are list markers, so they become separators.
    """
    yield from range(0x2460, 0x24A0)  # ① .. ⒇, ⒈ .. ⒛
    yield 0x24EA  # ⓪
    yield from range(0x24F5, 0x2500)  # ⓵ .. ⓾
    yield from range(0x2776, 0x2794)  # ❶ .. ➓
    yield from range(0x3251, 0x3260)  # ㉑ .. ㉟
    yield from range(0x32B1, 0x32C0)  # ㊱ .. ㊿


# Applied before NFKC: dashes and wave dashes that NFKC leaves alone are folded
# into "-" and "~", comparison signs into ≥/≤, and list markers that NFKC would
# turn into digits become separators. (NFKC itself turns "，" into ",", so
# "1，200" written with an IME comma still reads as 1200.)
_PRE_NFKC: Final[Mapping[int, str]] = MappingProxyType(
    {
        ord("—"): "-",  # em dash
        ord("–"): "-",  # en dash
        ord("―"): "-",  # horizontal bar
        ord("‐"): "-",  # hyphen
        ord("‑"): "-",  # non-breaking hyphen
        ord("−"): "-",  # minus sign
        ord("〜"): "~",  # wave dash
        ord("∼"): "~",  # tilde operator
        ord("≧"): "≥",
        ord("⩾"): "≥",
        ord("≦"): "≤",
        ord("⩽"): "≤",
        **{code: "、" for code in _enumerator_marks()},
    }
)


def _normalise(text: str) -> str:
    """Full-width to half-width (NFKC) and a few dash/comparison folds."""
    if text.isascii():  # the common fast path: nothing to fold
        return text
    return unicodedata.normalize("NFKC", text.translate(_PRE_NFKC))


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation trying the longest words first.

    Python's `|` takes the first alternative that matches, so "人次" must be
    tried before "人" and "不低于" before "低于".
    """
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


_CN_DIGIT_VALUES: Final[Mapping[str, int]] = MappingProxyType(
    {
        "〇": 0,
        "零": 0,
        "一": 1,
        "壹": 1,
        "二": 2,
        "贰": 2,
        "两": 2,
        "兩": 2,
        "三": 3,
        "叁": 3,
        "四": 4,
        "肆": 4,
        "五": 5,
        "伍": 5,
        "六": 6,
        "陆": 6,
        "七": 7,
        "柒": 7,
        "八": 8,
        "捌": 8,
        "九": 9,
        "玖": 9,
    }
)
_CN_SMALL_MULTIPLIERS: Final[Mapping[str, int]] = MappingProxyType(
    {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
)
_CN_UNIT_MULTIPLIERS: Final[Mapping[str, int]] = MappingProxyType(
    {"百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
)
_CN_WAN: Final = frozenset("万萬")  # anything else that is not a digit or 十/百/千 is 亿

# A Chinese numeral starts with a digit or 十 ("十五"); a lone 百/千/万 is far
# more often a word ("百姓", "万元" with no number) than a quantity.
_CN_LEAD_CHARS: Final = "".join(_CN_DIGIT_VALUES) + "十拾"
_CN_ALL_CHARS: Final = _CN_LEAD_CHARS + "百佰千仟万萬亿億"

_UNITS_CHINESE: Final = (
    # percentages
    "%",
    "‰",
    "个百分点",
    "百分点",
    "百分比",
    # money
    "亿元",
    "万元",
    "千元",
    "百元",
    "元",
    # bare multipliers ("5万", "1.2亿") and counted multipliers
    "万",
    "亿",
    "万人",
    "万人次",
    "万户",
    "万册",
    "万亩",
    "万吨",
    "万平方米",
    "万千瓦",
    # area, length, volume, weight, energy
    "平方公里",
    "平方千米",
    "平方米",
    "平方",
    "平米",
    "立方米",
    "亩",
    "公顷",
    "公里",
    "千米",
    "米",
    "厘米",
    "毫米",
    "吨",
    "千克",
    "公斤",
    "斤",
    "克",
    "升",
    "毫升",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "度",
    # time
    "个工作日",
    "工作日",
    "个自然日",
    "自然日",
    "个小时",
    "小时",
    "分钟",
    "秒",
    "个月",
    "个季度",
    "季度",
    "学期",
    "学年",
    "年度",
    "周年",
    "年",
    "月",
    "周",
    "星期",
    "天",
    "日",
    "课时",
    "学时",
    "周岁",
    "岁",
    # people and counted things (measure words)
    "人次",
    "人天",
    "人日",
    "人",
    "位",
    "名",
    "户",
    "家",
    "所",
    "个",
    "次",
    "批次",
    "批",
    "场次",
    "场",
    "项",
    "期",
    "篇",
    "份",
    "件",
    "套",
    "台",
    "辆",
    "张",
    "本",
    "册",
    "部",
    "处",
    "座",
    "条",
    "株",
    "棵",
    "只",
    "间",
    "栋",
    "幢",
    "块",
    "类",
    "种",
    "组",
    "支",
    "队",
    "轮",
    "届",
    "节",
    "层",
    "首",
    "幅",
    "页",
    "级",
    "星",
    "倍",
    "例",
    "宗",
    # only after Arabic digits, see _ARABIC_ONLY_UNITS
    "分",
    "起",
)
# After a Chinese numeral these are words, not units: 十分满意 (very
# satisfied), 三分之一 (a third), 一起 (together). "90分", "0起" are fine.
_ARABIC_ONLY_UNITS: Final = frozenset(("分", "起"))
# Matched case-insensitively and only when no other letter follows: "5m" is
# metres, "5mph" has no unit.
_UNITS_ASCII: Final = (
    "km",
    "kg",
    "kw",
    "kwh",
    "m2",
    "m3",
    "m",
    "cm",
    "mm",
    "gb",
    "mb",
    "tb",
    "min",
)

# A bare 万/亿 is a unit only where the numeral ends: "5万" and "十五万" are
# 15 万, but in "一万五" and "三亿五千万元" the multiplier is part of the numeral.
_BARE_MULTIPLIERS: Final = ("万", "亿")
_UNITS: Final = (
    rf"(?:{_alternation(u for u in _UNITS_CHINESE if u not in _BARE_MULTIPLIERS)}"
    rf"|[万亿](?![{_CN_ALL_CHARS}])"
    rf"|(?i:{_alternation(_UNITS_ASCII)})(?![A-Za-z]))"
)

_PREFIX_OPERATORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys(
            (
                "≥",
                ">=",
                "大于等于",
                "大于或等于",
                "高于或等于",
                "不低于",
                "不少于",
                "不小于",
                "不短于",
                "不得低于",
                "不得少于",
                "不应低于",
                "至少",
                "最少",
                "达到",
            ),
            ">=",
        ),
        **dict.fromkeys((">", "大于", "超过", "高于", "多于", "超出"), ">"),
        **dict.fromkeys(
            (
                "≤",
                "<=",
                "小于等于",
                "小于或等于",
                "低于或等于",
                "不超过",
                "不高于",
                "不多于",
                "不大于",
                "不超出",
                "不得超过",
                "不得高于",
                "不得多于",
                "不应超过",
                "最多",
                "至多",
                "控制在",
            ),
            "<=",
        ),
        **dict.fromkeys(("<", "小于", "低于", "少于", "不足", "不到"), "<"),
        **dict.fromkeys(("=", "==", "等于"), "="),
    }
)

# Suffixes written after number+unit. In Chinese usage (and in budget
# practice) 以上/以下 include the number itself, hence >= and <=.
_SUFFIX_OPERATORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys(("以上", "及以上", "或以上", "(含)以上"), ">="),
        **dict.fromkeys(("以下", "及以下", "或以下", "(含)以下", "以内", "之内", "内"), "<="),
    }
)
# "内" alone ("3天内") is an operator, but not as the start of 内部/内容/...
_SUFFIX_OPERATOR_ALT: Final = (
    _alternation(word for word in _SUFFIX_OPERATORS if word != "内") + "|内(?![部容涵地陆外蒙])"
)

# 约 is "about" unless it is part of 节约 (save), 制约, 合约, 预约, 签约 ...
_APPROX_PREFIX: Final = r"大约|大概|大致|接近|将近|(?<![节制合预签公条契规])约为?"
# 上下 is "about" unless it is 上下班 (commute), 上下级, 上下游 ...
_APPROX_SUFFIX: Final = r"左右|上下(?![班级游车学])|前后"
_MORE: Final = r"[余多]"  # "200余位", "30多批次": written between number and unit

_RANGE_SEPARATOR: Final = r"(?:-{1,2}|~|至|到)"

# Arabic number: "1,200", "95.5". It may not be followed by a digit, so the
# engine can never backtrack into the middle of a number.
_ARABIC: Final = r"[0-9]+(?:,[0-9]{3}(?![0-9]))*(?:\.[0-9]+)?(?![0-9])"

# Chinese numeral: a run of numeral characters, at most 20 of them (which
# bounds both the integer it denotes and the work spent on long runs). It is
# lazy and stops as soon as a unit follows, so that "两万元" is 2 万元 (like
# "2万元") and "三千米" is 3 千米; otherwise it runs to the end of the numeral
# ("一百二十次" is 120 次).
_CHINESE: Final = (
    rf"(?<![{_CN_ALL_CHARS}])[{_CN_LEAD_CHARS}][{_CN_ALL_CHARS}]{{0,19}}?"
    rf"(?=[余多]?\s{{0,3}}{_UNITS}|(?![{_CN_ALL_CHARS}]))"
)

_GAP: Final = r"\s{0,3}"  # bounded, so that long runs of spaces stay cheap

# The first quantity: [operator] [约] number [余/多] [unit] [- number [余/多] [unit]]
# [左右] [以上]. The named groups are read by `_value_from_match`.
_QUANTITY_RE: Final = re.compile(
    rf"""
    (?:(?P<op_pre>{_alternation(_PREFIX_OPERATORS)}){_GAP})?
    (?:(?P<approx_pre>{_APPROX_PREFIX}){_GAP})?
    (?:
        (?P<pct_full>百分之百|百分百)
      | 百分之{_GAP}(?:(?P<pct_arabic>{_ARABIC})|(?P<pct_chinese>{_CHINESE}))
      | (?<!第)(?P<sign>[-+])?(?P<arabic>{_ARABIC})
      | (?<!第)(?P<chinese>{_CHINESE})
    )
    (?P<more1>{_MORE})?
    (?:{_GAP}(?P<unit1>{_UNITS}))?
    (?:
        {_GAP}{_RANGE_SEPARATOR}{_GAP}
        (?:
            # "2019-12-31" is a date, not the range 2019-12
            (?P<arabic2>{_ARABIC})(?!{_GAP}[-/][0-9])
          | (?P<chinese2>{_CHINESE})
        )
        (?P<more2>{_MORE})?
        (?:{_GAP}(?P<unit2>{_UNITS}))?
    )?
    # "100元/天", "500元/人·月": what the unit is counted per
    (?:{_GAP}[/／]{_GAP}(?P<per>[\u4e00-\u9fff][\u4e00-\u9fff·]{{0,3}}))?
    (?:{_GAP}(?P<approx_post>{_APPROX_SUFFIX}))?
    (?:{_GAP}(?P<op_post>{_SUFFIX_OPERATOR_ALT}))?
    """,
    re.VERBOSE,
)

# Cheap pre-check: most qualitative values contain no numeral at all.
_ANY_NUMERAL_RE: Final = re.compile(rf"[0-9{_CN_LEAD_CHARS}]|百分")

# Words made of a Chinese numeral and a measure word that are not quantities:
# 一次性 (one-off), 一条龙 (one-stop), 一部分 (a part), 一元化 (unified) ...
_CHINESE_IDIOM_RE: Final = re.compile(r"次性|条龙|部[分份门署]|元化")

# Characters after which "1、" / "(2)" / "3." is a list marker.
_ENUMERATOR_BEFORE: Final = frozenset(" \t\r\n(、,;:。；：")
_ENUMERATOR_AFTER: Final = frozenset("、.)")

# Trailing punctuation allowed after a bare Chinese numeral ("十五。").
_TRAILING_PUNCTUATION: Final = " \t\r\n。.、,;!！"


# --------------------------------------------------------------------------
# Number conversion
# --------------------------------------------------------------------------


def _arabic_to_decimal(digits: str, sign: str | None = None) -> Decimal:
    return Decimal((sign or "") + digits.replace(",", ""))


def _chinese_to_int(numeral: str) -> int:
    """Value of a Chinese numeral: "二十" 20, "一百零五" 105, "两百五" 250,
    "三亿五千万" 350000000, and digit-by-digit years "二〇一九" 2019.

    Lenient on malformed input (it only needs to never raise).
    """
    if all(char in _CN_DIGIT_VALUES for char in numeral):
        result = 0
        for char in numeral:  # positional: 二〇一九 -> 2019
            result = result * 10 + _CN_DIGIT_VALUES[char]
        return result

    above_yi = 0  # everything already multiplied by 亿
    wan_part = 0  # the 万 group
    section = 0  # below 万: sum of digit×十/百/千
    digit = 0  # the pending digit
    previous_multiplier = 0  # multiplier right before the pending digit, for "两百五"
    for char in numeral:
        if char in _CN_DIGIT_VALUES:
            digit = _CN_DIGIT_VALUES[char]
            continue
        if char in _CN_SMALL_MULTIPLIERS:
            multiplier = _CN_SMALL_MULTIPLIERS[char]
            # "十五" means 一十五: a bare 十 counts one ten.
            section += (digit or (1 if multiplier == 10 else 0)) * multiplier
        elif char in _CN_WAN:
            multiplier = 10_000
            wan_part = (wan_part + section + digit) * multiplier
            section = 0
        else:  # 亿
            multiplier = 100_000_000
            above_yi = (above_yi + wan_part + section + digit) * multiplier
            wan_part = section = 0
        digit = 0
        previous_multiplier = multiplier
    # A digit straight after a multiplier is one order lower in colloquial
    # Chinese: 两百五 = 250, 一万五 = 15000 (but 一百零五 = 105).
    if digit and previous_multiplier >= 100 and numeral[-2] not in _CN_DIGIT_VALUES:
        digit *= previous_multiplier // 10
    return above_yi + wan_part + section + digit


def _chinese_quantity(numeral: str, unit: str | None) -> Decimal:
    """The number counted in `unit`. The numeral stops where a unit begins, so
    a unit starting with a multiplier takes it from the numeral: "三亿五千万元"
    is 三亿五千 + 万元, i.e. 三亿五千万 / 10000 = 35000 万元."""
    multiplier = _CN_UNIT_MULTIPLIERS.get(unit[0]) if unit else None
    if multiplier is None or not unit:
        return Decimal(_chinese_to_int(numeral))
    whole = _chinese_to_int(numeral + unit[0])
    if whole % multiplier == 0:  # always, for well-formed numerals
        return Decimal(whole // multiplier)
    return Decimal(whole) / multiplier


# --------------------------------------------------------------------------
# Reading a match
# --------------------------------------------------------------------------


def _is_identifier(norm: str, match: re.Match[str]) -> bool:
    """Digits glued to Latin letters are names, not quantities: G20, 5G, H7N9, 4A."""
    start = match.start("sign") if match["sign"] else match.start("arabic")
    end = match.end("arabic")
    before = norm[start - 1] if start > 0 else ""
    after = norm[end] if end < len(norm) and not match["unit1"] and not match["more1"] else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _is_enumerator(norm: str, match: re.Match[str]) -> bool:
    """ "1、完备", "(2)合规", "3.按时完成": a list marker, not a quantity."""
    digits = match["arabic"]
    if match["sign"] or len(digits) > 2 or not digits.isdigit():
        return False
    qualifiers = ("unit1", "arabic2", "chinese2", "more1", "op_pre", "approx_pre")
    if any(match[name] for name in qualifiers):
        return False
    start, end = match.span("arabic")
    if start > 0 and norm[start - 1] not in _ENUMERATOR_BEFORE:
        return False
    # A marker is followed by its punctuation and then by the item's text.
    return end + 1 < len(norm) and norm[end] in _ENUMERATOR_AFTER and not norm[end + 1].isdigit()


def _is_counted_chinese(norm: str, match: re.Match[str]) -> bool:
    """A Chinese numeral is a quantity only when a unit follows it (两次, 三个),
    or when it is the whole value ("十五"). This keeps "每日一打扫" and
    "一致好评" qualitative."""
    unit = match["unit2"] or match["unit1"]
    if unit:
        if unit in _ARABIC_ONLY_UNITS:
            return False
        unit_start = match.start("unit2" if match["unit2"] else "unit1")
        return not _CHINESE_IDIOM_RE.match(norm, unit_start)
    return match.start() == 0 and not norm[match.end() :].strip(_TRAILING_PUNCTUATION)


def _first_number(norm: str, match: re.Match[str]) -> tuple[Decimal, str | None] | None:
    """The first number and any unit implied by its spelling (百分之 -> "%"),
    or None when this match is not a quantity after all."""
    if match["pct_full"]:
        return Decimal(100), "%"
    if match["pct_arabic"]:
        return _arabic_to_decimal(match["pct_arabic"]), "%"
    if match["pct_chinese"]:
        return Decimal(_chinese_to_int(match["pct_chinese"])), "%"
    if match["arabic"]:
        if _is_identifier(norm, match) or _is_enumerator(norm, match):
            return None
        return _arabic_to_decimal(match["arabic"], match["sign"]), None
    if _is_counted_chinese(norm, match):
        return _chinese_quantity(match["chinese"], match["unit1"]), None
    return None


def _second_number(match: re.Match[str]) -> Decimal | None:
    if match["arabic2"]:
        return _arabic_to_decimal(match["arabic2"])
    if match["chinese2"]:
        return _chinese_quantity(match["chinese2"], match["unit2"])
    return None


def _clean_unit(unit: str | None) -> str | None:
    return unit.lower() if unit and unit.isascii() else unit


def _value_from_match(text: str, norm: str, match: re.Match[str]) -> Value | None:
    first = _first_number(norm, match)
    if first is None:
        return None
    low, implied_unit = first
    high = _second_number(match)
    numbers: tuple[Decimal, ...] = (low,) if high is None else (low, high)

    operator = None
    if match["op_pre"]:
        operator = _PREFIX_OPERATORS[match["op_pre"]]
    elif match["op_post"]:
        operator = _SUFFIX_OPERATORS[match["op_post"]]

    unit = implied_unit or _clean_unit(match["unit2"] or match["unit1"])
    if unit == "百分比":  # "≥100百分比", as a budget system prints %
        unit = "%"
    if unit is not None and unit in _MAGNITUDES:  # "250万": a magnitude, not a unit
        numbers = tuple(number * _MAGNITUDES[unit] for number in numbers)
        unit = None
    return Value(
        text=text,
        operator=operator,
        numbers=numbers,
        unit=unit,
        approximate=any(match[name] for name in ("approx_pre", "more1", "more2", "approx_post")),
        is_range=high is not None,
        qualitative=False,
        kind=QUANTITY,
        per=match["per"],
    )


_MAGNITUDES: Final[Mapping[str, Decimal]] = MappingProxyType({"万": Decimal(10_000), "亿": Decimal(100_000_000)})


def _qualitative(text: str) -> Value:
    """A value with no number and no time: a yes/no answer, a grade, or free text."""
    word = text.strip(_TRAILING_PUNCTUATION)
    kind = YESNO if word in _YES_NO else GRADE if word in _GRADES else TEXT
    return Value(text, None, (), None, False, False, True, kind)


# Answers that can be checked as yes or no, and grades: scorable, unlike free text.
_YES_NO: Final = frozenset(
    (
        "是",
        "否",
        "有",
        "无",
        "符合",
        "不符合",
        "达标",
        "合格",
        "完成",
        "已完成",
        "按时完成",
        "全部完成",
        "通过",
        "实现",
        "满足",
        "到位",
        "及时",
        "按时",
        "按期",
        "准确",
        "齐全",
        "完备",
        "完整",
        "规范",
        "正常",
        "全覆盖",
    )
)
_GRADES: Final = frozenset(
    (
        "优",
        "优秀",
        "优良",
        "良",
        "良好",
        "好",
        "中",
        "中等",
        "一般",
        "差",
        "高",
        "低",
        "高中低",
        "优良中差",
        "满意",
        "非常满意",
        "基本满意",
    )
)


# --------------------------------------------------------------------------
# Dates, periods and deadlines
# --------------------------------------------------------------------------

_YEAR: Final = r"(?:19|20)[0-9]{2}"
_MONTH: Final = r"(?:1[0-2]|0?[1-9])(?![0-9])"
_DAY: Final = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
# A point: 2023年12月31日, 2023.07, 2023-12-31, 12月, 6月30日, 2023年 (with 底/前/内 only).
_POINT: Final = (  # "§" stands for the point's name: two points make a period
    rf"(?:(?P<§y>{_YEAR}){_GAP}(?:年|(?P<§sep>[.\-/])){_GAP}(?P<§m>{_MONTH}){_GAP}月?"
    rf"(?:{_GAP}(?:(?P=§sep)|(?<=月)){_GAP}(?P<§d>{_DAY}){_GAP}[日号]?)?"
    rf"|(?P<§m2>{_MONTH}){_GAP}月(?:{_GAP}(?P<§d2>{_DAY}){_GAP}[日号])?"
    rf"|(?P<§yo>{_YEAR}){_GAP}年(?={_GAP}(?:底|末|内|前|之前|以前|-|~|至|到)))"
)
_EDGE: Final = r"(?P<edge>底|末|初|中旬|上旬|下旬)?"
_DEADLINE: Final = r"(?P<deadline>前|之前|以前|止|为止)?"
_TIME_SEPARATOR: Final = rf"{_GAP}(?:-{{1,2}}|~|至|到){_GAP}"
_TIME_RE: Final = re.compile(
    # 1-12月, 2023年1-12月: a period of months
    rf"(?:(?P<my>{_YEAR}){_GAP}年{_GAP})?(?P<m_from>{_MONTH}){_GAP}月?{_TIME_SEPARATOR}(?P<m_to>{_MONTH}){_GAP}月"
    # 2019-2020年: a period of years
    rf"|(?P<y_from>{_YEAR}){_GAP}年?{_TIME_SEPARATOR}(?P<y_to>{_YEAR}){_GAP}年"
    # 2023.07-2024.01, 2021年1月-12月, or one point, perhaps a deadline
    rf"|{_POINT.replace('§', 'a')}(?:{_TIME_SEPARATOR}(?:{_POINT.replace('§', 'b')}))?{_EDGE}{_DEADLINE}"
    # 年底前, 本年底前: the end of the budget year
    rf"|(?:本|当)?年(?:底|末){_GAP}(?P<year_end>前|之前|以前)"
)


def _point(match: re.Match[str], prefix: str, year: int | None = None) -> DatePoint | None:
    def number(name: str) -> int | None:
        text = match[prefix + name]
        return int(text) if text else None

    month, day = number("m") or number("m2"), number("d") or number("d2")
    found_year = number("y") or number("yo")
    if month is None and found_year is None:
        return None
    return DatePoint(found_year or year, month, day)


def _time_value(text: str, match: re.Match[str]) -> Value:
    if match["m_from"]:
        year = int(match["my"]) if match["my"] else None
        dates = (DatePoint(year, int(match["m_from"])), DatePoint(year, int(match["m_to"])))
        return Value(text, None, (), None, False, False, False, PERIOD, dates)
    if match["y_from"]:
        dates = (DatePoint(int(match["y_from"]), None), DatePoint(int(match["y_to"]), None))
        return Value(text, None, (), None, False, False, False, PERIOD, dates)
    if match["year_end"]:
        return Value(text, None, (), None, False, False, False, DATE, (DATE_YEAR_END,), deadline=True)
    start = _point(match, "a")
    assert start is not None, text  # the last alternative left (a point, or two) starts with a point
    end = _point(match, "b", start.year)
    if end is not None:
        return Value(text, None, (), None, False, False, False, PERIOD, (start, end))
    year_end = bool(match["edge"]) and match["edge"] in "底末"
    if year_end and start.month is None:  # 2023年底
        start = start._replace(month=12)
    deadline = bool(match["deadline"]) or year_end
    return Value(text, None, (), None, False, False, False, DATE, (start,), deadline=deadline)


DATE_YEAR_END: Final = DatePoint(None, 12)
# Words before a time that do not make it less of one: 于12月底前, 截至6月30日.
_TIME_LEAD: Final = re.compile(r"(?:于|在|截至|截止|截止到|预计|计划|力争|确保|按期于|全年|当年|本年)?")


# Tables repeat their values (符合, ≥95%, 100%) thousands of times; Value is
# immutable, so one parse serves them all.
@lru_cache(maxsize=1 << 16)
def parse_value(text: str) -> Value:
    """Parse an indicator value; the first quantity in the text is the one read."""
    if not isinstance(text, str):  # be forgiving with numeric spreadsheet cells
        text = "" if text is None else str(text)
    text = text.strip()
    norm = _normalise(text)
    if not _ANY_NUMERAL_RE.search(norm):
        time = _TIME_RE.search(norm) if "年" in norm else None  # 年底前 has no numeral
        return _time_value(text, time) if time else _qualitative(text)
    time = _TIME_RE.search(norm)
    year: Value | None = None
    for match in _QUANTITY_RE.finditer(norm):
        if time is not None and time.start() <= match.start():
            break  # a time comes first: "12月底前完成3次" is a deadline
        value = _value_from_match(text, norm, match)
        if value is not None and value.number is not None and _is_year(value, match):
            year = year or Value(text, None, (), None, False, False, False, DATE, (DatePoint(int(value.number), None),))
            continue  # "2023年完成改造3处": the year says when, 3处 is the target
        if value is not None:
            return value
    if time is not None:
        return _time_value(text, time)
    return year or _qualitative(text)


def _is_year(value: Value, match: re.Match[str]) -> bool:
    """2023年: a year, not 2023 of something."""
    return (
        value.unit in ("年", "年度")
        and not value.is_range
        and value.operator is None
        and match["arabic"] is not None
        and re.fullmatch(_YEAR, match["arabic"]) is not None
    )

"""Tests for lintgoals.values: the indicator-value (指标值) parser."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lintgoals.values import KINDS, DatePoint, Value, parse_value

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shaoxing-2019-beijing-office.tsv"


def quantity(
    text: str,
    *numbers: int | str,
    unit: str | None = None,
    op: str | None = None,
    approx: bool = False,
    per: str | None = None,
) -> Value:
    """The Value expected for `text`: a range when two numbers are given."""
    return Value(
        text=text.strip(),
        operator=op,
        numbers=tuple(Decimal(str(n)) for n in numbers),
        unit=unit,
        approximate=approx,
        is_range=len(numbers) == 2,
        qualitative=False,
        kind="quantity",
        per=per,
    )


def qualitative(text: str, kind: str = "text") -> Value:
    return Value(text.strip(), None, (), None, False, False, True, kind)


def time(text: str, kind: str, *dates: tuple[int | None, ...], deadline: bool = False) -> Value:
    return Value(text.strip(), None, (), None, False, False, False, kind, tuple(DatePoint(*d) for d in dates), deadline)


# Every distinct value in the sample table: columns 10 and 13, plus column 12
# on lines 44-45 where the cells are shifted.
SAMPLE_VALUES: dict[str, Value] = {
    v.text: v
    for v in (
        qualitative("符合", "yesno"),
        quantity("干部6人，外加保洁、司机、临时工3人。共9人。", 6, unit="人"),
        quantity("260平方米", 260, unit="平方米"),
        quantity("95%以上", 95, unit="%", op=">="),
        # "平方米" is written before the number, so it is not the unit.
        quantity("相当。每月每平方米200元左右。", 200, unit="元", approx=True),
        qualitative("完备", "yesno"),
        quantity("5", 5),
        qualitative("高铁或飞机"),
        qualitative("按实际审批天数"),
        qualitative("满足", "yesno"),
        qualitative("按联络对象时间而定"),
        qualitative("电话及日常拜访"),
        quantity("300", 300),
        qualitative("增进感情、凝聚人心"),
        quantity("40", 40),
        # A comparison with no number: nothing to compare, so no operator.
        qualitative("不超出上年接待费标准"),
        quantity("200", 200),
        qualitative("提升接待能力"),
        qualitative("满意", "grade"),
        quantity("20天左右，按代表及领导的具体活动时间而定", 20, unit="天", approx=True),
        quantity("两次以上，按两会等重大节会要求所安排", 2, unit="次", op=">="),
        qualitative("及时有效开展，做好和有关部门对接工作。"),
        qualitative("完备，有工作方案。"),
        # 一致好评: 一 without a measure word is not a number.
        qualitative("有所提升，在为代表服务、为领导服务、为有关企业服务过程中，通过合作沟通，得到一致好评。"),
        quantity("日常100元/天，接待任务时不超过中央、省、市有关规定", 100, unit="元", per="天"),
        quantity("单位职工6人，外加保洁、司机、临时工，共9人，另外按实际接待人数定。", 6, unit="人"),
        qualitative("合规，有政府采购确认书，进行合同登记备案。"),
        qualitative("全年"),
        qualitative("每日一打扫、每月一大保洁"),
        quantity("每季度1-2次，按有关活动要求安排", 1, 2, unit="次"),
        quantity("3-5次，具体按市里有关要求开展。", 3, 5, unit="次"),
        qualitative("完备，有活动有工作方案，工作制度。"),
        quantity("300-500平方米，按实际场地安排", 300, 500, unit="平方米"),
        qualitative("有所提升，维护好绍兴形象，助推绍兴人才推介。"),
        quantity("250人以上", 250, unit="人", op=">="),
        quantity("200余位", 200, unit="位", approx=True),
        quantity("30多批次市领导，40多批次部门和企业的领导", 30, unit="批次", approx=True),
        qualitative("满足业务需求"),
    )
}


@pytest.mark.parametrize("text", list(SAMPLE_VALUES))
def test_sample_table_values(text: str) -> None:
    assert parse_value(text) == SAMPLE_VALUES[text]


def _sample_value_cells() -> set[str]:
    """The value cells of the sample table, read the way a layout reads them."""
    headers = {"指标值", "指标值（个性）"}
    cells: set[str] = set()
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            columns = (10, 12) if line in (44, 45) else (10, 13)
            for column in columns:
                cell = row[column - 1].strip() if len(row) >= column else ""
                if cell and cell not in headers:
                    cells.add(cell)
    return cells


def test_every_sample_value_has_an_expectation() -> None:
    assert _sample_value_cells() == set(SAMPLE_VALUES)


OPERATORS = [
    quantity("≥95%", 95, unit="%", op=">="),
    quantity(">=95%", 95, unit="%", op=">="),
    quantity("＞90％", 90, unit="%", op=">"),
    quantity("> 90 %", 90, unit="%", op=">"),
    quantity("不低于98%", 98, unit="%", op=">="),
    quantity("不少于3次", 3, unit="次", op=">="),
    quantity("不小于0.5小时", "0.5", unit="小时", op=">="),
    quantity("至少两场", 2, unit="场", op=">="),
    quantity("达到100%", 100, unit="%", op=">="),
    quantity("大于等于90%", 90, unit="%", op=">="),
    quantity("≧95％", 95, unit="%", op=">="),
    quantity("大于80分", 80, unit="分", op=">"),
    quantity("超过50人", 50, unit="人", op=">"),
    quantity("高于90%", 90, unit="%", op=">"),
    quantity("≤5%", 5, unit="%", op="<="),
    quantity("<=5%", 5, unit="%", op="<="),
    quantity("不超过10万元", 10, unit="万元", op="<="),
    quantity("不高于5%", 5, unit="%", op="<="),
    quantity("不多于3次", 3, unit="次", op="<="),
    quantity("不大于2天", 2, unit="天", op="<="),
    quantity("不超出100万元", 100, unit="万元", op="<="),
    quantity("控制在5%以内", 5, unit="%", op="<="),
    quantity("10个工作日以内", 10, unit="个工作日", op="<="),
    quantity("5天内", 5, unit="天", op="<="),
    quantity("10天之内", 10, unit="天", op="<="),
    quantity("60岁以下", 60, unit="岁", op="<="),
    quantity("＜3%", 3, unit="%", op="<"),
    quantity("小于1%", 1, unit="%", op="<"),
    quantity("低于5%", 5, unit="%", op="<"),
    quantity("少于3人", 3, unit="人", op="<"),
    quantity("=100%", 100, unit="%", op="="),
    quantity("＝100％", 100, unit="%", op="="),
    quantity("等于1次", 1, unit="次", op="="),
    quantity("95%及以上", 95, unit="%", op=">="),
    quantity("95%（含）以上", 95, unit="%", op=">="),
    quantity("满意度≥90%", 90, unit="%", op=">="),
    # a prefix operator wins over a suffix one
    quantity("高于90%以上", 90, unit="%", op=">"),
]

NUMBERS = [
    quantity("1,200人", 1200, unit="人"),
    quantity("1，200人", 1200, unit="人"),  # an IME comma between digits
    quantity("95.5%", "95.5", unit="%"),
    quantity("1.5万元", "1.5", unit="万元"),
    quantity("-5%", -5, unit="%"),
    quantity("−5%", -5, unit="%"),  # U+2212 minus sign
    quantity("+5%", 5, unit="%"),
    quantity("≥-5%", -5, unit="%", op=">="),
    quantity("1.", 1),
    quantity("0起", 0, unit="起"),
    quantity("90分以上", 90, unit="分", op=">="),
]

FULL_WIDTH = [
    quantity("１２０人", 120, unit="人"),
    quantity("９５％以上", 95, unit="%", op=">="),
    quantity("１．５万元", "1.5", unit="万元"),
    quantity("３－５次", 3, 5, unit="次"),
    quantity("１～２次", 1, 2, unit="次"),
    quantity("2.5ＫＭ", "2.5", unit="km"),
    quantity("260m²", 260, unit="m2"),
    quantity("260㎡", 260, unit="m2"),
]

CHINESE_NUMERALS = [
    quantity("两次", 2, unit="次"),
    quantity("三个", 3, unit="个"),
    quantity("十五", 15),
    quantity("二十", 20),
    quantity("一百二十", 120),
    quantity("一百二十次", 120, unit="次"),
    quantity("十五天", 15, unit="天"),
    quantity("一千零五十人", 1050, unit="人"),
    quantity("两百五十人", 250, unit="人"),
    quantity("两百五人", 250, unit="人"),  # colloquial 两百五 = 250
    quantity("一万五", 15000),
    quantity("二〇一九年", 2019, unit="年"),
    quantity("三十多人", 30, unit="人", approx=True),
    quantity("二十余次", 20, unit="次", approx=True),
    quantity("不少于两", 2, op=">="),
    quantity("每年两次", 2, unit="次"),
    quantity("十分钟", 10, unit="分钟"),
    quantity("壹万元", 1, unit="万元"),
    # multipliers stay in the unit, as with Arabic digits ("2万元")
    quantity("两万元", 2, unit="万元"),
    quantity("十五万", 150000),  # a bare 万 is a magnitude
    quantity("三亿五千万元", 35000, unit="万元"),
    quantity("三千米", 3, unit="千米"),
    quantity("百分之九十五", 95, unit="%"),
    quantity("百分之九十五以上", 95, unit="%", op=">="),
    quantity("百分之95", 95, unit="%"),
    quantity("百分之百", 100, unit="%"),
    quantity("不低于百分之九十", 90, unit="%", op=">="),
    quantity("九十%", 90, unit="%"),
]

RANGES = [
    quantity("3-5次", 3, 5, unit="次"),
    quantity("1~2次", 1, 2, unit="次"),
    quantity("3至5次", 3, 5, unit="次"),
    quantity("3到5次", 3, 5, unit="次"),
    quantity("3—5次", 3, 5, unit="次"),
    quantity("3 - 5 次", 3, 5, unit="次"),
    quantity("3次-5次", 3, 5, unit="次"),
    quantity("30%-50%", 30, 50, unit="%"),
    quantity("三至五次", 3, 5, unit="次"),
    quantity("三至五万元", 3, 5, unit="万元"),
    quantity("5-3次", 5, 3, unit="次"),
    quantity("约3-5天", 3, 5, unit="天", approx=True),
    quantity("3-5次以上", 3, 5, unit="次", op=">="),
]

APPROXIMATE = [
    quantity("约50人", 50, unit="人", approx=True),
    quantity("约 50 人", 50, unit="人", approx=True),
    quantity("大约3天", 3, unit="天", approx=True),
    quantity("大概10次", 10, unit="次", approx=True),
    quantity("95%左右", 95, unit="%", approx=True),
    quantity("5人上下", 5, unit="人", approx=True),
    quantity("20余次", 20, unit="次", approx=True),
    quantity("200多", 200, approx=True),
    quantity("节约10%", 10, unit="%"),  # 节约 is "save", not 约 "about"
]

# Dates, periods and deadlines are times: no numbers, never a range.
TIMES = [
    time("12月底前", "date", (None, 12), deadline=True),
    time("6月30日之前", "date", (None, 6, 30), deadline=True),
    time("2023年12月31日前", "date", (2023, 12, 31), deadline=True),
    time("2019年底前完成", "date", (2019, 12), deadline=True),
    time("2019-12-31前完成", "date", (2019, 12, 31), deadline=True),  # not the range 2019-12
    time("于12月底前完成", "date", (None, 12), deadline=True),
    time("年底前", "date", (None, 12), deadline=True),
    time("2023-12-31", "date", (2023, 12, 31)),  # a date cell of a workbook
    time("2023年", "date", (2023, None)),
    time("2023年12月完成", "date", (2023, 12)),
    time("3月", "date", (None, 3)),
    time("2023.07-2024.01", "period", (2023, 7), (2024, 1)),
    time("2021年1月-12月", "period", (2021, 1), (2021, 12)),
    time("1-12月", "period", (None, 1), (None, 12)),
    time("2023年1-12月", "period", (2023, 1), (2023, 12)),
    time("2019—2020年", "period", (2019, None), (2020, None)),
]


@pytest.mark.parametrize("expected", TIMES, ids=lambda v: v.text)
def test_times(expected: Value) -> None:
    assert parse_value(expected.text) == expected


# Quantities that mention a time, and magnitudes and rates of money.
MONEY_AND_YEARS = [
    quantity("2023年完成改造3处", 3, unit="处"),  # the year says when; 3处 is the target
    quantity("12个月", 12, unit="个月"),  # a duration, not December
    quantity("250万", 2500000),  # a bare 万 is a magnitude, not a unit
    quantity("5万元", 5, unit="万元"),
    quantity("1000元/人", 1000, unit="元", per="人"),
    quantity("500元/人·月", 500, unit="元", per="人·月"),
    quantity("3人/天", 3, unit="人", per="天"),
]


@pytest.mark.parametrize("expected", MONEY_AND_YEARS, ids=lambda v: v.text)
def test_money_and_years(expected: Value) -> None:
    assert parse_value(expected.text) == expected


QUALITATIVE_KINDS = [
    qualitative("是", "yesno"),
    qualitative("否", "yesno"),
    qualitative("达标", "yesno"),
    qualitative("按时完成。", "yesno"),
    qualitative("优良", "grade"),
    qualitative("高中低", "grade"),
    qualitative("好", "grade"),
    qualitative("良好", "grade"),
    qualitative("效果良好"),
    qualitative("提升接待能力"),
    qualitative("长期"),
]


@pytest.mark.parametrize("expected", QUALITATIVE_KINDS, ids=lambda v: v.text)
def test_qualitative_kinds(expected: Value) -> None:
    assert parse_value(expected.text) == expected


NOT_QUANTITIES = [
    "",
    "   ",
    "全年",
    "一致好评",
    "每日一打扫、每月一大保洁",
    "十分满意",
    "三分之一",
    "一次性完成",
    "一条龙服务",
    "一部分",
    "一起",
    "第一次",  # ordinals are not quantities
    "第3季度完成",
    "1、完备；2、合规",  # list markers
    "(1)完备",
    "（2）合规",
    "3.按时完成",
    "①完备",
    "G20峰会",  # identifiers
    "5G网络",
    "4A级景区",
    "H7N9",
    "上下班",
    "内部管理",
    "万元",
]


@pytest.mark.parametrize(
    "expected",
    OPERATORS + NUMBERS + FULL_WIDTH + CHINESE_NUMERALS + RANGES + APPROXIMATE,
    ids=lambda v: v.text,
)
def test_quantities(expected: Value) -> None:
    assert parse_value(expected.text) == expected


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text: str) -> None:
    assert parse_value(text) == qualitative(text)


def test_text_is_raw_and_stripped() -> None:
    value = parse_value("　＞９０％ \n")
    assert value.text == "＞９０％"
    assert value.operator == ">" and value.numbers == (Decimal(90),) and value.unit == "%"
    # ideographic spaces around the value
    assert parse_value("　　260平方米　") == quantity("260平方米", 260, unit="平方米")


def test_number_property() -> None:
    assert parse_value("3-5次").number == Decimal(3)
    assert parse_value("40").number == Decimal(40)
    assert parse_value("符合").number is None


def test_inverted_range() -> None:
    assert parse_value("5-3次").is_inverted_range
    assert not parse_value("3-5次").is_inverted_range
    assert not parse_value("3-3次").is_inverted_range
    assert not parse_value("5次").is_inverted_range
    assert not parse_value("符合").is_inverted_range


def test_value_is_frozen_and_hashable() -> None:
    value = parse_value("95%以上")
    with pytest.raises(AttributeError):
        value.unit = "次"  # type: ignore[misc]
    assert hash(value) == hash(parse_value("95%以上"))


def test_non_string_cells_are_tolerated() -> None:
    assert parse_value(None) == qualitative("")  # type: ignore[arg-type]
    assert parse_value(40).numbers == (Decimal(40),)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "一" * 100_000 + "次",
        "十" * 100_000,
        "1" * 100_000,
        "9" * 5_000 + "人",
        " " * 100_000 + "5",
        "约" * 100_000,
        "≥" * 100_000,
        "-" * 100_000 + "5",
        "一、" * 50_000,
        "\ud800\udfff\x00\u200b95%",
    ],
    ids=lambda t: repr(t[:8]),
)
def test_huge_and_weird_inputs_do_not_raise(text: str) -> None:
    value = parse_value(text)
    assert (value.kind == "quantity") == (value.numbers != ())


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("0123456789０１２３４５６７８９.,，-－—~～至到%％‰ >＞<＜=＝≥≤≧≦")
    + list("一二两三四五六七八九十百千万亿零〇第约余多左右上下以内之次人个天元平方米批位")
    + ["百分之", "不低于", "不超过", "以上", "以下", "万元", "个工作日", "①", "G", "m²", "\u3000"]
)
TEXTS = st.one_of(st.text(), st.lists(ALPHABET, max_size=30).map("".join))


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_parse_value_never_raises_and_is_consistent(text: str) -> None:
    value = parse_value(text)
    assert value.text == text.strip()
    assert value.kind in KINDS
    assert (value.kind == "quantity") == (value.numbers != ())
    assert value.qualitative == (value.kind in ("yesno", "grade", "text"))
    assert value.is_range <= (value.kind == "quantity")
    assert len(value.numbers) == (2 if value.is_range else 1 if value.numbers else 0)
    assert all(isinstance(n, Decimal) and n.is_finite() for n in value.numbers)
    assert value.operator in (None, ">=", ">", "=", "<", "<=")
    assert value.number == (value.numbers[0] if value.numbers else None)
    assert value.is_inverted_range == (value.is_range and value.numbers[0] > value.numbers[1])
    if value.kind != "quantity":
        assert (value.operator, value.unit, value.approximate) == (None, None, False)
    # parsing is a function of the text alone
    assert parse_value(value.text) == value


PREFIXES = {
    "": None,
    "≥": ">=",
    "不低于": ">=",
    "＞": ">",
    "超过": ">",
    "≤": "<=",
    "不超过": "<=",
    "<": "<",
    "低于": "<",
    "=": "=",
}
SUFFIXES = {"": None, "以上": ">=", "以下": "<=", "以内": "<="}
UNITS = [None, "%", "人", "人次", "次", "天", "个", "位", "批次", "平方米", "元", "万元", "小时"]
FULL_WIDTH_TABLE = str.maketrans("0123456789.%<>=", "０１２３４５６７８９．％＜＞＝")


@settings(max_examples=300, deadline=None)
@given(
    number=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    unit=st.sampled_from(UNITS),
    prefix=st.sampled_from(sorted(PREFIXES)),
    suffix=st.sampled_from(sorted(SUFFIXES)),
    high=st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
    full_width=st.booleans(),
    tail=st.sampled_from(["", "，按实际情况而定", "。2018年为3次"]),
)
def test_generated_quantities_round_trip(
    number: Decimal,
    unit: str | None,
    prefix: str,
    suffix: str,
    high: int | None,
    full_width: bool,
    tail: str,
) -> None:
    assume(not re.match(r"(19|20)[0-9]{2}\.(0?[1-9]|1[0-2])(?![0-9])", str(number)))  # 2019.10 is a month
    body = f"{number}" if high is None else f"{number}-{high}"
    text = f"{prefix}{body}{unit or ''}{suffix}{tail}"
    if full_width:
        text = text.translate(FULL_WIDTH_TABLE)
    value = parse_value(text)
    expected_numbers = (number,) if high is None else (number, Decimal(high))
    assert value.numbers == expected_numbers
    assert value.unit == unit
    assert value.is_range == (high is not None)
    assert value.operator == (PREFIXES[prefix] or SUFFIXES[suffix])
    assert not value.approximate

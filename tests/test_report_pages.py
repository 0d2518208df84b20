"""The HTML report in Debian's Chromium, driven by Playwright, as a budget officer
sees it: the verdict and the first problem without scrolling, on a laptop and on
a phone; no sideways scrolling on a phone, where each row is a card; filters that
un-shade what they hide; links that land below the sticky bar; a print of only
the rows with problems, on A4; and everything shown without JavaScript."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from browser_helpers import BROWSER_TESTS
from conftest import SAMPLE

from lintgoals.api import lint
from lintgoals.reporters import ReportOptions
from lintgoals.reporters.html import write_html

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_TESTS
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def write_page(paths: list[Path], folder: Path, name: str) -> str:
    stream = io.StringIO()
    write_html(lint(paths), stream, ReportOptions(version="9.9.9"))
    page = folder / f"{name}.html"
    page.write_text(stream.getvalue(), encoding="utf-8")
    return page.as_uri()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """file:// addresses of the reports of one table (the Shaoxing sample), of one
    with errors and warnings (defects), and of the example workbooks together."""
    folder = tmp_path_factory.mktemp("pages")
    return {
        "sample": write_page([SAMPLE], folder, "sample"),
        "defects": write_page([EXAMPLES / "defects-2020.tsv"], folder, "defects"),
        "workbooks": write_page(sorted((EXAMPLES / "workbooks").glob("*.xls*")), folder, "workbooks"),
    }


def opened(browser: object, url: str, viewport: dict[str, int], **options: object) -> object:
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    page.goto(url)
    return page


def inside_first_screen(page: object, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    viewport = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
    )


@pytest.mark.parametrize("name", ["sample", "workbooks"])
def test_on_a_phone_nothing_scrolls_sideways(browser: object, pages: dict[str, str], name: str) -> None:
    page = opened(browser, pages[name], PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("name", ["sample", "workbooks"])
def test_the_verdict_is_seen_without_scrolling(
    browser: object, pages: dict[str, str], name: str, viewport: dict[str, int]
) -> None:
    page = opened(browser, pages[name], viewport)
    assert inside_first_screen(page, "#verdict")
    assert page.inner_text("#verdict .headline").startswith("请修改后再提交：")
    page.context.close()


def test_the_first_problem_is_seen_without_scrolling_on_a_laptop(browser: object, pages: dict[str, str]) -> None:
    page = opened(browser, pages["sample"], LAPTOP)
    link = page.locator("#problems a").first
    assert link.is_visible() and inside_first_screen(page, "#problems a")
    assert link.inner_text() == "第 45 行·二级指标（个性）"  # the one error comes first
    page.context.close()


def test_a_problem_link_lands_on_its_finding_below_the_sticky_bar(browser: object, pages: dict[str, str]) -> None:
    page = opened(browser, pages["sample"], LAPTOP)
    link = page.locator("#problems a").nth(5)
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function("location.hash !== ''")
    assert page.evaluate("location.hash") == target
    finding = page.locator(target).bounding_box()
    bar = page.locator("#filters").bounding_box()
    assert bar["y"] == 0  # stuck at the top
    assert finding["y"] >= bar["y"] + bar["height"] and finding["y"] < LAPTOP["height"]
    page.context.close()


def test_next_problem_skips_what_the_filter_hides(browser: object, pages: dict[str, str]) -> None:
    page = opened(browser, pages["defects"], LAPTOP)
    page.uncheck("#filters input[value=warning]")
    first_error = page.locator(".finding[data-severity=error]").first
    first_error.locator("a.next").click()
    second_error = page.locator(".finding[data-severity=error]").nth(1).get_attribute("id")
    assert page.evaluate("location.hash") == f"#{second_error}"
    page.context.close()


def test_on_a_phone_each_row_is_a_card_and_the_filter_bar_scrolls_away(browser: object, pages: dict[str, str]) -> None:
    page = opened(browser, pages["sample"], PHONE)
    assert page.locator("table.rows thead").first.is_hidden()
    row = page.locator("table.rows tr.hit").first
    assert page.evaluate("r => getComputedStyle(r).display", row.element_handle()) == "block"
    assert row.locator("td.line").inner_text().startswith("第 ")
    # The description has the card's width, not a sliver of a squeezed table.
    description = page.locator("table.rows td.description").first.bounding_box()
    assert description["width"] > 300
    assert page.evaluate("getComputedStyle(document.getElementById('filters')).position") == "static"
    page.context.close()


def test_filtering_to_errors_unshades_the_cells_of_hidden_warnings(browser: object, pages: dict[str, str]) -> None:
    page = opened(browser, pages["defects"], LAPTOP)
    assert page.locator(".hit-warning").count() > 0
    page.uncheck("#filters input[value=warning]")
    # Every cell still shaded is shaded for a finding still shown, at that finding's severity.
    shaded = page.evaluate("""() => Array.from(document.querySelectorAll('[data-hits]'))
        .filter(cell => cell.offsetParent !== null)
        .map(cell => [cell.className, cell.dataset.hits.split(' ')
            .map(id => document.getElementById(id)).filter(f => !f.hidden).map(f => f.dataset.severity)])""")
    assert shaded
    for classes, shown in shaded:
        if "hit-" in classes:
            assert "hit-error" in classes and shown == ["error"] * len(shown) and shown, (classes, shown)
        else:
            assert shown == [], (classes, shown)
    assert page.locator(".hit-warning:visible").count() == 0
    assert page.locator(".hit-error:visible").count() > 0
    assert page.locator("#problems tr[data-for]:visible").count() == page.locator(".finding:visible").count()
    page.context.close()


def test_print_only_the_rows_with_problems_on_a4(browser: object, pages: dict[str, str]) -> None:
    page = opened(browser, pages["workbooks"], LAPTOP)
    page.evaluate("window.print = function () {}")  # no dialog in a test
    page.click("#print-problems")
    page.emulate_media(media="print")

    def displays(selector: str) -> set[str]:
        return set(
            page.evaluate(f"Array.from(document.querySelectorAll('{selector}')).map(e => getComputedStyle(e).display)")
        )

    assert displays("table.rows tbody tr:not(.hit)") == {"none"}
    assert displays("table.rows tbody tr.hit") == {"table-row"}
    assert displays("details.project:not(.has-findings)") == {"none"}
    assert displays("section.file:not(.has-findings)") == {"none"}  # four of the five workbooks are clean
    assert displays("section.file.has-findings") == {"block"}
    assert displays("#filters") == {"none"}
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.context.close()


def test_without_javascript_everything_is_shown(browser: object, pages: dict[str, str]) -> None:
    page = opened(browser, pages["defects"], LAPTOP, java_script_enabled=False)
    assert page.locator("#filters").is_hidden()
    assert page.locator(".hint .js-only").is_hidden()  # no talk of filters that are not there
    findings = len(lint([SAMPLE.parent / "defects-2020.tsv"]).findings)
    assert page.locator(".finding:visible").count() == page.locator(".finding").count() == findings
    assert page.locator("#verdict").is_visible() and page.locator("#problems a").first.is_visible()
    page.context.close()

"""The page of `lintgoals serve`, in Debian's Chromium driven by Playwright, as a
budget officer uses it: choose the table, read the verdict and the problems,
download the marked workbook, switch to English, on a phone, with nothing
fetched from outside the service, and without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import BROWSER_TESTS
from conftest import SAMPLE
from openpyxl import load_workbook
from service_helpers import running_service

pytest.importorskip("playwright.sync_api")
pytestmark = BROWSER_TESTS
WORKBOOK = Path(__file__).resolve().parents[1] / "examples" / "workbooks" / "three-level-defects.xlsx"


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with running_service("--workers", "2") as url:
        yield url


def check_sample(page: object, url: str) -> None:
    page.goto(url)
    page.set_input_files("#file", [str(SAMPLE)])
    page.click("#submit")
    page.wait_for_selector(".verdict")


def test_a_table_chosen_on_the_page_shows_its_verdict_and_problems(browser: object, service: str) -> None:
    page = browser.new_page()
    check_sample(page, f"{service}/")
    assert page.inner_text(".verdict") == "1 个错误须修改后再提交，23 个警告建议修改"
    first = page.locator(".card").first  # errors come first
    assert "LG302 满意度目标没有量化 · 第 45 行·二级指标（个性）" in first.inner_text()  # title, line and header
    assert "现填写：满意" in first.inner_text()
    first.locator("summary").click()
    assert "满意度要通过问卷调查量化考核" in first.locator("details").inner_text()
    assert "此表无“权重”“指标性质”“计量单位”“指标方向”列" in page.inner_text("#results")
    assert page.inner_text("#status") == "检查完成，上传的文件已删除。"


def test_the_marked_workbook_downloads(browser: object, service: str, tmp_path: Path) -> None:
    page = browser.new_page(accept_downloads=True)
    check_sample(page, f"{service}/")
    with page.expect_download() as waiting:
        page.click("#download-xlsx")
    path = tmp_path / "marked.xlsx"
    waiting.value.save_as(path)
    book = load_workbook(path)
    assert book.sheetnames[0] == "检查结果" and book["检查结果"].max_row > 20


def test_the_page_in_english(browser: object, service: str) -> None:
    page = browser.new_page()
    page.goto(f"{service}/")
    page.click("text=English")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.set_input_files("#file", [str(SAMPLE)])
    page.click("#submit")
    page.wait_for_selector(".verdict")
    assert page.inner_text(".verdict") == "To fix before submitting: 1 errors; worth fixing: 23 warnings"
    assert "satisfaction target" in page.inner_text("#results")


def test_on_a_phone_nothing_runs_off_the_screen(browser: object, service: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    check_sample(page, f"{service}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(".card .message").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_the_page_asks_nothing_of_anywhere_else(browser: object, service: str) -> None:
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    check_sample(page, f"{service}/")
    assert requested and all(url.startswith(service) for url in requested)


def test_controls_are_labelled_and_reached_by_keyboard(browser: object, service: str) -> None:
    page = browser.new_page()
    page.goto(f"{service}/")
    assert page.get_by_label("选择文件（可多选）").count() == 1
    focused = []
    for _ in range(4):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
    assert "file" in focused and "submit" in focused


def test_without_javascript_the_form_returns_the_html_report(browser: object, service: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{service}/")
    page.set_input_files("#file", [str(SAMPLE), str(WORKBOOK)])
    with page.expect_navigation():
        page.click("#submit")
    assert "绩效目标表检查报告" in page.title()
    assert "满意度目标“满意”没有百分比" in page.content()
    context.close()

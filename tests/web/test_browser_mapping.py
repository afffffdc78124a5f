"""Issue 9's "Done when" in a real browser: a clerk uploads a volunteer system's export whose columns the reader
cannot know (headers 字段1 … 字段6), says on the mapping page which column is which, accepts; the next export of
the same layout is read with no question asked. Screenshots go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import PASSWORD
from tests.web.test_browser import SHOTS, browser, live  # noqa: F401  (the live server and chromium fixtures)
from tests.web.test_mapping_page import EXPORT_FIELDS, EXPORT_HEADERS, export_xlsx


def _shot(page: Page, name: str) -> None:
    """A full-page screenshot for the reviewer."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"mapping-{name}.png"), full_page=True)


def _upload(page: Page, live_url: str, path: Path) -> None:
    """Upload one file from the upload page and wait for its row report."""
    page.goto(live_url + "/uploads")
    page.set_input_files("#files", str(path))
    page.click("text=上传并检查")
    expect(page.locator("h1")).to_contain_text("检查结果")


def test_clerk_maps_a_system_export_once_and_the_next_one_needs_nothing(  # type: ignore[no-untyped-def]
        browser: Browser, live: str, tmp_path: Path) -> None:  # noqa: F811
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live + "/login")
    page.fill("#name", "qingxi")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("清溪镇")
    page.goto(live + "/uploads")
    expect(page.locator("#template-zh")).to_be_visible()

    first = tmp_path / "志愿者系统导出.xlsx"
    first.write_bytes(export_xlsx(6))
    _upload(page, live, first)
    expect(page.locator("#unsure-sheets")).to_contain_text("导出数据")
    expect(page.locator("#unread-sheets")).to_be_visible()
    _shot(page, "01-upload-unsure")

    page.click("#unsure-sheets a.open-mapping")
    expect(page.locator("h1")).to_contain_text("列对应")
    page.select_option("#kind", "people")
    page.fill("#header", "1")
    page.click("#show-choice")
    for header in EXPORT_HEADERS:
        expect(page.locator("table.mapping td.header", has_text=header)).to_have_count(1)
    expect(page.locator("table.mapping td.samples").nth(3)).to_contain_text("139")
    _shot(page, "02-mapping-page")
    for letter, field in zip("ABCDEF", EXPORT_FIELDS, strict=True):
        page.select_option(f"#col-{letter}", field)
    _shot(page, "03-mapping-filled")
    page.click("#save-mapping")

    expect(page.locator("h1")).to_contain_text("检查结果")
    expect(page.locator(".flash.success").first).to_contain_text("已保存列对应")
    expect(page.locator("#unsure-sheets")).to_have_count(0)
    expect(page.locator("#unread-sheets")).to_have_count(0)
    expect(page.locator("text=人员 6 人")).to_be_visible()
    _shot(page, "04-reread")
    page.click("#accept")
    expect(page.locator("h1")).to_have_text("人员")
    expect(page.locator("table").first).to_contain_text("测试")
    _shot(page, "05-accepted")

    second = tmp_path / "志愿者系统导出_第二周.xlsx"
    second.write_bytes(export_xlsx(9, seed=3))
    _upload(page, live, second)
    expect(page.locator("#unsure-sheets")).to_have_count(0)
    expect(page.locator("text=人员 9 人")).to_be_visible()
    page.click("text=显示全部行")
    expect(page.locator("table.report")).to_contain_text("按已确认的列对应读取")
    _shot(page, "06-next-upload-no-mapping")
    context.close()

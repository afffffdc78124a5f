"""Issue 9 §6 in a real browser: a clerk corrects a rejected row cell by cell, reads what the accept will change,
confirms, and restores the earlier version after its own preview. Screenshots go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.rosters import village_roster, write_xlsx
from tests.web.conftest import PASSWORD
from tests.web.test_browser import SHOTS, browser, live  # noqa: F401  (the live server and chromium fixtures)


def _shot(page: Page, name: str) -> None:
    """A full-page screenshot for the reviewer."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"accept-{name}.png"), full_page=True)


def test_clerk_corrects_a_row_accepts_after_the_preview_and_restores(browser: Browser, live: str,  # noqa: F811
                                                                     tmp_path: Path) -> None:
    roster = village_roster(township="清溪镇")
    roster.rows[4][1] = None  # 林秀英's name left out: the row is rejected
    path = write_xlsx(tmp_path / "花名册.xlsx", roster)
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live + "/login")
    page.fill("#name", "qingxi")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(live + "/uploads")
    page.set_input_files("#files", str(path))
    page.click("text=上传并检查")
    expect(page.locator("h1")).to_contain_text("检查结果")
    expect(page.locator("#error-count")).to_have_text("1")

    page.click("a.correct")
    expect(page.locator("h1")).to_have_text("更正这一行")
    _shot(page, "1-row")
    page.fill("input[name=cell_B]", "林秀英")
    page.click("#save-cells")
    expect(page.locator("#row-report")).to_contain_text("已导入")
    page.click("text=检查结果 #")
    expect(page.locator("#error-count")).to_have_text("0")
    expect(page.locator("#corrections")).to_contain_text("林秀英")
    expect(page.locator("#accept-preview")).to_contain_text("将新增")
    _shot(page, "2-preview")
    page.click("#accept")
    expect(page).to_have_url(live + "/people")
    expect(page.locator("body")).to_contain_text("林秀英")

    page.goto(live + "/uploads/versions")
    _shot(page, "3-versions")
    page.locator("#versions a:has-text('恢复此版本')").first.click()
    expect(page.locator("#restore-preview")).to_contain_text("将")
    _shot(page, "4-restore")
    page.click("#restore")
    expect(page.locator("body")).to_contain_text("已恢复版本")
    expect(page.locator("#versions")).to_contain_text("恢复版本 #")
    page.goto(live + "/people?q=林秀英")
    expect(page.locator("main")).to_contain_text("共 0 条")  # the sample township again: no 林秀英 in it

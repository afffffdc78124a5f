"""End to end in a real headless browser (Debian's chromium driven by Playwright), as an office clerk would:
log in → upload the sample township → read the row report → accept → solve → watch the progress → view the
schedule → download the workbook and open it. Screenshots go to tests/artifacts/screenshots/ for a reviewer.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect, sync_playwright
from waitress.server import create_server

from tests.web.conftest import PASSWORD, SAMPLES, World

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@pytest.fixture
def live(database_url: str, tmp_path: Path, world: World, no_queued_jobs: None) -> Iterator[str]:
    """The app on waitress on a free local port, with the job runner solving in the background."""
    from web import create_app

    app: Flask = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "e2e",
                             "INSTANCE_PATH": str(tmp_path / "instance"), "RUN_JOBS": True})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        app.extensions["scheduler"].stop_runner()
        app.extensions["scheduler"].engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _shot(page: Page, name: str, *, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def test_clerk_uploads_solves_and_downloads(browser: Browser, live: str, tmp_path: Path) -> None:
    context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live + "/uploads")
    expect(page).to_have_url(re.compile(r"/login\?next=(/|%2F)uploads$"))
    _shot(page, "01-login")
    page.fill("#name", "qingxi")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("上传花名册")

    page.set_input_files("#files", [str(p) for p in SAMPLES])
    page.click("text=上传并检查")
    expect(page.locator("h1")).to_contain_text("检查结果")
    for sample in SAMPLES:
        expect(page.locator(f"li:has-text('{sample.name}')")).to_be_visible()
    expect(page.locator("#error-count")).to_have_text("0")
    _shot(page, "02-row-report")
    page.click("#accept")
    expect(page.locator("h1")).to_have_text("人员")
    expect(page.locator("td.phone").first).to_contain_text("****")
    _shot(page, "03-people-masked")

    page.goto(live + "/solve")
    page.fill("#time_limit", "4")
    page.click("#start-solve")
    expect(page.locator("h1")).to_contain_text("排班任务")
    expect(page.locator("[data-field=objective]")).not_to_have_text("–", timeout=60_000)  # live progress
    _shot(page, "04-solving")
    expect(page.locator("#view-schedule")).to_be_visible(timeout=90_000)
    expect(page.locator("[data-field=state]")).to_have_text("已完成")
    _shot(page, "05-solved")

    page.click("#view-schedule")
    expect(page.locator("table.heat")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    _shot(page, "06-schedule")
    page.locator("table a[href*='/sites/']").first.click()
    expect(page.locator("table.sitegrid")).to_be_visible()
    _shot(page, "07-site-grid")
    page.go_back()
    with page.expect_download() as download:
        page.click("#download-xlsx")
    saved = tmp_path / "schedule.xlsx"
    download.value.save_as(saved)
    book = load_workbook(saved)
    assert book.sheetnames[:3] == ["全部安排", "人员班表", "缺口"] and book["全部安排"].max_row > 100

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.click("text=按人员")
    expect(page.locator("table")).to_be_visible()
    _shot(page, "08-by-person-phone", full_page=False)
    page.click("text=English")
    expect(page.locator("h1")).to_contain_text("Schedule")
    _shot(page, "09-english-phone", full_page=False)
    context.close()


def test_anonymous_browser_lands_on_the_login_page(browser: Browser, live: str) -> None:
    page = browser.new_page()
    page.goto(live + "/district/schedule")
    expect(page.locator("#name")).to_be_visible()
    page.fill("#name", "qingxi")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit]")
    expect(page.locator("[role=alert]")).to_have_text("账号或密码不正确")
    page.close()


def test_coordinator_and_admin_pages(browser: Browser, live: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for name, steps in (("nanan", [("/district", "10-district"), ("/district/schedule", "11-merged")]),
                        ("root", [("/admin", "12-admin"), ("/admin/audit", "13-audit")])):
        page.goto(live + "/login")
        page.fill("#name", name)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        for path, shot in steps:
            page.goto(live + path)
            expect(page.locator("h1")).to_be_visible()
            _shot(page, shot)
        page.click("text=退出")
        expect(page.locator("#name")).to_be_visible()
    page.goto(live + "/district")
    expect(page).to_have_url(re.compile(r"/login"))
    page.close()

"""End to end in Debian's Chromium: every page in both languages, URLs that restore a view,
a sidebar filter that updates the URL, and a deep link to a freshly started server."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import axe_violations, streamlit_server, wait_for_app

pytestmark = pytest.mark.browser

PAGES = {"": ("总览", "Overview"), "flows": ("流向", "Flows"), "cross-border": ("跨境", "Cross-border"),
         "fields": ("技术领域", "Fields"), "enterprises": ("企业", "Enterprises"), "transfer": ("成果转化", "Transfer & IP"),
         "official": ("公开统计", "Official statistics"),
         "data": ("数据质量", "Data quality")}
TOOL_PAGES = {"sql": ("SQL查询", "SQL workbench"), "snapshots": ("会议材料", "Meeting packs")}
SHOTS = Path(os.environ.get("TECHMARKET_SHOTS", "/tmp/techmarket-shots"))


@pytest.fixture(scope="module")
def demo_server(small_demo_db):
    with streamlit_server(small_demo_db) as url:
        yield url


def href(page) -> str:
    """The address bar: Streamlit rewrites it with history.replaceState, which page.url does not follow."""
    return page.evaluate("window.location.href")


def assert_fits(page, width: int, shot: Path) -> None:
    """At `width` px the page does not scroll sideways, nor does its main area (charts fit their width
    within seconds of a resize); a screenshot is kept."""
    page.set_viewport_size({"width": width, "height": 2400})
    scroll = "() => [document.documentElement.scrollWidth, document.querySelector('[data-testid=stMain]').scrollWidth]"
    deadline = time.time() + 8
    while max(page.evaluate(scroll)) > width and time.time() < deadline:
        time.sleep(0.2)
    wide = page.evaluate("w => [...document.querySelectorAll('[data-testid]')].filter(e => e.getBoundingClientRect().right > w + 1)"
                         ".map(e => e.dataset.testid)", width)
    assert max(page.evaluate(scroll)) <= width, f"{page.url} scrolls sideways at {width} px: {wide[:8]}"
    page.screenshot(path=str(shot))


def open_page(browser, url: str, width: int = 1440):
    page = browser.new_page(viewport={"width": width, "height": 2400})
    page.goto(url)
    wait_for_app(page)
    return page


WIDTH = {"zh": 1440, "en": 390}  # Chinese on a desktop, English (the wider words) on a phone
PHONE = 390


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_draws_its_charts(browser, demo_server, lang):
    """Every page in Chinese on a desktop and in English on a phone: its title, the demo banner, its charts
    and no serious or critical axe-core violation. At a phone's width (the Chinese page narrowed to it)
    nothing scrolls sideways, and the flows matrix gives way to its ranked pairs. Screenshots are kept."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = WIDTH[lang]
    for path, titles in PAGES.items():
        page = open_page(browser, f"{demo_server}/{path}?lang={lang}", width=width)
        try:
            assert page.locator("h1").first.inner_text() == titles[lang == "en"]
            assert page.locator("[data-testid='stException']").count() == 0
            banner = "演示数据" if lang == "zh" else "Demo data"
            assert banner in page.locator("[data-testid='stAlert']").first.inner_text()
            if path != "data":
                page.wait_for_function("document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= 2", timeout=30_000)
            if width != PHONE:
                page.screenshot(path=str(SHOTS / f"{path or 'overview'}-{lang}.png"))
            assert axe_violations(page) == [], path
            # On a phone (the Chinese desktop page narrowed to it, the English one opened there): no sideways scrolling.
            assert_fits(page, PHONE, SHOTS / f"{path or 'overview'}-{lang}-{PHONE}.png")
            if path == "flows":
                expect(page.locator(".st-key-wide-only")).to_be_hidden()
                expect(page.locator(".st-key-narrow-only [data-testid='stVegaLiteChart']")).to_be_visible()
        finally:
            page.close()
    for path, title in TOOL_PAGES.items():  # the pages without charts too
        page = open_page(browser, f"{demo_server}/{path}?lang={lang}", width=width)
        try:
            assert page.locator("h1").first.inner_text() == title[lang == "en"]
            assert axe_violations(page) == [], path
            assert_fits(page, PHONE, SHOTS / f"{path}-{lang}-{PHONE}.png")
        finally:
            page.close()


def test_a_copied_url_restores_the_view(browser, demo_server):
    page = open_page(browser, f"{demo_server}/fields?lang=en&from=2021&to=2022&bloc=GBA&cur=USD")
    try:
        sidebar = page.locator("[data-testid='stSidebar']")
        assert "GBA" in sidebar.locator("[data-testid='stMultiSelect']").first.inner_text()
        assert "2021" in sidebar.inner_text() and "2022" in sidebar.inner_text()
        assert "USD" in page.locator("[data-testid='stMain']").inner_text()
        assert "from=2021" in href(page) and "bloc=GBA" in href(page)
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_registry_filter_link_opens_the_transfer_page_filtered(browser, demo_server, lang):
    """Subtype and party-kind filters in a link: shown in the sidebar, kept in the URL, and the page draws."""
    page = open_page(browser, f"{demo_server}/transfer?lang={lang}&subtype=transfer_patent&seller_kind=university")
    try:
        # Polled (a run may still be replacing the sidebar); the text of the registry details' selections.
        sidebar = expect(page.locator("[data-testid='stSidebar']"))
        sidebar.to_contain_text("技术转让（专利权）" if lang == "zh" else "Transfer (patent)")
        sidebar.to_contain_text("高等院校" if lang == "zh" else "University")
        assert "subtype=transfer_patent" in href(page) and "seller_kind=university" in href(page)
        assert page.locator("h1").first.inner_text() == ("成果转化" if lang == "zh" else "Transfer & IP")
        page.wait_for_function("document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= 2", timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(SHOTS / f"transfer-filtered-{lang}.png"))
    finally:
        page.close()


def test_a_sidebar_filter_updates_the_url(browser, demo_server):
    page = open_page(browser, f"{demo_server}/?lang=en")
    try:
        page.locator("[data-testid='stSidebar']").get_by_text("USD", exact=True).click()
        deadline = time.time() + 20
        while "cur=USD" not in href(page) and time.time() < deadline:
            time.sleep(0.2)
        assert "cur=USD" in href(page)
        wait_for_app(page)
        assert "USD" in page.locator("[data-testid='stMetric']").nth(1).inner_text()
    finally:
        page.close()


def test_a_deep_link_to_a_fresh_server_opens_that_page(browser, small_demo_db):
    with streamlit_server(small_demo_db) as url:
        page = open_page(browser, f"{url}/cross-border?lang=en")
        try:
            assert page.locator("h1").first.inner_text() == "Cross-border"
            assert page.get_by_text("Page not found").count() == 0
        finally:
            page.close()


def test_without_a_steward_secret_there_is_no_load_page(browser, demo_server):
    page = open_page(browser, f"{demo_server}/load?lang=en")
    try:
        assert page.locator("h1").first.inner_text() == "Overview"  # Streamlit opens the default page instead
        assert page.locator("[data-testid='stFileUploader']").count() == 0
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert "Data quality" in nav and "Load data" not in nav
    finally:
        page.close()


def test_a_sql_link_opens_with_its_result(browser, demo_server):
    from urllib.parse import quote

    sql = "select seller_region, count(*) as n from contracts where seller_region = '441900' group by 1"
    page = open_page(browser, f"{demo_server}/sql?lang=en&q={quote(sql)}")
    try:
        assert page.locator("h1").first.inner_text() == "SQL workbench"
        page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
        wait_for_app(page)
        assert page.locator("textarea").first.input_value() == sql
        assert "1 rows" in page.locator("[data-testid='stMain']").inner_text()
        assert "q=" in href(page)
    finally:
        page.close()


def test_the_flow_map_fetches_china_whole_from_the_app(browser, demo_server):
    """The on-screen map's boundaries come as files the app serves (not inside every page run)."""
    page = browser.new_page(viewport={"width": 1440, "height": 3200})
    fetched = {}
    page.on("response", lambda r: fetched.__setitem__(r.url.rsplit("/", 1)[1], r.status) if "/app/static/" in r.url else None)
    try:
        page.goto(f"{demo_server}/flows?lang=zh")
        wait_for_app(page)
        page.wait_for_function("() => document.body.innerText.includes('示意图，不作为划界依据')", timeout=30_000)
        deadline = time.time() + 20
        while len(fetched) < 2 and time.time() < deadline:
            page.wait_for_timeout(200)
        assert fetched == {"china_provinces.geojson": 200, "china_maritime.geojson": 200}
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()




def test_a_matrix_click_becomes_side_filters_in_the_url(browser, demo_server):
    """A click on a matrix cell (seller province → buyer province) sets seller= and buyer=: the URL keeps them,
    the sidebar and the page name them, the matrix then holds that one cell with the value it had, and
    "Clear the selection" takes them away again."""
    page = open_page(browser, f"{demo_server}/flows?lang=en")
    try:
        matrix = page.locator(".st-key-wide-only [data-testid='stVegaLiteChart']").first
        cells = matrix.locator("g.mark-rect.role-mark path[aria-label]")
        expect(cells.first).to_be_attached(timeout=30_000)
        labels = cells.evaluate_all("ps => ps.map(p => p.getAttribute('aria-label'))")
        parsed = [dict(part.split(": ", 1) for part in label.split("; ")) for label in labels]
        pick = next(i for i, c in enumerate(parsed) if c["Seller (output)"] != c["Buyer (absorption)"])
        seller, buyer = parsed[pick]["Seller (output)"], parsed[pick]["Buyer (absorption)"]
        value = next(v for k, v in parsed[pick].items() if k.startswith("Contract value"))
        cells.nth(pick).click()
        deadline = time.time() + 20
        while not ("seller=" in href(page) and "buyer=" in href(page)) and time.time() < deadline:
            time.sleep(0.2)
        assert "seller=" in href(page) and "buyer=" in href(page), href(page)
        wait_for_app(page)
        expect(page.locator("[data-testid='stAlert']").filter(has_text="Selected: sellers in")).to_contain_text(
            f"sellers in {seller} → buyers in {buyer}")
        sidebar = page.locator("[data-testid='stSidebar']")
        expect(sidebar).to_contain_text(seller)
        expect(cells).to_have_count(1, timeout=20_000)
        narrowed = dict(part.split(": ", 1) for part in cells.first.get_attribute("aria-label").split("; "))
        assert (narrowed["Seller (output)"], narrowed["Buyer (absorption)"]) == (seller, buyer)
        assert next(v for k, v in narrowed.items() if k.startswith("Contract value")) == value
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(SHOTS / "flows-cell-selected.png"))
        page.get_by_role("button", name="Clear the selection").click()
        deadline = time.time() + 20
        while "seller=" in href(page) and time.time() < deadline:
            time.sleep(0.2)
        assert "seller=" not in href(page) and "buyer=" not in href(page)
    finally:
        page.close()

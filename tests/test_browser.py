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


NARROW = {"zh": (390,), "en": (390,)}  # a phone's width, which every page must fit (768 px was checked by hand: README)


def assert_fits(page, width: int, shot: Path) -> None:
    """At `width` px the page does not scroll sideways, nor does its main area (charts refit to the width
    within seconds); a screenshot is kept."""
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_draws_its_charts(browser, demo_server, lang):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for path, titles in PAGES.items():
        page = open_page(browser, f"{demo_server}/{path}?lang={lang}", width=1440 if lang == "zh" else 1024)
        try:
            assert page.locator("h1").first.inner_text() == titles[lang == "en"]
            assert page.locator("[data-testid='stException']").count() == 0
            banner = "演示数据" if lang == "zh" else "Demo data"
            assert banner in page.locator("[data-testid='stAlert']").first.inner_text()
            if path != "data":
                page.wait_for_function("document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= 2", timeout=30_000)
            page.screenshot(path=str(SHOTS / f"{path or 'overview'}-{lang}.png"))
            assert axe_violations(page) == [], path
            for width in NARROW[lang]:  # a phone (and a tablet): nothing scrolls sideways, charts refit
                assert_fits(page, width, SHOTS / f"{path or 'overview'}-{lang}-{width}.png")
                if path == "flows" and width < 720:  # the matrix gives way to its largest pairs
                    expect(page.locator(".st-key-wide-only")).to_be_hidden()
                    expect(page.locator(".st-key-narrow-only [data-testid='stVegaLiteChart']")).to_be_visible()
        finally:
            page.close()
    for path, title in TOOL_PAGES.items():  # the pages without charts: axe-core and a phone too
        page = open_page(browser, f"{demo_server}/{path}?lang={lang}", width=1440 if lang == "zh" else 1024)
        try:
            assert page.locator("h1").first.inner_text() == title[lang == "en"]
            assert axe_violations(page) == [], path
            for width in NARROW[lang]:
                assert_fits(page, width, SHOTS / f"{path}-{lang}-{width}.png")
        finally:
            page.close()


FOCUSED = """() => { const e = document.activeElement;
  // The ring is on the element or, for widgets whose focusable part is hidden (a slider's input), an ancestor.
  let ring = false;
  for (let n = e, i = 0; n && i < 5; n = n.parentElement, i++) {
    const cs = getComputedStyle(n);
    if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) { ring = true; break; }
  }
  return {label: (e.getAttribute('aria-label') || e.innerText || '').replace(/\\s+/g, ' ').trim(), tag: e.tagName, ring}; }"""


def tab_to(page, wanted, limit: int = 60) -> dict:
    """Press Tab until the focused element's label satisfies `wanted`; every stop on the way must show a
    focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["ring"] or focused["tag"] == "MAIN", f"no visible focus on {focused}"
        if wanted(focused["label"]):
            return focused
    raise AssertionError(f"Tab never reached it in {limit} presses")


def wait_for_href(page, part: str, timeout_s: float = 20) -> None:
    deadline = time.time() + timeout_s
    while part not in href(page):
        assert time.time() < deadline, f"{part} never reached the URL: {href(page)}"
        time.sleep(0.2)


def overview_trend(db: Path, skip_years: int = 0, blocs: tuple[str, ...] = ()):
    """(the database's first year, the overview trend's rows from `skip_years` after it, for `blocs`), read
    directly: what a download of the overview's trend must hold."""
    from techmarket import queries
    from techmarket.db import connect_readonly
    from techmarket.filters import Filters

    con = connect_readonly(db)
    try:
        lo, hi = queries.year_range(con)
        return lo, queries.run(con, "overview_trend_by_bloc", Filters(lang="en", year_from=lo + skip_years, year_to=hi, blocs=blocs))
    finally:
        con.close()


def test_the_keyboard_alone_filters_downloads_and_runs_a_query(browser, demo_server, small_demo_db):
    """Tab, Space and Enter, plus the arrow keys where the widget's ARIA pattern uses them (a slider's
    thumb, a combo box's list): change the year range and a bloc; open a chart's download menu (filled
    when opened) and download its CSV (the chart's own rows) and PNG; open its data table and its SQL;
    run a SQL query and download its result. Every stop on the way shows a focus ring, and a filter's
    change keeps the focus where it was."""
    import polars as pl

    lo, expected = overview_trend(small_demo_db, skip_years=1, blocs=("GBA",))
    page = browser.new_page(viewport={"width": 1440, "height": 1600}, accept_downloads=True)
    try:
        page.goto(f"{demo_server}/?lang=en")
        wait_for_app(page)
        assert page.get_by_role("button", name="CSV", exact=True).count() == 0  # closed menus send no buttons
        assert page.locator("[data-testid='stCode']").count() == 0
        tab_to(page, lambda label: label == "Years — start")
        page.keyboard.press("ArrowRight")
        wait_for_href(page, f"from={lo + 1}")
        assert page.evaluate(FOCUSED)["label"] == "Years — start"  # the rerun kept the focus on the thumb
        tab_to(page, lambda label: label == "Blocs")
        page.keyboard.press("ArrowDown")  # opens the list on "Select all"
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        wait_for_href(page, "bloc=GBA")
        page.keyboard.press("Escape")
        wait_for_app(page)
        tab_to(page, lambda label: label.endswith("Download"))
        page.keyboard.press("Enter")  # opens the menu; its buttons come next in the Tab order
        page.get_by_role("button", name="CSV", exact=True).first.wait_for(timeout=20_000)
        assert tab_to(page, lambda label: label == "CSV", limit=1)["label"] == "CSV"
        with page.expect_download() as csv:
            page.keyboard.press("Enter")
        assert csv.value.suggested_filename == "overview-trend.csv"
        got = pl.read_csv(csv.value.path())
        assert got.height == expected.height and got.columns[:3] == ["year", "bloc", "direction"]
        assert got["year"].min() == lo + 1 and got["contracts"].sum() == expected["contracts"].sum()
        tab_to(page, lambda label: label == "PNG", limit=1)
        with page.expect_download() as png:
            page.keyboard.press("Enter")
        assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        tab_to(page, lambda label: label.endswith("Data table"), limit=3)
        page.keyboard.press("Enter")  # the chart's numbers as an HTML table, headed as its tooltips
        table = page.locator("[data-testid='stTable'] table").first
        table.wait_for(timeout=20_000)
        assert table.locator("tbody tr").count() == expected.height
        assert table.locator("thead th").all_inner_texts()[:2] == ["Direction", "Year"]
        tab_to(page, lambda label: label.endswith("Show SQL"), limit=3)
        page.keyboard.press("Enter")
        code = page.locator("[data-testid='stCode']").first
        code.wait_for(timeout=20_000)
        assert "-- overview_trend_by_bloc.sql" in code.inner_text()
        wait_for_app(page)
        assert axe_violations(page) == []  # with the table and the SQL open: the SQL's colours, no sideways scrolling

        page.goto(f"{demo_server}/sql?lang=en")
        page.locator("textarea").wait_for(timeout=30_000)  # the table list first: a run can take seconds
        wait_for_app(page)
        tab_to(page, lambda label: label.startswith("SQL (Ctrl+Enter runs)"))
        page.keyboard.press("Control+A")  # replaces the example query the box opens with
        page.keyboard.type("select 6 * 7 as answer union all select 1")
        tab_to(page, lambda label: label.endswith("Run"), limit=3)
        page.keyboard.press("Enter")
        page.get_by_text("2 rows in").wait_for(timeout=30_000)
        wait_for_app(page)
        tab_to(page, lambda label: label == "download CSV", limit=20)  # past the grid's own "Download as CSV"
        with page.expect_download() as result:
            page.keyboard.press("Enter")
        assert pl.read_csv(result.value.path())["answer"].to_list() == [42, 1]
        assert page.locator("[data-testid='stException']").count() == 0
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



"""The stewards' Load data page end to end: `python -m techmarket.serving.run` (Caddy and Streamlit) on a
copy of the small demo with a steward secret, driven in Debian's Chromium, in zh and en. Screenshots go
to $TECHMARKET_SHOTS (1440 and 390 px wide): look at them."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from techmarket.i18n import t
from techmarket.published import read_manifest
from techmarket.settings import publish_dir
from tests.browser import streamlit_server, wait_for_app
from tests.conftest import SAMPLES, contract_rows, correct_sample_rejects, lock_held, query, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = Path(os.environ.get("TECHMARKET_SHOTS", "/tmp/techmarket-shots"))
PASSWORD = "steward-密码-2"
NAMES = {"zh": "王芳", "en": "Fang Wang"}


@pytest.fixture(scope="module")
def host(tmp_path_factory, small_demo_db):
    """A host whose stewards may upload up to 1 MB a file, on its own copy of the demo (with its versions). The
    tests share it, each counting from what it finds, with contract numbers of its own."""
    tmp_path = tmp_path_factory.mktemp("steward-host")
    db = tmp_path / "live" / "demo.duckdb"
    db.parent.mkdir()
    shutil.copyfile(small_demo_db, db)
    shutil.copytree(publish_dir(small_demo_db), publish_dir(db))
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'steward_password = "{PASSWORD}"\n', encoding="utf-8")
    with streamlit_server(db, env={"TECHMARKET_LOAD_MAX_MB": "1"}, workers=2, args=("--secrets.files", str(secrets))) as url:
        yield url, db


def contracts(db: Path) -> int:
    return query(db, "select count(*) from contracts")[0][0]


def unlocked(browser, url: str, lang: str, name: str, width: int = 1440):
    """A new browser (own cookies: its own session and worker) on the Load data page, unlocked, with a name typed."""
    context = browser.new_context(viewport={"width": width, "height": 3000}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{url}/load?lang={lang}")
    wait_for_app(page)
    box = page.get_by_label(t("load_password", lang))
    box.fill(PASSWORD)
    box.press("Enter")
    page.get_by_label(t("load_your_name", lang)).wait_for()
    page.get_by_label(t("load_your_name", lang)).fill(name)
    page.get_by_label(t("load_your_name", lang)).press("Enter")
    page.get_by_role("button", name=t("load_check", lang), exact=True).wait_for()
    return page


def choose(page, *files: Path) -> None:
    """Replace the uploader's files with `files` (remove what is there, then add)."""
    while page.locator("[data-testid='stFileChipDeleteBtn'] button").count():
        page.locator("[data-testid='stFileChipDeleteBtn'] button").first.click()
        time.sleep(0.3)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files([str(f) for f in files])
    for f in files:
        page.locator(f"[data-testid='stFileChipName'][title='{f.name}']").wait_for()  # long names are shortened in the text


def press(page, label: str, until: str, kind: str = "") -> None:
    """Click the button `label` (once it is enabled) and wait until an alert (of `kind`: Success, Warning, Error) says `until`."""
    page.get_by_role("button", name=label, exact=True).click()
    page.locator(f"[data-testid^='stAlertContent{kind}']", has_text=until).first.wait_for(timeout=120_000)


def expect_metrics(page, lang: str, **values: str) -> None:
    """The check's figures (load_rows_in=..., load_rejected=...), waited for until the run has drawn them."""
    for key, value in values.items():
        label = page.locator("[data-testid='stMetricLabel']", has_text=re.compile(f"^{re.escape(t(key, lang))}$"))
        expect(page.locator("[data-testid='stMetric']", has=label).locator("[data-testid='stMetricValue']")).to_have_text(value)


def alerts(page, kind: str) -> list[str]:
    return page.locator(f"[data-testid='stAlertContent{kind}']").all_inner_texts()


def test_a_steward_checks_corrects_publishes_and_rolls_back_in_the_browser(browser, host, tmp_path):
    """The whole flow, its first half in Chinese and, after the steward switches the language, its second half in
    English (tests/test_steward.py runs all of it in each language through AppTest)."""
    url, db = host
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = contracts(db)
    lang = "zh"
    page = unlocked(browser, url, lang, NAMES[lang])
    try:
        choose(page, SAMPLES / "contracts_sample.csv", SAMPLES / "enterprises_sample.xlsx")
        press(page, t("load_check", lang), "contracts_sample.csv, enterprises_sample.xlsx")
        expect_metrics(page, lang, load_rows_in="110", load_would_add="105", load_would_update="0", load_unchanged="0",
                       load_rejected="5")
        main = expect(page.locator("[data-testid='stMain']"))
        for text in (t("reason_unknown_region", lang), "火星", t("load_preview", lang), t("load_download_rejects", lang)):
            main.to_contain_text(text)
        page.screenshot(path=str(SHOTS / "load-checked-zh.png"), full_page=True)

        # The rejects as the steward downloads them, corrected in a spreadsheet.
        with page.expect_download() as download:
            page.get_by_role("button", name=t("load_download_rejects", lang)).click()
        rejects = tmp_path / download.value.suggested_filename
        download.value.save_as(rejects)
        assert rejects.suffix == ".xlsx"
        corrected = correct_sample_rejects(rejects, tmp_path / "corrected.xlsx")

        press(page, t("load_publish", lang), t("load_published", lang, version="", contracts=0)[:4])
        first = read_manifest(publish_dir(db))["current"]
        assert contracts(db) == base + 75
        assert any(t("load_published", lang, version=first, contracts=base + 75) in a for a in alerts(page, "Success"))
        assert read_manifest(publish_dir(db))["versions"][-1]["published_by"] == NAMES[lang]

        # The steward switches to English: the work so far stays on the page, now in English.
        lang = "en"
        page.locator("[data-testid='stSidebar']").get_by_role("radio", name="English").click()
        page.locator("[data-testid='stAlertContentSuccess']",
                     has_text=t("load_published", lang, version=first, contracts=base + 75)).wait_for()
        assert "lang=en" in page.evaluate("window.location.href")

        choose(page, corrected)
        press(page, t("load_check", lang), "corrected.xlsx")
        expect_metrics(page, lang, load_rows_in="5", load_rejected="0", load_would_add="4")
        page.screenshot(path=str(SHOTS / "load-checked-en.png"), full_page=True)
        press(page, t("load_publish", lang), t("load_published", lang, version="", contracts=0)[:4])
        second = read_manifest(publish_dir(db))["current"]
        assert second != first and contracts(db) == base + 79

        # Another page, in another tab: the new version.
        other = page.context.new_page()
        other.goto(f"{url}/?lang={lang}")
        expect(other.locator("[data-testid='stSidebar']")).to_contain_text(second)

        # Roll back to the first publish, confirmed.
        page.get_by_label(t("load_rollback_to", lang)).click()
        page.get_by_role("option", name=re.compile(re.escape(first))).click()
        press(page, t("load_rollback", lang), first, "Warning")
        page.screenshot(path=str(SHOTS / "load-confirm-en.png"), full_page=True)
        assert contracts(db) == base + 79  # asking is not doing
        press(page, t("load_confirm", lang), t("load_rolled_back", lang, version=first, previous=second))
        assert contracts(db) == base + 75
        other.reload()
        expect(other.locator("[data-testid='stSidebar']")).to_contain_text(first)
        page.set_viewport_size({"width": 390, "height": 3000})
        time.sleep(0.5)
        page.screenshot(path=str(SHOTS / "load-390-en.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()


def test_refusals_and_a_wrong_password_in_the_browser(browser, host, tmp_path):
    url, _db = host
    context = browser.new_context(viewport={"width": 1440, "height": 2400})
    page = context.new_page()
    try:
        page.goto(f"{url}/load?lang=en")
        wait_for_app(page)
        box = page.get_by_label(t("load_password", "en"))
        box.fill("not it")
        box.press("Enter")
        page.get_by_text(t("password_wrong", "en")).wait_for()
        assert page.locator("[data-testid='stFileUploader']").count() == 0
    finally:
        context.close()

    page = unlocked(browser, url, "en", "Tester")
    try:
        # Over the host's 1 MB limit: refused in the browser, before a byte is sent.
        big = write_csv(tmp_path / "big.csv", contract_rows(12_000))
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(big))
        chip = page.locator("[data-testid='stFileChip']", has_text="big.csv")
        chip.wait_for()
        assert re.search(r"File must be 1(\.0)?\s*MB or smaller", page.locator("[data-testid='stFileUploader']").inner_text())
        assert page.get_by_text(t("load_limit_note", "en", limit=1)).count() == 1
        assert page.get_by_role("button", name=t("load_check", "en"), exact=True).is_disabled()  # nothing was taken
        # A workbook with a formula: refused with its sheet and cell.
        import openpyxl

        book = openpyxl.Workbook()
        rows = contract_rows(2)
        book.active.append(list(rows[0]))
        for row in rows:
            book.active.append(list(row.values()))
        book.active["F3"] = "=F2*2"
        book.save(tmp_path / "formulas.xlsx")
        choose(page, tmp_path / "formulas.xlsx")
        press(page, t("load_check", "en"), t("load_refused_formula", "en")[:20])
        (error,) = alerts(page, "Error")
        assert t("load_refused_formula", "en") in error and "cell F3" in error
        assert page.get_by_role("button", name=t("load_publish", "en"), exact=True).is_disabled()
    finally:
        page.context.close()


def test_two_stewards_publishing_at_once_in_the_browser(browser, host, tmp_path):
    url, db = host
    base = contracts(db)
    files = {"a": write_csv(tmp_path / "a.csv", contract_rows(3)),
             "b": write_csv(tmp_path / "b.csv", [{**r, "合同编号": f"B{r['合同编号']}"} for r in contract_rows(2)])}
    pages = {k: unlocked(browser, url, "zh", f"Steward {k.upper()}") for k in files}
    try:
        for k, page in pages.items():
            choose(page, files[k])
            press(page, t("load_check", "zh"), f"检查{k}.csv")
            expect_metrics(page, "zh", load_rejected="0")
        with lock_held(db, "李雷"):
            for page in pages.values():
                page.get_by_role("button", name=t("load_publish", "zh"), exact=True).click()
            for page in pages.values():  # both are told who they wait for, and that nothing is lost
                page.get_by_text(re.compile("另一项操作正在进行.*李雷")).wait_for(timeout=30_000)
            pages["a"].screenshot(path=str(SHOTS / "load-waiting-zh.png"), full_page=True)
        for page in pages.values():  # one publishes; the other is told the database changed meanwhile
            page.locator("[data-testid='stAlertContentSuccess'], [data-testid='stAlertContentWarning']",
                         has_text=re.compile("已发布版本|数据库已被更改")).first.wait_for(timeout=120_000)
        published = [k for k, page in pages.items() if any("已发布版本" in a for a in alerts(page, "Success"))]
        assert len(published) == 1
        (late,) = [k for k in pages if k not in published]
        # The other was checked again against the new version, and says so; one more click publishes it.
        assert any("数据库已被更改" in w for w in alerts(pages[late], "Warning"))
        expect_metrics(pages[late], "zh", load_rejected="0")
        press(pages[late], t("load_publish", "zh"), "已发布版本")
        assert any("已发布版本" in a for a in alerts(pages[late], "Success"))
        assert contracts(db) == base + 5
        assert query(db, "select count(*) from contracts where contract_id like 'B%'")[0][0] == 2
    finally:
        for page in pages.values():
            page.context.close()

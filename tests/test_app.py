"""Every page through Streamlit's AppTest: both languages, both fixture databases, filters from the URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from techmarket.i18n import t
from techmarket.settings import ROOT

PAGES = {"overview": "page_overview", "flows": "page_flows", "cross-border": "page_cross_border", "fields": "page_fields",
         "enterprises": "page_enterprises", "official": "page_official", "data": "page_data"}


def app(db: Path, monkeypatch, **params: str) -> AppTest:
    monkeypatch.setenv("TECHMARKET_DB", str(db))
    PagesManager.uses_pages_directory = False  # as dashboard.py declares: a st.navigation app
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("fixture", ["small_demo_db", "sample_db"])
def test_every_page_renders_in_both_languages(request, monkeypatch, fixture, page, lang):
    at = app(request.getfixturevalue(fixture), monkeypatch, lang=lang)
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t(PAGES[page], lang)
    assert len(at.subheader) >= 1
    if page == "overview":  # AppTest keeps only the page's elements after switch_page; the browser tests check every page
        banner = [w.value for w in at.warning]
        assert (t("demo_banner", lang) in banner) == (fixture == "small_demo_db")


def test_filters_come_from_the_url_and_go_back_to_it(small_demo_db, monkeypatch):
    at = app(small_demo_db, monkeypatch, lang="en", **{"from": "2021", "to": "2023", "bloc": "GBA"})
    f = at.session_state["filters"]
    assert (f.lang, f.year_from, f.year_to, f.blocs) == ("en", 2021, 2023, ("GBA",))
    assert at.query_params["from"] in ("2021", ["2021"]) and at.query_params["bloc"] in ("GBA", ["GBA"])
    assert at.metric[0].label == "Contracts · 2023"


def test_an_empty_selection_shows_a_note_not_an_error(small_demo_db, monkeypatch):
    at = app(small_demo_db, monkeypatch, lang="en", city="441200", field="nuclear", type="licensing", **{"from": "2019", "to": "2019"})
    assert not at.exception
    assert any("No data for these filters" in i.value for i in at.info)


def test_first_run_builds_the_demo(tmp_path, monkeypatch):
    db = tmp_path / "fresh" / "techmarket.duckdb"
    monkeypatch.setenv("TECHMARKET_DEMO_CONTRACTS", "2000")
    at = app(db, monkeypatch)
    assert not at.exception and db.exists()
    assert at.metric and at.title[0].value == t("page_overview", "zh")

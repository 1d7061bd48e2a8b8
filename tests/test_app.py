"""Every page through Streamlit's AppTest: both languages, both fixture databases, filters from the URL."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from techmarket import queries, views
from techmarket.db import connect_readonly
from techmarket.filters import Filters
from techmarket.i18n import name_column, t
from techmarket.settings import ROOT
from techmarket.ui.routing import use_navigation

PAGES = {"overview": "page_overview", "flows": "page_flows", "cross-border": "page_cross_border", "fields": "page_fields",
         "enterprises": "page_enterprises", "transfer": "page_transfer", "official": "page_official", "data": "page_data"}


CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")


def app(db: Path, monkeypatch, secrets: dict[str, str] | None = None, **params: str) -> AppTest:
    """The app on `db` after its first run, with these URL parameters and Streamlit secrets."""
    monkeypatch.setenv("TECHMARKET_DB", str(db))
    use_navigation()  # as dashboard.py declares: a st.navigation app
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def visible_text(at: AppTest) -> list[str]:
    """Every piece of text a user reads on the page (not the data in tables and charts)."""
    texts = [e.value for kind in ("title", "subheader", "caption", "markdown", "info", "success", "warning", "error")
             for e in getattr(at, kind)]
    texts += [e.label for kind in ("metric", "button", "expander", "tabs", "multiselect", "selectbox", "radio", "slider", "text_area")
              for e in getattr(at, kind) if getattr(e, "label", None)]
    return texts


def panel_titles(db: Path, page: str, lang: str) -> list[str]:
    """The titles of the panels the view shows, as a meeting pack of it lists them."""
    con = connect_readonly(db)
    try:
        f = Filters(lang=lang).with_years(*queries.year_range(con))
        names = {"tech_fields": dict(con.execute(f"select field_code, {name_column(lang)} from tech_fields").fetchall())}
        built = views.build(page, lambda n, f_, **kw: queries.run(con, n, f_, **kw), f, names.__getitem__, pack=True)
        return [p.title for p in built.panels.values()]
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("fixture", ["small_demo_db", "sample_db"])
def test_every_page_renders_in_both_languages(request, monkeypatch, fixture, page, lang):
    at = app(request.getfixturevalue(fixture), monkeypatch, lang=lang)
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t(PAGES[page], lang)
    subheaders = [s.value for s in at.subheader]
    if page in views.VIEWS:  # every panel of the view is on its page, under its own title
        expected = panel_titles(request.getfixturevalue(fixture), page, lang)
        assert set(expected) <= set(subheaders), set(expected) - set(subheaders)
    else:
        assert t("title_dictionary", lang) in subheaders
        if fixture == "sample_db":  # the five sample rejects, each reason named in the page's language
            by_reason = at.dataframe[1].value
            assert sorted(by_reason[t("load_reason", lang)]) == sorted(
                t(f"reason_{c}", lang) for c in ("bad_credit_code", "bad_date", "negative_amount", "unknown_region", "unknown_type"))
    if lang == "en":  # an English page says nothing in Chinese
        assert not [text for text in visible_text(at) if CJK.search(text)]
    else:
        assert any(CJK.search(text) for text in subheaders)
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


def test_sql_link_fills_the_box_and_runs_it(small_demo_db, monkeypatch):
    at = app(small_demo_db, monkeypatch, lang="en", q="select contract_type, count(*) as n from contracts group by 1 order by 1")
    at.switch_page("pages/sql.py").run()
    assert not at.exception
    assert at.text_area(key="sql_text").value.startswith("select contract_type")
    frame = at.dataframe[0].value
    assert list(frame["contract_type"]) == ["consulting", "development", "licensing", "service", "transfer"]
    assert int(frame["n"].sum()) == 4_000


def test_a_second_sql_link_in_the_same_session_replaces_the_box(small_demo_db, monkeypatch):
    """"Open on the SQL page" under a chart: a session that has been on the SQL page takes the new query."""
    at = app(small_demo_db, monkeypatch, lang="en", q="select 1 as one")
    at.switch_page("pages/sql.py").run()
    with connect_readonly(small_demo_db) as con:
        shown = queries.run(con, "overview_top_fields", Filters(lang="en").with_years(*queries.year_range(con)))
    at.query_params["q"] = shown.sql
    at.run()
    assert not at.exception
    assert at.text_area(key="sql_text").value == shown.sql
    frame = at.dataframe[0].value
    assert list(frame["field_code"]) == shown.frame["field_code"].to_list()


def test_enterprise_cards_are_formatted_by_their_measure(small_demo_db, monkeypatch):
    """The enterprise cards speak as the overview's do: 2.0万 in Chinese, 20,000 in English."""
    from techmarket.metrics import ENTERPRISES

    with connect_readonly(small_demo_db) as con:
        count = con.execute("select count(*) from enterprises").fetchall()[0][0]
    for lang in ("zh", "en"):
        at = app(small_demo_db, monkeypatch, lang=lang)
        at.switch_page("pages/enterprises.py").run()
        assert at.metric[0].label == t("enterprises", lang)
        assert at.metric[0].value == ENTERPRISES.format(count, Filters(lang=lang))
    assert ENTERPRISES.format(count, Filters(lang="zh")).endswith("万") and "," in ENTERPRISES.format(count, Filters(lang="en"))


def test_sql_errors_are_short_messages(small_demo_db, monkeypatch):
    at = app(small_demo_db, monkeypatch, lang="en", q="drop table contracts")
    at.switch_page("pages/sql.py").run()
    assert not at.exception
    assert "refused" in at.error[0].value and "Traceback" not in at.error[0].value


def test_sql_page_behind_a_password(small_demo_db, monkeypatch):
    at = app(small_demo_db, monkeypatch, secrets={"sql_password": "s3cret-长"}, q="select 1 as one")
    at.switch_page("pages/sql.py").run()
    assert not at.dataframe and not at.text_area  # nothing of the page without the password
    at.text_input(key="_password_sql_password").input("wrong").run()
    assert at.error and not at.dataframe
    at.text_input(key="_password_sql_password").input("s3cret-长").run()
    assert at.text_area(key="sql_text").value == "select 1 as one"


def test_sql_page_can_be_switched_off(small_demo_db, monkeypatch):
    monkeypatch.setenv("TECHMARKET_SQL", "off")
    at = app(small_demo_db, monkeypatch)
    with pytest.raises(ValueError):
        at.switch_page("pages/sql.py").run()


def test_the_whole_app_behind_a_password(small_demo_db, monkeypatch):
    at = app(small_demo_db, monkeypatch, secrets={"app_password": "门-key"})
    assert not at.metric and not at.title and not at.dataframe
    at.text_input(key="_password_app_password").input("nope").run()
    assert at.error and not at.metric
    at.text_input(key="_password_app_password").input("门-key").run()
    assert at.metric and at.title[0].value == t("page_overview", "zh")


def test_a_new_data_version_shows_without_a_restart(tmp_path, small_demo_db, monkeypatch):
    import shutil

    from etl.load import load_files
    from tests.conftest import contract_rows, write_csv

    db = tmp_path / "live.duckdb"
    shutil.copyfile(small_demo_db, db)
    at = app(db, monkeypatch, lang="en", **{"from": "2023", "to": "2023"})
    before = at.metric[0].value
    rows = contract_rows(500, 签订日期="2023-06-01")
    load_files([write_csv(tmp_path / "more.csv", rows)], db, progress=None)  # swapped in under the running app
    at.run()
    after = at.metric[0].value
    assert before != after
    assert int(after.replace(",", "")) - int(before.replace(",", "")) == 500


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_transfer_page_shows_academic_transfers_and_patent_share(small_demo_db, monkeypatch, lang):
    at = app(small_demo_db, monkeypatch, lang=lang)
    at.switch_page("pages/transfer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    subheaders = [s.value for s in at.subheader]
    assert t("academic_transfer", lang) in subheaders
    assert any(t("patent_share", lang) in s or ("专利支撑占比" if lang == "zh" else "Patent-backed share") in s for s in subheaders)
    assert len(subheaders) == 6


def test_registry_filters_come_from_the_url(small_demo_db, monkeypatch):
    at = app(small_demo_db, monkeypatch, lang="en", subtype="transfer_patent,licensing_patent", seller_kind="university",
             buyer_kind="enterprise,bogus")
    f = at.session_state["filters"]
    assert (f.subtypes, f.seller_kinds, f.buyer_kinds) == (("transfer_patent", "licensing_patent"), ("university",), ("enterprise",))
    assert at.query_params["seller_kind"] in ("university", ["university"])
    assert not at.exception


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_as_of_is_the_latest_signing_date_with_the_load_time_in_beijing(small_demo_db, monkeypatch, lang):
    at = app(small_demo_db, monkeypatch, lang=lang)
    with connect_readonly(small_demo_db) as con:
        signed, finished = con.execute("select (select max(signed_date) from contracts), (select max(finished_at) from etl_runs)"
                                       ).fetchall()[0]
    beijing = (finished + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")  # finished_at is UTC
    caption = " ".join(c.value for c in at.sidebar.caption)
    assert t("as_of_line", lang, date=signed.isoformat(), loaded=beijing) in caption


def test_the_pack_link_keeps_its_view(small_demo_db, monkeypatch):
    """A page's "meeting pack of this view" link opens the packs page with that view chosen: the router keeps
    every parameter that is not a filter."""
    at = app(small_demo_db, monkeypatch, lang="en", view="flows")
    at.switch_page("pages/snapshots.py").run()
    assert not at.exception
    assert at.multiselect(key="pack_views").value == ["flows"]


def test_side_filters_from_the_url_narrow_every_panel_and_are_named(small_demo_db, monkeypatch):
    """?seller=YRD&buyer=441900: the flows page names the selection, and its matrix holds only YRD sellers'
    contracts with Dongguan buyers, as the contracts say."""
    at = app(small_demo_db, monkeypatch, lang="en", seller="YRD", buyer="441900")
    at.switch_page("pages/flows.py").run()
    assert not at.exception
    f = at.session_state["filters"]
    assert (f.sellers, f.buyers) == (("YRD",), ("441900",))
    assert any("Selected: sellers in YRD → buyers in Dongguan" in i.value for i in at.info)
    with connect_readonly(small_demo_db) as con:
        expected = con.execute("""select count(*) from contracts as c join regions as s on s.region_code = c.seller_region
                                  where s.bloc = 'YRD' and c.buyer_region = '441900'""").fetchall()[0][0]
        matrix = queries.run(con, "flows_matrix", f.with_years(*queries.year_range(con)), level="province", top=25).frame
    assert matrix["contracts"].sum() == expected > 0
    assert at.button(key="flows_clear")  # clearing, and a cell's click, are browser tests (AppTest re-sends the sidebar's widget values)

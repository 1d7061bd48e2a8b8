"""Entry point and router: `streamlit run dashboard.py`.

Page config, first-run demo build, language, the shared filters (kept in the URL), the demo
banner and data as-of date and version, then `st.navigation(...).run()`, all under one data version
(ui.pinned). Pages live in pages/.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from techmarket import access, ui
from techmarket import filters as flt
from techmarket.i18n import BLOC_ORDER, DEFAULT_LANG, LANGS, bloc_name, name_column, t
from techmarket.metrics import VALUE
from techmarket.settings import db_path, demo_contracts, load_page_enabled, sql_page_enabled
from techmarket.ui.routing import take_pending

if ui.use_navigation():  # pages/ holds st.navigation pages, not an old-style multipage folder (techmarket/ui/routing.py)
    st.rerun()  # the process's first run began in the old mode: begin it again in the new
st.set_page_config(page_title=f"{t('app_title', 'zh')} · {t('app_title', 'en')}", page_icon=":material/hub:", layout="wide")
ui.style()  # phone layout and keyboard focus (techmarket/ui/app.css)


FILTER_KEYS = ("lang", *flt.PARAM_KEYS)  # everything else in a link is a page's own parameter (the SQL page's q, the packs' view)


def page_params() -> dict[str, str]:
    """The URL's parameters that are not filters: they survive the router untouched."""
    return {k: st.query_params[k] for k in st.query_params if k not in FILTER_KEYS}


def url_lang() -> str:
    """The language the URL asks for, before the filters exist (first run, password)."""
    lang = st.query_params.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def first_run() -> None:
    """No database yet: build the demo with a progress bar (once, even with two tabs open)."""
    from etl.demo import ensure_demo

    path = db_path()
    if path.exists():
        return
    lang = url_lang()
    bar = st.progress(0.0, text=t("building_demo", lang))
    ensure_demo(path, contracts=demo_contracts(),
                progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=f"{t('building_demo', lang)} {message}"))
    bar.empty()


def url_filters() -> flt.Filters:
    """Filters from the URL on a session's first run; afterwards the session's own (page switches
    clear the query string, and the router writes it back)."""
    in_url = {k: v for k, v in st.query_params.to_dict().items() if k in FILTER_KEYS}
    written = {k: v for k, v in (st.session_state.get("_written") or {}).items() if k in FILTER_KEYS}
    if "filters" not in st.session_state or (in_url and written != in_url):
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        st.session_state["filters"] = flt.from_params(params, *ui.known_codes())
        for key in [k for k in st.session_state if str(k).startswith("flt_")]:
            del st.session_state[key]
    return st.session_state["filters"]


def sidebar(f: flt.Filters, years: tuple[int, int]) -> flt.Filters:
    regions = ui.dimension("regions")
    with st.sidebar:
        lang = st.segmented_control(t("language", f.lang), options=list(LANGS), format_func=lambda code: t(f"lang_{code}", code),
                                    default=f.lang, key="flt_lang") or f.lang
        name = name_column(lang)
        st.markdown(f"**{t('filters', lang)}**")
        lo, hi = years
        if lo < hi:
            y0, y1 = st.slider(t("years", lang), lo, hi, (f.year_from or lo, f.year_to or hi), key="flt_years")
        else:
            y0 = y1 = lo
        blocs = st.multiselect(t("blocs", lang), BLOC_ORDER, default=list(f.blocs), format_func=lambda b: bloc_name(b, lang),
                               key="flt_blocs", placeholder=t("all", lang), help=t("region_filter_help", lang))
        prov_rows = regions.filter(regions["level"].is_in(["province", "country"]))
        if blocs:
            prov_rows = prov_rows.filter(prov_rows["bloc"].is_in(blocs) | prov_rows["region_code"].is_in(
                regions.filter(regions["bloc"].is_in(blocs))["province_code"].drop_nulls().to_list()))
        prov_names = dict(zip(prov_rows["region_code"], prov_rows[name], strict=True))
        provinces = st.multiselect(t("provinces", lang), list(prov_names), default=[p for p in f.provinces if p in prov_names],
                                   format_func=lambda c: prov_names[c], key="flt_provinces", placeholder=t("all", lang))
        city_rows = regions.filter(regions["level"] == "city")
        if provinces:
            city_rows = city_rows.filter(city_rows["parent_code"].is_in(provinces))
        elif blocs:
            city_rows = city_rows.filter(city_rows["bloc"].is_in(blocs))
        city_names = dict(zip(city_rows["region_code"], city_rows[name], strict=True))
        cities = st.multiselect(t("cities", lang), list(city_names), default=[c for c in f.cities if c in city_names],
                                format_func=lambda c: city_names[c], key="flt_cities", placeholder=t("all", lang))
        # Seller side and buyer side: blocs, provinces (and economies abroad) and cities, each matching one party.
        places = {b: bloc_name(b, lang) for b in BLOC_ORDER} | dict(zip(regions["region_code"], regions[name], strict=True))
        # A default only for a widget without a state: a matrix click sets the state (ui.set_filters), and both at once warn.
        sellers = st.multiselect(t("seller_side", lang), list(places),
                                 default=None if "flt_sellers" in st.session_state else [c for c in f.sellers if c in places],
                                 format_func=lambda c: places[c], key="flt_sellers", placeholder=t("all", lang),
                                 help=t("side_filter_help", lang))
        buyers = st.multiselect(t("buyer_side", lang), list(places),
                                default=None if "flt_buyers" in st.session_state else [c for c in f.buyers if c in places],
                                format_func=lambda c: places[c], key="flt_buyers", placeholder=t("all", lang),
                                help=t("side_filter_help", lang))
        field_names = ui.names("tech_fields", lang)
        chosen_fields = st.multiselect(t("fields", lang), list(field_names), default=list(f.fields), format_func=lambda c: field_names[c],
                                       key="flt_fields", placeholder=t("all", lang))
        type_names = ui.names("contract_types", lang)
        types = st.multiselect(t("types", lang), list(type_names), default=list(f.types), format_func=lambda c: type_names[c],
                               key="flt_types", placeholder=t("all", lang))
        subtype_rows = ui.dimension("contract_subtypes")
        if types:
            subtype_rows = subtype_rows.filter(subtype_rows["type_code"].is_in(types))
        subtype_names = dict(zip(subtype_rows["subtype_code"], subtype_rows[name], strict=True))
        kind_names = {k: t(f"kind_{k}", lang) for k in flt.KINDS}
        with st.expander(t("registry_filters", lang), expanded=f.registry_filtered):
            subtypes = st.multiselect(t("subtypes", lang), list(subtype_names), default=[s for s in f.subtypes if s in subtype_names],
                                      format_func=lambda c: subtype_names[c], key="flt_subtypes", placeholder=t("all", lang))
            seller_kinds = st.multiselect(t("seller_kinds", lang), list(kind_names), default=list(f.seller_kinds),
                                          format_func=lambda c: kind_names[c], key="flt_seller_kinds", placeholder=t("all", lang))
            buyer_kinds = st.multiselect(t("buyer_kinds", lang), list(kind_names), default=list(f.buyer_kinds),
                                         format_func=lambda c: kind_names[c], key="flt_buyer_kinds", placeholder=t("all", lang))
        c1, c2 = st.columns(2)
        unit = c1.radio(t("unit", lang), flt.UNITS, index=flt.UNITS.index(f.unit), key="flt_unit",
                        format_func=lambda u: VALUE.unit(replace(f, unit=u, lang=lang)))  # 亿美元 when the currency is USD
        currency = c2.radio(t("currency", lang), flt.CURRENCIES, index=flt.CURRENCIES.index(f.currency), key="flt_currency")
    return replace(f, lang=lang, year_from=y0, year_to=y1, blocs=tuple(blocs), provinces=tuple(provinces), cities=tuple(cities),
                   sellers=tuple(sellers), buyers=tuple(buyers),
                   fields=tuple(chosen_fields), types=tuple(types), subtypes=tuple(subtypes), seller_kinds=tuple(seller_kinds),
                   buyer_kinds=tuple(buyer_kinds), unit=unit, currency=currency)


PAGES = [
    ("overview", "page_overview", ":material/dashboard:", True),
    ("flows", "page_flows", ":material/swap_horiz:", False),
    ("cross-border", "page_cross_border", ":material/public:", False),
    ("fields", "page_fields", ":material/category:", False),
    ("enterprises", "page_enterprises", ":material/factory:", False),
    ("transfer", "page_transfer", ":material/school:", False),
    ("official", "page_official", ":material/menu_book:", False),
]
TOOLS = [("sql", "page_sql", ":material/terminal:")] if sql_page_enabled() else []
TOOLS += [("snapshots", "page_snapshots", ":material/slideshow:"), ("data", "page_data", ":material/fact_check:")]
# Stewards' page: only with its own password set, and not switched off (TECHMARKET_LOAD).
TOOLS += [("load", "page_load", ":material/upload_file:")] if load_page_enabled() and access.secret("steward_password") else []


def page(lang: str, file: str, title_key: str, icon: str, default: bool = False) -> st.Page:
    # File names are the URL paths (README, "The dashboard": links people keep), so a deep link resolves before the router has run.
    return st.Page(f"pages/{file}.py", title=t(title_key, lang), icon=icon, url_path=file, default=default)


def main() -> None:
    """The run under one data version (ui.pinned): filters, sidebar, banner and the chosen page."""
    info, as_of, years = ui.info()
    take_pending()  # filters a page set for this run (a flows matrix click), before the sidebar is drawn
    f = url_filters().with_years(*years)
    f = sidebar(f, years)
    st.session_state["filters"] = f
    # Page-level parameters (the SQL page's query, the packs' views) ride along with the filters.
    params = f.to_params(years) | page_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    st.session_state["_written"] = params

    lang = f.lang
    with st.sidebar:
        version = f"  \n{t('data_version', lang)}: {info['data_version']}" if info.get("data_version") else ""
        st.caption(t("as_of_line", lang, date=as_of.latest_signed or "—", loaded=as_of.loaded_at or "—") + version)
    if info.get("is_demo") == "true":
        st.warning(t("demo_banner", lang), icon=":material/science:")

    view_pages = [page(lang, *p) for p in PAGES]
    tool_pages = [page(lang, *p) for p in TOOLS]
    nav = st.navigation({t("section_views", lang): view_pages, t("section_data", lang): tool_pages})
    if nav in view_pages:  # a view: one click to a meeting pack of it, with these filters
        pack_page = next(p for p in tool_pages if p.url_path == "snapshots")
        with st.sidebar:
            st.page_link(pack_page, label=t("pack_of_this_view", lang), icon=":material/slideshow:",
                         query_params=f.to_params(years) | {"view": nav.url_path or "overview"})
    nav.run()


first_run()
if not access.unlocked("app_password", t("password_app", url_lang()), t("password_wrong", url_lang())):
    st.stop()  # the whole app is locked: nothing of it shows without the password
with ui.pinned():
    main()

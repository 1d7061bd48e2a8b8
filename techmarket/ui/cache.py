"""What a page run reads, made once per data version and shared by every session: named query
results (with the SQL as it ran), finished views, dimension tables, dataset info and the schema catalogue.

All of it goes through techmarket.memo.Shared keyed by plain values, with the data version first, so
a database swapped in by the ETL is a new key. Results must not be changed in place.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import polars as pl

from techmarket import db, queries
from techmarket.filters import Filters
from techmarket.memo import Shared
from techmarket.ui.connection import cursor, version
from techmarket.ui.vega import web_panes


def _run_query(version: str, name: str, f: Filters, params: tuple) -> queries.Result:
    con, _ = cursor()
    return queries.run(con, name, f, **dict(params))


_queries = Shared(_run_query, max_entries=512)


def query(name: str, f: Filters, **params: object) -> queries.Result:
    """A named query (sql/NAME.sql) under the filters: its frame, with the SQL as it ran (queries.Result)."""
    return _queries(version(), name, f, tuple(sorted(params.items())))


def _make_info(version: str) -> tuple[dict[str, str], db.AsOf, tuple[int, int]]:
    con, _ = cursor()
    return db.dataset_info(con), db.as_of(con), queries.year_range(con)


_info = Shared(_make_info, max_entries=16)


def info() -> tuple[dict[str, str], db.AsOf, tuple[int, int]]:
    """(dataset_info, how current the data is, (first year, last year)) of the current data version."""
    return _info(version())


def is_demo() -> bool:
    return info()[0].get("is_demo") == "true"


def view(name: str, f: Filters, **options: object) -> Any:
    """The View `name` (techmarket.views.build) under the filters with the page's options, made once per data
    version, filters and options and shared by every session: its charts are turned into what the browser is
    sent at that time, so a page run that finds it costs milliseconds."""
    return _views(version(), name, f, tuple(sorted(options.items())))


def _make_view(version: str, name: str, f: Filters, options: tuple) -> Any:
    from techmarket import views

    built = views.build(name, query, f, lambda table: names(table, f.lang), **dict(options))
    built.panels = {k: dataclasses.replace(p, web=web_panes(p.chart)) if p.chart is not None else p for k, p in built.panels.items()}
    return built


_views = Shared(_make_view, max_entries=128)  # a view is tens to hundreds of KB: bounded memory


DIMENSION_ORDER = {"regions": "region_code", "tech_fields": "sort_order", "contract_types": "sort_order",
                   "contract_subtypes": "sort_order"}


def _make_dimension(version: str, table: str) -> pl.DataFrame:
    con, _ = cursor()
    return con.sql(f"select * from {table} order by {DIMENSION_ORDER[table]}").pl()


_dimensions = Shared(_make_dimension, max_entries=64)


def dimension(table: str) -> pl.DataFrame:
    """A dimension table (regions, tech_fields, contract_types, contract_subtypes)."""
    return _dimensions(version(), table)


def names(table: str, lang: str) -> dict[str, str]:
    """Code -> name in this language for a dimension table, in its display order."""
    from techmarket.i18n import name_column

    df = dimension(table)
    return dict(zip(df[df.columns[0]], df[name_column(lang)], strict=True))


def place_names(codes: tuple[str, ...], lang: str) -> str:
    """Bloc, province, city or economy codes (a seller-side or buyer-side filter) by name, joined."""
    from techmarket.i18n import BLOC_ORDER, bloc_name, t

    regions = names("regions", lang)
    return t("list_sep", lang).join(bloc_name(c, lang) if c in BLOC_ORDER else regions.get(c, c) for c in codes)


def _make_known_codes(version: str) -> tuple[set[str], set[str], set[str]]:
    con, _ = cursor()
    return queries.known_codes(con)


_known_codes = Shared(_make_known_codes, max_entries=4)


def known_codes() -> tuple[set[str], set[str], set[str]]:
    """(region, field, subtype codes): what a URL may name (techmarket.filters.from_params)."""
    return _known_codes(version())


def _make_catalog(version: str) -> pl.DataFrame:
    from techmarket.workbench import schema_browser

    con, _ = cursor()
    return schema_browser(con)


_catalogs = Shared(_make_catalog, max_entries=4)


def schema_catalog() -> pl.DataFrame:
    """Tables and columns with types, descriptions and row counts."""
    return _catalogs(version())


def _make_named_sql(version: str, f: Filters) -> dict[str, str]:
    con, _ = cursor()
    return {name: queries.compose(con, name, f).runnable() for name in queries.named_queries()}


_named_sql = Shared(_make_named_sql, max_entries=64)


def named_sql(f: Filters) -> dict[str, str]:
    """Every named query composed for the filters with its defaults, as it would run (the SQL page's examples)."""
    return _named_sql(version(), f)


def _make_sandbox(path: str, limit: float) -> Any:
    from techmarket.workbench import Sandbox

    return Sandbox(Path(path), time_limit_s=limit)


_sandboxes = Shared(_make_sandbox, max_entries=4)


def sandbox(path: str, time_limit_s: float) -> Any:
    """The SQL workbench's sandbox on this database path (one per process; it follows data versions itself)."""
    return _sandboxes(path, time_limit_s)


def clear() -> None:
    """Forget every cached value (the benchmark's cold runs)."""
    for memo in (_queries, _info, _views, _dimensions, _known_codes, _catalogs, _named_sql):
        memo.clear()

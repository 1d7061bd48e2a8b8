"""A meeting pack: the panels of the chosen views under the filters, the filters in words, the as-of
date, whether the data is the demo, and the sources (the model the writers print; techmarket.snapshot.formats
writes it in one format)."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from techmarket import db as dbmod
from techmarket import queries, views
from techmarket.filters import Filters
from techmarket.i18n import BLOC_ORDER, bloc_name, name_column, t
from techmarket.metrics import VALUE


@dataclass
class Pack:
    f: Filters
    as_of: dbmod.AsOf
    is_demo: bool
    filters_text: list[str]
    sections: list[tuple[str, list[views.Panel]]] = field(default_factory=list)

    @property
    def panels(self) -> list[tuple[str, views.Panel]]:
        return [(title, p) for title, panels in self.sections for p in panels]

    def title(self) -> str:
        return t("pack_title", self.f.lang)

    def source_of(self, panel: views.Panel) -> str:
        """The panel's own source, else the registry's (the demo's when the data is the demo)."""
        return panel.source or t("source_demo" if self.is_demo else "source_registry", self.f.lang)

    def footnote(self, panel: views.Panel) -> str:
        """Unit, source and, for the demo's own data, the demo note: under every chart."""
        lang = self.f.lang
        parts = [f"{t('unit_label', lang)}: {panel.unit}" if panel.unit else "", f"{t('source', lang)}: {self.source_of(panel)}"]
        if self.is_demo and panel.source is None:
            parts.append(t("demo_note", lang))
        return " · ".join(p for p in parts if p)

    def sources(self) -> list[str]:
        """Every source the pack cites, once each, and the exchange rates'."""
        seen: list[str] = []
        for _, p in self.panels:
            if (s := self.source_of(p)) not in seen:
                seen.append(s)
        return [*seen, t("source_fx", self.f.lang)]

    def cover_lines(self) -> list[str]:
        """Made on, as of, the views and the filters in words."""
        import datetime as dt

        lang = self.f.lang
        return [f"{t('made_on', lang)}: {dbmod.beijing(dt.datetime.now(dt.UTC))[:10]}",
                t("as_of_line", lang, date=self.as_of.latest_signed or "—", loaded=self.as_of.loaded_at or "—"),
                f"{t('pack_views', lang)}: {', '.join(title for title, _p in self.sections)}", "", *self.filters_text]


def describe_filters(con: duckdb.DuckDBPyConnection, f: Filters) -> list[str]:
    """The filters in words, for the cover."""
    lang = f.lang

    def sides(codes: tuple[str, ...]) -> str:
        """Blocs by name, regions by their names (a seller-side or buyer-side filter)."""
        regions = dict(con.execute(f"select region_code, {name_column(lang)} from regions where list_contains($c, region_code)",
                                   {"c": list(codes)}).fetchall())
        return t("list_sep", lang).join(bloc_name(c, lang) if c in BLOC_ORDER else regions.get(c, c) for c in codes)

    def names(table: str, key: str, codes: tuple[str, ...]) -> str:
        if not codes:
            return t("all", lang)
        rows = dict(con.execute(f"select {key}, {name_column(lang)} from {table} where list_contains($c, {key})",
                                {"c": list(codes)}).fetchall())
        return ", ".join(rows.get(c, c) for c in codes)

    return [
        f"{t('years', lang)}: {f.year_from}–{f.year_to}",
        f"{t('blocs', lang)}: {', '.join(bloc_name(b, lang) for b in f.blocs) or t('all', lang)}",
        f"{t('provinces', lang)}: {names('regions', 'region_code', f.provinces)}",
        f"{t('cities', lang)}: {names('regions', 'region_code', f.cities)}",
        *([f"{t('seller_side', lang)}: {sides(f.sellers)}"] if f.sellers else []),
        *([f"{t('buyer_side', lang)}: {sides(f.buyers)}"] if f.buyers else []),
        f"{t('fields', lang)}: {names('tech_fields', 'field_code', f.fields)}",
        f"{t('types', lang)}: {names('contract_types', 'type_code', f.types)}",
        *([f"{t('subtypes', lang)}: {names('contract_subtypes', 'subtype_code', f.subtypes)}"] if f.subtypes else []),
        *([f"{t('seller_kinds', lang)}: {', '.join(t(f'kind_{k}', lang) for k in f.seller_kinds)}"] if f.seller_kinds else []),
        *([f"{t('buyer_kinds', lang)}: {', '.join(t(f'kind_{k}', lang) for k in f.buyer_kinds)}"] if f.buyer_kinds else []),
        f"{t('unit', lang)}: {VALUE.unit(f)} · {t('currency', lang)}: {f.currency}",
    ]


def build_pack(con: duckdb.DuckDBPyConnection, view_names: list[str], f: Filters) -> Pack:
    f = f.with_years(*queries.year_range(con))
    info = dbmod.dataset_info(con)

    def run(name: str, filters: Filters, **params: object) -> queries.Result:
        return queries.run(con, name, filters, **params)

    def names(table: str) -> dict[str, str]:
        key = {"tech_fields": "field_code", "regions": "region_code", "contract_types": "type_code"}[table]
        return dict(con.execute(f"select {key}, {name_column(f.lang)} from {table}").fetchall())

    pack = Pack(f, dbmod.as_of(con), info.get("is_demo") == "true", describe_filters(con, f))
    for view in view_names:
        pack.sections.append((views.view_title(view, f.lang), list(views.build(view, run, f, names, pack=True).panels.values())))
    return pack


def cell_text(value: object) -> str:
    """A table cell as the PDF and PPTX tables print it: floats with two decimals, nothing for null."""
    return f"{value:,.2f}" if isinstance(value, float) else "" if value is None else str(value)

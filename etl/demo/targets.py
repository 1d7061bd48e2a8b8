"""What the demo is calibrated to: the yearbook's province shares (2019-2023, 2024 by trend) and national totals."""

from __future__ import annotations

import duckdb
import polars as pl

YEARS = tuple(range(2019, 2025))
LAST_PUBLISHED = 2023

def published_targets(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """year, direction, measure, geo_code, share (fraction) for 2019-2023, and 2024 extrapolated."""
    pub = con.sql("""
        select year::int as year, direction, measure, geo_code,
            value::double / sum(value::double) over (partition by year, direction, measure) as share
        from official_stats
        where measure in ('tech_market_contracts_count', 'tech_market_contract_value')
          and direction in ('output', 'absorb') and year between 2019 and 2023
          and dataset = 'yearbook_provinces'
        order by year, direction, measure, geo_code  -- a fixed order: floating-point sums below depend on it
    """).pl()
    trend = pub.group_by("direction", "measure", "geo_code", maintain_order=True).agg(
        (pl.col("share").sort_by("year").last()
         + (LAST_PUBLISHED + 1 - LAST_PUBLISHED)
         * pl.cov("year", "share") / pl.col("year").var()).alias("share"),
        pl.col("share").sort_by("year").last().alias("last"),
    ).with_columns(pl.max_horizontal(pl.col("share"), 0.2 * pl.col("last")).alias("share")).drop("last")
    trend = trend.with_columns(
        (pl.col("share") / pl.col("share").sum().over("direction", "measure")).alias("share"),
        pl.lit(LAST_PUBLISHED + 1).alias("year"),
    )
    return pl.concat([pub, trend.select(pub.columns)]).sort("year", "direction", "measure", "geo_code")


def national_totals(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[float, float]]:
    """year -> (contracts, average value in yuan); 2024 grows at the 2021-2023 average rate."""
    rows = con.sql("""
        select year::int, max(value::double) filter (measure = 'tech_market_contracts_count'),
            max(value::double) filter (measure = 'tech_market_contract_value')
        from official_stats where geo_code = 'CN' and direction = 'total' and year between 2019 and 2023 group by 1
    """).fetchall()
    out = {y: (n, v * 1e8 / n) for y, n, v in rows}
    n_growth = (out[2023][0] / out[2021][0]) ** 0.5
    v_growth = (out[2023][1] / out[2021][1]) ** 0.5
    out[2024] = (out[2023][0] * n_growth, out[2023][1] * v_growth)
    return out

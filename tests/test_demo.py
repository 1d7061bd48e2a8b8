"""The demo registry: calibration, coverage, determinism, labels, first-run build."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from etl.demo import DemoRefused, build_demo, ensure_demo
from etl.demo import build as demo_build
from etl.demo.build import calibration_sql
from etl.load import load_files
from etl.uscc import is_valid
from tests.conftest import SAMPLES, query

N = 30_000


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(db, contracts=N, seed=7, progress=None, quiet=True)
    return db


def test_calibration_holds_within_two_points(demo_db):
    rows = query(demo_db, calibration_sql())
    published = [r for r in rows if r[4] is not None]
    years = {r[0] for r in published}
    assert years == {2019, 2020, 2021, 2022, 2023}
    # Every published geography (31 provinces, HK-MO-TW, OTHER), both sides, counts and values.
    assert len({r[3] for r in published}) == 33
    worst = max(published, key=lambda r: abs(r[6]))
    assert abs(worst[6]) <= 2.0, worst
    # The 2024 shares follow the trend rather than repeating 2023.
    assert query(demo_db, "select count(*) from contracts where year(signed_date) = 2024")[0][0] > 0


def test_every_dimension_joins(demo_db):
    orphans = query(demo_db, """
        select
            count(*) filter (seller_region not in (select region_code from regions)
                             or buyer_region not in (select region_code from regions)),
            count(*) filter (field_code not in (select field_code from tech_fields)),
            -- Universities and research institutes sell too; they are not in the region's enterprise register.
            count(*) filter (seller_id is not null and seller_id not in (select enterprise_id from enterprises)
                             and seller_kind not in ('university', 'research_institute')),
            count(*) filter (buyer_id is not null and buyer_id not in (select enterprise_id from enterprises))
        from contracts
    """)[0]
    assert orphans == (0, 0, 0, 0)
    assert query(demo_db, "select count(*) from enterprises where region_code not in (select region_code from regions)")[0][0] == 0


def test_every_bloc_type_field_tier_and_stage_is_present(demo_db):
    def values(sql):
        return {r[0] for r in query(demo_db, sql)}

    blocs = values("select distinct r.bloc from contracts c join regions r on r.region_code in (c.seller_region, c.buyer_region)")
    assert blocs == {"GBA", "YRD", "OTHER_CN", "OVERSEAS"}
    assert values("select distinct contract_type from contracts") == {"development", "transfer", "licensing", "consulting", "service"}
    assert values("select distinct field_code from contracts") == values("select field_code from tech_fields")
    assert values("select distinct sme_tier from enterprises") == {"none", "innovative", "specialized", "little_giant"}
    assert values("select distinct incubation_stage from enterprises where incubation_stage is not null") == {
        "seedbed", "incubator", "accelerator", "cluster"}
    currencies = values("select distinct currency from contracts")
    assert {"CNY", "USD", "HKD", "EUR", "JPY", "GBP", "KRW", "SGD"} <= currencies and len(currencies) >= 8
    # Macao is small (about 2 of 30,000 contracts sell from there): any side counts.
    parties = values("select seller_region from contracts union select buyer_region from contracts")
    assert parties >= {"810000", "820000", "441900", "US", "DE"}


def test_enterprise_profile(demo_db):
    sql = "select count(*), count(*) filter (is_high_tech), count(*) filter (in_listing_pool) from enterprises"
    n, high_tech, listing = query(demo_db, sql)[0]
    assert n >= 20_000 and 0 < listing < high_tech < n
    tiers = dict(query(demo_db, "select sme_tier, count(*) from enterprises group by 1"))
    assert tiers["innovative"] > tiers["specialized"] > tiers["little_giant"] > 0  # a pyramid
    stages = dict(query(demo_db, "select incubation_stage, count(*) from enterprises where incubation_stage is not null group by 1"))
    assert stages["seedbed"] > stages["incubator"] > stages["accelerator"] > stages["cluster"] > 0  # attrition
    ids = query(demo_db, "select enterprise_id, region_code from enterprises using sample 500 rows (reservoir, 1)")
    assert all(is_valid(i) and i[2:8] == r for i, r in ids)  # the division code is the enterprise's region
    dg, rest = query(demo_db, """select avg(is_high_tech::int) filter (region_code = '441900'),
                                        avg(is_high_tech::int) filter (region_code <> '441900') from enterprises""")[0]
    assert dg > rest  # Dongguan: many high-tech firms (10,000 published)


def test_amounts_are_heavy_tailed_and_grow(demo_db):
    top_share, median, mean = query(demo_db, """
        with ranked as (select amount_cny::double as a, percent_rank() over (order by amount_cny) as p from contracts)
        select sum(a) filter (p >= 0.99) / sum(a), median(a), avg(a) from ranked
    """)[0]
    assert top_share > 0.2 and median < mean / 3
    by_year = dict(query(demo_db, "select year(signed_date), count(*) from contracts group by 1"))
    assert by_year[2024] > by_year[2019] * 1.5


def test_priority_fields_grow_faster_in_the_gba(demo_db):
    rows = dict(query(demo_db, """
        select (r.bloc = 'GBA') || '-' || year(c.signed_date),
            avg((c.field_code in ('ai', 'ic', 'smart_terminal'))::int)
        from contracts c join regions r on r.region_code = c.seller_region
        where year(c.signed_date) in (2019, 2024) group by 1
    """))
    assert rows["true-2024"] - rows["true-2019"] > rows["false-2024"] - rows["false-2019"] > 0


def test_demo_is_labelled_and_loaded_through_the_etl_without_rejects(demo_db):
    info = dict(query(demo_db, "select key, value from dataset_info"))
    assert info["is_demo"] == "true" and "演示数据" in info["label_zh"] and "synthetic" in info["label_en"]
    assert query(demo_db, "select source, rows_rejected, rows_in = rows_loaded from etl_runs") == [("demo", 0, True)]
    assert query(demo_db, "select count(*) from etl_rejects")[0][0] == 0


def _contents(db: Path) -> dict[str, str]:
    """A hash of each table's rows in a total order (so a difference names its table)."""
    out = {}
    for table, order in [("contracts", "contract_id"), ("enterprises", "enterprise_id"), ("dataset_info", "key"),
                         ("official_stats", "year, geo_code, measure, direction"), ("fx_rates", "method, currency, year, rate_date"),
                         ("etl_runs", "run_id")]:
        columns = "run_id, source, rows_in, rows_loaded, rows_rejected" if table == "etl_runs" else "*"
        where = "where key <> 'data_version'" if table == "dataset_info" else ""  # each build is a version of its own
        h = hashlib.sha256()
        for row in query(db, f"select {columns} from {table} {where} order by {order}"):
            h.update(repr(row).encode())
        out[table] = h.hexdigest()
    return out


def test_same_seed_same_contents(tmp_path):
    a, b, c = tmp_path / "a.duckdb", tmp_path / "b.duckdb", tmp_path / "c.duckdb"
    # Three builds at once (each runs its steps in child processes): the test's time is one build's, nearly.
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda job: build_demo(job[0], contracts=3_000, seed=job[1], progress=None, quiet=True), ((a, 3), (b, 3), (c, 4))))
    first, second, other = _contents(a), _contents(b), _contents(c)
    assert [t for t in first if first[t] != second[t]] == [], "the same seed made different tables"
    assert first["contracts"] != other["contracts"]


def test_demo_does_not_overwrite_loaded_data(tmp_path):
    db = tmp_path / "real.duckdb"
    load_files(sorted(SAMPLES.iterdir()), db, progress=None)
    with pytest.raises(DemoRefused, match="--force"):
        build_demo(db, contracts=1_000, progress=None, quiet=True)
    build_demo(db, contracts=1_000, progress=None, quiet=True, force=True)
    assert query(db, "select value from dataset_info where key = 'is_demo'") == [("true",)]


def test_two_first_runs_at_once_build_once(tmp_path, monkeypatch):
    db = tmp_path / "first.duckdb"
    calls = []
    real = demo_build.build_demo

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(demo_build, "build_demo", counting)  # what ensure_demo calls
    results = []
    threads = [threading.Thread(target=lambda: results.append(ensure_demo(db, contracts=2_000))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(results) == [False, True] and len(calls) == 1
    assert query(db, "select count(*) from contracts")[0][0] == 2_000


def test_a_year_in_parts_keeps_its_contracts_and_calibration(tmp_path, monkeypatch):
    """Large demos generate each year in parts of at most PART_ROWS (to bound the generator's memory): the
    parts number their contracts on from each other, and together they load without a reject and keep the
    published shares."""
    import datetime as dt

    import polars as pl

    from etl.demo import worker

    monkeypatch.setattr(worker, "PART_ROWS", 3_000)
    made = worker.generate(tmp_path, contracts=N, seed=5, today=dt.date(2026, 12, 1))
    parts = [Path(f) for f in made["files"] if "contracts_" in f]
    assert len(parts) > len({p.stem.split("_")[1] for p in parts})  # some year in more than one part
    ids = pl.concat([pl.read_parquet(p, columns=["合同编号"]) for p in parts])["合同编号"]
    assert ids.len() == N and ids.n_unique() == N
    db = tmp_path / "parts.duckdb"
    summary = load_files(made["files"], db, progress=None, today=dt.date(2026, 12, 1))
    assert summary.rows_rejected == 0 and summary.rows_loaded == N + made["enterprises"]
    rows = query(db, calibration_sql())
    assert max(abs(r[6]) for r in rows if r[4] is not None) <= 2.0  # as test_calibration_holds_within_two_points

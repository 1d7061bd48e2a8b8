"""The SQL sandbox against hostile and careless queries, on a real database file.

Each case is refused or bounded, the data stays intact, and the next query is answered."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from techmarket.db import connect_readonly
from techmarket.workbench import Sandbox

HOSTILE = {
    "read a file with read_csv": ("select * from read_csv('/etc/passwd')", "permission"),
    "read a file with read_text": ("select * from read_text('/etc/passwd')", "permission"),
    "list files with glob": ("select * from glob('/etc/*')", "permission"),
    "sniff a file": ("select * from sniff_csv('/etc/hostname')", "permission"),
    "read parquet from a path": ("select * from '/tmp/anything.parquet'", "permission"),
    "read over the network": ("select * from read_csv('https://example.com/x.csv')", "permission"),
    "write a file with COPY": ("copy contracts to '/tmp/stolen.csv'", "not_query"),
    "export the database": ("export database '/tmp/stolen'", "not_query"),
    "attach another file": ("attach '/tmp/other.duckdb' as other", "not_query"),
    "install an extension": ("install httpfs", "not_query"),
    "load an extension": ("load httpfs", "not_query"),
    "re-enable external access": ("set enable_external_access = true", "not_query"),
    "unlock the configuration": ("set lock_configuration = false", "not_query"),
    "raise the memory limit": ("set memory_limit = '100GB'", "not_query"),
    "pragma": ("pragma enable_profiling", "not_query"),
    "call a table function": ("call pragma_version()", "not_query"),
    "create a table": ("create table x as select 1", "not_query"),
    "create a temp table": ("create temp table x as select * from contracts", "not_query"),
    "drop a table": ("drop table contracts", "not_query"),
    "delete rows": ("delete from contracts", "not_query"),
    "update rows": ("update contracts set amount_cny = 0", "not_query"),
    "insert rows": ("insert into regions select * from regions", "not_query"),
    "alter a table": ("alter table contracts add column x int", "not_query"),
    "checkpoint": ("checkpoint", "not_query"),
    "detach": ("detach techmarket", "not_query"),
    "several statements": ("select 1; drop table contracts", "multiple"),
    "a query then a write": ("select count(*) from contracts; delete from contracts;", "multiple"),
    "syntax error": ("selec * from contracts", "syntax"),
    "unknown table": ("select * from no_such_table", "catalog"),
    "empty": ("   ", "empty"),
}


def digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def box(small_demo_db):
    b = Sandbox(small_demo_db, time_limit_s=2.0)
    yield b
    b.close()


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_and_careless_queries_are_refused(box, small_demo_db, case):
    sql, kind = HOSTILE[case]
    before = digest(small_demo_db)
    result = box.run(sql, "en")
    assert not result.ok and result.error_kind == kind, (result.error_kind, result.error)
    assert "Traceback" not in result.error and "\n" not in result.error
    assert digest(small_demo_db) == before
    assert not Path("/tmp/stolen.csv").exists() and not Path("/tmp/stolen").exists()
    follow_up = box.run("select count(*) as n from contracts", "en")
    assert follow_up.ok and follow_up.frame["n"][0] == 4_000


def test_the_engine_itself_refuses_what_the_check_would_catch(small_demo_db):
    """The statement check is for clear messages; the locked read-only configuration is the guard."""
    import duckdb

    con = connect_readonly(small_demo_db)
    for sql in ("set enable_external_access = true", "set lock_configuration = false", "delete from contracts",
                "copy contracts to '/tmp/stolen.csv'", "attach '/tmp/other.duckdb'", "load httpfs", "create table x (a int)"):
        with pytest.raises(duckdb.Error):
            con.execute(sql)
    con.close()


def test_a_runaway_cross_join_is_stopped_at_the_time_limit(box):
    started = time.perf_counter()
    result = box.run("select count(*) from range(1000000000) a, range(1000000000) b", "zh")
    elapsed = time.perf_counter() - started
    assert result.error_kind == "timeout" and "时间限制" in result.error
    assert 2.0 <= elapsed < 4.0, elapsed
    assert box.run("select 42 as answer", "en").frame["answer"][0] == 42


def test_millions_of_rows_are_capped_and_said_to_be_truncated(box):
    result = box.run("select * from range(5000000) t(i)", "en")
    assert result.ok and result.frame.height == 10_000 and result.truncated
    small = box.run("select * from range(10000) t(i)", "en")
    assert small.frame.height == 10_000 and not small.truncated
    full = box.run("select * from range(5000000) t(i)", "en", row_cap=1_000_000)
    assert full.frame.height == 1_000_000 and full.truncated


def test_a_caller_can_only_lower_the_time_limit(box):
    assert box.run("select count(*) from range(1000000000) a, range(1000000000) b", "en", time_limit_s=60).seconds < 4


def test_errors_come_in_the_users_language(box):
    assert box.run("select 1; select 2", "zh").error == "一次只能运行一条语句（发现2条）。"
    assert box.run("select 1; select 2", "en").error == "One statement at a time (2 found)."


def test_every_named_query_and_example_runs_as_written(small_demo_db):
    from techmarket import queries
    from techmarket.filters import Filters

    con = connect_readonly(small_demo_db)
    box = Sandbox(small_demo_db)
    texts = [queries.compose(con, n, Filters()).runnable() for n in queries.named_queries()]
    texts += list(queries.examples().values())
    assert len(queries.examples()) >= 3
    for text in texts:
        result = box.run(text, "en", cursor=con)
        assert result.ok, (text[:80], result.error)
    con.close()


def test_a_runaway_query_does_not_block_other_readers(small_demo_db):
    import threading

    from techmarket import queries
    from techmarket.filters import Filters

    box = Sandbox(small_demo_db, time_limit_s=4.0)
    con = connect_readonly(small_demo_db)
    runaway = threading.Thread(target=box.run, args=("select count(*) from range(1000000000) a, range(1000000000) b", "en"))
    runaway.start()
    time.sleep(0.5)
    started = time.perf_counter()
    frame = queries.run(con.cursor(), "overview_by_year", Filters()).frame  # a page's query, meanwhile
    elapsed = time.perf_counter() - started
    runaway.join(10)
    assert frame.height > 0 and elapsed < 2.0, elapsed
    con.close()
    box.close()

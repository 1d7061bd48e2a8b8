"""The stewards' Load data page (pages/load.py) through Streamlit's AppTest, and its jobs (techmarket.loads)
on real database files: the whole flow in both languages with the project's messy samples, the password,
the page's absence, refused files, and two stewards publishing at once."""

from __future__ import annotations

import io
import json
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from etl.load import load_files
from techmarket import loads
from techmarket.i18n import t
from techmarket.published import read_manifest
from techmarket.settings import ROOT, publish_dir
from techmarket.ui.routing import use_navigation
from tests.conftest import SAMPLES, contract_rows, correct_sample_rejects, lock_held, query, write_csv

PASSWORD = "steward-密码-1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def live_db(tmp_path: Path, small_demo_db: Path) -> Path:
    """A copy of the small demo with its version published, as a host that has loaded before."""
    db = tmp_path / "live" / "demo.duckdb"
    db.parent.mkdir()
    shutil.copyfile(small_demo_db, db)
    shutil.copytree(publish_dir(small_demo_db), publish_dir(db))
    return db


def app(db: Path, monkeypatch, lang: str = "en", secrets: dict[str, str] | None = None, **env: str) -> AppTest:
    monkeypatch.setenv("TECHMARKET_DB", str(db))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    use_navigation()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for k, v in ({"steward_password": PASSWORD} if secrets is None else secrets).items():
        at.secrets[k] = v
    at.query_params["lang"] = lang
    return at.run()


def steward(db: Path, monkeypatch, lang: str = "en", name: str = "Wang Fang 王芳", **env: str) -> AppTest:
    """The Load data page, unlocked, with the steward's name typed."""
    at = app(db, monkeypatch, lang, **env)
    at.switch_page("pages/load.py").run()
    at.text_input(key="_password_steward_password").input(PASSWORD).run()
    at.text_input(key="load_by").input(name).run()
    return at


def upload(at: AppTest, *files: Path | tuple[str, bytes]) -> AppTest:
    at.get("file_uploader")[0].set_value([(f.name, f.read_bytes(), "application/octet-stream") if isinstance(f, Path)
                                          else (f[0], f[1], "application/octet-stream") for f in files])
    at.run()
    return at.button(key="load_check").click().run()


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def contracts(db: Path) -> int:
    return query(db, "select count(*) from contracts")[0][0]


def job_of(at: AppTest, db: Path) -> loads.Job:
    job = loads.Job.open(db, at.session_state["load_job"])
    assert job is not None
    return job


def signed_in_2023(db: Path) -> int:
    return query(db, "select count(*) from contracts where year(signed_date) = 2023")[0][0]


def overview_2023(db: Path, monkeypatch, lang: str, version: str) -> int:
    """The overview's first figure (contracts) for 2023, in a new session, after checking that its sidebar
    names `version`."""
    monkeypatch.setenv("TECHMARKET_DB", str(db))
    use_navigation()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update({"lang": lang, "from": "2023", "to": "2023"})
    at.run()
    assert any(version in c for c in texts(at, "caption")), texts(at, "caption")
    assert at.metric[0].label == f"{t('contracts', lang)} · {t('period_year', lang, year=2023)}"
    return int(at.metric[0].value.replace(",", ""))


def navigation_paths(at: AppTest) -> list[str]:
    """The URL paths of the pages the router registered with st.navigation in its last run."""
    return [info["url_pathname"] for info in at._registered_pages.values()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_steward_checks_corrects_publishes_and_rolls_back(monkeypatch, tmp_path, live_db, lang):
    base = contracts(live_db)
    in_2023 = signed_in_2023(live_db)
    at = steward(live_db, monkeypatch, lang)
    assert "load" in navigation_paths(at)
    assert texts(at, "title") == [t("load_title", lang)]

    # Upload the messy samples and check them: the database is untouched.
    digest = live_db.read_bytes()
    upload(at, SAMPLES / "contracts_sample.csv", SAMPLES / "enterprises_sample.xlsx")
    assert not texts(at, "error"), texts(at, "error")
    checked = metrics(at)
    assert checked == {t("load_rows_in", lang): "110", t("load_would_add", lang): "105", t("load_would_update", lang): "0",
                       t("load_unchanged", lang): "0", t("load_rejected", lang): "5"}
    per_file, reasons, preview, *_ = [tb.value for tb in at.table]
    assert list(per_file[t("load_file", lang)]) == ["contracts_sample.csv", "enterprises_sample.xlsx"]
    assert list(per_file[t("load_rejected", lang)]) == ["5", "0"]
    assert set(reasons[t("load_reason", lang)]) == {t(f"reason_{c}", lang) for c in
                                                    ("bad_credit_code", "bad_date", "negative_amount", "unknown_region", "unknown_type")}
    assert any("火星" in e for e in reasons[t("load_example", lang)])
    added = sum(int(a.replace(",", "")) - int(b.replace(",", "")) for a, b in
                zip(preview[t("load_contracts_after", lang)], preview[t("load_contracts_before", lang)], strict=True))
    assert added == 75  # the preview's change per year and bloc adds up to the contracts added
    assert live_db.read_bytes() == digest
    assert at.get("download_button")[0].label == t("load_download_rejects", lang)
    job = job_of(at, live_db)
    assert texts(at, "success")[0] == t("load_checked", lang, files="contracts_sample.csv, enterprises_sample.xlsx",
                                        version=read_manifest(publish_dir(live_db))["current"])

    # Publish: one click, by the named steward; the new version is current and other pages see it.
    at.button(key="load_publish").click().run()
    assert not texts(at, "error"), texts(at, "error")
    manifest = read_manifest(publish_dir(live_db))
    first = manifest["current"]
    entry = manifest["versions"][-1]
    assert entry["version"] == first and entry["published_by"] == "Wang Fang 王芳"
    assert [f["name"] for f in entry["files"]] == ["contracts_sample.csv", "enterprises_sample.xlsx"]
    assert contracts(live_db) == entry["contracts"] == base + 75
    assert t("load_published", lang, version=first, contracts=base + 75) in texts(at, "success")
    first_2023 = signed_in_2023(live_db)

    # The rejects, corrected in a spreadsheet and uploaded again: nothing rejected now, then published.
    corrected = correct_sample_rejects(job.rejects, tmp_path / "corrected.xlsx")
    upload(at, corrected)
    assert metrics(at)[t("load_rejected", lang)] == "0" and metrics(at)[t("load_would_add", lang)] == "4"
    at.button(key="load_publish").click().run()
    second = read_manifest(publish_dir(live_db))["current"]
    assert second != first and contracts(live_db) == base + 79

    # Another page shows the new data: the sidebar's version, and the overview's count of 2023's contracts.
    assert overview_2023(live_db, monkeypatch, lang, second) == signed_in_2023(live_db) > first_2023 > in_2023

    # Roll back to the first publish, with a confirmation; recorded; the old data is back.
    at.selectbox(key="load_target").set_value(first).run()
    at.button(key="load_rollback_ask").click().run()
    assert any(first in w for w in texts(at, "warning"))
    assert contracts(live_db) == base + 79  # asking is not doing
    at.button(key="load_rollback_yes").click().run()
    assert t("load_rolled_back", lang, version=first, previous=second) in texts(at, "success")
    assert contracts(live_db) == base + 75
    events = [json.loads(line) for line in (publish_dir(live_db) / "history.jsonl").read_text().splitlines()]
    assert (events[-1]["action"], events[-1]["version"], events[-1]["previous"], events[-1]["by"]) == \
        ("rollback", first, second, "Wang Fang 王芳")
    history = at.table[-1].value
    assert list(history[t("load_action", lang)])[:3] == [t("load_event_rollback", lang), t("load_event_publish", lang),
                                                         t("load_event_publish", lang)]
    assert overview_2023(live_db, monkeypatch, lang, first) == signed_in_2023(live_db) == first_2023


def test_the_page_is_absent_without_a_secret_or_when_switched_off(monkeypatch, live_db):
    at = app(live_db, monkeypatch, secrets={})
    assert "load" not in navigation_paths(at) and "data" in navigation_paths(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/load.py")  # not a page of this app at all (the browser test opens /load)

    at = app(live_db, monkeypatch, TECHMARKET_LOAD="off")
    assert "load" not in navigation_paths(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/load.py")


def test_a_wrong_password_opens_nothing(monkeypatch, live_db):
    at = app(live_db, monkeypatch, "zh", secrets={"steward_password": PASSWORD, "sql_password": "other"})
    at.switch_page("pages/load.py").run()
    assert [e.label for e in at.text_input] == [t("load_password", "zh")]
    for wrong in ("other", PASSWORD.upper(), PASSWORD + " "):
        at.text_input[0].input(wrong).run()
        assert texts(at, "error") == [t("password_wrong", "zh")]
        assert not at.get("file_uploader") and not at.button
    at.text_input[0].input(PASSWORD).run()
    assert at.get("file_uploader") and not texts(at, "error")


def test_an_oversized_file_is_refused_before_anything_runs(monkeypatch, tmp_path, live_db):
    at = steward(live_db, monkeypatch, "zh", TECHMARKET_LOAD_MAX_MB="1")
    big = write_csv(tmp_path / "big.csv", contract_rows(12_000))
    assert big.stat().st_size > 2**20
    upload(at, big)
    (error,) = texts(at, "error")
    assert error == t("load_too_big", "zh", name="big.csv", size=big.stat().st_size / 2**20, limit=1)
    assert "load_job" not in at.session_state and not loads.steward_dir(live_db).exists()
    assert at.get("file_uploader")[0].proto.max_upload_size_mb == 1  # the browser refuses it before sending, too


def test_a_zip_bomb_and_a_workbook_with_formulas_are_refused_and_nothing_changes(monkeypatch, tmp_path, live_db):
    at = steward(live_db, monkeypatch, "en")
    digest = live_db.read_bytes()
    # A zip bomb: a workbook part of 64 MiB of zeros, stored in a few KB.
    good = openpyxl.Workbook()
    good.active.append(["合同编号", "签订日期"])
    buf = io.BytesIO()
    good.save(buf)
    bomb = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("xl/worksheets/huge.xml", b"\0" * 64 * 2**20)
    assert len(bomb.getvalue()) < 2**20
    upload(at, ("bomb.xlsx", bomb.getvalue()))
    (error,) = texts(at, "error")
    assert error.startswith(t("load_refused_zip_bomb", "en")) and "bomb.xlsx" in error and "xl/worksheets/huge.xml" in error
    assert not at.metric and at.button(key="load_publish").disabled

    # A workbook with a formula: refused, naming its sheet and cell.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "合同"
    rows = contract_rows(2)
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    sheet["F3"] = "=F2*2"
    book.save(tmp_path / "formulas.xlsx")
    upload(at, tmp_path / "formulas.xlsx")
    (error,) = texts(at, "error")
    assert error.startswith(t("load_refused_formula", "en")) and "sheet '合同' cell F3" in error
    assert live_db.read_bytes() == digest


def _job(db: Path, tmp_path: Path, name: str, rows: list[dict[str, str]]) -> loads.Job:
    return loads.Job.new(db, [(f"{name}.csv", write_csv(tmp_path / f"{name}.csv", rows).read_bytes())])


def test_two_stewards_publishing_at_once_are_serialised_and_nothing_is_lost(tmp_path, live_db):
    base = contracts(live_db)
    a_rows = contract_rows(3)
    b_rows = [{**r, "合同编号": f"B{r['合同编号']}"} for r in contract_rows(2)]
    a, b = _job(live_db, tmp_path, "a", a_rows), _job(live_db, tmp_path, "b", b_rows)
    checked = [job.dry_run().wait(120) for job in (a, b)]
    assert all(s.ok for s in checked) and {s.report["base_version"] for s in checked} == {read_manifest(publish_dir(live_db))["current"]}

    # Both click publish while a third load holds the lock: both are told who they wait for.
    with lock_held(live_db, "Li Lei"):
        steps = [a.publish("Steward A", checked[0].report["base_version"]), b.publish("Steward B", checked[1].report["base_version"])]
        deadline = time.time() + 60
        while not all(s.state().waiting for s in steps) and time.time() < deadline:
            time.sleep(0.1)
        assert [s.state().waiting["by"] for s in steps] == ["Li Lei", "Li Lei"]
        assert all(s.state().running for s in steps) and contracts(live_db) == base
    done = [s.wait(120) for s in steps]
    # One went first; the other found the database changed after its check, and published nothing.
    assert sorted((s.error or {}).get("code", "ok") for s in done) == ["ok", "version_changed"]
    late = b if done[0].ok else a
    assert contracts(live_db) == base + (3 if late is b else 2)
    # Its files are still there: checked again against the new version, then published.
    again = late.dry_run().wait(120)
    assert again.ok and again.report["rows_new"] == (2 if late is b else 3)
    assert late.publish("Steward", again.report["base_version"]).wait(120).ok
    assert contracts(live_db) == base + 5
    assert query(live_db, "select count(*) from contracts where contract_id like 'B%'")[0][0] == 2
    history = [e for e in (json.loads(line) for line in (publish_dir(live_db) / "history.jsonl").read_text().splitlines())
               if e["action"] == "publish"]
    assert [e["by"] for e in history[-2:]] == ["Steward A" if late is b else "Steward B", "Steward"]


def test_a_load_from_the_command_line_is_named_while_it_runs(tmp_path, live_db):
    """The page's 'running now' line: the lock's holder, and nothing once it is released."""
    assert loads.running(live_db) is None
    seen: list[dict | None] = []
    load_files([write_csv(tmp_path / "x.csv", contract_rows(1))], live_db, by="Zhang San", progress=None,
               after_merge=lambda con, run_id: seen.append(loads.running(live_db)))
    assert seen[0] is not None and (seen[0]["action"], seen[0]["by"]) == ("load", "Zhang San")
    assert loads.running(live_db) is None


def test_make_run_lets_the_workers_and_caddy_take_what_the_page_takes(monkeypatch):
    from techmarket.serving.run import Host

    monkeypatch.setenv("TECHMARKET_LOAD_MAX_MB", "3")
    monkeypatch.delenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", raising=False)
    monkeypatch.delenv("TECHMARKET_MAX_BODY", raising=False)
    host = Host("127.0.0.1", 0, 2, [])
    assert {w.env["STREAMLIT_SERVER_MAX_UPLOAD_SIZE"] for w in host.workers} == {"3"}
    assert host.caddy.env["TECHMARKET_MAX_BODY"] == "4MB"

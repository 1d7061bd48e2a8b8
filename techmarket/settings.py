"""Settings, declared once as data: name, environment variable, default and help.

A test checks that every setting is documented in the README, so adding one here means
documenting it there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


DB_PATH = Setting(
    "db_path", "TECHMARKET_DB", str(DATA_DIR / "techmarket.duckdb"),
    "Path of the DuckDB database that the app reads and the ETL writes.",
)

DEMO_CONTRACTS = Setting(
    "demo_contracts", "TECHMARKET_DEMO_CONTRACTS", "200000",
    "Contracts in the demo that `streamlit run dashboard.py` builds on first run when there is no database.",
)

SQL_PAGE = Setting(
    "sql_page", "TECHMARKET_SQL", "on",
    "The SQL workbench page: on, or off to remove it. A password for it goes in Streamlit secrets as sql_password.",
)

SQL_TIME_LIMIT = Setting(
    "sql_time_limit", "TECHMARKET_SQL_TIME_LIMIT", "10",
    "Seconds an analyst's query may run before it is interrupted.",
)

WORKERS = Setting(
    "workers", "TECHMARKET_WORKERS", "",
    "Streamlit processes behind Caddy in `python -m techmarket.serving.run` (make run): by default the machine's cores, at most 4.",
)

PUBLISH_DIR = Setting(
    "publish_dir", "TECHMARKET_PUBLISH_DIR", "",
    "Where every load publishes its version (snapshots/, manifest.json, history.jsonl) and app hosts follow it: "
    "a shared volume for several hosts. Default: `<database name>-published` beside the database.",
)

KEEP_VERSIONS = Setting(
    "keep_versions", "TECHMARKET_KEEP_VERSIONS", "5",
    "Published versions whose snapshots are kept for rollback, on the publishing host and on each app host.",
)

LOAD_PAGE = Setting(
    "load_page", "TECHMARKET_LOAD", "on",
    "The stewards' Load data page: on, or off to remove it. It is there only when Streamlit secrets hold steward_password; "
    "`python -m techmarket.serving.run --follow` turns it off on hosts that follow another host's versions.",
)

LOAD_MAX_MB = Setting(
    "load_max_mb", "TECHMARKET_LOAD_MAX_MB", "200",
    "The largest file a steward may upload on the Load data page, in MB. `python -m techmarket.serving.run` sets "
    "Streamlit's server.maxUploadSize and Caddy's body limit to match.",
)

SETTINGS = (DB_PATH, DEMO_CONTRACTS, SQL_PAGE, SQL_TIME_LIMIT, WORKERS, PUBLISH_DIR, KEEP_VERSIONS, LOAD_PAGE, LOAD_MAX_MB)


def db_path() -> Path:
    return Path(DB_PATH.value())


def demo_contracts() -> int:
    return int(DEMO_CONTRACTS.value())


def sql_page_enabled() -> bool:
    return SQL_PAGE.value().strip().lower() not in ("off", "0", "false", "no")


def load_page_enabled() -> bool:
    return LOAD_PAGE.value().strip().lower() not in ("off", "0", "false", "no")


def load_max_mb() -> int:
    return max(1, int(LOAD_MAX_MB.value()))


def sql_time_limit() -> float:
    return float(SQL_TIME_LIMIT.value())


def workers() -> int:
    return int(WORKERS.value() or min(4, os.cpu_count() or 1))


def publish_dir(db: Path | None = None) -> Path:
    """The publish directory of database `db` (default: the app's database)."""
    db = Path(db or db_path())
    return Path(PUBLISH_DIR.value() or db.with_name(db.stem + "-published"))


def keep_versions() -> int:
    return max(1, int(KEEP_VERSIONS.value()))

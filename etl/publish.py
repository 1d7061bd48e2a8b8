"""Published data versions: every load leaves an immutable snapshot and a manifest naming the current one.

The publish directory (TECHMARKET_PUBLISH_DIR; by default `<database name>-published` beside the
database) stands for a shared volume or an object store. It holds:

- `snapshots/<version>.duckdb`: each version's database file, never written again (read-only mode).
  On the same file system as the database it is a hard link to the file the load renamed into
  place, so publishing costs no copy; elsewhere it is copied (to `.part`, then renamed).
- `manifest.json`: `{"current": version, "versions": [...]}`, each version with its SHA-256, size,
  when and by whom it was published, the run's files (name and SHA-256) and counts. Written to a
  temporary file and renamed, so a reader sees the old manifest or the new one.
- `history.jsonl`: one line per publish and per rollback, never rewritten.

The last `keep` versions (TECHMARKET_KEEP_VERSIONS, default 5) keep their snapshot; older ones are
removed, the current one never. App hosts follow the manifest (techmarket.serving.follow). A
rollback (`python -m etl rollback VERSION`) makes a kept version current again: the database file
is replaced by it, as a load would, and the manifest names it; the rollback is recorded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import duckdb

from etl.lock import user
from techmarket.published import HISTORY, MANIFEST, SNAPSHOTS, copy_hashed, history, read_manifest, sha256_of, snapshot_path
from techmarket.settings import keep_versions, publish_dir

__all__ = ["PublishError", "copy_hashed", "history", "new_version", "publish", "read_manifest", "rollback", "sha256_of",
           "snapshot_path"]

class PublishError(Exception):
    """A version could not be published or made current. One-line message."""


def new_version(directory: Path | None = None, now: dt.datetime | None = None) -> str:
    """A version id that sorts by time, after every version published in `directory`:
    20261201T203000.123Z-1a2b3c (the suffix tells apart two builds that never publish)."""
    now = now or dt.datetime.now(dt.UTC)
    versions = [v["version"] for v in read_manifest(directory)["versions"]] if directory else []
    while True:
        stamp = now.strftime("%Y%m%dT%H%M%S.") + f"{now.microsecond // 1000:03d}Z"
        if not versions or stamp > max(versions):
            return stamp + "-" + os.urandom(3).hex()
        now += dt.timedelta(milliseconds=1)


def _write_manifest(directory: Path, manifest: dict) -> None:
    tmp = directory / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, directory / MANIFEST)


def _record(directory: Path, event: dict) -> None:
    with open(directory / HISTORY, "a", encoding="utf-8") as f:
        f.write(json.dumps(event, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def _place(db: Path, target: Path) -> None:
    """The snapshot: a hard link to the live file where possible, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(db, target)
    except OSError:  # another file system, or links not allowed there
        copy_hashed(db, target)


def _run_facts(db: Path) -> dict:
    """The latest run's source, files and counts, read from the database itself."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        run = con.execute("""select run_id, source, rows_in, rows_loaded, rows_updated, rows_unchanged, rows_rejected
                             from etl_runs order by run_id desc limit 1""").fetchall()
        facts: dict = {}
        if run:
            keys = ("run_id", "source", "rows_in", "rows_loaded", "rows_updated", "rows_unchanged", "rows_rejected")
            facts = dict(zip(keys, run[0], strict=True))
            files = con.execute("""select source_file, sha256, rows_in, rows_rejected from etl_files where run_id = ?
                                   order by source_file""", [facts["run_id"]]).fetchall()
            facts["files"] = [{"name": n, "sha256": h, "rows_in": i, "rows_rejected": r} for n, h, i, r in files]
        facts["contracts"] = con.execute("select count(*) from contracts").fetchall()[0][0]
        return facts
    finally:
        con.close()


def publish(db: Path, version: str, by: str | None = None, directory: Path | None = None, keep: int | None = None) -> dict:
    """Publish the database file `db` (just renamed into place, stamped with `version`) and make it
    current. Call while holding the database's load lock. Returns the manifest entry."""
    directory = Path(directory or publish_dir(db))
    keep = keep or keep_versions()
    (directory / SNAPSHOTS).mkdir(parents=True, exist_ok=True)
    target = snapshot_path(directory, version)
    _place(Path(db), target)
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # a snapshot is never written again
    entry = {"version": version, "sha256": sha256_of(target), "bytes": target.stat().st_size,
             "published_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "published_by": by or user(),
             **_run_facts(target)}
    manifest = read_manifest(directory)
    previous = manifest.get("current")
    manifest["versions"] = [v for v in manifest.get("versions", []) if v["version"] != version] + [entry]
    manifest["current"] = version
    manifest["versions"] = _prune(directory, manifest["versions"], version, keep)
    _write_manifest(directory, manifest)
    _record(directory, {"action": "publish", "version": version, "previous": previous, "at": entry["published_at"],
                        "by": entry["published_by"], "sha256": entry["sha256"]})
    return entry


def _prune(directory: Path, versions: list[dict], current: str, keep: int) -> list[dict]:
    """The last `keep` versions (and the current one) keep their snapshots; the rest are removed."""
    kept = versions[-keep:]
    if not any(v["version"] == current for v in kept):
        kept = [v for v in versions if v["version"] == current] + kept
    for v in versions:
        if v not in kept:
            with contextlib.suppress(FileNotFoundError):
                snapshot_path(directory, v["version"]).unlink()
    return kept


def rollback(db: Path, version: str, by: str | None = None, directory: Path | None = None, expect_current: str | None = None,
             on_wait: Callable[[dict], None] | None = None) -> dict:
    """Make the kept `version` current again: its snapshot, checked against its SHA-256, replaces the
    database file atomically (under the load lock, as a load would), and the manifest names it. With
    `expect_current`, nothing is done unless that is still the current version (the steward confirmed
    a rollback from it)."""
    from etl.lock import VersionChanged, load_lock

    db = Path(db)
    directory = Path(directory or publish_dir(db))
    with load_lock(db, "rollback", by, on_wait):
        manifest = read_manifest(directory)
        if expect_current is not None and manifest.get("current") != expect_current:
            raise VersionChanged(f"the current version is now {manifest.get('current')}, not {expect_current}: someone published or "
                                 "rolled back meanwhile; nothing was changed")
        entry = next((v for v in manifest.get("versions", []) if v["version"] == version), None)
        source = snapshot_path(directory, version)
        if entry is None or not source.exists():
            known = ", ".join(v["version"] for v in manifest.get("versions", [])) or "none"
            raise PublishError(f"version {version} is not kept in {directory} (kept: {known})")
        if sha256_of(source) != entry["sha256"]:
            raise PublishError(f"the snapshot of {version} in {directory} does not match its SHA-256; nothing was changed")
        tmp = db.with_name(f".{db.name}.{os.getpid()}.rollback")
        tmp.unlink(missing_ok=True)
        _place(source, tmp)
        os.replace(tmp, db)
        previous = manifest.get("current")
        manifest["current"] = version
        _write_manifest(directory, manifest)
        event = {"action": "rollback", "version": version, "previous": previous,
                 "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "by": by or user()}
        _record(directory, event)
        return event


"""The published versions' format, shared by the ETL host that writes it (etl.publish) and the app hosts
that follow it (techmarket.serving.follow): the publish directory holds `snapshots/<version>.duckdb`,
`manifest.json` ({"current": version, "versions": [...]}) and `history.jsonl`. Also the database's load
lock (`<database>.lock`), whose holder the steward page names."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

MANIFEST = "manifest.json"
HISTORY = "history.jsonl"
SNAPSHOTS = "snapshots"
CHUNK = 8 * 2**20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashed(source: Path, target: Path) -> str:
    """Copy `source` to `target` through `target.part` (renamed when complete); the SHA-256 of what was copied."""
    part = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as src, open(part, "wb") as out:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return digest.hexdigest()


def read_manifest(directory: Path) -> dict:
    try:
        return json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"current": None, "versions": []}


def snapshot_path(directory: Path, version: str) -> Path:
    return Path(directory) / SNAPSHOTS / f"{version}.duckdb"


def history(directory: Path) -> list[dict]:
    try:
        lines = (Path(directory) / HISTORY).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in lines if line.strip()]


def lock_path(db: Path) -> Path:
    """The file whose exclusive flock serialises loads and rollbacks of `db` (etl.lock.load_lock)."""
    db = Path(db)
    return db.with_name(db.name + ".lock")


def lock_holder(db: Path) -> dict | None:
    """Who holds the load lock of `db` now ({"action", "by", "pid", "since"}, as the holder wrote it), or
    None when no load or rollback is running. Read without touching the lock (a probe would make a load
    that starts at that instant wait); a holder that died without clearing the file is not running."""
    try:
        holder = json.loads(lock_path(db).read_bytes() or b"null")
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(holder, dict) or not isinstance(holder.get("pid"), int):
        return None
    try:
        os.kill(holder["pid"], 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, another user's
        pass
    return holder

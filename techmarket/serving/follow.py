"""An app host following published data versions (written by etl.publish; techmarket.published):
`python -m techmarket.serving.run --follow DIR`.

Each poll reads the publish directory's manifest (only when it has changed). When it names a version
this host is not serving, the host:
1. copies the version's snapshot into its own data directory (`snapshots/` beside the database,
   through a `.part` file), checking the SHA-256 as it copies; a snapshot that does not match is
   thrown away and tried again at the next poll, and the host keeps serving what it has;
2. switches atomically: a hard link to the local snapshot is renamed over the database path the
   workers read. Their next page run sees the new file; a run under way keeps the connection it
   started with (techmarket.db.Reader), so no page mixes two versions;
3. keeps the last K local snapshots (TECHMARKET_KEEP_VERSIONS), so a rollback to one of them is a
   rename, not a copy.

A rollback is the same event seen from here: the manifest names an older version.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from techmarket.published import MANIFEST, copy_hashed, read_manifest, snapshot_path
from techmarket.settings import keep_versions

STATE = "follow.json"  # beside the database: the version this host serves


class Follower:
    def __init__(self, publish_dir: Path, db: Path, keep: int | None = None, log=sys.stderr):
        self.publish_dir, self.db = Path(publish_dir), Path(db)
        self.local = self.db.parent / "snapshots"
        self.state_path = self.db.parent / STATE
        self.keep = keep or keep_versions()
        self.log = log
        self._seen: tuple[int, int] | None = None

    def current(self) -> str | None:
        """The version this host serves."""
        try:
            return json.loads(self.state_path.read_text(encoding="utf-8"))["current"]
        except (FileNotFoundError, ValueError, KeyError):
            return None

    def poll(self) -> str | None:
        """Bring this host to the manifest's current version if it is not there; the version served."""
        try:
            st = os.stat(self.publish_dir / MANIFEST)
        except FileNotFoundError:
            return self.current()
        if (st.st_mtime_ns, st.st_ino) == self._seen and self.db.exists():
            return self.current()
        manifest = read_manifest(self.publish_dir)
        wanted = manifest.get("current")
        if wanted and (wanted != self.current() or not self.db.exists()):
            entry = next(v for v in manifest["versions"] if v["version"] == wanted)
            try:
                self._switch(entry)
            except (OSError, ValueError) as e:
                print(f"techmarket: could not switch to version {wanted}: {e}; still serving {self.current()}", file=self.log, flush=True)
                return self.current()
        self._seen = (st.st_mtime_ns, st.st_ino)
        return self.current()

    def _switch(self, entry: dict) -> None:
        version = entry["version"]
        self.local.mkdir(parents=True, exist_ok=True)
        local = self.local / f"{version}.duckdb"
        if not local.exists():
            digest = copy_hashed(snapshot_path(self.publish_dir, version), local)
            if digest != entry["sha256"]:
                local.unlink()
                raise ValueError(f"the copy's SHA-256 {digest[:12]} is not the manifest's {entry['sha256'][:12]}")
            os.chmod(local, 0o444)
        tmp = self.db.with_name(f".{self.db.name}.{os.getpid()}.switch")
        tmp.unlink(missing_ok=True)
        os.link(local, tmp)
        os.replace(tmp, self.db)  # the switch: workers see the new file on their next page run
        state = self.state_path.with_name(STATE + ".tmp")
        state.write_text(json.dumps({"current": version, "sha256": entry["sha256"]}), encoding="utf-8")
        os.replace(state, self.state_path)
        print(f"techmarket: now serving version {version}", file=self.log, flush=True)
        self._prune(version)

    def _prune(self, current: str) -> None:
        kept = sorted(self.local.glob("*.duckdb"))
        for old in kept[:-self.keep]:
            if old.stem != current:
                old.unlink()

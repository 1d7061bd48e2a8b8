"""The steward page's loads (pages/load.py): an upload becomes a job directory, and its dry run, its
publish and a rollback each run `python -m etl` as a child process. The page never imports the ETL
(tests/test_layout.py), and a load's memory and minutes stay out of the app's process: a page rerun,
a closed tab or a second steward does not stop it, and its outcome is read from files.

    <database name>-loads/                       beside the database (steward_dir)
        <job>/files/<name>                       the uploaded files, as uploaded
        <job>/dry-run.json, publish.json         each step's report (etl load --report), or {"error": ...}
        <job>/rejects.xlsx                       the dry run's rejected rows, to correct and upload again
        <job>/<step>.progress, .log, .pid         progress lines, the child's output, its process id
        rollback-<time>/rollback.*               a rollback, the same way

Jobs older than KEEP_DAYS are removed when a new one is made.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from techmarket.published import history, lock_holder, read_manifest
from techmarket.settings import ROOT, publish_dir

KEEP_DAYS = 7
DRY_RUN, PUBLISH, ROLLBACK = "dry-run", "publish", "rollback"
_children: dict[Path, subprocess.Popen] = {}  # this process's children, by pid file, polled so that none stays a zombie
_children_lock = threading.Lock()


def steward_dir(db: Path) -> Path:
    db = Path(db)
    return db.with_name(db.stem + "-loads")


def safe_name(name: str, taken: set[str]) -> str:
    """A file name for an uploaded file: its own last path part, without control or path characters, unique."""
    base = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .") or "upload"
    stem, dot, ext = base.rpartition(".") if "." in base else (base, "", "")
    candidate, n = base[:120], 1
    while candidate in taken:
        n += 1
        candidate = f"{stem[:100]}-{n}{dot}{ext}"
    taken.add(candidate)
    return candidate


@dataclass
class StepState:
    """Where a step stands: running (with the last progress line, and who holds the lock if it waits),
    or finished with its report or its error ({"code", "message"})."""

    running: bool
    started: bool = True
    fraction: float = 0.0
    message: str = ""
    waiting: dict | None = None
    report: dict | None = None
    error: dict | None = None
    log: str = ""

    @property
    def ok(self) -> bool:
        return not self.running and self.started and self.error is None and self.report is not None


class Step:
    """One child process of `python -m etl` in `directory`, named `name`: its pid, progress, log and report files."""

    def __init__(self, directory: Path, name: str):
        self.dir, self.name = Path(directory), name

    def path(self, suffix: str) -> Path:
        return self.dir / f"{self.name}{suffix}"

    def start(self, args: list[str], cwd: Path) -> None:
        for suffix in (".json", ".progress", ".log", ".pid"):
            self.path(suffix).unlink(missing_ok=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        with self.path(".log").open("wb") as log:
            child = subprocess.Popen([sys.executable, "-m", "etl", *args, "--report", str(self.path(".json")),
                                      "--progress-file", str(self.path(".progress"))],
                                     cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        self.path(".pid").write_text(str(child.pid))
        with _children_lock:
            _children[self.path(".pid")] = child

    def _alive(self) -> bool:
        with _children_lock:
            child = _children.get(self.path(".pid"))
            if child is not None:
                if child.poll() is None:
                    return True
                del _children[self.path(".pid")]
                return False
        try:  # started by another worker process
            os.kill(int(self.path(".pid").read_text()), 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return False
        except PermissionError:
            return True
        return not self.path(".json").exists()

    def state(self) -> StepState:
        if not self.path(".pid").exists():
            return StepState(running=False, started=False)
        running = self._alive()
        state = StepState(running=running)
        try:
            lines = self.path(".progress").read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            lines = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:  # a line being written
                continue
            if "waiting" in record:
                state.waiting = record["waiting"]
            else:
                state.fraction, state.message, state.waiting = record["fraction"], record["message"], None
        if running:
            return state
        state.log = self.path(".log").read_text(encoding="utf-8", errors="replace") if self.path(".log").exists() else ""
        try:
            report = json.loads(self.path(".json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            tail = " ".join(state.log.strip().splitlines()[-3:])[-400:]
            state.error = {"code": "failed", "message": tail or "the step ended without a report"}
            return state
        if "error" in report:
            state.error = report["error"]
        else:
            state.report = report
        return state

    def wait(self, timeout: float | None = None, every: float = 0.3) -> StepState:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (state := self.state()).running:
            if deadline is not None and time.monotonic() > deadline:
                return state
            time.sleep(every)
        return state


class Job:
    """The files one steward uploaded together, and the steps run on them."""

    def __init__(self, db: Path, directory: Path):
        self.db, self.dir = Path(db), Path(directory)

    @property
    def id(self) -> str:
        return self.dir.name

    @property
    def files_dir(self) -> Path:
        return self.dir / "files"

    def files(self) -> list[Path]:
        return sorted(self.files_dir.iterdir()) if self.files_dir.exists() else []

    @classmethod
    def new(cls, db: Path, uploads: list[tuple[str, bytes]]) -> Job:
        """A job holding `uploads` ((name, content) pairs), written to disk under safe names."""
        root = steward_dir(db)
        root.mkdir(parents=True, exist_ok=True)
        remove_old(root)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        directory = root / f"{stamp}-{os.urandom(3).hex()}"
        (directory / "files").mkdir(parents=True)
        taken: set[str] = set()
        for name, content in uploads:
            (directory / "files" / safe_name(name, taken)).write_bytes(content)
        return cls(db, directory)

    @classmethod
    def open(cls, db: Path, job_id: str) -> Job | None:
        directory = steward_dir(db) / job_id
        return cls(db, directory) if re.fullmatch(r"[0-9T]+-[0-9a-f]+", job_id) and directory.is_dir() else None

    def step(self, name: str) -> Step:
        return Step(self.dir, name)

    def dry_run(self, by: str | None = None) -> Step:
        """Check the files against the live database, changing nothing (etl load --dry-run); `by` names
        who checks while the check holds the database's lock."""
        step = self.step(DRY_RUN)
        self.rejects.unlink(missing_ok=True)
        who = ["--by", by] if by else []
        step.start(["load", "--db", str(self.db.resolve()), "--dry-run", *who, "--values-only", "--rejects", str(self.rejects),
                    *[p.name for p in self.files()]], cwd=self.files_dir)
        self.step(PUBLISH).path(".pid").unlink(missing_ok=True)  # a publish follows this check, not an earlier one
        return step

    @property
    def rejects(self) -> Path:
        return self.dir / "rejects.xlsx"

    def publish(self, by: str, expect_version: str | None) -> Step:
        """Load the files as the dry run did, if the database is still at `expect_version`."""
        step = self.step(PUBLISH)
        expect = ["--expect-version", expect_version] if expect_version else []
        step.start(["load", "--db", str(self.db.resolve()), "--values-only", "--by", by, *expect, *[p.name for p in self.files()]],
                   cwd=self.files_dir)
        return step


def start_rollback(db: Path, version: str, by: str, expect_current: str | None) -> Step:
    """Make the kept `version` current again (etl rollback), if `expect_current` is still current."""
    directory = steward_dir(db) / f"rollback-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%S')}-{os.urandom(3).hex()}"
    directory.mkdir(parents=True)
    step = Step(directory, ROLLBACK)
    expect = ["--expect-current", expect_current] if expect_current else []
    step.start(["rollback", "--db", str(Path(db).resolve()), "--by", by, *expect, version], cwd=directory)
    return step


def open_step(db: Path, directory: str, name: str) -> Step | None:
    """A step by its directory's name under the steward directory (kept in a session between runs)."""
    path = steward_dir(db) / directory
    return Step(path, name) if re.fullmatch(r"[0-9A-Za-z-]+", directory) and path.is_dir() else None


def remove_old(root: Path, days: int = KEEP_DAYS) -> None:
    """Jobs untouched for `days` days, unless a step of theirs is still running."""
    cutoff = time.time() - days * 86400
    for directory in root.iterdir():
        if directory.is_dir() and directory.stat().st_mtime < cutoff and not any(
                Step(directory, p.stem)._alive() for p in directory.glob("*.pid")):
            shutil.rmtree(directory, ignore_errors=True)


def versions(db: Path) -> tuple[str | None, list[dict], list[dict]]:
    """The current version, the kept versions (newest first) and the history of publishes and rollbacks (newest first)."""
    directory = publish_dir(db)
    manifest = read_manifest(directory)
    return manifest.get("current"), list(reversed(manifest.get("versions", []))), list(reversed(history(directory)))


def running(db: Path) -> dict | None:
    """Who holds the database's load lock now, if anyone (techmarket.published.lock_holder)."""
    return lock_holder(db)

"""`python -m etl load|demo|init|versions|rollback`: the ETL's command line, a contract with users and their scripts (README,
"Loading real files" and "Versions and rollback"): keep its commands, flags and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from etl.lock import LoadError
from etl.publish import PublishError
from etl.readers import FileRefused
from techmarket.settings import db_path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Build and load the technology-market database.")
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = "database file (default: $TECHMARKET_DB or data/techmarket.duckdb)"

    load = sub.add_parser("load", help="load contract and enterprise files (CSV, XLSX, Parquet)")
    load.add_argument("--db", type=Path, help=db_help)
    load.add_argument("--by", help="who publishes this version (default: this user)")
    load.add_argument("--dry-run", action="store_true",
                      help="read and check the files against the database and say what a load would do; change nothing")
    load.add_argument("--report", type=Path, help="also write the summary as JSON here (per file, reasons, a dry run's change)")
    load.add_argument("--rejects", type=Path, help="write the rejected rows here as XLSX: the file's columns, the reason and the row")
    load.add_argument("--expect-version", metavar="VERSION",
                      help="load only if the database is still at this data version (the one a dry run checked against)")
    load.add_argument("--values-only", action="store_true", help="refuse a workbook that holds a formula (the steward page's rule)")
    load.add_argument("--progress-file", type=Path, help=argparse.SUPPRESS)  # JSON lines for the steward page (techmarket.loads)
    load.add_argument("files", nargs="+", type=Path)

    demo = sub.add_parser("demo", help="build the synthetic demo registry")
    demo.add_argument("--db", type=Path, help=db_help)
    demo.add_argument("--contracts", type=int, default=200_000)
    demo.add_argument("--seed", type=int, default=2024)
    demo.add_argument("--force", action="store_true", help="replace a database that holds loaded (non-demo) data")

    init = sub.add_parser("init", help="create an empty database with dimensions and published statistics")
    init.add_argument("--db", type=Path, help=db_help)

    versions = sub.add_parser("versions", help="the published data versions kept for rollback, and what was done when")
    versions.add_argument("--db", type=Path, help=db_help)

    rollback = sub.add_parser("rollback", help="make a kept earlier version current again (recorded)")
    rollback.add_argument("--db", type=Path, help=db_help)
    rollback.add_argument("--by", help="who rolls back (default: this user)")
    rollback.add_argument("--expect-current", metavar="VERSION", help="roll back only if this is still the current version")
    rollback.add_argument("--report", type=Path, help="also write what was done as JSON here")
    rollback.add_argument("--progress-file", type=Path, help=argparse.SUPPRESS)
    rollback.add_argument("version")
    return parser


def _versions(db: Path) -> list[str]:
    from etl.publish import history, read_manifest
    from techmarket.settings import publish_dir

    directory = publish_dir(db)
    manifest = read_manifest(directory)
    if not manifest["versions"]:
        return [f"no version is published in {directory}"]
    lines = [f"versions kept in {directory} (newest last; * current):"]
    for v in manifest["versions"]:
        files = ", ".join(Path(f["name"]).name for f in v.get("files", [])) or v.get("source", "")
        run = (f"run {v.get('run_id', '-')}: in {v.get('rows_in', 0):,}, new {v.get('rows_loaded', 0):,}, "
               f"updated {v.get('rows_updated', 0):,}, rejected {v.get('rows_rejected', 0):,}")
        lines.append(f"{'*' if v['version'] == manifest['current'] else ' '} {v['version']}  {v['published_at']}  by {v['published_by']}  "
                     f"{v['contracts']:,} contracts  {run}  {files}  sha256 {v['sha256'][:12]}")
    lines.append("history:")
    lines += [f"  {e['at']}  {e['action']} {e['version']} by {e['by']}" + (f" (was {e['previous']})" if e.get("previous") else "")
              for e in history(directory)]
    return lines


class _ProgressFile:
    """JSON lines for the steward page (techmarket.loads): {"fraction", "message"} as the load goes, and
    {"waiting": holder} when another load holds the database's lock."""

    def __init__(self, path: Path | None):
        self.path = path

    def _write(self, record: dict) -> None:
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")

    def progress(self, fraction: float, message: str) -> None:
        self._write({"fraction": round(fraction, 4), "message": message})

    def waiting(self, holder: dict) -> None:
        self._write({"waiting": holder})


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = args.db or db_path()
    report = getattr(args, "report", None)
    try:
        if args.command == "load":
            from etl.load import load_files

            sink = _ProgressFile(args.progress_file)
            summary = load_files(args.files, db, by=args.by, dry_run=args.dry_run, expect_version=args.expect_version,
                                 formulas=not args.values_only, on_progress=sink.progress if args.progress_file else None,
                                 on_wait=sink.waiting)
            print("\n".join(summary.lines()))
            if args.rejects:
                from etl.rejects import rejects_workbook

                args.rejects.write_bytes(rejects_workbook(summary.rejected_rows()))
            if report:
                report.write_text(json.dumps(summary.report(), ensure_ascii=False, indent=2), encoding="utf-8")
        elif args.command == "demo":
            from etl.demo import DemoRefused, build_demo

            try:
                build_demo(db, contracts=args.contracts, seed=args.seed, force=args.force)
            except DemoRefused as e:
                print(f"error: {e}", file=sys.stderr)
                return 2
        elif args.command == "versions":
            print("\n".join(_versions(db)))
        elif args.command == "rollback":
            from etl.publish import rollback

            event = rollback(db, args.version, args.by, expect_current=args.expect_current,
                             on_wait=_ProgressFile(args.progress_file).waiting)
            print(f"{db} is version {event['version']} again (was {event['previous']}); recorded")
            if report:
                report.write_text(json.dumps(event, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            from etl.load import load_files

            summary = load_files([], db, source="init")
            print(f"initialised {db} (run {summary.run_id})")
    except (FileRefused, LoadError, PublishError) as e:
        print(f"error: {e}", file=sys.stderr)
        if report:  # the reason in a word the steward page translates, and the message
            from etl.lock import VersionChanged

            code = e.code if isinstance(e, FileRefused) else "version_changed" if isinstance(e, VersionChanged) else "failed"
            report.write_text(json.dumps({"error": {"code": code, "message": str(e)}}, ensure_ascii=False, indent=2), encoding="utf-8")
        return 2
    return 0

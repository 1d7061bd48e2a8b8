"""`python -m etl load|demo|init` — the command line of ../shared/DESIGN.md (contract)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.database import LoadError
from etl.readers import FileRefused
from techmarket.settings import db_path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Build and load the technology-market database.")
    sub = parser.add_subparsers(dest="command", required=True)
    db_help = "database file (default: $TECHMARKET_DB or data/techmarket.duckdb)"

    load = sub.add_parser("load", help="load contract and enterprise files (CSV, XLSX, Parquet)")
    load.add_argument("--db", type=Path, help=db_help)
    load.add_argument("files", nargs="+", type=Path)

    demo = sub.add_parser("demo", help="build the synthetic demo registry")
    demo.add_argument("--db", type=Path, help=db_help)
    demo.add_argument("--contracts", type=int, default=200_000)
    demo.add_argument("--seed", type=int, default=2024)
    demo.add_argument("--force", action="store_true", help="replace a database that holds loaded (non-demo) data")

    init = sub.add_parser("init", help="create an empty database with dimensions and published statistics")
    init.add_argument("--db", type=Path, help=db_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = args.db or db_path()
    try:
        if args.command == "load":
            from etl.load import load_files

            summary = load_files(args.files, db)
            print("\n".join(summary.lines()))
        elif args.command == "demo":
            from etl.demo import DemoRefused, build_demo

            try:
                build_demo(db, contracts=args.contracts, seed=args.seed, force=args.force)
            except DemoRefused as e:
                print(f"error: {e}", file=sys.stderr)
                return 2
        else:
            from etl.load import load_files

            summary = load_files([], db, source="init")
            print(f"initialised {db} (run {summary.run_id})")
    except (FileRefused, LoadError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0

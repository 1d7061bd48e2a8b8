"""`python -m techmarket.snapshot`: a meeting pack from the command line (usage in the package docstring)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from techmarket import db as dbmod
from techmarket import queries, views
from techmarket.filters import PARAM_KEYS, from_params
from techmarket.fonts import FontMissing
from techmarket.settings import db_path
from techmarket.snapshot.formats import FORMATS, render
from techmarket.snapshot.pack import build_pack


def _flag(key: str) -> str:
    """A URL filter key as a flag: seller_kind -> --seller-kind."""
    return "--" + key.replace("_", "-")


def _dest(key: str) -> str:
    return "f_" + key  # `from` is a keyword: every filter lands under a prefix


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m techmarket.snapshot", description="Make a meeting pack of dashboard views.")
    parser.add_argument("--view", required=True, help=f"{', '.join(views.VIEWS)}, several separated by commas, or all")
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    parser.add_argument("--format", default="pdf", choices=FORMATS)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    for key in PARAM_KEYS:  # the URL's filters, with the URL's values
        parser.add_argument(_flag(key), action="append", dest=_dest(key))
    args = parser.parse_args(argv)
    chosen = list(views.VIEWS) if args.view == "all" else [v.strip() for v in args.view.split(",") if v.strip()]
    bad = [v for v in chosen if v not in views.VIEWS]
    if bad:
        print(f"error: unknown view {', '.join(bad)}; expected {', '.join(views.VIEWS)} or all", file=sys.stderr)
        return 2
    params = {"lang": args.lang} | {key: ",".join(values) for key in PARAM_KEYS if (values := getattr(args, _dest(key)))}
    path = args.db or db_path()
    if not path.exists():
        print(f"error: no database at {path}; build one with python -m etl demo or load files with python -m etl load", file=sys.stderr)
        return 2
    con = dbmod.connect_readonly(path)
    try:
        f = from_params(params, *queries.known_codes(con))
        pack = build_pack(con, chosen, f)
        data = render(pack, args.format)
    except FontMissing as e:
        print(f"error: {e}", file=sys.stderr)
        return 3
    finally:
        con.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {args.format}, {len(pack.panels)} panels, {len(data):,} bytes")
    return 0

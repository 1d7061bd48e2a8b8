"""The layout the README describes: the app library never imports the ETL; the ETL uses only the app's
settings and its read-only connection."""

from __future__ import annotations

import ast
from pathlib import Path

from techmarket.settings import ROOT


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return out


def test_techmarket_and_pages_never_import_etl():
    for path in [*(ROOT / "techmarket").rglob("*.py"), *(ROOT / "pages").glob("*.py")]:
        bad = {m for m in imports(path) if m == "etl" or m.startswith("etl.")}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_etl_uses_only_settings_the_connection_and_the_publish_format_from_techmarket():
    allowed = {"techmarket.settings", "techmarket.db", "techmarket.published"}  # published: what app hosts read, etl writes
    for path in (ROOT / "etl").rglob("*.py"):
        used = {m for m in imports(path) if m.startswith("techmarket")}
        modules = {m for m in used if m in allowed or m.rsplit(".", 1)[0] in allowed}
        assert used <= modules, f"{path.relative_to(ROOT)} imports {used - modules}"

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


def _module_imports() -> dict[str, set[str]]:
    """Each module of techmarket, etl and bench -> the project modules it imports, at any level of the file
    (an import inside a function still ties the two modules together)."""
    modules: dict[str, Path] = {}
    for base in ("techmarket", "etl", "bench"):
        for path in (ROOT / base).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rsplit(".", 1)[0] if "." in name else ""
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        found: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {resolve(a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                for a in node.names:
                    target = resolve(f"{base}.{a.name}")
                    found.add(target if target and target != module else resolve(base))
        graph[module] = {m for m in found if m and m != module}
    return graph


def test_no_import_cycles():
    """No two modules import each other, directly or through others (packages importing their own modules aside)."""
    graph = _module_imports()

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            m = todo.pop()
            if m == goal:
                return True
            if m not in seen:
                seen.add(m)
                todo += [d for d in graph.get(m, ()) if not goal.startswith(d + ".") or d == goal]
        return False

    cycles = sorted({tuple(sorted((a, b))) for a, deps in graph.items() for b in deps
                     if not b.startswith(a + ".") and not a.startswith(b + ".") and reaches(b, a)})
    assert not cycles, cycles

"""One way to say each thing: every word a user reads is a label in techmarket.i18n, in both languages."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from techmarket.i18n import LABELS, t
from techmarket.settings import ROOT

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
APP_CODE = [*sorted((ROOT / "techmarket").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py")), ROOT / "dashboard.py"]


def strings(path: Path) -> tuple[list[tuple[int, str]], list[str]]:
    """(line, text) of the string constants in a module, docstrings aside, and the constant heads of its f-strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    constants, heads = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            heads.append(str(node.values[0].value))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            constants.append((node.lineno, node.value))
    return constants, heads


def test_no_chinese_outside_the_label_catalogue():
    found = [f"{p.relative_to(ROOT)}:{line}: {text[:40]}" for p in APP_CODE if p.name != "i18n.py"
             for line, text in strings(p)[0] if CJK.search(text)]
    assert not found, "user-visible Chinese belongs in techmarket/i18n.py LABELS:\n" + "\n".join(found)


def test_every_label_has_both_languages_with_the_same_placeholders():
    fields = string.Formatter()
    for key, (zh, en) in LABELS.items():
        assert zh.strip() and en.strip(), key
        # Chinese says "the year before" as 同比 and needs no {prev}
        assert {f for _, f, _, _ in fields.parse(zh) if f} | {"prev"} == {f for _, f, _, _ in fields.parse(en) if f} | {"prev"}, key
        if key != "lang_zh":  # the one English label that is Chinese on purpose: the language's own name
            assert not CJK.search(en), (key, en)


def used_labels(paths: list[Path]) -> tuple[set[str], set[str]]:
    """(strings the code names, f-string heads ending in "_") in these modules, LABELS' own entries aside."""
    named, heads = set(), set()
    for p in paths:
        tree = ast.parse(p.read_text(encoding="utf-8"))
        skip = set()
        if p.name == "i18n.py":
            for node in ast.walk(tree):
                if isinstance(node, ast.AnnAssign | ast.Assign):
                    targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
                    if any(isinstance(t_, ast.Name) and t_.id == "LABELS" for t_ in targets):
                        skip = {id(n) for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if head.endswith("_"):
                    heads.add(head)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.add(node.value)
    return named, heads


def unused_labels(paths: list[Path], labels: dict) -> list[str]:
    named, heads = used_labels(paths)
    return [k for k in labels if k not in named and not any(k.startswith(h) for h in heads)]


def test_every_label_is_used(tmp_path):
    """A label nobody asks for is dead text: a key is used when the code names it, or builds it from
    an f-string that starts with its prefix (t(f"bloc_{code}", lang)). The catalogue's own entries do not
    count, and a label added with no user is found."""
    assert not unused_labels(APP_CODE, LABELS), unused_labels(APP_CODE, LABELS)
    assert unused_labels(APP_CODE, {**LABELS, "never_asked_for": ("无人使用", "Nobody asks for this")}) == ["never_asked_for"]
    catalogue = tmp_path / "i18n.py"
    catalogue.write_text('LABELS = {"orphan": ("孤", "Orphan")}\n', encoding="utf-8")
    assert unused_labels([catalogue], {"orphan": ("孤", "Orphan")}) == ["orphan"]


def test_labels_fill_in_values():
    assert t("reading_top", "en", what="Fields", first="AI", share=41.25) == "Fields: AI leads with 41.2% of the total."
    assert t("reading_top", "zh", what="领域分布", first="人工智能", share=41.25) == "领域分布：人工智能居首，占41.2%。"
    assert t("source", "en") == "Source"

"""The stewards' Load data page (pages/load.py) in words and tables: what a check found, the versions and
their history, who holds the load, why publishing must wait. Pure functions of the reports the ETL's child
processes write (techmarket.loads) and the language; no Streamlit here."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import polars as pl

from techmarket.db import beijing
from techmarket.filters import Filters
from techmarket.i18n import BLOC_ORDER, LABELS, bloc_name, format_number, t

PHASES = ("read and checked", "read", "merging", "building the marts", "writing the new version", "done")  # as the ETL reports them


def words(key: str, lang: str, **values: object) -> str:
    """A label of the page (load_<key>)."""
    return t(f"load_{key}", lang, **values)


def word(prefix: str, key: str, lang: str, fallback: str | None = None) -> str:
    """A translated word for a code the ETL writes (an action, a phase, a reason), or the code itself."""
    return t(f"{prefix}{key}", lang) if f"{prefix}{key}" in LABELS else (fallback or key)


def when(iso: str | None) -> str:
    """A moment the ETL recorded (UTC, ISO) in Beijing time, to the second."""
    return beijing(iso, seconds=True)


def holder_words(holder: dict, lang: str) -> dict:
    """Who holds the load lock, doing what, since when: the values of the busy and waiting sentences."""
    return {"action": word("load_action_", str(holder.get("action", "load")), lang), "by": holder.get("by") or "?",
            "since": when(holder.get("since"))}


def progress_text(message: str, working: str, lang: str) -> str:
    """A progress bar's text: what the page is doing, the ETL's phase in words and its detail."""
    phase = next((p for p in PHASES if message.startswith(p)), "")
    label = {"read and checked": words("phase_check", lang), "read": words("phase_read", lang)}.get(phase) \
        or word("load_phase_", phase, lang, "")
    detail = message.split(": ", 1)[1] if ": " in message else ""
    return " · ".join(filter(None, [working, label, detail]))


def error_head(error: dict, lang: str) -> str:
    """The sentence a refusal or failure opens with."""
    code = error.get("code", "failed")
    return words(f"refused_{code}", lang) if f"load_refused_{code}" in LABELS else words("failed", lang)


def signature(uploads: Sequence[Any]) -> str:
    """What was uploaded, by name, size and upload id: a check belongs to exactly these files."""
    return hashlib.sha256(repr([(u.name, u.size, u.file_id) for u in uploads]).encode()).hexdigest()


def file_names(version: dict, lang: str) -> str:
    """A version's files by name and the start of their SHA-256 (the demo's are many, in a temporary directory)."""
    names = [f"{x['name'].replace(chr(92), '/').rsplit('/', 1)[-1]} ({(x.get('sha256') or '')[:8]})" for x in version.get("files", [])]
    if len(names) > 3:
        return words("files_more", lang, names=", ".join(names[:2]), n=len(names) - 2)
    return ", ".join(names) or version.get("source", "")


def counts(report: dict) -> list[tuple[str, int]]:
    """The check's counts in order: rows in = would add + would update + unchanged + rejected."""
    return [("rows_in", report["rows_in"]), ("would_add", report["rows_new"]), ("would_update", report["rows_updated"]),
            ("unchanged", report["rows_unchanged"]), ("rejected", report["rows_rejected"])]


def per_file(report: dict, lang: str) -> pl.DataFrame:
    files = report["files"]
    return pl.DataFrame({
        words("file", lang): [x["label"] for x in files],
        words("kind", lang): [word("load_kind_", x["kind"], lang) for x in files],
        words("format", lang): [x["format"] + (f" {x['encoding']}" if x["encoding"] else "") for x in files],
        **{words(key, lang): [f"{x[field]:,}" for x in files]
           for key, field in (("rows_in", "rows_in"), ("would_add", "rows_new"), ("would_update", "rows_updated"),
                              ("unchanged", "rows_unchanged"), ("rejected", "rows_rejected"))},
    })


def ignored(report: dict, lang: str) -> list[str]:
    """A sentence for each file with columns the ETL did not use."""
    return [words("ignored", lang, file=x["label"], columns=", ".join(x["ignored_columns"]))
            for x in report["files"] if x["ignored_columns"]]


def reasons(report: dict, lang: str) -> pl.DataFrame | None:
    """The top reasons for rejects, named in the language, with rows and an example; None without rejects."""
    if not report["top_reasons"]:
        return None
    return pl.DataFrame({
        words("reason", lang): [word("reason_", r["reason_code"], lang) for r in report["top_reasons"]],
        words("rows", lang): [f"{r['rows']:,}" for r in report["top_reasons"]],
        words("example", lang): [r["example"] for r in report["top_reasons"]],
    })


def preview(report: dict, f: Filters) -> pl.DataFrame | None:
    """Contracts and value before and after, per year and seller's bloc, where the load changes them; None for no change."""
    lang, change = f.lang, report.get("change") or []
    if not change:
        return None
    unit = t(f"unit_{f.unit}", lang)
    change = sorted(change, key=lambda c: (c["year"], BLOC_ORDER.index(c["bloc"]) if c["bloc"] in BLOC_ORDER else 99))
    return pl.DataFrame({
        words("year", lang): [str(c["year"]) for c in change],
        words("bloc", lang): [bloc_name(c["bloc"], lang) for c in change],
        words("contracts_before", lang): [f"{c['contracts_before']:,}" for c in change],
        words("contracts_after", lang): [f"{c['contracts_after']:,}" for c in change],
        words("contracts_change", lang): [f"{c['contracts_after'] - c['contracts_before']:+,}" for c in change],
        words("value_before", lang, unit=unit): [format_number(c["value_cny_before"] / f.scale, lang, 2) for c in change],
        words("value_after", lang, unit=unit): [format_number(c["value_cny_after"] / f.scale, lang, 2) for c in change],
    })


def versions_table(kept: list[dict], current: str | None, lang: str) -> pl.DataFrame:
    """The kept versions: which is current, when and by whom published (Beijing time), counts and files."""
    return pl.DataFrame({
        words("version", lang): [v["version"] for v in kept],
        words("is_current", lang): ["✓" if v["version"] == current else "" for v in kept],
        words("published_at", lang): [when(v.get("published_at")) for v in kept],
        words("by", lang): [v.get("published_by", "") for v in kept],
        words("contracts", lang): [f"{v.get('contracts', 0):,}" for v in kept],
        words("run_counts", lang): [f"{v.get('rows_loaded', 0):,} / {v.get('rows_updated', 0):,} / {v.get('rows_rejected', 0):,}"
                                    for v in kept],
        words("file", lang): [file_names(v, lang) for v in kept],
        "SHA-256": [v.get("sha256", "")[:12] for v in kept],
    })


def version_choice(v: dict) -> str:
    """A version as the rollback list names it."""
    return f"{v['version']} · {when(v.get('published_at'))} · {v.get('published_by', '')} · {v.get('contracts', 0):,}"


def history_table(events: list[dict], lang: str) -> pl.DataFrame:
    return pl.DataFrame({
        words("when", lang): [when(e.get("at")) for e in events],
        words("action", lang): [word("load_event_", e.get("action", ""), lang) for e in events],
        words("version", lang): [e.get("version", "") for e in events],
        words("previous", lang): [e.get("previous") or "—" for e in events],
        words("by", lang): [e.get("by", "") for e in events],
    })


def publish_blocker(lang: str, *, job: bool, checked: bool, check_failed_or_running: bool, same_files: bool, name: str) -> str | None:
    """Why the publish button waits, or None when it may be pressed."""
    if not job or (not checked and not check_failed_or_running):
        return words("no_check", lang)
    if not checked:
        return words("check_failed", lang)
    if not same_files:
        return words("files_changed", lang)
    if not name:
        return words("name_needed", lang)
    return None

"""Load data, for stewards: upload, check (a dry run against the live database), download and correct
the rejects, publish, see the versions and roll back. Behind `steward_password`; absent from the
navigation without it (dashboard.py). The work runs in child processes (techmarket.loads): this page
starts them, follows their progress files and shows their reports.
"""

import hashlib
import time

import polars as pl
import streamlit as st

from techmarket import access, loads, ui
from techmarket.db import beijing as db_time
from techmarket.i18n import BLOC_ORDER, LABELS, bloc_name, format_number, t
from techmarket.settings import db_path, keep_versions, load_max_mb, load_page_enabled

f = ui.filters()
lang = f.lang
MB = 2**20


def L(key: str, **values: object) -> str:
    return t(f"load_{key}", lang, **values)


def word(prefix: str, key: str, fallback: str | None = None) -> str:
    """A translated word for a code the ETL writes (an action, a phase, a reason), or the code itself."""
    return t(f"{prefix}{key}", lang) if f"{prefix}{key}" in LABELS else (fallback or key)


def beijing(iso: str | None) -> str:
    return db_time(iso, seconds=True)


def holder_words(holder: dict) -> dict:
    return {"action": word("load_action_", str(holder.get("action", "load"))), "by": holder.get("by") or "?",
            "since": beijing(holder.get("since"))}


def follow(step: loads.Step, working: str) -> loads.StepState:
    """The step's state; while it runs, a progress bar (and who it waits for) until it ends."""
    state = step.state()
    if not state.running:
        return state
    bar = st.progress(0.0, text=working)
    note = st.empty()
    while state.running:
        if state.waiting is not None:
            note.info(L("waiting", **holder_words(state.waiting)), icon=":material/hourglass_top:")
        else:
            note.empty()
        phase = next((p for p in ("read and checked", "read", "merging", "building the marts", "writing the new version", "done")
                      if state.message.startswith(p)), "")
        label = {"read and checked": L("phase_check"), "read": L("phase_read")}.get(phase) or word("load_phase_", phase, "")
        detail = state.message.split(": ", 1)[1] if ": " in state.message else ""
        bar.progress(min(max(state.fraction, 0.0), 1.0), text=" · ".join(filter(None, [working, label, detail])))
        time.sleep(0.3)
        state = step.state()
    bar.empty()
    note.empty()
    return state


def file_names(version: dict) -> str:
    """A version's files by name and the start of their SHA-256 (the demo's are many, in a temporary directory)."""
    names = [f"{x['name'].replace(chr(92), '/').rsplit('/', 1)[-1]} ({(x.get('sha256') or '')[:8]})" for x in version.get("files", [])]
    if len(names) > 3:
        return L("files_more", names=", ".join(names[:2]), n=len(names) - 2)
    return ", ".join(names) or version.get("source", "")


def show_error(error: dict) -> None:
    code = error.get("code", "failed")
    head = L(f"refused_{code}") if f"load_refused_{code}" in LABELS else L("failed")
    st.error(f"{head}\n\n`{error.get('message', '')}`", icon=":material/block:")


def signature(uploads: list) -> str:
    """What was uploaded, by name, size and upload id: a check belongs to exactly these files."""
    return hashlib.sha256(repr([(u.name, u.size, u.file_id) for u in uploads]).encode()).hexdigest()


def counts_table(report: dict) -> None:
    cols = st.columns(5)
    for col, (key, value) in zip(cols, [("rows_in", report["rows_in"]), ("would_add", report["rows_new"]),
                                        ("would_update", report["rows_updated"]), ("unchanged", report["rows_unchanged"]),
                                        ("rejected", report["rows_rejected"])], strict=True):
        col.metric(L(key), f"{value:,}")
    st.caption(L("sum_note"))
    st.markdown(f"**{L('per_file')}**")
    st.table(pl.DataFrame({
        L("file"): [x["label"] for x in report["files"]],
        L("kind"): [word("load_kind_", x["kind"]) for x in report["files"]],
        L("format"): [x["format"] + (f" {x['encoding']}" if x["encoding"] else "") for x in report["files"]],
        L("rows_in"): [f"{x['rows_in']:,}" for x in report["files"]],
        L("would_add"): [f"{x['rows_new']:,}" for x in report["files"]],
        L("would_update"): [f"{x['rows_updated']:,}" for x in report["files"]],
        L("unchanged"): [f"{x['rows_unchanged']:,}" for x in report["files"]],
        L("rejected"): [f"{x['rows_rejected']:,}" for x in report["files"]],
    }), hide_index=True)
    for x in report["files"]:
        if x["ignored_columns"]:
            st.caption(L("ignored", file=x["label"], columns=", ".join(x["ignored_columns"])))


def reasons_table(report: dict) -> None:
    if not report["top_reasons"]:
        return
    st.markdown(f"**{L('reasons')}**")
    st.table(pl.DataFrame({
        L("reason"): [word("reason_", r["reason_code"]) for r in report["top_reasons"]],
        L("rows"): [f"{r['rows']:,}" for r in report["top_reasons"]],
        L("example"): [r["example"] for r in report["top_reasons"]],
    }), hide_index=True)


def preview_table(report: dict) -> None:
    st.markdown(f"**{L('preview')}**")
    change = report.get("change") or []
    if not change:
        st.caption(L("preview_none"))
        return
    unit = t(f"unit_{f.unit}", lang)
    change = sorted(change, key=lambda c: (c["year"], BLOC_ORDER.index(c["bloc"]) if c["bloc"] in BLOC_ORDER else 99))
    st.table(pl.DataFrame({
        L("year"): [str(c["year"]) for c in change],
        L("bloc"): [bloc_name(c["bloc"], lang) for c in change],
        L("contracts_before"): [f"{c['contracts_before']:,}" for c in change],
        L("contracts_after"): [f"{c['contracts_after']:,}" for c in change],
        L("contracts_change"): [f"{c['contracts_after'] - c['contracts_before']:+,}" for c in change],
        L("value_before", unit=unit): [format_number(c["value_cny_before"] / f.scale, lang, 2) for c in change],
        L("value_after", unit=unit): [format_number(c["value_cny_after"] / f.scale, lang, 2) for c in change],
    }), hide_index=True)


st.title(L("title"), anchor=False)
if not load_page_enabled() or access.secret("steward_password") is None:
    st.info(L("off"))
    st.stop()
if not access.unlocked("steward_password", L("password"), t("password_wrong", lang)):
    st.stop()

db = db_path()
limit = load_max_mb()
st.caption(L("intro", limit=limit))
if (holder := loads.running(db)) is not None:
    st.info(L("busy", **holder_words(holder)), icon=":material/sync:")
name = st.text_input(L("your_name"), key="load_by", max_chars=80).strip()

# 1 · upload and check --------------------------------------------------------------------------
st.subheader(L("step_upload"), anchor=False)
uploads = st.file_uploader(L("files"), type=["csv", "tsv", "txt", "xlsx", "xlsm", "parquet"], accept_multiple_files=True,
                           key="load_uploads", max_upload_size=limit, help=L("files_help")) or []
st.caption(L("limit_note", limit=limit))
if st.button(L("check"), type="primary", disabled=not uploads, icon=":material/rule:", key="load_check"):
    too_big = [u for u in uploads if u.size > limit * MB]
    for u in too_big:
        st.error(L("too_big", name=u.name, size=u.size / MB, limit=limit), icon=":material/block:")
    if not too_big:
        job = loads.Job.new(db, [(u.name, u.getvalue()) for u in uploads])
        job.dry_run(name or None)
        st.session_state["load_job"] = job.id
        st.session_state["load_signature"] = signature(uploads)
        st.session_state.pop("load_notice", None)

job = loads.Job.open(db, st.session_state.get("load_job", ""))
checked = None  # the dry run's report, when it passed
if job is not None:
    if notice := st.session_state.get("load_notice"):
        st.warning(notice, icon=":material/update:")
    state = follow(job.step(loads.DRY_RUN), L("checking"))
    if state.error is not None:
        show_error(state.error)
    elif state.ok and state.report is not None:
        checked = state.report
        files = ", ".join(x["label"] for x in checked["files"])
        st.success(L("checked", files=files, version=checked.get("base_version") or "—"), icon=":material/fact_check:")
        counts_table(checked)
        reasons_table(checked)
        preview_table(checked)
        if checked["rows_rejected"] and job.rejects.exists():
            st.download_button(L("download_rejects"), job.rejects.read_bytes(), file_name=f"rejects-{job.id}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
                               key="load_rejects", help=L("rejects_help"))
            st.caption(L("rejects_help"))

# 2 · publish -------------------------------------------------------------------------------------
st.subheader(L("step_publish"), anchor=False)
st.caption(L("publish_note"))
publish_step = job.step(loads.PUBLISH) if job is not None else None
published = publish_step.state() if publish_step is not None else None
if published is not None and published.started:
    published = follow(publish_step, L("publishing"))
    if published.ok and published.report is not None:
        current, kept, _ = loads.versions(db)
        entry = next((v for v in kept if v["version"] == published.report["version"]), {})
        st.success(L("published", version=published.report["version"], contracts=entry.get("contracts", 0)),
                   icon=":material/published_with_changes:")
        st.page_link("pages/overview.py", label=L("view_data"), icon=":material/dashboard:")
    elif published.error is not None and published.error.get("code") == "version_changed" and job is not None:
        # Someone published or rolled back after this check: check again against what is there now.
        now, _, _ = loads.versions(db)
        st.session_state["load_notice"] = L("version_changed", version=now or "—")
        job.dry_run(name or None)
        st.rerun()
    elif published.error is not None:
        show_error(published.error)
else:
    why = None
    if job is None or (checked is None and state.error is None and not state.running):
        why = L("no_check")
    elif checked is None:
        why = L("check_failed")
    elif st.session_state.get("load_signature") != signature(uploads):
        why = L("files_changed")
    elif not name:
        why = L("name_needed")
    if why:
        st.caption(why)
    if st.button(L("publish"), type="primary", disabled=why is not None, icon=":material/publish:", key="load_publish") and job and checked:
        st.session_state.pop("load_notice", None)
        job.publish(name, checked.get("base_version"))
        st.rerun()

# 3 · versions and rollback ------------------------------------------------------------------------
st.subheader(L("step_versions"), anchor=False)
rollback_key = st.session_state.get("load_rollback")
if rollback_key:
    step = loads.open_step(db, rollback_key, loads.ROLLBACK)
    if step is not None:
        done = follow(step, L("rolling_back"))
        if done.error is not None:
            if done.error.get("code") == "version_changed":
                st.warning(L("rollback_changed"), icon=":material/update:")
            else:
                show_error(done.error)
        elif done.ok and done.report is not None:
            st.success(L("rolled_back", version=done.report["version"], previous=done.report.get("previous") or "—"),
                       icon=":material/history:")
current, kept, events = loads.versions(db)
if not kept:
    st.caption(L("no_versions"))
else:
    st.markdown(L("current", version=current or "—"))
    st.markdown(f"**{L('kept', keep=keep_versions())}**")
    st.table(pl.DataFrame({
        L("version"): [v["version"] for v in kept],
        L("is_current"): ["✓" if v["version"] == current else "" for v in kept],
        L("published_at"): [beijing(v.get("published_at")) for v in kept],
        L("by"): [v.get("published_by", "") for v in kept],
        L("contracts"): [f"{v.get('contracts', 0):,}" for v in kept],
        L("run_counts"): [f"{v.get('rows_loaded', 0):,} / {v.get('rows_updated', 0):,} / {v.get('rows_rejected', 0):,}" for v in kept],
        L("file"): [file_names(v) for v in kept],
        "SHA-256": [v.get("sha256", "")[:12] for v in kept],
    }), hide_index=True)
    others = [v for v in kept if v["version"] != current]
    if not others:
        st.caption(L("rollback_none"))
    else:
        by_version = {v["version"]: v for v in others}
        target = st.selectbox(L("rollback_to"), list(by_version), key="load_target",
                              format_func=lambda v: f"{v} · {beijing(by_version[v].get('published_at'))} · "
                                                    f"{by_version[v].get('published_by', '')} · {by_version[v].get('contracts', 0):,}")
        if st.button(L("rollback"), icon=":material/history:", key="load_rollback_ask", disabled=not name):
            st.session_state["load_confirm"] = (target, current)
        if not name:
            st.caption(L("name_needed"))
        asked = st.session_state.get("load_confirm")
        if asked and asked[0] in by_version:
            v = by_version[asked[0]]
            st.warning(L("confirm_text", version=v["version"], by=v.get("published_by", ""), at=beijing(v.get("published_at")),
                         contracts=v.get("contracts", 0), current=asked[1] or "—"), icon=":material/warning:")
            yes, no, _ = st.columns([1, 1, 3])
            if yes.button(L("confirm"), type="primary", key="load_rollback_yes", disabled=not name):
                st.session_state.pop("load_confirm", None)
                step = loads.start_rollback(db, v["version"], name, asked[1])
                st.session_state["load_rollback"] = step.dir.name
                st.rerun()
            if no.button(L("cancel"), key="load_rollback_no"):
                st.session_state.pop("load_confirm", None)
                st.rerun()
    if events:
        st.markdown(f"**{L('history')}**")
        st.table(pl.DataFrame({
            L("when"): [beijing(e.get("at")) for e in events],
            L("action"): [word("load_event_", e.get("action", "")) for e in events],
            L("version"): [e.get("version", "") for e in events],
            L("previous"): [e.get("previous") or "—" for e in events],
            L("by"): [e.get("by", "") for e in events],
        }), hide_index=True)

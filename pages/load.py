"""Load data, for stewards: upload, check (a dry run against the live database), download and correct
the rejects, publish, see the versions and roll back. Behind `steward_password`; absent from the
navigation without it (dashboard.py). The work runs in child processes (techmarket.loads): this page
starts them and follows them (techmarket.ui.loading); what it says is techmarket.views.load's.
"""

import streamlit as st

from techmarket import access, loads, ui
from techmarket.i18n import t
from techmarket.settings import db_path, keep_versions, load_max_mb, load_page_enabled
from techmarket.ui.loading import follow, show_error
from techmarket.views import load as words

f = ui.filters()
lang = f.lang
MB = 2**20


def L(key: str, **values: object) -> str:
    return words.words(key, lang, **values)


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
    st.info(L("busy", **words.holder_words(holder, lang)), icon=":material/sync:")
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
        st.session_state["load_signature"] = words.signature(uploads)
        st.session_state.pop("load_notice", None)

job = loads.Job.open(db, st.session_state.get("load_job", ""))
checked = None  # the dry run's report, when it passed
if job is not None:
    if notice := st.session_state.get("load_notice"):
        st.warning(notice, icon=":material/update:")
    state = follow(job.step(loads.DRY_RUN), L("checking"), lang)
    if state.error is not None:
        show_error(state.error, lang)
    elif state.ok and state.report is not None:
        checked = state.report
        files = ", ".join(x["label"] for x in checked["files"])
        st.success(L("checked", files=files, version=checked.get("base_version") or "—"), icon=":material/fact_check:")
        for col, (key, value) in zip(st.columns(5), words.counts(checked), strict=True):
            col.metric(L(key), f"{value:,}")
        st.caption(L("sum_note"))
        st.markdown(f"**{L('per_file')}**")
        st.table(words.per_file(checked, lang), hide_index=True)
        for line in words.ignored(checked, lang):
            st.caption(line)
        if (reasons := words.reasons(checked, lang)) is not None:
            st.markdown(f"**{L('reasons')}**")
            st.table(reasons, hide_index=True)
        st.markdown(f"**{L('preview')}**")
        if (change := words.preview(checked, f)) is None:
            st.caption(L("preview_none"))
        else:
            st.table(change, hide_index=True)
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
    published = follow(publish_step, L("publishing"), lang)
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
        show_error(published.error, lang)
else:
    why = words.publish_blocker(lang, job=job is not None, checked=checked is not None,
                                check_failed_or_running=job is not None and (state.error is not None or state.running),
                                same_files=st.session_state.get("load_signature") == words.signature(uploads), name=name)
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
        done = follow(step, L("rolling_back"), lang)
        if done.error is not None:
            if done.error.get("code") == "version_changed":
                st.warning(L("rollback_changed"), icon=":material/update:")
            else:
                show_error(done.error, lang)
        elif done.ok and done.report is not None:
            st.success(L("rolled_back", version=done.report["version"], previous=done.report.get("previous") or "—"),
                       icon=":material/history:")
current, kept, events = loads.versions(db)
if not kept:
    st.caption(L("no_versions"))
else:
    st.markdown(L("current", version=current or "—"))
    st.markdown(f"**{L('kept', keep=keep_versions())}**")
    st.table(words.versions_table(kept, current, lang), hide_index=True)
    others = [v for v in kept if v["version"] != current]
    if not others:
        st.caption(L("rollback_none"))
    else:
        by_version = {v["version"]: v for v in others}
        target = st.selectbox(L("rollback_to"), list(by_version), key="load_target",
                              format_func=lambda v: words.version_choice(by_version[v]))
        if st.button(L("rollback"), icon=":material/history:", key="load_rollback_ask", disabled=not name):
            st.session_state["load_confirm"] = (target, current)
        if not name:
            st.caption(L("name_needed"))
        asked = st.session_state.get("load_confirm")
        if asked and asked[0] in by_version:
            v = by_version[asked[0]]
            st.warning(L("confirm_text", version=v["version"], by=v.get("published_by", ""), at=words.when(v.get("published_at")),
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
        st.table(words.history_table(events, lang), hide_index=True)

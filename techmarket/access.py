"""Optional passwords kept in Streamlit secrets (.streamlit/secrets.toml), compared in constant time
and never logged or echoed: `sql_password` for the SQL page, `app_password` for the whole app."""

from __future__ import annotations

import hmac
import time

import streamlit as st


def secret(name: str) -> str | None:
    try:
        value = st.secrets.get(name)
    except Exception:  # noqa: BLE001 - no secrets file at all is the common case
        return None
    return str(value) if value else None


def unlocked(name: str, prompt: str, wrong: str) -> bool:
    """True when no password is set, or this session has typed it; otherwise shows the prompt."""
    expected = secret(name)
    if expected is None or st.session_state.get(f"_unlocked_{name}"):
        return True
    typed = st.text_input(prompt, type="password", key=f"_password_{name}")
    if typed:
        if hmac.compare_digest(typed.encode("utf-8"), expected.encode("utf-8")):
            st.session_state[f"_unlocked_{name}"] = True
            del st.session_state[f"_password_{name}"]
            st.rerun()
        time.sleep(1.0)  # a guess a second, per session
        st.error(wrong)
    return False

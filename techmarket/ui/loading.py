"""The Load data page's Streamlit parts: following a child process's step with a progress bar, and its errors."""

from __future__ import annotations

import time

import streamlit as st

from techmarket import loads
from techmarket.views.load import error_head, holder_words, progress_text, words


def follow(step: loads.Step, working: str, lang: str) -> loads.StepState:
    """The step's state; while it runs, a progress bar (and who it waits for) until it ends."""
    state = step.state()
    if not state.running:
        return state
    bar = st.progress(0.0, text=working)
    note = st.empty()
    while state.running:
        if state.waiting is not None:
            note.info(words("waiting", lang, **holder_words(state.waiting, lang)), icon=":material/hourglass_top:")
        else:
            note.empty()
        bar.progress(min(max(state.fraction, 0.0), 1.0), text=progress_text(state.message, working, lang))
        time.sleep(0.3)
        state = step.state()
    bar.empty()
    note.empty()
    return state


def show_error(error: dict, lang: str) -> None:
    st.error(f"{error_head(error, lang)}\n\n`{error.get('message', '')}`", icon=":material/block:")

"""Keeping `pages/` as st.navigation pages: the one place that touches Streamlit's routing internals.

The product keeps its pages in `pages/` with URL paths named after the files (/flows, /sql …).
Streamlit treats a `pages/` folder beside the entry point as an old-style (v1) multipage app until
the process has called st.navigation: PagesManager sets the class flag `uses_pages_directory` from
the folder's existence, and while it is true the script runner executes a page file on its own
instead of the entry point. There is no setting for this, so:

- the router (dashboard.py) calls `use_navigation()` before anything else, and reruns at once when
  that was the process's first run: that run began in the old mode, and the widgets it drew got other
  identities than every later run gives them, so a session's first change to the sidebar was lost
  (the slider jumped back and lost keyboard focus; seen on a fresh worker's first visit to /), and
- a page whose first run comes without the router (a deep link to a freshly started server) finds no
  filters in its session, calls `use_navigation()` and reruns, which goes through dashboard.py.

tests/test_routing.py fails if Streamlit drops the flag or stops deriving it from the folder, which
is the moment to look at this again.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from techmarket.filters import Filters


def use_navigation() -> bool:
    """Tell Streamlit that pages/ holds st.navigation pages (see the module's docstring). True when
    this changed it: the process's first run, which Streamlit began as an old-style multipage run."""
    changed = PagesManager.uses_pages_directory is not False
    PagesManager.uses_pages_directory = False
    return changed


PENDING = "_pending_filters"


def set_filters(f: Filters) -> None:
    """New filters for the next run (a page's click that filters; the caller reruns): the router puts them in
    place before it draws the sidebar (`take_pending`), whose widgets cannot change once drawn in a run."""
    st.session_state[PENDING] = f


def take_pending() -> None:
    """At the start of a run, before the sidebar: the filters a page set for this run, in the session and in
    the sidebar's side widgets (the router then writes them to the URL)."""
    f = st.session_state.pop(PENDING, None)
    if f is not None:
        st.session_state["filters"] = f
        st.session_state["flt_sellers"] = list(f.sellers)
        st.session_state["flt_buyers"] = list(f.buyers)
        # The URL still holds the old filters: mark them as the router's own, so it keeps the session's newer ones
        # (and writes them to the URL) instead of reading the old ones back.
        st.session_state["_written"] = st.query_params.to_dict()


def filters() -> Filters:
    """The filters the router put in place for this run; without them, route through the router."""
    if "filters" not in st.session_state:
        use_navigation()
        st.rerun()
    return st.session_state["filters"]

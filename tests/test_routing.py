"""The one Streamlit internal the routing relies on (techmarket/ui/routing.py). If Streamlit changes it,
this fails with what to look at; tests/test_browser.py::test_a_deep_link_to_a_fresh_server_opens_that_page
checks the behaviour end to end."""

from __future__ import annotations

import inspect

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from techmarket.settings import ROOT
from techmarket.ui.routing import use_navigation

HINT = ("Streamlit changed how it treats a pages/ folder beside the entry point: check whether a deep link to a fresh server "
        "still needs techmarket.ui.routing.use_navigation, and update or remove it.")


def test_streamlit_still_treats_pages_as_a_legacy_folder_until_told_otherwise():
    saved = PagesManager.uses_pages_directory
    try:
        PagesManager.uses_pages_directory = None  # a fresh process
        PagesManager(str(ROOT / "dashboard.py"))
        assert PagesManager.uses_pages_directory is True, HINT
        assert "uses_pages_directory" in inspect.getsource(script_runner), HINT  # the runner still branches on it
        use_navigation()
        assert PagesManager.uses_pages_directory is False
        PagesManager(str(ROOT / "dashboard.py"))  # and a later session keeps it
        assert PagesManager.uses_pages_directory is False, HINT
    finally:
        PagesManager.uses_pages_directory = saved

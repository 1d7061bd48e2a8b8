"""What the pages (pages/*.py) use, each from the module that does one job:

- ui.routing: `filters()`, the filters the router (dashboard.py) put in place, and the one
  workaround that keeps pages/ as st.navigation pages;
- ui.connection: `cursor()` and `version()`, the read-only connection and the data version;
- ui.cache: `query`, `view`, `info`, `dimension`, `names`, `known_codes`, `schema_catalog`, all made
  once per data version and shared by sessions (techmarket.memo), and the SQL page's `sandbox`;
- ui.vega: charts turned into what the browser is sent;
- ui.blocks: `panel`, `dataframe`, `no_data`, `empty`, `selected`, and `style` (ui/app.css).

A page reads `f = ui.filters()` -> `v = ui.view("<page>", f)` -> `ui.panel(v["<panel key>"], f)`.
"""

import pandas  # noqa: F401 - imported up front: two sessions importing it lazily at once can see it half-initialised

from techmarket.ui.blocks import dataframe, empty, no_data, panel, selected, source_line, style
from techmarket.ui.cache import dimension, info, is_demo, known_codes, named_sql, names, place_names, query, sandbox, schema_catalog, view
from techmarket.ui.connection import cursor, pinned, version
from techmarket.ui.routing import filters, set_filters, use_navigation

__all__ = ["cursor", "dataframe", "dimension", "empty", "filters", "info", "is_demo", "known_codes", "named_sql", "names", "no_data",
           "panel", "pinned", "place_names", "query", "sandbox", "schema_catalog", "selected", "set_filters", "source_line", "style",
           "use_navigation", "version", "view"]

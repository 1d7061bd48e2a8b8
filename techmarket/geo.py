"""The shipped boundary files (data/geo/, see SOURCE.md there), read once per process."""

from __future__ import annotations

import json
from functools import cache

from techmarket.settings import DATA_DIR

GEO_DIR = DATA_DIR / "geo"
# The app serves the same files to the browser (`static` -> data/geo, server.enableStaticServing),
# so an on-screen map sends a URL instead of 300 KB of boundaries on every run; exports inline them.
WEB_URL = "app/static/"


@cache
def china_provinces() -> dict:
    """The 34 provincial units of China, simplified, islands kept (GeoJSON FeatureCollection)."""
    return json.loads((GEO_DIR / "china_provinces.geojson").read_text(encoding="utf-8"))


@cache
def china_maritime() -> dict:
    """The maritime boundary line in the South China Sea (GeoJSON FeatureCollection)."""
    return json.loads((GEO_DIR / "china_maritime.geojson").read_text(encoding="utf-8"))


def web_data(data: dict) -> dict:
    """A layer's inline boundary data as the URL the app serves the same file at; other data as is."""
    values = data.get("values")
    for path, collection in (("china_provinces.geojson", china_provinces()), ("china_maritime.geojson", china_maritime())):
        if values is collection["features"]:
            return {"url": WEB_URL + path, "format": {"type": "json", "property": "features"}}
    return data

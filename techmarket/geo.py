"""The shipped boundary files (data/geo/, see SOURCE.md there), read once per process."""

from __future__ import annotations

import json
from functools import cache

from techmarket.settings import DATA_DIR

GEO_DIR = DATA_DIR / "geo"


@cache
def china_provinces() -> dict:
    """The 34 provincial units of China, simplified, islands kept (GeoJSON FeatureCollection)."""
    return json.loads((GEO_DIR / "china_provinces.geojson").read_text(encoding="utf-8"))


@cache
def china_maritime() -> dict:
    """The maritime boundary line in the South China Sea (GeoJSON FeatureCollection)."""
    return json.loads((GEO_DIR / "china_maritime.geojson").read_text(encoding="utf-8"))

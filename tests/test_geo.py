"""The shipped boundary files draw China complete: every provincial unit, the islands, the maritime line."""

from __future__ import annotations

from techmarket import geo


def _rings(feature: dict) -> list:
    g = feature["geometry"]
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    return [ring for poly in polys for ring in poly]


def _covers(features: list, lon: float, lat: float, pad: float = 0.1) -> bool:
    for f in features:
        for ring in _rings(f):
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            if min(xs) - pad <= lon <= max(xs) + pad and min(ys) - pad <= lat <= max(ys) + pad:
                return True
    return False


def test_all_34_provincial_units_including_taiwan_hong_kong_and_macao():
    codes = {f["properties"]["code"] for f in geo.china_provinces()["features"]}
    assert len(codes) == 34 and {"710000", "810000", "820000", "460000", "440000"} <= codes


def test_islands_survive_simplification():
    features = geo.china_provinces()["features"]
    assert _covers(features, 123.47, 25.74)  # Diaoyu Dao
    assert _covers(features, 112.33, 16.83)  # Xisha (Yongxing Dao)
    hainan = next(f for f in features if f["properties"]["code"] == "460000")
    centres = [(sum(p[0] for p in r) / len(r), sum(p[1] for p in r) / len(r)) for r in _rings(hainan)]
    assert sum(1 for x, y in centres if y < 11 and 109 < x < 118) >= 10  # the Nansha islands
    assert min(y for _, y in centres) < 5


def test_maritime_line_reaches_the_southern_extent():
    lines = geo.china_maritime()["features"][0]["geometry"]["coordinates"]
    assert len(lines) >= 9
    assert min(p[1] for line in lines for p in line) < 5

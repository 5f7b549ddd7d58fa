"""Build the web app's bundled world outline from Natural Earth's 1:110m countries.

Usage: python tools/world_outline.py GEOPANDAS_WHEEL [--out src/dyad/web/static/world/countries-110m.geojson]

The shapes come from the `naturalearth_lowres` dataset that geopandas shipped up to 0.14
(`pip download --no-deps geopandas==0.14.4`); Natural Earth data is in the public domain. Only the standard
library is used: the shapefile (polygons, type 5) and its dBASE table are read with `struct`, coordinates are
rounded to 0.01 degree (far finer than the 1:110m source) and written as GeoJSON with `name` and `iso_a3`.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import struct
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "dyad" / "web" / "static" / "world" / "countries-110m.geojson"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"


def read_dbf(data: bytes) -> list[dict[str, str]]:
    count, header_size, record_size = struct.unpack("<xxxxIHH", data[:12])
    fields = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\x00")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    records = []
    for i in range(count):
        start = header_size + i * record_size + 1  # the first byte is the deletion flag
        row, at = {}, start
        for name, size in fields:
            row[name] = data[at:at + size].decode("utf-8", "replace").strip()
            at += size
        records.append(row)
    return records


def read_polygons(data: bytes) -> list[list[list[tuple[float, float]]]]:
    shapes = []
    offset = 100
    while offset < len(data):
        _, length = struct.unpack(">ii", data[offset:offset + 8])
        content = data[offset + 8:offset + 8 + 2 * length]
        offset += 8 + 2 * length
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:
            raise ValueError(f"expected polygons (type 5), got shape type {shape_type}")
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44:44 + 4 * n_parts]))
        base = 44 + 4 * n_parts
        points = [struct.unpack("<dd", content[base + 16 * k:base + 16 * k + 16]) for k in range(n_points)]
        rings = [points[a:b] for a, b in zip(parts, [*parts[1:], n_points], strict=True)]
        shapes.append(rings)
    return shapes


def signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def geometry(rings: list[list[tuple[float, float]]]) -> dict[str, Any]:
    # Shapefile outer rings run clockwise (negative signed area), holes counter-clockwise; a hole belongs to
    # the outer ring before it. GeoJSON wants outer rings counter-clockwise, so each ring is reversed.
    polygons: list[list[list[list[float]]]] = []
    for ring in rings:
        coords = [[round(x, 2), round(y, 2)] for x, y in reversed(ring)]
        if signed_area(ring) < 0 or not polygons:
            polygons.append([coords])
        else:
            polygons[-1].append(coords)
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="a geopandas 0.14 wheel")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        shp = wheel.read(MEMBER + ".shp")
        dbf = wheel.read(MEMBER + ".dbf")
    records = read_dbf(dbf)
    shapes = read_polygons(shp)
    features = [{"type": "Feature", "properties": {"name": r["name"], "iso_a3": r["iso_a3"]},
                 "geometry": geometry(s)} for r, s in zip(records, shapes, strict=True)]
    collection = {"type": "FeatureCollection", "features": features}
    buffer = io.StringIO()
    json.dump(collection, buffer, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(buffer.getvalue() + "\n", encoding="utf-8")
    print(f"{len(features)} countries -> {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()

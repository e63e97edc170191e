#!/usr/bin/env python3
"""Reference WKB reader (dev-time): ISO WKB (and the PostGIS Z/M/SRID flags) to the WKT and
GeoJSON text of docs/values.md, written independently of the Swift code.

    wkb_to_wkt(bytes) -> str       'POINT (30 10)', 'LINESTRING Z (...)', 'POINT EMPTY'
    wkb_to_geojson(bytes) -> str   compact GeoJSON geometry object (M left out)

Numbers: Python repr without a trailing '.0' ('30', '2.5', '1e+16', '-0'); NaN 'nan',
infinities 'inf' / '-inf' in WKT, null in GeoJSON.  python3 scripts/golden/geometry.py FILE
prints the WKT of every GEOMETRY/GEOGRAPHY value of a Parquet file's first such column.
"""
from __future__ import annotations

import math
import struct
import sys

NAMES = {1: "POINT", 2: "LINESTRING", 3: "POLYGON", 4: "MULTIPOINT", 5: "MULTILINESTRING",
         6: "MULTIPOLYGON", 7: "GEOMETRYCOLLECTION"}
GEOJSON = {1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
           6: "MultiPolygon", 7: "GeometryCollection"}


def parse(b: bytes, pos: int = 0):
    """(geometry, next position); geometry = (code, hasZ, hasM, payload)."""
    order = b[pos]
    e = "<" if order == 1 else ">"
    raw = struct.unpack_from(e + "I", b, pos + 1)[0]
    pos += 5
    has_z, has_m = bool(raw & 0x80000000), bool(raw & 0x40000000)
    if raw & 0x20000000:
        pos += 4
    code = raw & 0x0FFFFFFF
    dims, code = divmod(code, 1000)
    has_z = has_z or dims in (1, 3)
    has_m = has_m or dims in (2, 3)
    n = 2 + has_z + has_m

    def point(p):
        return list(struct.unpack_from(e + "d" * n, b, p)), p + 8 * n

    def points(p):
        (k,) = struct.unpack_from(e + "I", b, p)
        p += 4
        out = []
        for _ in range(k):
            c, p = point(p)
            out.append(c)
        return out, p

    if code == 1:
        payload, pos = point(pos)
    elif code == 2:
        payload, pos = points(pos)
    elif code == 3:
        (k,) = struct.unpack_from(e + "I", b, pos)
        pos += 4
        payload = []
        for _ in range(k):
            ring, pos = points(pos)
            payload.append(ring)
    elif code in (4, 5, 6, 7):
        (k,) = struct.unpack_from(e + "I", b, pos)
        pos += 4
        payload = []
        for _ in range(k):
            g, pos = parse(b, pos)
            payload.append(g)
    else:
        raise ValueError(f"geometry type {raw}")
    return (code, has_z, has_m, payload), pos


def num(x: float) -> str:
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = repr(float(x))
    return s[:-2] if s.endswith(".0") else s


def _empty_point(c) -> bool:
    return all(math.isnan(v) for v in c)


def _wkt_body(g) -> str:
    code, _, _, p = g
    coords = lambda cs: "(" + ", ".join(" ".join(num(v) for v in c) for c in cs) + ")" if cs else "EMPTY"  # noqa: E731
    if code == 1:
        return "(" + " ".join(num(v) for v in p) + ")"
    if code == 2:
        return coords(p)
    if code == 3:
        return "(" + ", ".join(coords(r) for r in p) + ")"
    if code == 4:
        return "(" + ", ".join("EMPTY" if _empty_point(m[3]) else "(" + " ".join(num(v) for v in m[3]) + ")" for m in p) + ")"
    if code in (5, 6):
        return "(" + ", ".join(_wkt_body(m) if not _is_empty(m) else "EMPTY" for m in p) + ")"
    return "(" + ", ".join(wkt(m) for m in p) + ")"


def _is_empty(g) -> bool:
    code, _, _, p = g
    return _empty_point(p) if code == 1 else not p


def wkt(g) -> str:
    code, z, m, _ = g
    tag = NAMES[code] + {(False, False): "", (True, False): " Z", (False, True): " M", (True, True): " ZM"}[(z, m)]
    return tag + (" EMPTY" if _is_empty(g) else " " + _wkt_body(g))


def wkb_to_wkt(b: bytes) -> str:
    g, end = parse(bytes(b))
    if end != len(b):
        raise ValueError("trailing bytes after the geometry")
    return wkt(g)


def _jnum(x: float) -> str:
    return "null" if math.isnan(x) or math.isinf(x) else num(x)


def geojson(g) -> str:
    code, z, m, p = g

    def pos(c):
        keep = c[:3] if z else c[:2]
        return "[]" if _empty_point(c) and code == 1 else "[" + ",".join(_jnum(v) for v in keep) + "]"

    def arr(items, fn):
        return "[" + ",".join(fn(i) for i in items) + "]"
    head = '{"type":"' + GEOJSON[code] + '",'
    if code == 7:
        return head + '"geometries":' + arr(p, geojson) + "}"
    if code == 1:
        body = "[]" if _empty_point(p) else pos(p)
    elif code == 2:
        body = arr(p, pos)
    elif code == 3:
        body = arr(p, lambda r: arr(r, pos))
    elif code == 4:
        body = arr(p, lambda mm: "[]" if _empty_point(mm[3]) else pos(mm[3]))
    elif code == 5:
        body = arr(p, lambda mm: arr(mm[3], pos))
    else:
        body = arr(p, lambda mm: arr(mm[3], lambda r: arr(r, pos)))
    return head + '"coordinates":' + body + "}"


def wkb_to_geojson(b: bytes) -> str:
    g, _ = parse(bytes(b))
    return geojson(g)


if __name__ == "__main__":
    import pyarrow.parquet as pq
    pf = pq.ParquetFile(sys.argv[1])
    for i in range(len(pf.schema)):
        col = pf.schema.column(i)
        if col.logical_type is not None and col.logical_type.type in ("GEOMETRY", "GEOGRAPHY"):
            for v in pf.read(columns=[col.path]).column(0).to_pylist():
                print("null" if v is None else wkb_to_wkt(v))
            break

"""Random VARIANT and GEOMETRY/GEOGRAPHY columns for differential.py's `spec` kind.

    write_case(writer, seed, i, path) -> description      (writer: duckdb or pyarrow)

- duckdb (the writer that has both types): `id`, a VARIANT column `var` built from random
  SQL values cast to VARIANT — every primitive DuckDB maps to a Variant type (BOOLEAN,
  TINYINT … BIGINT, FLOAT, DOUBLE, DECIMAL(p, s) up to 38 digits, DATE, TIME, TIMESTAMP,
  TIMESTAMPTZ, TIMESTAMP_NS, VARCHAR with escapes and non-ASCII, BLOB, UUID), lists and
  structs nested up to three levels, mixed types in one column or one type for a whole column
  (so that DuckDB shreds it), SQL nulls and Variant nulls — and a GEOMETRY column `geom` from
  random WKB (`ST_GeomFromWKB`) of every OGC type in 2D, Z, M and ZM, empty ones included.
  Written with `COPY ... (FORMAT parquet, GEOPARQUET_VERSION 'NONE'|'V2', ROW_GROUP_SIZE ...)`.
- pyarrow: `id` and a `geom` column of random WKB through a minimal `geoarrow.wkb` extension
  type, which pyarrow writes as GEOMETRY (or GEOGRAPHY with spherical edges).

The expected values come from render.py (variant.py and geometry.py reading what pyarrow
reads back), never from these generators.
"""
from __future__ import annotations

import json
import math
import struct

import numpy as np

from render import civil_from_days as _civil

WORDS = ["alpha", "beta", "Grüße", "naïve", "日本", "emoji 🐢", 'quote "q"', "back\\slash", "tab\there", "nl\nx", ""]


def _sql_string(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _scalar(rng, kind: str) -> str:
    """A random SQL literal of `kind`."""
    if kind == "bool":
        return "true" if rng.random() < 0.5 else "false"
    if kind in ("tinyint", "smallint", "integer", "bigint"):
        bits = {"tinyint": 8, "smallint": 16, "integer": 32, "bigint": 64}[kind]
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        v = int(rng.choice([lo, hi, 0, -1, 1, int(rng.integers(lo // 2, hi // 2))]))
        return f"({v})::{kind.upper()}"
    if kind == "float":
        v = float(np.float32(rng.choice([0.1, -2.5, 1e-7, 3.4e38, 123456.78, -0.0, float(rng.normal(0, 1e6))])))
        return f"({v!r})::FLOAT"
    if kind == "double":
        v = float(rng.choice([0.1, -2.5, 1e-300, 1.7e308, 1e16, 123456789.123, -0.0, float(rng.normal(0, 1e12))]))
        return f"({v!r})::DOUBLE"
    if kind == "decimal":
        p = int(rng.choice([4, 9, 18, 19, 38]))
        s = int(rng.integers(0, p + 1))
        digits = int(rng.integers(1, p + 1))
        unscaled = int("".join(str(int(d)) for d in rng.integers(0, 10, size=digits))) * (1 if rng.random() < 0.5 else -1)
        text = str(abs(unscaled)).rjust(s + 1, "0")
        lit = ("-" if unscaled < 0 else "") + (text[:-s] + "." + text[-s:] if s else text)
        return f"({lit})::DECIMAL({p},{s})"
    if kind == "date":
        days = int(rng.integers(-719162, 2932896))  # 0001-01-01 .. 9999-12-31
        y, m, d = _civil(days)
        return f"DATE '{y:04d}-{m:02d}-{d:02d}'"
    if kind in ("timestamp", "timestamptz", "timestamp_ns"):
        secs = int(rng.integers(-2208988800, 4102444800))  # 1900 .. 2100
        frac = int(rng.integers(0, 1_000_000_000 if kind == "timestamp_ns" else 1_000_000))
        days, sod = divmod(secs, 86400)
        y, m, d = _civil(days)
        text = f"{y:04d}-{m:02d}-{d:02d} {sod // 3600:02d}:{sod // 60 % 60:02d}:{sod % 60:02d}." + \
            (f"{frac:09d}" if kind == "timestamp_ns" else f"{frac:06d}")
        if kind == "timestamptz":
            return f"TIMESTAMPTZ '{text}+00'"
        return f"{'TIMESTAMP_NS' if kind == 'timestamp_ns' else 'TIMESTAMP'} '{text}'"
    if kind == "time":
        us = int(rng.integers(0, 86_400_000_000))
        s = us // 1_000_000
        return f"TIME '{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.{us % 1_000_000:06d}'"
    if kind == "varchar":
        return _sql_string(" ".join(rng.choice(WORDS, size=int(rng.integers(0, 4)))) +
                           ("x" * int(rng.integers(60, 90)) if rng.random() < 0.2 else ""))
    if kind == "blob":
        data = bytes(int(b) for b in rng.integers(0, 256, size=int(rng.integers(0, 20))))
        return f"from_hex('{data.hex()}')"
    if kind == "uuid":
        return "'" + "-".join(bytes(int(b) for b in rng.integers(0, 256, size=n)).hex() for n in (4, 2, 2, 2, 6)) + "'::UUID"
    raise AssertionError(kind)


SCALARS = ["bool", "tinyint", "smallint", "integer", "bigint", "float", "double", "decimal", "date",
           "timestamp", "timestamptz", "timestamp_ns", "time", "varchar", "blob", "uuid"]


def _value(rng, depth: int, kinds: list) -> str:
    """A random SQL expression that casts to VARIANT (lists of mixed types as VARIANT[])."""
    r = rng.random()
    if depth < 3 and r < 0.15:
        n = int(rng.integers(0, 4))
        return "[" + ", ".join(f"({_value(rng, depth + 1, kinds)})::VARIANT" for _ in range(n)) + "]::VARIANT[]"
    if depth < 3 and r < 0.35:
        keys = rng.choice(["a", "b", "c", "name", "Größe", "k y", "z"], size=int(rng.integers(0, 4)), replace=False)
        return "{" + ", ".join(f"{_sql_string(str(k))}: ({_value(rng, depth + 1, kinds)})::VARIANT" for k in keys) + "}" \
            if len(keys) else "MAP {}::MAP(VARCHAR, VARIANT)"
    if r < 0.4:
        return "NULL::INTEGER"  # a null inside a variant: the Variant null
    return _scalar(rng, str(rng.choice(kinds)))


def random_variants(rng, n: int) -> list:
    """SQL expressions (or None for a SQL null) of one VARIANT column."""
    mode = rng.random()
    if mode < 0.35:  # one primitive type throughout: DuckDB shreds it
        kind = str(rng.choice(SCALARS))
        return [None if rng.random() < 0.1 else _scalar(rng, kind) for _ in range(n)]
    if mode < 0.55:  # objects of one shape: shredded objects
        keys = ["a", "b", "c"][: int(rng.integers(1, 4))]
        kinds = [str(rng.choice(SCALARS)) for _ in keys]
        return [None if rng.random() < 0.1 else
                "{" + ", ".join(f"'{k}': {_scalar(rng, t) if rng.random() < 0.9 else 'NULL::INTEGER'}" for k, t in zip(keys, kinds)) + "}"
                for _ in range(n)]
    kinds = list(rng.choice(SCALARS, size=int(rng.integers(1, len(SCALARS)))))
    return [None if rng.random() < 0.1 else _value(rng, 0, kinds) for _ in range(n)]


# --------------------------------------------------------------------------------------
# WKB
# --------------------------------------------------------------------------------------


def _coords(rng, dims: int, nan: bool) -> list:
    out = [float(rng.choice([rng.uniform(-180, 180), round(rng.uniform(-100, 100), 1), 0.0, 1e-7, 12345678.9]))
           for _ in range(dims)]
    if nan:
        out[int(rng.integers(0, dims))] = math.nan
    return out


def random_wkb(rng, depth: int = 0, code: int | None = None, dim: int | None = None, big: bool | None = None) -> bytes:
    """A random WKB geometry: ISO type code (1..7) + 1000 × dimension (0 XY, 1 Z, 2 M, 3 ZM)."""
    code = code or int(rng.integers(1, 8 if depth < 2 else 7))
    dim = int(rng.integers(0, 4)) if dim is None else dim
    big = bool(rng.random() < 0.2) if big is None else big
    e = ">" if big else "<"
    n = 2 + (dim in (1, 3)) + (dim in (2, 3))
    out = bytes([0 if big else 1]) + struct.pack(e + "I", code + 1000 * dim)
    empty = rng.random() < 0.1

    def pts(k):
        b = struct.pack(e + "I", k)
        for _ in range(k):
            b += struct.pack(e + "d" * n, *_coords(rng, n, False))
        return b
    if code == 1:
        return out + struct.pack(e + "d" * n, *([math.nan] * n if empty else _coords(rng, n, rng.random() < 0.03)))
    if code == 2:
        return out + pts(0 if empty else int(rng.integers(2, 6)))
    if code == 3:
        k = 0 if empty else int(rng.integers(1, 3))
        return out + struct.pack(e + "I", k) + b"".join(pts(int(rng.integers(4, 7))) for _ in range(k))
    k = 0 if empty else int(rng.integers(1, 4))
    member = {4: 1, 5: 2, 6: 3}.get(code)
    return out + struct.pack(e + "I", k) + b"".join(
        random_wkb(rng, depth + 1, member, dim, bool(rng.random() < 0.2)) for _ in range(k))


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def write_case(writer: str, seed: int, i: int, path: str) -> str:
    rng = np.random.default_rng([seed, i, 5])
    n = int(rng.integers(0, 12)) if rng.random() < 0.2 else int(rng.integers(1, 300))
    geoms = [None if rng.random() < 0.1 else random_wkb(rng) for _ in range(n)]
    if writer == "duckdb":
        import duckdb
        variants = random_variants(rng, n)
        rows = []
        for k in range(n):
            var = "NULL::VARIANT" if variants[k] is None else f"({variants[k]})::VARIANT"
            geom = "NULL::GEOMETRY" if geoms[k] is None else f"ST_GeomFromWKB(from_hex('{geoms[k].hex()}'))"
            rows.append(f"SELECT {k} AS id, {var} AS var, {geom} AS geom")
        con = duckdb.connect()
        con.execute("CREATE TABLE t (id INTEGER, var VARIANT, geom GEOMETRY)")
        for start in range(0, n, 50):
            con.execute("INSERT INTO t " + " UNION ALL ".join(rows[start:start + 50]))
        group = int(rng.choice([10, 100, 122880]))
        geo = "V2" if rng.random() < 0.5 else "NONE"
        con.execute(f"COPY (SELECT * FROM t ORDER BY id) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE {group}, "
                    f"GEOPARQUET_VERSION '{geo}')")
        return f"duckdb: {n} rows, variant + geometry, row groups of {group}, geoparquet {geo}"
    if writer == "pyarrow":
        import pyarrow as pa
        import pyarrow.parquet as pq
        edges = "spherical" if rng.random() < 0.3 else None
        wkb_type = WkbType(None, edges)
        ids = pa.array(range(n), pa.int32())
        storage = pa.array(geoms, pa.binary())
        table = pa.table({"id": ids, "geom": pa.ExtensionArray.from_storage(wkb_type, storage)})
        pq.write_table(table, path, row_group_size=int(rng.choice([7, 100, 1 << 20])),
                       data_page_version=str(rng.choice(["1.0", "2.0"])))
        return f"pyarrow: {n} rows, {'GEOGRAPHY' if edges else 'GEOMETRY'}"
    raise NotImplementedError(f"{writer} writes neither VARIANT nor GEOMETRY")


try:
    import pyarrow as _pa

    class WkbType(_pa.ExtensionType):
        """Minimal geoarrow.wkb: pyarrow writes it as the GEOMETRY (or, with edges, GEOGRAPHY) type."""

        def __init__(self, crs=None, edges=None):
            self.crs, self.edges = crs, edges
            super().__init__(_pa.binary(), "geoarrow.wkb")

        def __arrow_ext_serialize__(self):
            return json.dumps({k: v for k, v in {"crs": self.crs, "edges": self.edges}.items() if v}).encode()

        @classmethod
        def __arrow_ext_deserialize__(cls, storage_type, serialized):
            obj = json.loads(serialized) if serialized else {}
            return WkbType(obj.get("crs"), obj.get("edges"))

    try:
        _pa.register_extension_type(WkbType())
    except _pa.ArrowKeyError:
        pass
except ImportError:  # pragma: no cover
    pass

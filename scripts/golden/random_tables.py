"""Random nested Arrow tables and random per-leaf encodings for differential.py.

Everything is deterministic in the numpy Generator passed in.  Nested arrays are built
bottom-up from flat leaf arrays (flat_columns.column) with explicit offsets and validity
masks, so every level can be nullable or not, lists can be null or empty, and structs can
be null or hold only nulls.
"""
from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

import flat_columns as fc

# Leaf kinds used inside nested types (INT96 needs a file-wide flag; added by the caller).
NESTED_LEAF_KINDS = [k for k in fc.KINDS if k != "null"]
# Map keys: never null, and with a JSON-string or exact-integer text (no floats: NaN keys).
MAP_KEY_KINDS = ["string", "int32", "int64", "uint64", "int8", "date32", "bool", "binary", "uuid",
                 "decimal_9_2", "ts_us", "ts_ms_utc", "large_string", "fixed_binary"]

# --------------------------------------------------------------------------------------
# Random types: ("leaf", kind) | ("list", large, elem_nullable, T) | ("struct", [(name, nullable, T)])
#               | ("map", key_kind, value_nullable, T)
# --------------------------------------------------------------------------------------


def _nullable(flag: bool, spec) -> bool:
    """A null-typed leaf is always nullable."""
    return True if spec == ("leaf", "null") else flag


def random_spec(rng, depth: int = 0, max_depth: int = 3):
    r = rng.random()
    if depth >= max_depth or (depth > 0 and r < 0.35):
        if rng.random() < 0.03:
            return ("leaf", "null")
        return ("leaf", NESTED_LEAF_KINDS[int(rng.integers(0, len(NESTED_LEAF_KINDS)))])
    r = rng.random()
    if r < 0.4:
        large = bool(rng.random() < 0.25)
        child = random_spec(rng, depth + 1, max_depth)
        return ("list", large, _nullable(bool(rng.random() < 0.7), child), child)
    if r < 0.7:
        fields = []
        for j in range(int(rng.integers(1, 4))):
            child = random_spec(rng, depth + 1, max_depth)
            fields.append((f"f{j}", _nullable(bool(rng.random() < 0.7), child), child))
        return ("struct", fields)
    key = MAP_KEY_KINDS[int(rng.integers(0, len(MAP_KEY_KINDS)))]
    child = random_spec(rng, depth + 1, max_depth)
    return ("map", key, _nullable(bool(rng.random() < 0.7), child), child)


def arrow_type(spec) -> pa.DataType:
    kind = spec[0]
    if kind == "leaf":
        return fc.KINDS[spec[1]]
    if kind == "list":
        field = pa.field("element", arrow_type(spec[3]), nullable=spec[2])
        return pa.large_list(field) if spec[1] else pa.list_(field)
    if kind == "struct":
        return pa.struct([pa.field(name, arrow_type(t), nullable=nullable) for name, nullable, t in spec[1]])
    if kind == "map":
        return pa.map_(pa.field("key", fc.KINDS[spec[1]], nullable=False),
                       pa.field("value", arrow_type(spec[3]), nullable=spec[2]))
    raise AssertionError(kind)


def describe(spec) -> str:
    kind = spec[0]
    if kind == "leaf":
        return spec[1]
    if kind == "list":
        return f"{'large_list' if spec[1] else 'list'}<{describe(spec[3])}{'' if spec[2] else ' not null'}>"
    if kind == "struct":
        return "struct<" + ",".join(f"{n}:{describe(t)}{'' if nl else ' not null'}" for n, nl, t in spec[1]) + ">"
    return f"map<{spec[1]},{describe(spec[3])}{'' if spec[2] else ' not null'}>"


# --------------------------------------------------------------------------------------
# Random values, bottom-up
# --------------------------------------------------------------------------------------


def _null_mask(rng, n: int, nullable: bool, ratio: float) -> np.ndarray:
    if not nullable or ratio <= 0:
        return np.zeros(n, dtype=bool)
    return rng.random(n) < ratio


def _lengths(rng, n: int, mask: np.ndarray, empty_p: float, max_len: int) -> np.ndarray:
    lengths = rng.integers(1, max_len + 1, n)
    lengths[rng.random(n) < empty_p] = 0
    lengths[mask] = 0
    return lengths


def random_array(spec, rng, n: int, nullable: bool, null_ratio: float) -> pa.Array:
    """n random values of `spec`; nulls only when `nullable` (at this level)."""
    kind = spec[0]
    if kind == "leaf":
        if spec[1] == "null":
            return pa.nulls(n)
        return fc.column(spec[1], rng, n, null_ratio if nullable else 0.0)
    # Per level: sometimes no nulls, sometimes all nulls, else the case's ratio.
    r = rng.random()
    level_ratio = 0.0 if r < 0.15 else 1.0 if r < 0.2 else null_ratio
    mask = _null_mask(rng, n, nullable, level_ratio)
    mask_arr = pa.array(mask, pa.bool_()) if mask.any() else None
    if kind == "struct":
        children = [random_array(t, rng, n, nl, null_ratio) for _, nl, t in spec[1]]
        fields = [pa.field(name, arrow_type(t), nullable=nl) for name, nl, t in spec[1]]
        return pa.StructArray.from_arrays(children, fields=fields, mask=mask_arr)
    empty_p = float(rng.choice([0.0, 0.15, 0.5]))
    lengths = _lengths(rng, n, mask, empty_p, int(rng.choice([1, 3, 5])))
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    total = int(offsets[-1])
    if kind == "list":
        values = random_array(spec[3], rng, total, spec[2], null_ratio)
        t = arrow_type(spec)
        if spec[1]:
            return pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), values, type=t, mask=mask_arr)
        return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=t, mask=mask_arr)
    if kind == "map":
        keys = fc.column(spec[1], rng, total, 0.0)
        items = random_array(spec[3], rng, total, spec[2], null_ratio)
        return pa.MapArray.from_arrays(pa.array(offsets, pa.int32()), keys, items, type=arrow_type(spec),
                                       mask=mask_arr)
    raise AssertionError(kind)


def nested_table(rng, n: int, null_ratio: float, columns: int):
    """(table, description) with `columns` random nested (or, rarely, flat) columns."""
    fields, arrays, descs = [], [], []
    for j in range(columns):
        spec = random_spec(rng)
        nullable = bool(rng.random() < 0.75)
        arrays.append(random_array(spec, rng, n, nullable, null_ratio))
        fields.append(pa.field(f"c{j}", arrow_type(spec), nullable=nullable))
        descs.append(f"c{j}:{describe(spec)}{'' if nullable else ' not null'}")
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields)), " ".join(descs)


# --------------------------------------------------------------------------------------
# Per-leaf encodings valid for the physical type (as pyarrow's writer accepts them)
# --------------------------------------------------------------------------------------

ENCODINGS_BY_PHYSICAL = {
    "BOOLEAN": ["PLAIN", "RLE"],
    "INT32": ["PLAIN", "DELTA_BINARY_PACKED", "BYTE_STREAM_SPLIT"],
    "INT64": ["PLAIN", "DELTA_BINARY_PACKED", "BYTE_STREAM_SPLIT"],
    "INT96": ["PLAIN"],
    "FLOAT": ["PLAIN", "BYTE_STREAM_SPLIT"],
    "DOUBLE": ["PLAIN", "BYTE_STREAM_SPLIT"],
    "BYTE_ARRAY": ["PLAIN", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY"],
    "FIXED_LEN_BYTE_ARRAY": ["PLAIN", "DELTA_BYTE_ARRAY", "BYTE_STREAM_SPLIT"],
}


def leaf_columns(table: pa.Table, **write_opts) -> list:
    """(dotted path, physical type) of every Parquet leaf `table` is written as."""
    buf = io.BytesIO()
    pq.write_table(table.slice(0, 0), buf, **write_opts)
    buf.seek(0)
    ps = pq.ParquetFile(buf).schema
    return [(ps.column(i).path, ps.column(i).physical_type) for i in range(len(ps))]


def random_encodings(rng, table: pa.Table, non_plain_p: float = 0.8, **write_opts) -> dict:
    """column_encoding for pq.write_table: a random valid encoding per leaf (mostly not PLAIN)."""
    enc = {}
    for path, phys in leaf_columns(table, **write_opts):
        choices = ENCODINGS_BY_PHYSICAL[phys]
        if len(choices) > 1 and rng.random() < non_plain_p:
            enc[path] = choices[1 + int(rng.integers(0, len(choices) - 1))]
        else:
            enc[path] = "PLAIN"
    return enc

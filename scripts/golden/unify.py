"""Schema unification of several batch files (shared/contracts/values.md) on Arrow types.

    unified_schema([schema, ...], paths) -> pa.Schema      raises UnifyError
    unified_tables([path, ...]) -> [pa.Table]              each batch cast to the unified schema

The rules, as values.md states them and as docs/values.md / UnifiedSchema.swift spell out the
choices it leaves open:
- columns matched by name, the first file's order; a missing or extra column is an error;
- same type kept; the Null type takes the other type; nullable if nullable anywhere;
- integers: all signed -> widest; all unsigned -> widest unsigned; signed + unsigned ->
  signed of max(signed width, 2 x unsigned width) up to 64 (UINT64 + signed is an error);
- integer + float, float + double -> float64;
- timestamps: finest unit; tz-naive (not adjusted) mixed with tz-aware (adjusted) is an error;
- decimal(p1,s1) + decimal(p2,s2) -> decimal(max(p1-s1, p2-s2) + max(s1,s2), max(s1,s2)),
  an error above 38 digits;
- list / map / struct unified element by element and field by field (same field names);
- anything else is an error naming the column.
Values are cast with pyarrow (int -> double rounds to nearest, like Swift's Double(_:)).
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq


class UnifyError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(f"column '{column}': {message}")
        self.column = column


def _is_list(t) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t)


def _int_parts(t):
    return t.bit_width, pa.types.is_signed_integer(t)


def _int_type(width: int, signed: bool):
    return {(8, True): pa.int8(), (16, True): pa.int16(), (32, True): pa.int32(), (64, True): pa.int64(),
            (8, False): pa.uint8(), (16, False): pa.uint16(), (32, False): pa.uint32(),
            (64, False): pa.uint64()}[(width, signed)]


def unify_type(a: pa.DataType, b: pa.DataType, column: str) -> pa.DataType:
    if a == b:
        return a
    if pa.types.is_null(a):
        return b
    if pa.types.is_null(b):
        return a
    # Arrow's string/large_string (and binary/large_binary) are the same Parquet type.
    stringy = lambda t: pa.types.is_string(t) or pa.types.is_large_string(t)  # noqa: E731
    binary = lambda t: pa.types.is_binary(t) or pa.types.is_large_binary(t)  # noqa: E731
    if stringy(a) and stringy(b):
        return pa.string()
    if binary(a) and binary(b):
        return pa.binary()
    if pa.types.is_integer(a) and pa.types.is_integer(b):
        (wa, sa), (wb, sb) = _int_parts(a), _int_parts(b)
        if sa == sb:
            return _int_type(max(wa, wb), sa)
        sw, uw = (wa, wb) if sa else (wb, wa)
        if uw >= 64:
            raise UnifyError(column, f"cannot unify {a} with {b}: UINT64 mixed with signed")
        return _int_type(min(64, max(sw, 2 * uw)), True)
    numeric = lambda t: pa.types.is_integer(t) or pa.types.is_floating(t)  # noqa: E731
    if numeric(a) and numeric(b) and (pa.types.is_floating(a) or pa.types.is_floating(b)) \
            and not (pa.types.is_float16(a) or pa.types.is_float16(b)):
        return pa.float64()
    if pa.types.is_timestamp(a) and pa.types.is_timestamp(b):
        if (a.tz is None) != (b.tz is None):
            raise UnifyError(column, f"cannot unify {a} with {b}: adjusted and local timestamps")
        rank = {"ms": 0, "us": 1, "ns": 2}
        if "s" in (a.unit, b.unit):
            raise UnifyError(column, "second timestamps are not Parquet timestamps")
        return pa.timestamp(a.unit if rank[a.unit] >= rank[b.unit] else b.unit, tz=a.tz)
    if pa.types.is_decimal(a) and pa.types.is_decimal(b):
        scale = max(a.scale, b.scale)
        precision = max(a.precision - a.scale, b.precision - b.scale) + scale
        if precision > 38:
            raise UnifyError(column, f"cannot unify {a} with {b}: precision {precision} exceeds 38")
        return pa.decimal128(precision, scale)
    if _is_list(a) and _is_list(b):
        fa, fb = a.value_field, b.value_field
        value = pa.field(fa.name, unify_type(fa.type, fb.type, column + ".element"),
                         nullable=fa.nullable or fb.nullable)
        return pa.large_list(value) if pa.types.is_large_list(a) else pa.list_(value)
    if pa.types.is_map(a) and pa.types.is_map(b):
        key = unify_type(a.key_type, b.key_type, column + ".key")
        item = pa.field(a.item_field.name, unify_type(a.item_type, b.item_type, column + ".value"),
                        nullable=a.item_field.nullable or b.item_field.nullable)
        return pa.map_(pa.field(a.key_field.name, key, nullable=False), item)
    if pa.types.is_struct(a) and pa.types.is_struct(b):
        return pa.struct(unify_fields(list(a), list(b), column + "."))
    raise UnifyError(column, f"cannot unify {a} with {b}")


def unify_fields(fa: list, fb: list, prefix: str = "") -> list:
    names_a, names_b = [f.name for f in fa], [f.name for f in fb]
    for n in names_a:
        if n not in names_b:
            raise UnifyError(prefix + n, "missing")
    for n in names_b:
        if n not in names_a:
            raise UnifyError(prefix + n, "extra")
    by_name = {f.name: f for f in fb}
    out = []
    for f in fa:
        g = by_name[f.name]
        t = unify_type(f.type, g.type, prefix + f.name)
        nullable = f.nullable or g.nullable or pa.types.is_null(f.type) or pa.types.is_null(g.type)
        out.append(pa.field(f.name, t, nullable=nullable))
    return out


def unified_schema(schemas: list) -> pa.Schema:
    fields = list(schemas[0].remove_metadata())
    for s in schemas[1:]:
        fields = unify_fields(fields, list(s.remove_metadata()))
    return pa.schema(fields)


def unified_tables(paths: list) -> list:
    """Every file read with pyarrow and cast to the unified schema (names in the first file's order)."""
    tables = [pq.read_table(p) for p in paths]
    schema = unified_schema([t.schema for t in tables])
    out = []
    for t in tables:
        cols = [t.column(f.name).cast(f.type, safe=False) for f in schema]
        out.append(pa.Table.from_arrays(cols, schema=schema))
    return out

#!/usr/bin/env python3
"""Reference JSONL renderer: the value contract (shared/contracts/values.md) in code.

    render_jsonl(parquet_path) -> bytes
    render_csv(parquet_path) -> bytes

Values are read with pyarrow; HOW each leaf is written is decided by the Parquet
schema (physical type + logical type / converted type), never by the Arrow type
pyarrow happened to restore.  Usage as a tool:

    python3 scripts/golden/render.py FILE.parquet [-o OUT] [--csv]
"""
from __future__ import annotations

import base64
import decimal
import json
import math
import os
import sys
from typing import Callable, Optional

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import geometry  # noqa: E402
import int96_raw  # noqa: E402
import variant  # noqa: E402

# How GEOMETRY / GEOGRAPHY values are rendered: "wkt" (default), "geojson" or "wkb".
GEOMETRY_ENCODING = "wkt"

UNIT_PER_SECOND = {"ms": 1000, "us": 1_000_000, "ns": 1_000_000_000}
UNIT_DIGITS = {"ms": 3, "us": 6, "ns": 9}
JSON_UNIT = {"milliseconds": "ms", "microseconds": "us", "nanoseconds": "ns"}

# --------------------------------------------------------------------------------------
# Scalar text
# --------------------------------------------------------------------------------------


def json_string(s: str) -> str:
    """JSON string literal: UTF-8 kept raw, `"` `\\` and C0 controls escaped
    (short forms \\b \\f \\n \\r \\t, otherwise lower-case \\u00XX)."""
    return json.dumps(s, ensure_ascii=False)


def layout_float(digits: str, exp: int, negative: bool) -> str:
    """Lay out shortest digits d.ddd x 10^exp the way Python's repr(float) does."""
    sign = "-" if negative else ""
    digits = digits.rstrip("0") or "0"
    if digits == "0":
        return sign + "0.0"
    if -4 <= exp < 16:
        if exp >= 0:
            int_part = digits[: exp + 1].ljust(exp + 1, "0")
            frac = digits[exp + 1:] or "0"
            return f"{sign}{int_part}.{frac}"
        return f"{sign}0.{'0' * (-exp - 1)}{digits}"
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def float_text(x, width: int) -> str:
    """Shortest round-trip text of x at `width` bits (16, 32 or 64); NaN/Inf -> null."""
    xf = float(x)
    if math.isnan(xf) or math.isinf(xf):
        return "null"
    if width == 64:
        return repr(xf)
    v = np.float32(x) if width == 32 else np.float16(x)
    sci = np.format_float_scientific(v, unique=True, trim="k")
    mant, e = sci.split("e")
    negative = mant.startswith("-")
    mant = mant.lstrip("+-")
    return layout_float(mant.replace(".", ""), int(e), negative)


def year_text(y: int) -> str:
    return f"-{-y:04d}" if y < 0 else f"{y:04d}"


def civil_from_days(z: int) -> tuple[int, int, int]:
    """Proleptic Gregorian (year, month, day) of days since 1970-01-01 (exact ints)."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    if m <= 2:
        y += 1
    return y, m, d


def date_text(days: int) -> str:
    y, m, d = civil_from_days(days)
    return f"{year_text(y)}-{m:02d}-{d:02d}"


def timestamp_text(v: int, unit: str, utc: bool) -> str:
    secs, frac = divmod(v, UNIT_PER_SECOND[unit])
    days, sod = divmod(secs, 86400)
    hh, rem = divmod(sod, 3600)
    mm, ss = divmod(rem, 60)
    w = UNIT_DIGITS[unit]
    return f"{date_text(days)}T{hh:02d}:{mm:02d}:{ss:02d}.{frac:0{w}d}{'Z' if utc else ''}"


def time_text(v: int, unit: str) -> str:
    secs, frac = divmod(v, UNIT_PER_SECOND[unit])
    hh, rem = divmod(secs, 3600)
    mm, ss = divmod(rem, 60)
    w = UNIT_DIGITS[unit]
    return f"{hh:02d}:{mm:02d}:{ss:02d}.{frac:0{w}d}"


def decimal_text(unscaled: int, scale: int) -> str:
    if scale <= 0:
        return str(unscaled * 10 ** (-scale)) if scale < 0 else str(unscaled)
    sign = "-" if unscaled < 0 else ""
    digits = str(abs(unscaled)).rjust(scale + 1, "0")
    return f"{sign}{digits[:-scale]}.{digits[-scale:]}"


def int96_text(instant: tuple) -> str:
    """INT96 text of int96_raw.spark_instant's ("ns" | "us", value): nine fraction digits."""
    unit, v = instant
    return timestamp_text(v, "ns", False) if unit == "ns" else timestamp_text(v, "us", False) + "000"


def int96_instant_from_nanos(ns: int) -> tuple:
    """The instant of an exact nanosecond count (a day's nanoseconds in 0..86400e9)."""
    if -(1 << 63) <= ns < (1 << 63):
        return ("ns", ns)
    return ("us", int96_raw.wrap64(ns // 1000))


def uuid_text(b: bytes) -> str:
    h = b.hex()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# --------------------------------------------------------------------------------------
# Arrow value extraction
# --------------------------------------------------------------------------------------


def plain(arr: pa.Array) -> pa.Array:
    """Strip dictionary / extension wrappers."""
    while True:
        if pa.types.is_dictionary(arr.type):
            arr = arr.dictionary_decode()
        elif isinstance(arr.type, pa.ExtensionType) or isinstance(arr, pa.ExtensionArray):
            arr = arr.storage
        else:
            return arr


def as_bytes_list(arr: pa.Array) -> list:
    arr = plain(arr)
    t = arr.type
    if pa.types.is_string(t):
        arr = arr.cast(pa.binary())
    elif pa.types.is_large_string(t):
        arr = arr.cast(pa.large_binary())
    elif pa.types.is_string_view(t):
        arr = arr.cast(pa.binary_view())
    return arr.to_pylist()


def as_int_list(arr: pa.Array, target: Optional[pa.DataType] = None) -> list:
    arr = plain(arr)
    if target is not None and arr.type != target:
        arr = arr.cast(target)
    if not pa.types.is_integer(arr.type):
        arr = arr.cast(pa.int32() if arr.type.bit_width == 32 else pa.int64())
    return arr.to_pylist()


def int96_nanos_list(arr: pa.Array) -> list:
    """INT96 values as exact nanosecond ints.  pyarrow restores the unit of the stored Arrow
    schema (an INT96 written from timestamp[ms] reads back as ms), so scale with Python ints
    (no int64 overflow)."""
    a = plain(arr)
    if pa.types.is_timestamp(a.type) and a.type.unit != "ns":
        factor = {"s": 10 ** 9, "ms": 10 ** 6, "us": 10 ** 3}[a.type.unit]
        return [None if v is None else v * factor for v in a.cast(pa.int64()).to_pylist()]
    return as_int_list(a)


def nulls_mask(arr: pa.Array) -> list:
    return arr.is_null().to_pylist()


# --------------------------------------------------------------------------------------
# Leaf renderers, chosen from the Parquet column descriptor
# --------------------------------------------------------------------------------------

LeafFn = Callable[[pa.Array], list]


def _map_values(arr: pa.Array, vals: list, fn) -> list:
    return ["null" if v is None else fn(v) for v in vals]


def leaf_renderer(col) -> LeafFn:
    phys = col.physical_type
    lt_json = json.loads(col.logical_type.to_json()) if col.logical_type is not None else {}
    lt = (lt_json.get("Type") or "None").upper()
    ct = col.converted_type or "NONE"

    if lt in ("NULL", "UNKNOWN"):
        return lambda arr: ["null"] * len(arr)

    if phys == "BOOLEAN":
        return lambda arr: _map_values(arr, plain(arr).to_pylist(), lambda v: "true" if v else "false")

    if lt == "DECIMAL" or ct == "DECIMAL":
        scale = int(lt_json.get("scale", col.scale if col.scale is not None else 0))

        def dec(arr):
            out = []
            ctx = decimal.Context(prec=200)
            for v in plain(arr).to_pylist():
                if v is None:
                    out.append("null")
                    continue
                if isinstance(v, decimal.Decimal):
                    unscaled = int(ctx.scaleb(v, scale))
                elif isinstance(v, (bytes, bytearray)):
                    unscaled = int.from_bytes(v, "big", signed=True) if v else 0
                else:
                    unscaled = int(v)
                out.append(decimal_text(unscaled, scale))
            return out
        return dec

    if phys == "INT96":
        # Overridden with exact raw values for top-level columns (see render_jsonl).
        return lambda arr: _map_values(arr, int96_nanos_list(arr), lambda v: '"' + int96_text(int96_instant_from_nanos(v)) + '"')

    if lt == "DATE" or ct == "DATE":
        def date(arr):
            a = plain(arr)
            if pa.types.is_date64(a.type):
                vals = [None if v is None else v // 86_400_000 for v in a.cast(pa.int64()).to_pylist()]
            else:
                vals = as_int_list(a, pa.int32() if pa.types.is_date32(a.type) else None)
            return _map_values(arr, vals, lambda v: '"' + date_text(v) + '"')
        return date

    if lt == "TIMESTAMP" or ct in ("TIMESTAMP_MILLIS", "TIMESTAMP_MICROS"):
        if lt == "TIMESTAMP":
            unit = JSON_UNIT[lt_json["timeUnit"]]
            utc = bool(lt_json.get("isAdjustedToUTC"))
        else:
            unit = "ms" if ct == "TIMESTAMP_MILLIS" else "us"
            utc = True

        def ts(arr):
            a = plain(arr)
            if pa.types.is_timestamp(a.type):
                a = a.cast(pa.timestamp(unit, tz=a.type.tz))
            return _map_values(arr, as_int_list(a), lambda v: '"' + timestamp_text(v, unit, utc) + '"')
        return ts

    if lt == "TIME" or ct in ("TIME_MILLIS", "TIME_MICROS"):
        unit = JSON_UNIT[lt_json["timeUnit"]] if lt == "TIME" else ("ms" if ct == "TIME_MILLIS" else "us")

        def tm(arr):
            a = plain(arr)
            if pa.types.is_time(a.type):
                a = a.cast(pa.time32("ms") if unit == "ms" else pa.time64(unit))
            return _map_values(arr, as_int_list(a), lambda v: '"' + time_text(v, unit) + '"')
        return tm

    if phys in ("INT32", "INT64"):
        bits = 32 if phys == "INT32" else 64
        unsigned = (lt == "INT" and lt_json.get("isSigned") is False) or ct.startswith("UINT")

        def ints(arr):
            vals = as_int_list(arr)
            if unsigned:
                vals = [v + (1 << bits) if v is not None and v < 0 else v for v in vals]
            return _map_values(arr, vals, str)
        return ints

    if phys == "FLOAT":
        return lambda arr: _map_values(arr, plain(arr).to_pylist(), lambda v: float_text(v, 32))
    if phys == "DOUBLE":
        return lambda arr: _map_values(arr, plain(arr).to_pylist(), lambda v: float_text(v, 64))

    if lt == "FLOAT16":
        def f16(arr):
            a = plain(arr)
            if pa.types.is_fixed_size_binary(a.type):
                vals = [None if b is None else np.frombuffer(b, "<f2")[0] for b in a.to_pylist()]
            else:
                vals = a.to_pylist()
            return _map_values(arr, vals, lambda v: float_text(v, 16))
        return f16

    if lt in ("STRING", "ENUM", "JSON") or ct in ("UTF8", "ENUM", "JSON"):
        return lambda arr: _map_values(
            arr, as_bytes_list(arr), lambda b: json_string(bytes(b).decode("utf-8", "replace")))

    if lt in ("GEOMETRY", "GEOGRAPHY") and phys == "BYTE_ARRAY":
        def geo(arr):
            enc = GEOMETRY_ENCODING
            if enc == "wkb":
                return _map_values(arr, as_bytes_list(arr), lambda b: '"' + base64.b64encode(bytes(b)).decode("ascii") + '"')
            if enc == "geojson":
                return _map_values(arr, as_bytes_list(arr), lambda b: geometry.wkb_to_geojson(bytes(b)))
            return _map_values(arr, as_bytes_list(arr), lambda b: json_string(geometry.wkb_to_wkt(bytes(b))))
        return geo

    if lt == "UUID":
        return lambda arr: _map_values(arr, as_bytes_list(arr), lambda b: '"' + uuid_text(bytes(b)) + '"')

    if phys in ("BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"):
        # Un-annotated binary (also BSON, INTERVAL, GEOMETRY, GEOGRAPHY): base64.
        return lambda arr: _map_values(
            arr, as_bytes_list(arr), lambda b: '"' + base64.b64encode(bytes(b)).decode("ascii") + '"')

    raise NotImplementedError(f"no rendering rule for {col.path}: {phys} {lt} {ct}")


# --------------------------------------------------------------------------------------
# Nested structure: a plan built from the Arrow type, leaves taken in Parquet order
# --------------------------------------------------------------------------------------


def build_plan(t: pa.DataType, leaves: list, pos: list, variants: Optional[dict] = None):
    while isinstance(t, pa.ExtensionType):
        if not pa.types.is_nested(t.storage_type):
            break
        t = t.storage_type
    if pa.types.is_struct(t) and variants and pos[0] in variants \
            and "metadata" in [t.field(i).name for i in range(t.num_fields)]:
        count, node = variants[pos[0]]
        pos[0] += count
        return ("variant", node)
    if pa.types.is_struct(t):
        return ("struct", [t.field(i).name for i in range(t.num_fields)],
                [build_plan(t.field(i).type, leaves, pos, variants) for i in range(t.num_fields)])
    if pa.types.is_map(t):
        k = build_plan(t.key_type, leaves, pos, variants)
        v = build_plan(t.item_type, leaves, pos, variants)
        return ("map", k, v)
    if (pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)
            or pa.types.is_list_view(t) or pa.types.is_large_list_view(t)):
        return ("list", build_plan(t.value_type, leaves, pos, variants))
    i = pos[0]
    if i >= len(leaves):
        raise ValueError("Arrow schema has more leaves than the Parquet schema")
    pos[0] += 1
    return ("leaf", leaf_renderer(leaves[i]), i, leaves[i].physical_type == "INT96")


def int96_unwrapped(ns_arr: pa.Array, ms_arr: pa.Array) -> list:
    """Exact INT96 nanoseconds from pyarrow's nanosecond reading (wrapped modulo 2^64 outside
    int64) and its millisecond reading (exact to the millisecond)."""
    out = []
    for ns, ms in zip(int96_nanos_list(ns_arr), int96_nanos_list(ms_arr)):
        if ns is None or ms is None:
            out.append(None)
            continue
        k = round((ms - ns) / (1 << 64))
        out.append(ns + k * (1 << 64))
    return out


def render_array(plan, arr: pa.Array, ms: Optional[pa.Array] = None) -> list:
    """Texts of `arr`; `ms`, when given, is the same data read with INT96 as milliseconds
    (see int96_unwrapped) and is walked in step with `arr`."""
    kind = plan[0]
    if kind == "leaf":
        if ms is not None and plan[3]:
            return _map_values(arr, int96_unwrapped(arr, ms), lambda v: '"' + int96_text(int96_instant_from_nanos(v)) + '"')
        return plan[1](arr)
    while isinstance(arr, pa.ExtensionArray):
        arr = arr.storage
    while isinstance(ms, pa.ExtensionArray):
        ms = ms.storage
    if kind == "variant":
        return ["null" if v is None else variant.to_json(v) for v in variant.variant_column(arr, plan[1])]
    nulls = nulls_mask(arr)
    if kind == "struct":
        names = [json_string(n) + ":" for n in plan[1]]
        ms_kids = ms.flatten() if ms is not None else [None] * len(plan[2])
        kids = [render_array(p, c, m) for p, c, m in zip(plan[2], arr.flatten(), ms_kids)]
        out = []
        for i, isnull in enumerate(nulls):
            if isnull:
                out.append("null")
            else:
                out.append("{" + ",".join(n + k[i] for n, k in zip(names, kids)) + "}")
        return out
    if kind == "list":
        if not (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
            arr = arr.cast(pa.large_list(arr.type.value_type))
            ms = None if ms is None else ms.cast(pa.large_list(ms.type.value_type))
        offsets = arr.offsets.to_pylist()
        vals = render_array(plan[1], arr.values, None if ms is None else ms.values)
        return ["null" if isnull else "[" + ",".join(vals[offsets[i]:offsets[i + 1]]) + "]"
                for i, isnull in enumerate(nulls)]
    if kind == "map":
        offsets = arr.offsets.to_pylist()
        entries = arr.values
        keys_arr, items_arr = entries.flatten()
        ms_keys, ms_items = ms.values.flatten() if ms is not None else (None, None)
        keys = [k if k.startswith('"') else '"' + k + '"' for k in render_array(plan[1], keys_arr, ms_keys)]
        items = render_array(plan[2], items_arr, ms_items)
        out = []
        for i, isnull in enumerate(nulls):
            if isnull:
                out.append("null")
            else:
                a, b = offsets[i], offsets[i + 1]
                out.append("{" + ",".join(keys[j] + ":" + items[j] for j in range(a, b)) + "}")
        return out
    raise AssertionError(kind)


def render_column(plan, col: pa.ChunkedArray, ms_col: Optional[pa.ChunkedArray] = None) -> list:
    if ms_col is None:
        return [t for chunk in col.chunks for t in render_array(plan, chunk)]
    return render_array(plan, col.combine_chunks(), ms_col.combine_chunks())


def column_texts(parquet_path, table: Optional[pa.Table] = None) -> tuple:
    """(top-level names, per-column lists of compact JSON texts, row count, leaf flags).

    Each text is the JSON value of one top-level field of one row (`null` for a null).
    `table` (optional) supplies the values instead of reading them back with pyarrow: the
    table the file was written from, for files pyarrow writes but cannot read back."""
    pf = pq.ParquetFile(parquet_path)
    pschema = pf.schema
    leaves = [pschema.column(i) for i in range(len(pschema))]
    ms_table = None
    if table is None:
        table = pf.read(use_threads=True)
        if any(c.physical_type == "INT96" and (c.max_repetition_level > 0 or "." in c.path) for c in leaves):
            # Nested INT96: pyarrow's nanoseconds wrap outside int64; unwrap with a ms reading.
            ms_table = pq.ParquetFile(parquet_path, coerce_int96_timestamp_unit="ms").read(use_threads=True)
    pos = [0]
    variants = variant.variant_groups(parquet_path)
    plans = [build_plan(f.type, leaves, pos, variants) for f in table.schema]
    if pos[0] != len(leaves):
        raise ValueError(f"Arrow schema has {pos[0]} leaves, Parquet schema {len(leaves)}")
    n = table.num_rows
    cols = []
    for ci, plan in enumerate(plans):
        texts = None
        if plan[0] == "leaf" and leaves[plan[2]].physical_type == "INT96" \
                and leaves[plan[2]].max_repetition_level == 0 and len(leaves[plan[2]].path.split(".")) == 1:
            texts = int96_column_texts(parquet_path, pf, plan[2], table.column(ci))
        if texts is None:
            texts = render_column(plan, table.column(ci), None if ms_table is None else ms_table.column(ci))
        if len(texts) != n:
            raise ValueError(f"column {ci} rendered {len(texts)} values for {n} rows")
        cols.append(texts)
    return [f.name for f in table.schema], cols, n, [plan[0] == "leaf" for plan in plans]


def render_jsonl(parquet_path, table: Optional[pa.Table] = None) -> bytes:
    """Render every row of a Parquet file as JSONL per shared/contracts/values.md
    (`table`: see column_texts)."""
    names, cols, n, _ = column_texts(parquet_path, table)
    keys = [json_string(name) + ":" for name in names]
    lines = []
    for r in range(n):
        lines.append("{" + ",".join(k + c[r] for k, c in zip(keys, cols)) + "}\n")
    return "".join(lines).encode("utf-8")


# --------------------------------------------------------------------------------------
# CSV (values.md: RFC 4180, header of top-level names, null = empty unquoted field)
# --------------------------------------------------------------------------------------


def csv_field(text: str) -> str:
    """One RFC 4180 field: quoted when `text` holds , " CR or LF or is empty; `"` doubled."""
    if text == "" or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_value(json_text: str, is_leaf: bool):
    """The bare CSV text of one top-level value given its JSON text, or None for a null.

    Scalars lose their JSON quoting (a JSON string literal becomes its decoded text; every
    other scalar - numbers, booleans, and the quoted dates, base64, UUIDs - is the same text
    without quotes); nested values keep their compact JSON text."""
    if json_text == "null":
        return None
    if is_leaf and json_text.startswith('"'):
        return json.loads(json_text)
    return json_text


def csv_values(parquet_path, table: Optional[pa.Table] = None) -> tuple:
    """(header names, rows) where each row is a list of bare field texts, None for null."""
    names, cols, n, leaf = column_texts(parquet_path, table)
    rows = [[csv_value(c[r], lf) for c, lf in zip(cols, leaf)] for r in range(n)]
    return names, rows


def csv_header(names) -> bytes:
    return (",".join(csv_field(name) for name in names) + "\n").encode("utf-8")


def csv_rows(rows) -> bytes:
    return "".join(",".join("" if v is None else csv_field(v) for v in row) + "\n"
                   for row in rows).encode("utf-8")


def render_csv(parquet_path, header: bool = True, table: Optional[pa.Table] = None) -> bytes:
    """Render a Parquet file as CSV per shared/contracts/values.md (header row unless
    `header` is False, so that several batches can be concatenated under one header)."""
    names, rows = csv_values(parquet_path, table)
    return (csv_header(names) if header else b"") + csv_rows(rows)


def int96_column_texts(path, pf, leaf_index: int, col: pa.ChunkedArray) -> list:
    """Exact INT96 text from the raw 12-byte values; cross-checked against pyarrow."""
    raw = int96_raw.read_int96_column(path, leaf_index)
    via_arrow = int96_nanos_list(pa.concat_arrays([plain(c) for c in col.chunks]) if col.num_chunks
                                 else pa.array([], pa.int64()))
    if len(raw) != len(via_arrow):
        raise ValueError(f"INT96 raw reader found {len(raw)} values, pyarrow {len(via_arrow)}")
    for a, b in zip(raw, via_arrow):
        if (a is None) != (b is None):
            raise ValueError("INT96 raw reader disagrees with pyarrow on nulls")
        if a is not None and a[0] == "ns" and a[1] != b:
            raise ValueError(f"INT96 raw reader value {a} != pyarrow {b}")
    return ["null" if v is None else '"' + int96_text(v) + '"' for v in raw]


def main(argv=None) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parquet")
    ap.add_argument("-o", "--output", help="output file (default stdout)")
    ap.add_argument("--csv", action="store_true", help="render CSV instead of JSONL")
    args = ap.parse_args(argv)
    data = render_csv(args.parquet) if args.csv else render_jsonl(args.parquet)
    if args.output:
        with open(args.output, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())

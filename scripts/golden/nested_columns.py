"""Deterministic nested Arrow tables (lists, maps, structs) and non-default encodings."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

import flat_columns as fc


def _maybe_list(rng, make, null_p=0.15, empty_p=0.15, max_len=5):
    r = rng.random()
    if r < null_p:
        return None
    if r < null_p + empty_p:
        return []
    return [make() for _ in range(int(rng.integers(1, max_len + 1)))]


def _or_null(rng, v, p=0.2):
    return None if rng.random() < p else v


def _int(rng, lo=-1000, hi=1000):
    return int(rng.integers(lo, hi))


def lists_table(rng, n: int) -> pa.Table:
    s = lambda: fc._rand_string(rng, 8)  # noqa: E731
    ints = [_maybe_list(rng, lambda: _or_null(rng, _int(rng, -(1 << 40), 1 << 40))) for _ in range(n)]
    strs = [_maybe_list(rng, lambda: _or_null(rng, s())) for _ in range(n)]
    lol = [_maybe_list(rng, lambda: _maybe_list(rng, lambda: _or_null(rng, _int(rng)), 0.2, 0.2, 3), 0.1, 0.1, 3)
           for _ in range(n)]

    def st():
        r = rng.random()
        if r < 0.15:
            return None                       # null struct element
        if r < 0.3:
            return {"a": None, "b": None}     # struct of nulls
        return {"a": _or_null(rng, _int(rng)), "b": _or_null(rng, s())}
    los = [_maybe_list(rng, st) for _ in range(n)]
    req = [[_int(rng) for _ in range(int(rng.integers(0, 4)))] for _ in range(n)]
    dates = [_maybe_list(rng, lambda: _or_null(rng, _int(rng, -30000, 30000))) for _ in range(n)]
    decs = [_maybe_list(rng, lambda: _or_null(rng, fc.dec(_int(rng, -99999, 99999), 2))) for _ in range(n)]
    t_struct = pa.struct([("a", pa.int32()), ("b", pa.string())])
    return pa.table({
        "ints": pa.array(ints, pa.list_(pa.int64())),
        "strs": pa.array(strs, pa.list_(pa.string())),
        "list_of_lists": pa.array(lol, pa.list_(pa.list_(pa.int32()))),
        "list_of_structs": pa.array(los, pa.list_(t_struct)),
        "required_elems": pa.array(req, pa.list_(pa.field("element", pa.int32(), nullable=False))),
        "dates": pa.array([None if x is None else [None if d is None else d for d in x] for x in dates],
                          pa.list_(pa.int32())).cast(pa.list_(pa.date32())),
        "decimals": pa.array(decs, pa.list_(pa.decimal128(7, 2))),
    })


def _keys(rng, make, k):
    out = []
    for _ in range(k * 3):
        if len(out) == k:
            break
        v = make()
        if v not in out:
            out.append(v)
    return out


def _maybe_map(rng, make_key, make_val, null_p=0.15, empty_p=0.15, max_len=4):
    r = rng.random()
    if r < null_p:
        return None
    if r < null_p + empty_p:
        return []
    ks = _keys(rng, make_key, int(rng.integers(1, max_len + 1)))
    return [(k, make_val()) for k in ks]


def maps_table(rng, n: int) -> pa.Table:
    s = lambda: fc._rand_string(rng, 6)  # noqa: E731
    m_si = [_maybe_map(rng, s, lambda: _or_null(rng, _int(rng))) for _ in range(n)]
    m_is = [_maybe_map(rng, lambda: _int(rng, -50, 50), lambda: _or_null(rng, s())) for _ in range(n)]
    m_sl = [_maybe_map(rng, s, lambda: _maybe_list(rng, lambda: _or_null(rng, _int(rng)), 0.2, 0.2, 3))
            for _ in range(n)]
    m_dd = [_maybe_map(rng, lambda: _int(rng, -20000, 20000), lambda: _or_null(rng, float(rng.standard_normal())))
            for _ in range(n)]
    m_ub = [_maybe_map(rng, lambda: int.from_bytes(rng.bytes(8), "little"), lambda: _or_null(rng, bool(rng.random() < .5)))
            for _ in range(n)]
    lom = [_maybe_list(rng, lambda: _maybe_map(rng, s, lambda: _or_null(rng, _int(rng)), 0.2, 0.2, 2), 0.1, 0.1, 3)
           for _ in range(n)]
    return pa.table({
        "str_to_int": pa.array(m_si, pa.map_(pa.string(), pa.int64())),
        "int_to_str": pa.array(m_is, pa.map_(pa.int32(), pa.string())),
        "map_of_lists": pa.array(m_sl, pa.map_(pa.string(), pa.list_(pa.int64()))),
        "date_to_double": pa.array(m_dd, pa.map_(pa.int32(), pa.float64())).cast(pa.map_(pa.date32(), pa.float64())),
        "uint64_to_bool": pa.array(m_ub, pa.map_(pa.uint64(), pa.bool_())),
        "list_of_maps": pa.array(lom, pa.list_(pa.map_(pa.string(), pa.int32()))),
    })


def structs_table(rng, n: int) -> pa.Table:
    s = lambda: fc._rand_string(rng, 8)  # noqa: E731
    inner_t = pa.struct([("d", pa.float64()), ("e", pa.list_(pa.int32()))])
    st_t = pa.struct([("a", pa.int32()), ("b", pa.string()), ("c", inner_t)])

    def st():
        r = rng.random()
        if r < 0.15:
            return None
        if r < 0.3:
            return {"a": None, "b": None, "c": None}
        return {"a": _or_null(rng, _int(rng)), "b": _or_null(rng, s()),
                "c": None if rng.random() < 0.2 else {"d": _or_null(rng, float(rng.integers(-100, 100)) / 8),
                                                      "e": _maybe_list(rng, lambda: _or_null(rng, _int(rng)))}}
    som_t = pa.struct([("m", pa.map_(pa.string(), pa.int32())), ("n", pa.int64())])
    som = [None if rng.random() < 0.15 else {"m": _maybe_map(rng, s, lambda: _or_null(rng, _int(rng))),
                                             "n": _or_null(rng, _int(rng))} for _ in range(n)]
    req_t = pa.struct([pa.field("x", pa.int32(), nullable=False), pa.field("y", pa.string(), nullable=False)])
    req = [None if rng.random() < 0.2 else {"x": _int(rng), "y": s()} for _ in range(n)]
    deep_t = pa.struct([("l", pa.list_(pa.struct([("k", pa.string()), ("v", pa.list_(pa.string()))])))])
    deep = [None if rng.random() < 0.1 else
            {"l": _maybe_list(rng, lambda: None if rng.random() < 0.1 else
                              {"k": _or_null(rng, s()), "v": _maybe_list(rng, lambda: _or_null(rng, s()), 0.2, 0.2, 2)},
                              0.2, 0.1, 3)} for _ in range(n)]
    return pa.table({
        "s": pa.array([st() for _ in range(n)], st_t),
        "struct_of_maps": pa.array(som, som_t),
        "required_fields": pa.array(req, req_t),
        "deep": pa.array(deep, deep_t),
        "id": pa.array(range(n), pa.int32()),
    })


def mixed_table(rng, n: int, required: bool = False) -> pa.Table:
    """Lists, maps and structs side by side; `required` makes every level non-nullable."""
    s = lambda: fc._rand_string(rng, 6)  # noqa: E731
    if required:
        lt = pa.list_(pa.field("element", pa.int64(), nullable=False))
        mt = pa.map_(pa.field("key", pa.string(), nullable=False), pa.field("value", pa.int32(), nullable=False))
        stt = pa.struct([pa.field("a", pa.int32(), nullable=False), pa.field("l", lt, nullable=False)])
        cols = {
            "l": pa.array([[_int(rng) for _ in range(int(rng.integers(0, 4)))] for _ in range(n)], lt),
            "m": pa.array([[(k, _int(rng)) for k in _keys(rng, s, int(rng.integers(0, 3)))] for _ in range(n)], mt),
            "st": pa.array([{"a": _int(rng), "l": [_int(rng) for _ in range(int(rng.integers(0, 3)))]}
                            for _ in range(n)], stt),
            "v": pa.array([_int(rng) for _ in range(n)], pa.int64()),
        }
        schema = pa.schema([pa.field(k, v.type, nullable=False) for k, v in cols.items()])
        return pa.Table.from_arrays(list(cols.values()), schema=schema)
    lt = pa.list_(pa.int64())
    mt = pa.map_(pa.string(), pa.list_(pa.string()))
    stt = pa.struct([("a", pa.int32()), ("m", pa.map_(pa.int32(), pa.string()))])
    return pa.table({
        "l": pa.array([_maybe_list(rng, lambda: _or_null(rng, _int(rng)), max_len=8) for _ in range(n)], lt),
        "m": pa.array([_maybe_map(rng, s, lambda: _maybe_list(rng, lambda: _or_null(rng, s()), 0.2, 0.2, 2))
                       for _ in range(n)], mt),
        "st": pa.array([None if rng.random() < 0.2 else
                        {"a": _or_null(rng, _int(rng)),
                         "m": _maybe_map(rng, lambda: _int(rng, 0, 20), lambda: _or_null(rng, s()))}
                        for _ in range(n)], stt),
        "v": pa.array([_or_null(rng, _int(rng)) for _ in range(n)], pa.int64()),
    })


def encodings_table(rng, n: int, null_ratio: float):
    """Flat and nested leaves with DELTA_* / BYTE_STREAM_SPLIT / RLE encodings.

    Returns (table, column_encoding) for pq.write_table(use_dictionary=False)."""
    def col(kind):
        return fc.column(kind, rng, n, null_ratio)

    prefixes = ["customer_", "customer_id_", "cust", "order-2024-", "order-2025-", "", "zzz"]

    def prefixed():
        return prefixes[int(rng.integers(0, len(prefixes)))] + fc._rand_string(rng, 6)
    mask = rng.random(n) < null_ratio
    seq = np.cumsum(rng.integers(0, 5, n)).astype(np.int64) + 1_000_000
    # Sorted runs with large jumps and int extremes side by side (delta overflow).
    ext32 = [[-(1 << 31), (1 << 31) - 1, 0, -1][i % 4] if i % 9 < 4 else int(rng.integers(-(1 << 31), 1 << 31))
             for i in range(n)]
    ext64 = [[-(1 << 63), (1 << 63) - 1, 0, -1][i % 4] if i % 9 < 4 else int(rng.integers(-(1 << 63), (1 << 63) - 1))
             for i in range(n)]
    cols = {
        "dbp_i32": col("int32"),
        "dbp_i64": col("int64"),
        "dbp_i32_extremes": pa.array([None if m else v for v, m in zip(ext32, mask)], pa.int32()),
        "dbp_i64_extremes": pa.array([None if m else v for v, m in zip(ext64, mask)], pa.int64()),
        "dbp_i64_sequence": pa.array([None if m else int(v) for v, m in zip(seq, mask)], pa.int64()),
        "dbp_u64": col("uint64"),
        "dbp_date": col("date32"),
        "dbp_ts_us": col("ts_us_utc"),
        "dlba_str": col("string"),
        "dlba_bin": col("binary"),
        "dba_str": pa.array([None if m else prefixed() for m in mask], pa.string()),
        "dba_flba": col("fixed_binary"),
        "bss_f32": col("float32"),
        "bss_f64": col("float64"),
        "bss_f16": col("float16"),
        "bss_i32": col("int32"),
        "bss_i64": col("int64"),
        "bss_flba_dec": col("decimal_18_4"),
        "rle_bool": col("bool"),
        "dbp_list": pa.array([_maybe_list(rng, lambda: _or_null(rng, _int(rng, -(1 << 40), 1 << 40)))
                              for _ in range(n)], pa.list_(pa.int64())),
        "dlba_list": pa.array([_maybe_list(rng, lambda: _or_null(rng, fc._rand_string(rng, 10)))
                               for _ in range(n)], pa.list_(pa.string())),
        "dba_struct": pa.array([None if rng.random() < 0.2 else {"k": _or_null(rng, prefixed()),
                                                                 "v": _or_null(rng, _int(rng))} for _ in range(n)],
                               pa.struct([("k", pa.string()), ("v", pa.int32())])),
        "bss_list": pa.array([_maybe_list(rng, lambda: _or_null(rng, float(rng.standard_normal())))
                              for _ in range(n)], pa.list_(pa.float64())),
    }
    enc = {}
    for name in cols:
        if name.startswith("dbp_"):
            enc[name] = "DELTA_BINARY_PACKED"
        elif name.startswith("dlba_"):
            enc[name] = "DELTA_LENGTH_BYTE_ARRAY"
        elif name.startswith("dba_"):
            enc[name] = "DELTA_BYTE_ARRAY"
        elif name.startswith("bss_"):
            enc[name] = "BYTE_STREAM_SPLIT"
        elif name.startswith("rle_"):
            enc[name] = "RLE"
    enc["dbp_list.list.element"] = enc.pop("dbp_list")
    enc["dlba_list.list.element"] = enc.pop("dlba_list")
    enc["bss_list.list.element"] = enc.pop("bss_list")
    enc["dba_struct.k"] = "DELTA_BYTE_ARRAY"
    enc["dba_struct.v"] = "DELTA_BINARY_PACKED"
    del enc["dba_struct"]
    return pa.table(cols), enc

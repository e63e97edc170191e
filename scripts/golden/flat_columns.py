"""Deterministic generators of flat Arrow columns for fixtures and differential tests."""
from __future__ import annotations

import json
import math
from decimal import Decimal

import numpy as np
import pyarrow as pa

# Every flat column kind the reader must handle (INT96 needs a file-wide writer flag,
# see int96_table).  name -> Arrow type.
KINDS: dict = {
    "bool": pa.bool_(),
    "int8": pa.int8(), "int16": pa.int16(), "int32": pa.int32(), "int64": pa.int64(),
    "uint8": pa.uint8(), "uint16": pa.uint16(), "uint32": pa.uint32(), "uint64": pa.uint64(),
    "float32": pa.float32(), "float64": pa.float64(), "float16": pa.float16(),
    "string": pa.string(), "large_string": pa.large_string(), "json": pa.json_(),
    "binary": pa.binary(), "fixed_binary": pa.binary(5), "uuid": pa.uuid(),
    "decimal_9_2": pa.decimal128(9, 2), "decimal_18_4": pa.decimal128(18, 4),
    "decimal_38_10": pa.decimal128(38, 10), "decimal_4_0": pa.decimal128(4, 0),
    "date32": pa.date32(),
    "time_ms": pa.time32("ms"), "time_us": pa.time64("us"), "time_ns": pa.time64("ns"),
    "ts_ms": pa.timestamp("ms"), "ts_us": pa.timestamp("us"), "ts_ns": pa.timestamp("ns"),
    "ts_ms_utc": pa.timestamp("ms", tz="UTC"), "ts_us_utc": pa.timestamp("us", tz="UTC"),
    "ts_ns_utc": pa.timestamp("ns", tz="UTC"), "ts_us_paris": pa.timestamp("us", tz="Europe/Paris"),
    "null": pa.null(),
}

INT_RANGES = {
    "int8": (-(1 << 7), (1 << 7) - 1), "int16": (-(1 << 15), (1 << 15) - 1),
    "int32": (-(1 << 31), (1 << 31) - 1), "int64": (-(1 << 63), (1 << 63) - 1),
    "uint8": (0, (1 << 8) - 1), "uint16": (0, (1 << 16) - 1),
    "uint32": (0, (1 << 32) - 1), "uint64": (0, (1 << 64) - 1),
}

ALPHABET = list("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789") + \
    ["é", "ß", "ü", "日", "本", "語", "Ω", "😀", "🎉", '"', "\\", "/", "\n", "\t", "\r", "\b", "\f",
     "\x00", "\x01", "\x1f", "\x7f", "\u2028", "\ufeff", ",", "'", "{", "}"]

SPECIAL_STRINGS = ["", " ", "plain ascii", "héllo wörld", "日本語テキスト", "emoji 😀🎉👍🏽", '"quoted"',
                   "back\\slash", "tab\there", "line\nbreak", "cr\rlf\r\n", "\x00nul", "\x01\x02\x1f",
                   "\x7fdel", "\u2028\u2029", "{\"json\": [1, 2]}", "a,b;c", "\ufeffbom"]


def dec(unscaled: int, scale: int) -> Decimal:
    """Exact Decimal unscaled * 10^-scale (Decimal.scaleb would round to 28 digits)."""
    return Decimal(f"{unscaled}E-{scale}")


def _mask(rng, n: int, null_ratio: float) -> np.ndarray:
    if null_ratio <= 0:
        return np.zeros(n, dtype=bool)
    if null_ratio >= 1:
        return np.ones(n, dtype=bool)
    return rng.random(n) < null_ratio


def _rand_string(rng, max_len: int = 24) -> str:
    k = int(rng.integers(0, max_len + 1))
    return "".join(ALPHABET[i] for i in rng.integers(0, len(ALPHABET), k))


def _float_values(rng, k: int, width: int) -> list:
    out = []
    for _ in range(k):
        r = rng.random()
        if r < 0.15:  # arbitrary bit pattern (subnormals, huge, NaN payloads, ...)
            bits = {16: 2, 32: 4, 64: 8}[width]
            raw = rng.bytes(bits)
            v = np.frombuffer(raw, dtype={16: "<f2", 32: "<f4", 64: "<f8"}[width])[0]
            out.append(float(v))
        elif r < 0.25:
            out.append(float(rng.integers(-1000, 1000)))
        else:
            e = int(rng.integers(-8, 9)) if width > 16 else int(rng.integers(-4, 4))
            out.append(float(rng.standard_normal() * 10.0 ** e))
    return out


def fresh_values(kind: str, rng, k: int) -> list:
    """k random non-null Python values for column kind."""
    if kind == "bool":
        return [bool(x) for x in rng.random(k) < 0.5]
    if kind in INT_RANGES:
        lo, hi = INT_RANGES[kind]
        out = []
        for _ in range(k):
            r = rng.random()
            if r < 0.1:
                out.append([lo, hi, 0, lo + 1, hi - 1][int(rng.integers(0, 5))])
            elif r < 0.5:
                out.append(max(lo, min(hi, int(rng.integers(-1000, 1000)))))
            else:
                # uniform over the full range (Python ints: uint64 > 2^63 included)
                out.append(lo + int.from_bytes(rng.bytes(9), "little") % (hi - lo + 1))
        return out
    if kind in ("float32", "float64", "float16"):
        return _float_values(rng, k, {"float32": 32, "float64": 64, "float16": 16}[kind])
    if kind in ("string", "large_string"):
        return [SPECIAL_STRINGS[int(rng.integers(0, len(SPECIAL_STRINGS)))] if rng.random() < 0.2
                else _rand_string(rng) for _ in range(k)]
    if kind == "json":
        return [json.dumps({"k": _rand_string(rng, 6), "n": int(rng.integers(-99, 99)),
                            "l": [float(rng.integers(0, 9)) / 4, None, True]}, ensure_ascii=False)
                for _ in range(k)]
    if kind == "binary":
        return [rng.bytes(int(rng.integers(0, 20))) for _ in range(k)]
    if kind == "fixed_binary":
        return [rng.bytes(5) for _ in range(k)]
    if kind == "uuid":
        return [rng.bytes(16) for _ in range(k)]
    if kind.startswith("decimal_"):
        _, p, s = kind.split("_")
        p, s = int(p), int(s)
        out = []
        for _ in range(k):
            digits = int(rng.integers(1, p + 1))
            u = int.from_bytes(rng.bytes(17), "little") % (10 ** digits)
            if rng.random() < 0.05:
                u = 10 ** p - 1
            if rng.random() < 0.5:
                u = -u
            out.append(dec(u, s))
        return out
    if kind == "date32":
        return [int(x) if rng.random() < 0.3 else int(rng.integers(-25000, 30000))
                for x in rng.integers(-800000, 3000000, k)]
    if kind == "time_ms":
        return [int(x) for x in rng.integers(0, 86_400_000, k)]
    if kind == "time_us":
        return [int(x) for x in rng.integers(0, 86_400_000_000, k)]
    if kind == "time_ns":
        return [int(x) for x in rng.integers(0, 86_400_000_000_000, k)]
    if kind.startswith("ts_ms"):
        return [int(x) for x in rng.integers(-10 ** 13, 10 ** 13, k)]
    if kind.startswith("ts_us"):
        return [int(x) for x in rng.integers(-62135596800 * 10 ** 6, 253402300799 * 10 ** 6, k)]
    if kind.startswith("ts_ns"):
        return [int(x) for x in rng.integers(-(1 << 63) + 1, (1 << 63) - 1, k, dtype=np.int64)]
    if kind == "null":
        return [None] * k
    raise KeyError(kind)


def to_arrow(kind: str, values: list) -> pa.Array:
    """Arrow array of `kind` from Python values (None = null)."""
    t = KINDS[kind]
    if kind == "null":
        return pa.nulls(len(values))
    if kind == "uuid":
        return pa.ExtensionArray.from_storage(pa.uuid(), pa.array(values, pa.binary(16)))
    if kind == "float16":
        return pa.array([None if v is None else np.float16(v) for v in values], pa.float16())
    if kind == "float32":
        return pa.array([None if v is None else np.float32(v) for v in values], pa.float32())
    if kind == "date32":
        return pa.array(values, pa.int32()).cast(pa.date32())
    if kind.startswith("time_"):
        return pa.array(values, pa.int32() if kind == "time_ms" else pa.int64()).cast(t)
    if kind.startswith("ts_"):
        return pa.array(values, pa.int64()).cast(t)
    return pa.array(values, t)


def column(kind: str, rng, n: int, null_ratio: float) -> pa.Array:
    """n values, a share from a small pool (so dictionaries pay off), nulls at null_ratio."""
    pool = fresh_values(kind, rng, 10)
    fresh = fresh_values(kind, rng, n)
    pick = rng.random(n) < 0.6
    which = rng.integers(0, len(pool), n)
    mask = _mask(rng, n, null_ratio)
    vals = [None if mask[i] else (pool[which[i]] if pick[i] else fresh[i]) for i in range(n)]
    return to_arrow(kind, vals)


def typed_table(rng, n: int, null_ratio: float, required: bool = False, kinds=None) -> pa.Table:
    kinds = list(KINDS) if kinds is None else kinds
    fields, arrays = [], []
    for k in kinds:
        if required and k == "null":
            continue
        arrays.append(column(k, rng, n, 0.0 if required else null_ratio))
        fields.append(pa.field(k, KINDS[k], nullable=not required))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


# --------------------------------------------------------------------------------------
# Hand-picked edge values
# --------------------------------------------------------------------------------------


def _pad(cols: dict) -> dict:
    n = max(len(v) for v in cols.values())
    return {k: v + [None] * (n - len(v)) for k, v in cols.items()}


def edge_integers() -> pa.Table:
    cols, fields = {}, []
    for kind, (lo, hi) in INT_RANGES.items():
        if lo < 0:
            vals = [lo, hi, 0, -1, 1, lo + 1, hi - 1, 42, -42, hi // 2]
        else:
            half = (hi + 1) // 2
            vals = [0, hi, 1, hi - 1, half, half - 1, half + 1, 42, 255 if hi > 255 else 7, hi // 3]
        cols[kind] = pa.array(vals, KINDS[kind])
        fields.append(pa.field(kind, KINDS[kind], nullable=False))
    return pa.Table.from_arrays(list(cols.values()), schema=pa.schema(fields))


def edge_floats() -> pa.Table:
    nan, inf = math.nan, math.inf
    f64 = [nan, inf, -inf, -0.0, 0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
           -1.7976931348623157e308, 0.1, 0.2, 0.30000000000000004, 1e16, 1e-5, 1e-4, 1e15, 9999999999999998.0,
           123456789.123, -1.5e300, 1.0, 100.0, 1e22, 1e21, 1.5, 2.5e-10, 0.001, None, 3.141592653589793, None]
    f32 = [nan, inf, -inf, -0.0, 0.0, 1e-45, -1e-45, 1.17549435e-38, 3.4028234663852886e38,
           -3.4028234663852886e38, 0.1, 0.2, 0.3, 1e16, 1e-5, 1e-4, 1e15, 16777216.0, 16777217.0, 123456.789,
           1.0, 100.0, 1e22, 1e10, 1.5, 2.5e-10, 0.001, None, 3.1415927, None]
    f16 = [nan, inf, -inf, -0.0, 0.0, 6e-08, -6e-08, 6.104e-05, 65504.0, -65504.0, 0.1, 0.2, 0.3, 1e4,
           1e-5, 1e-4, 2048.0, 2049.0, 0.333, 1.0, 100.0, 0.000123, 1.5, None, 3.14, 0.5, 0.001, None, 9.99, None]
    return pa.table({"f32": to_arrow("float32", f32), "f64": pa.array(f64, pa.float64()),
                     "f16": to_arrow("float16", f16)})


def edge_strings() -> pa.Table:
    s = SPECIAL_STRINGS + ["".join(chr(c) for c in range(0, 32)), "x" * 300, "ünïcödé " * 20, None]
    j = ['{"a":1}', "[]", "null", '"str"', '{"nested": {"x": [1, 2.5, "é"]}}', "not json at all", "", None]
    b = [b"", b"\x00", b"\xff\xfe\xfd", b"hello", bytes(range(256)), b"\x00" * 7, b"a", b"ab", b"abc", None]
    fb = [b"\x00\x00\x00", b"\xff\xff\xff", b"abc", b"\x01\x02\x03", None]
    u = [bytes(16), b"\xff" * 16, bytes.fromhex("00112233445566778899aabbccddeeff"),
         bytes.fromhex("123e4567e89b12d3a456426614174000"), None]
    cols = _pad({"s": s, "ls": list(s), "j": j, "b": b, "fb": fb, "u": u})
    return pa.table({"s": pa.array(cols["s"], pa.string()), "ls": pa.array(cols["ls"], pa.large_string()),
                     "j": pa.array(cols["j"], pa.json_()), "b": pa.array(cols["b"], pa.binary()),
                     "fb": pa.array(cols["fb"], pa.binary(3)), "u": to_arrow("uuid", cols["u"])})


def edge_temporal() -> pa.Table:
    d = [0, -1, 1, -719162, -719163, -719528, -719529, 2932896, 2932897, 6000000, -1000000, -25567,
         11016, 10957, 19723, -141427, 2147483647, -2147483648, None]
    tms = [0, 1, 999, 86399999, 43200000, 3723004, None]
    tus = [0, 1, 86399999999, 43200000000, 3723004005, None]
    tns = [0, 1, 86399999999999, 43200000000000, 3723004005006, None]
    ms = [0, -1, 1, 999, -999, 1000, -1000, 951782400000, -62135596800000, -62135596800001,
          253402300799999, 253402300800000, -8640000000000000, 8640000000000000, -2208988800000,
          -(1 << 63) + 1, (1 << 63) - 1, None]
    us = [0, -1, 1, 999999, -1000000, 951782400123456, -62135596800000000, 253402300799999999,
          -2208988800000001, -(1 << 63) + 1, (1 << 63) - 1, None]
    ns = [0, -1, 1, 999999999, -1000000000, 951782400123456789, -(1 << 63) + 1, (1 << 63) - 1,
          -2208988800000000001, None]
    c = _pad({"date": d, "time_ms": tms, "time_us": tus, "time_ns": tns, "ts_ms": ms, "ts_us": us, "ts_ns": ns})
    return pa.table({
        "date": to_arrow("date32", c["date"]),
        "time_ms": to_arrow("time_ms", c["time_ms"]), "time_us": to_arrow("time_us", c["time_us"]),
        "time_ns": to_arrow("time_ns", c["time_ns"]),
        "ts_ms": to_arrow("ts_ms", c["ts_ms"]), "ts_ms_utc": to_arrow("ts_ms_utc", c["ts_ms"]),
        "ts_us": to_arrow("ts_us", c["ts_us"]), "ts_us_utc": to_arrow("ts_us_utc", c["ts_us"]),
        "ts_ns": to_arrow("ts_ns", c["ts_ns"]), "ts_ns_utc": to_arrow("ts_ns_utc", c["ts_ns"]),
    })


def edge_decimals() -> pa.Table:
    specs = [(1, 0), (4, 4), (5, 2), (9, 0), (9, 2), (10, 3), (18, 0), (18, 18), (18, 4), (19, 2), (38, 0),
             (38, 10), (38, 38)]
    cols = {}
    for p, s in specs:
        m = 10 ** p - 1
        us = [0, m, -m, 1, -1, 5, -5, 1230 % (m + 1), -(1230 % (m + 1)), 10 ** (p - 1), -(10 ** (p - 1)), None]
        cols[f"d_{p}_{s}"] = pa.array([None if u is None else dec(u, s) for u in us],
                                      pa.decimal128(p, s))
    return pa.table(cols)


def int96_table(rng, n: int, in_range: bool) -> pa.Table:
    if in_range:
        specials = [0, -1, 1, 999999999, -1000000000, -2208988800000000001, 951782400123456789,
                    (1 << 63) - 1, -(1 << 63) + 1]
        vals = specials + [int(x) for x in rng.integers(-(1 << 62), 1 << 62, n - len(specials), dtype=np.int64)]
        mask = _mask(rng, n, 0.3)
        mask[:len(specials)] = False
        ts = pa.array([None if m else v for v, m in zip(vals, mask)], pa.int64()).cast(pa.timestamp("ns"))
    else:
        specials = [-62135596800 * 10 ** 6, 253402300799999999, -30610224000 * 10 ** 6 + 123456,
                    32503680000 * 10 ** 6 + 1, 0, -1]
        vals = specials + [int(x) for x in rng.integers(-62135596800 * 10 ** 6, 253402300799 * 10 ** 6,
                                                        n - len(specials))]
        ts = pa.array(vals, pa.int64()).cast(pa.timestamp("us"))
    return pa.table({"id": pa.array(range(n), pa.int32()), "ts": ts})


def legacy_table(rng, n: int) -> pa.Table:
    """Columns whose pyarrow Parquet type also carries a legacy ConvertedType."""
    kinds = {"string": "s", "int8": "i8", "int16": "i16", "uint8": "u8", "uint16": "u16", "uint32": "u32",
             "uint64": "u64", "date32": "d", "time_ms": "t_ms", "time_us": "t_us", "ts_ms_utc": "ts_ms",
             "ts_us_utc": "ts_us", "decimal_9_2": "dec9", "decimal_18_4": "dec18", "decimal_38_10": "dec38",
             "json": "j"}
    return pa.table({name: column(kind, rng, n, 0.3) for kind, name in kinds.items()})

#!/usr/bin/env python3
"""Generate the golden Parquet fixtures (dev-time only; tests never run Python).

    python3 scripts/golden/fixtures.py            # flat/, nested/, split/, example-dataset/, drift/, manifest.json
    python3 scripts/golden/fixtures.py --conformance   # also Fixtures/conformance/ goldens

Writes Fixtures/flat/*.parquet and Fixtures/nested/*.parquet, each with the goldens
`<name>.jsonl` and `<name>.csv` next to it (rendered by scripts/golden/render.py), and
Fixtures/manifest.json listing every file with its features.  Deterministic: fixed
seeds; output bytes depend only on the pyarrow version (recorded in the manifest).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import struct
import sys
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

# This script lives next to the modules it imports (scripts/golden/), so Python finds them on
# its own path; it writes into the project's Fixtures/ folder.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "Fixtures")
import flat_columns as fc  # noqa: E402
import footer  # noqa: E402
import render  # noqa: E402
import thrift_compact as tc  # noqa: E402

MANIFEST: list = []


# --------------------------------------------------------------------------------------
# Writing + manifest
# --------------------------------------------------------------------------------------


def footer_facts(path: str) -> dict:
    return footer.summary(path)


def derived_features(facts: dict) -> list:
    f = [c.lower() if c != "UNCOMPRESSED" else "none" for c in facts["codecs"]]
    enc = set(facts["encodings"])
    if enc & {"PLAIN_DICTIONARY", "RLE_DICTIONARY"}:
        f.append("dictionary")
    for e in ("DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "BYTE_STREAM_SPLIT"):
        if e in enc:
            f.append(e.lower())
    if enc & {"DELTA_BINARY_PACKED", "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY"}:
        f.append("delta")
    if facts["row_groups"] > 1:
        f.append("multi_row_group")
    return f


def record(rel: str, features: list, note: str = "") -> None:
    """Render the golden next to Fixtures/<rel> and add a manifest entry."""
    path = os.path.join(HERE, rel)
    golden = rel[: -len(".parquet")] + ".jsonl"
    data = render.render_jsonl(path)
    with open(os.path.join(HERE, golden), "wb") as f:
        f.write(data)
    csv_golden = rel[: -len(".parquet")] + ".csv"
    with open(os.path.join(HERE, csv_golden), "wb") as f:
        f.write(render.render_csv(path))
    facts = footer_facts(path)
    feats = []
    for x in features + derived_features(facts):
        if x not in feats:
            feats.append(x)
    entry = {"file": rel, "golden": golden, "csv_golden": csv_golden, "features": feats, **facts,
             "columns": pq.ParquetFile(path).schema_arrow.names,
             "bytes": os.path.getsize(path)}
    if note:
        entry["note"] = note
    MANIFEST.append(entry)


def write(rel: str, table: pa.Table, features: list, *, version="v1", dictionary=False,
          codec="none", note="", **kw) -> None:
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pq.write_table(table, path, data_page_version="1.0" if version == "v1" else "2.0",
                   use_dictionary=dictionary, compression=codec, **kw)
    record(rel, features + [version], note)


def patch_footer(path: str, fn) -> None:
    """Rewrite a file's footer: fn(FileMetaData fields) edits it in place."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<i", data[-8:-4])[0]
    start = len(data) - 8 - n
    fmd, end = tc.decode_struct(data, start)
    assert end == len(data) - 8
    fn(fmd)
    nb = tc.encode_struct(fmd)
    with open(path, "wb") as f:
        f.write(data[:start] + nb + struct.pack("<i", len(nb)) + b"PAR1")


def schema_element(fmd: list, name: str) -> list:
    for el in tc.get(fmd, 2).items:
        if tc.get(el, 4) == name.encode():
            return el
    raise KeyError(name)


def drop_statistics(fmd: list, column_index: int) -> None:
    for rg in tc.get(fmd, 4).items:
        cc = tc.get(rg, 1).items[column_index]
        tc.drop(tc.get(cc, 3), 12)


# --------------------------------------------------------------------------------------
# Flat fixtures
# --------------------------------------------------------------------------------------


def gen_flat() -> None:
    # The main matrix: every flat type, dictionary on/off, v1/v2, none/snappy.
    matrix = [
        ("flat/types_plain_v1_none.parquet", dict(version="v1", dictionary=False, codec="none"), 11),
        ("flat/types_dict_v1_snappy.parquet", dict(version="v1", dictionary=True, codec="snappy"), 12),
        ("flat/types_plain_v2_snappy.parquet", dict(version="v2", dictionary=False, codec="snappy"), 13),
        ("flat/types_dict_v2_none.parquet", dict(version="v2", dictionary=True, codec="none"), 14),
    ]
    for rel, opts, seed in matrix:
        t = fc.typed_table(np.random.default_rng(seed), 110, null_ratio=0.3)
        write(rel, t, ["flat", "all_types", "nulls_30"], **opts)

    # Integer decimals (INT32 for p<=9, INT64 for p<=18; p>18 stays FLBA).
    t = fc.typed_table(np.random.default_rng(15), 90, null_ratio=0.3)
    write("flat/types_decimal_as_int_v1_snappy.parquet", t, ["flat", "all_types", "nulls_30", "decimal_int"],
          version="v1", dictionary=True, codec="snappy", store_decimal_as_integer=True)

    # Many row groups and tiny pages; dictionary pages overflow and fall back to PLAIN.
    t = fc.typed_table(np.random.default_rng(21), 120, null_ratio=0.3)
    write("flat/types_tiny_pages_dict_v1_snappy.parquet", t,
          ["flat", "all_types", "nulls_30", "tiny_pages", "dictionary_fallback"],
          version="v1", dictionary=True, codec="snappy", row_group_size=50, data_page_size=100,
          write_batch_size=16, dictionary_pagesize_limit=256, store_decimal_as_integer=True)
    t = fc.typed_table(np.random.default_rng(22), 120, null_ratio=0.3)
    write("flat/types_tiny_pages_plain_v2_none.parquet", t, ["flat", "all_types", "nulls_30", "tiny_pages"],
          version="v2", dictionary=False, codec="none", row_group_size=45, data_page_size=100,
          write_batch_size=16)
    t = fc.typed_table(np.random.default_rng(23), 120, null_ratio=0.3)
    write("flat/types_tiny_pages_dict_v2_snappy.parquet", t, ["flat", "all_types", "nulls_30", "tiny_pages"],
          version="v2", dictionary=True, codec="snappy", row_group_size=40, max_rows_per_page=7)

    # Null ratios 0 and 1, and required (non-nullable) columns.
    t = fc.typed_table(np.random.default_rng(31), 90, null_ratio=0.0)
    write("flat/types_nulls0_optional_v1_snappy.parquet", t, ["flat", "all_types", "nulls_0"],
          version="v1", dictionary=True, codec="snappy")
    t = fc.typed_table(np.random.default_rng(32), 90, null_ratio=0.0, required=True)
    write("flat/types_required_v1_none.parquet", t, ["flat", "all_types", "nulls_0", "required"],
          version="v1", dictionary=False, codec="none")
    t = fc.typed_table(np.random.default_rng(33), 90, null_ratio=0.0, required=True)
    write("flat/types_required_dict_v2_snappy.parquet", t, ["flat", "all_types", "nulls_0", "required"],
          version="v2", dictionary=True, codec="snappy", row_group_size=40)
    t = fc.typed_table(np.random.default_rng(34), 60, null_ratio=1.0)
    write("flat/types_nulls100_v1_none.parquet", t, ["flat", "all_types", "nulls_100"],
          version="v1", dictionary=True, codec="none")
    t = fc.typed_table(np.random.default_rng(35), 60, null_ratio=1.0)
    write("flat/types_nulls100_v2_snappy.parquet", t, ["flat", "all_types", "nulls_100"],
          version="v2", dictionary=False, codec="snappy", row_group_size=50)

    # Hand-picked edge values, one concern per file.
    write("flat/edge_integers_v1_none.parquet", fc.edge_integers(), ["flat", "integers", "required"],
          version="v1", dictionary=False, codec="none")
    write("flat/edge_floats_v1_none.parquet", fc.edge_floats(), ["flat", "floats", "float16", "nan", "nulls_30"],
          version="v1", dictionary=False, codec="none")
    write("flat/edge_floats_dict_v2_snappy.parquet", fc.edge_floats(), ["flat", "floats", "float16", "nan", "nulls_30"],
          version="v2", dictionary=True, codec="snappy")
    write("flat/edge_strings_v1_none.parquet", fc.edge_strings(), ["flat", "strings", "json", "binary"],
          version="v1", dictionary=False, codec="none")
    write("flat/edge_strings_dict_v2_snappy.parquet", fc.edge_strings(), ["flat", "strings", "json", "binary"],
          version="v2", dictionary=True, codec="snappy")
    write("flat/edge_temporal_v1_none.parquet", fc.edge_temporal(), ["flat", "date", "time", "timestamp"],
          version="v1", dictionary=False, codec="none")
    write("flat/edge_temporal_dict_v2_snappy.parquet", fc.edge_temporal(), ["flat", "date", "time", "timestamp"],
          version="v2", dictionary=True, codec="snappy")
    write("flat/edge_decimals_flba_v1_none.parquet", fc.edge_decimals(), ["flat", "decimal", "decimal_flba"],
          version="v1", dictionary=False, codec="none")
    write("flat/edge_decimals_int_v2_snappy.parquet", fc.edge_decimals(), ["flat", "decimal", "decimal_int"],
          version="v2", dictionary=True, codec="snappy", store_decimal_as_integer=True)

    # INT96 (deprecated Spark/Impala timestamps): nanoseconds, no Z.
    t = fc.int96_table(np.random.default_rng(41), 200, in_range=True)
    write("flat/int96_v1_none.parquet", t, ["flat", "int96", "nulls_30"], version="v1", dictionary=False,
          codec="none", use_deprecated_int96_timestamps=True)
    write("flat/int96_dict_v2_snappy.parquet", t, ["flat", "int96", "nulls_30"], version="v2", dictionary=True,
          codec="snappy", use_deprecated_int96_timestamps=True, row_group_size=64)
    t = fc.int96_table(np.random.default_rng(42), 40, in_range=False)
    write("flat/int96_out_of_range_v1_none.parquet", t, ["flat", "int96", "int96_out_of_range"],
          version="v1", dictionary=False, codec="none", use_deprecated_int96_timestamps=True,
          note="INT96 instants outside int64 nanoseconds (years 1000..9999 and beyond); exact text expected")

    # Zero rows.
    t = fc.typed_table(np.random.default_rng(51), 0, null_ratio=0.3)
    write("flat/empty_v1_none.parquet", t, ["flat", "all_types", "empty"], version="v1", codec="none")

    gen_flat_patched()


def gen_flat_patched() -> None:
    """Annotations pyarrow cannot write, made by rewriting the footer of a pyarrow file."""
    # ENUM: a STRING column re-annotated as ENUM.
    rng = np.random.default_rng(61)
    n = 120
    vals = [None if rng.random() < 0.3 else ["RED", "GREEN", "BLUE", "ünïcode", ""][rng.integers(0, 5)]
            for _ in range(n)]
    t = pa.table({"id": pa.array(range(n), pa.int32()), "color": pa.array(vals, pa.string())})
    for rel, opts in [("flat/enum_v1_none.parquet", dict(version="1.0", dict_=False, codec="none")),
                      ("flat/enum_dict_v2_snappy.parquet", dict(version="2.0", dict_=True, codec="snappy"))]:
        path = os.path.join(HERE, rel)
        pq.write_table(t, path, data_page_version=opts["version"], use_dictionary=opts["dict_"],
                       compression=opts["codec"], store_schema=False)

        def to_enum(fmd):
            el = schema_element(fmd, "color")
            tc.put(el, 6, tc.I32, 4)  # ConvertedType.ENUM
            tc.put(el, 10, tc.STRUCT, [tc.Field(4, tc.STRUCT, [])])  # LogicalType.ENUM
        patch_footer(path, to_enum)
        record(rel, ["flat", "enum", "nulls_30", "patched_footer", "v1" if opts["version"] == "1.0" else "v2"])

    # DECIMAL on BYTE_ARRAY: big-endian two's complement of the unscaled value.
    rng = np.random.default_rng(62)
    specs = [("dec_ba_5_2", 5, 2), ("dec_ba_20_0", 20, 0), ("dec_ba_38_10", 38, 10), ("dec_ba_38_38", 38, 38)]
    cols = {"id": pa.array(range(n), pa.int32())}
    for name, p, s in specs:
        vals = []
        for i in range(n):
            if i >= 6 and rng.random() < 0.3:
                vals.append(None)
                continue
            u = [0, 10 ** p - 1, -(10 ** p - 1), 1, -1, 5][i] if i < 6 else \
                int(rng.integers(-10 ** min(p, 18) + 1, 10 ** min(p, 18))) * (10 ** max(0, p - 18) if rng.random() < 0.5 else 1)
            ln = max(1, (u.bit_length() + 8) // 8)
            if i % 7 == 3:
                ln = min(ln + 2, 16)  # redundant sign-extension bytes are allowed
            vals.append(u.to_bytes(ln, "big", signed=True))
        cols[name] = pa.array(vals, pa.binary())
    t = pa.table(cols)
    for rel, opts in [("flat/decimal_byte_array_v1_none.parquet", dict(version="1.0", dict_=False, codec="none")),
                      ("flat/decimal_byte_array_dict_v2_snappy.parquet", dict(version="2.0", dict_=True, codec="snappy"))]:
        path = os.path.join(HERE, rel)
        pq.write_table(t, path, data_page_version=opts["version"], use_dictionary=opts["dict_"],
                       compression=opts["codec"], store_schema=False)

        def to_decimal(fmd):
            for ci, (name, p, s) in enumerate(specs, start=1):
                el = schema_element(fmd, name)
                tc.put(el, 6, tc.I32, 5)  # ConvertedType.DECIMAL
                tc.put(el, 7, tc.I32, s)
                tc.put(el, 8, tc.I32, p)
                tc.put(el, 10, tc.STRUCT, [tc.Field(5, tc.STRUCT, [tc.Field(1, tc.I32, s), tc.Field(2, tc.I32, p)])])
                drop_statistics(fmd, ci)
        patch_footer(path, to_decimal)
        record(rel, ["flat", "decimal", "decimal_byte_array", "nulls_30", "patched_footer",
                     "v1" if opts["version"] == "1.0" else "v2"])

    # Invalid UTF-8 in a STRING column: replaced with U+FFFD (Python 'replace' semantics).
    bad = [b"ok", b"\xff", b"a\x80b", b"\xc3", b"\xc3\x28", b"\xe2\x82", b"\xe2\x82\xac", b"\xed\xa0\x80",
           b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xf0\x9f\x98", b"\xf0\x9f\x98\x80", b"", None,
           b"caf\xc3\xa9 \xfe\xff end", b"\x00\x1f\x7f"]
    t = pa.table({"id": pa.array(range(len(bad)), pa.int32()), "s": pa.array(bad, pa.binary())})
    rel = "flat/invalid_utf8_v1_none.parquet"
    path = os.path.join(HERE, rel)
    pq.write_table(t, path, use_dictionary=False, compression="none", store_schema=False)

    def to_string(fmd):
        el = schema_element(fmd, "s")
        tc.put(el, 6, tc.I32, 0)  # UTF8
        tc.put(el, 10, tc.STRUCT, [tc.Field(1, tc.STRUCT, [])])
        drop_statistics(fmd, 1)
    patch_footer(path, to_string)
    record(rel, ["flat", "strings", "invalid_utf8", "patched_footer", "v1"],
           note="U+FFFD per maximal invalid subpart (Python bytes.decode('utf-8','replace'))")

    # Legacy files: converted types only (no LogicalType), e.g. from old writers.
    t = fc.legacy_table(np.random.default_rng(63), 150)
    rel = "flat/legacy_converted_types_v1_snappy.parquet"
    path = os.path.join(HERE, rel)
    pq.write_table(t, path, use_dictionary=True, compression="snappy", store_schema=False,
                   store_decimal_as_integer=True, write_time_adjusted_to_utc=True)

    def drop_logical(fmd):
        for el in tc.get(fmd, 2).items:
            tc.drop(el, 10)
    patch_footer(path, drop_logical)
    record(rel, ["flat", "legacy_converted", "nulls_30", "patched_footer", "v1"],
           note="converted types only; TIMESTAMP_MILLIS/MICROS count as UTC (Z)")


# --------------------------------------------------------------------------------------
# Nested fixtures
# --------------------------------------------------------------------------------------


def gen_nested() -> None:
    import nested_columns as nc
    for rel, opts, seed in [
        ("nested/lists_v1_none.parquet", dict(version="v1", dictionary=False, codec="none"), 101),
        ("nested/lists_dict_v2_snappy.parquet", dict(version="v2", dictionary=True, codec="snappy"), 102),
    ]:
        write(rel, nc.lists_table(np.random.default_rng(seed), 150), ["nested", "list", "list_of_lists",
              "list_of_structs", "nulls_30"], **opts)
    for rel, opts, seed in [
        ("nested/maps_v1_gzip.parquet", dict(version="v1", dictionary=False, codec="gzip"), 103),
        ("nested/maps_dict_v2_zstd.parquet", dict(version="v2", dictionary=True, codec="zstd"), 104),
    ]:
        write(rel, nc.maps_table(np.random.default_rng(seed), 150), ["nested", "map", "map_of_lists", "nulls_30"],
              **opts)
    for rel, opts, seed in [
        ("nested/structs_v1_lz4.parquet", dict(version="v1", dictionary=True, codec="lz4"), 105),
        ("nested/structs_v2_brotli.parquet", dict(version="v2", dictionary=False, codec="brotli"), 106),
    ]:
        write(rel, nc.structs_table(np.random.default_rng(seed), 150), ["nested", "struct", "struct_of_maps",
              "nulls_30"], **opts)
    write("nested/mixed_tiny_pages_v2_snappy.parquet", nc.mixed_table(np.random.default_rng(107), 300),
          ["nested", "list", "map", "struct", "tiny_pages", "nulls_30"], version="v2", dictionary=True,
          codec="snappy", row_group_size=90, data_page_size=100, write_batch_size=8)
    write("nested/mixed_required_v1_zstd.parquet", nc.mixed_table(np.random.default_rng(108), 120, required=True),
          ["nested", "list", "map", "struct", "required"], version="v1", dictionary=False, codec="zstd")

    # Non-default encodings (flat and nested leaves), with and without nulls, v1 and v2 pages.
    for rel, opts, seed, nulls in [
        ("nested/encodings_v1_none.parquet", dict(version="v1", codec="none"), 111, 0.3),
        ("nested/encodings_v2_gzip.parquet", dict(version="v2", codec="gzip"), 112, 0.3),
        ("nested/encodings_v2_zstd_nonull.parquet", dict(version="v2", codec="zstd"), 113, 0.0),
        ("nested/encodings_tiny_pages_v1_snappy.parquet", dict(version="v1", codec="snappy", row_group_size=90,
         data_page_size=100, write_batch_size=16), 114, 0.3),
    ]:
        table, encoding = nc.encodings_table(np.random.default_rng(seed), 200, nulls)
        write(rel, table, ["nested", "encodings", f"nulls_{int(nulls * 100)}"]
              + (["tiny_pages"] if "data_page_size" in opts else []),
              dictionary=False, column_encoding=encoding, **opts)


# --------------------------------------------------------------------------------------
# One row group of many pages, for batches cut inside a row group
# --------------------------------------------------------------------------------------


def gen_split() -> None:
    """Single row groups of many small pages: values and nulls, dictionary pages, v1 and v2,
    and list records longer than a page (pyarrow cuts v1 pages of repeated columns inside a
    record). BatchSplitTests reads them in batches of a few rows or bytes."""
    rng = np.random.default_rng(201)
    n = 1500
    words = ["", "a", "red", "green", "blue", "a somewhat longer value with spaces", "ünïcødé", "tab\tquote\""]
    def nullable(values, ratio):
        return [None if rng.random() < ratio else v for v in values]
    flat = pa.table({
        "id": pa.array(np.arange(n, dtype=np.int64)),
        "maybe": pa.array(nullable([int(x) for x in rng.integers(-10**12, 10**12, size=n)], 0.3), pa.int64()),
        "score": pa.array(rng.normal(0.0, 1e6, size=n)),
        "flag": pa.array(nullable([bool(x) for x in rng.integers(0, 2, size=n)], 0.2), pa.bool_()),
        "word": pa.array(nullable([words[i] for i in rng.integers(0, len(words), size=n)], 0.25), pa.string()),
        "text": pa.array(nullable([" ".join(words[1:])[: int(k)] for k in rng.integers(0, 60, size=n)], 0.1), pa.string()),
    })
    tiny = dict(row_group_size=n, data_page_size=256, write_batch_size=32)
    write("split/flat_plain_v1_none.parquet", flat, ["flat", "split", "nulls_30", "tiny_pages"],
          version="v1", dictionary=False, codec="none", **tiny)
    write("split/flat_dict_v2_snappy.parquet", flat, ["flat", "split", "nulls_30", "tiny_pages"],
          version="v2", dictionary=True, codec="snappy", **tiny)
    write("split/flat_dict_v1_zstd.parquet", flat, ["flat", "split", "nulls_30", "tiny_pages"],
          version="v1", dictionary=True, codec="zstd", **tiny)

    m = 400
    lengths = rng.integers(0, 80, size=m)
    ints = [None if rng.random() < 0.1 else nullable([int(x) for x in rng.integers(0, 1000, size=k)], 0.1)
            for k in lengths]
    strs = [None if rng.random() < 0.1 else [words[i] for i in rng.integers(0, len(words), size=int(k) // 2)]
            for k in lengths]
    nested = pa.table({
        "id": pa.array(np.arange(m, dtype=np.int64)),
        "ints": pa.array(ints, pa.list_(pa.int64())),
        "strs": pa.array(strs, pa.list_(pa.string())),
    })
    small = dict(row_group_size=m, data_page_size=128, write_batch_size=16)
    write("split/lists_v1_none.parquet", nested, ["nested", "list", "split", "nulls_10", "tiny_pages"],
          version="v1", dictionary=True, codec="none", **small)
    rng2 = np.random.default_rng(202)
    crossing = [None if rng2.random() < 0.1 else
                [None if rng2.random() < 0.1 else int(x) for x in rng2.integers(-999, 1000, size=int(k))]
                for k in rng2.integers(0, 30, size=300)]
    ids = [None if rng2.random() < 0.05 else i for i in range(300)]
    write_repaged("split/lists_records_cross_pages_v1.parquet", ids, crossing, 7)
    write("split/lists_dict_v2_snappy.parquet", nested, ["nested", "list", "split", "nulls_10", "tiny_pages"],
          version="v2", dictionary=True, codec="snappy", **small)


def bitpacked_levels(levels: list, width: int) -> bytes:
    """`levels` as one RLE/bit-packed hybrid bit-packed run (LSB first), padded to 8 values."""
    groups = (len(levels) + 7) // 8
    out = bytearray()
    header = (groups << 1) | 1
    while True:  # ULEB128
        b = header & 0x7F
        header >>= 7
        out.append(b | (0x80 if header else 0))
        if not header:
            break
    bits = 0
    nbits = 0
    for v in levels + [0] * (groups * 8 - len(levels)):
        bits |= v << nbits
        nbits += width
        while nbits >= 8:
            out.append(bits & 0xFF)
            bits >>= 8
            nbits -= 8
    return bytes(out)


def write_repaged(rel: str, ids: list, lists: list, levels_per_page: int) -> None:
    """A file like pyarrow's (same schema and footer) whose list column is cut into v1 pages
    every `levels_per_page` level entries, inside records (pyarrow 26 cuts pages on record
    boundaries): records of `ints` cross page boundaries. Uncompressed, PLAIN, RLE levels."""
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    table = pa.table({"id": pa.array(ids, pa.int64()), "ints": pa.array(lists, pa.list_(pa.int64()))})
    pq.write_table(table, path, use_dictionary=False, compression="none", data_page_version="1.0",
                   write_statistics=False, write_page_index=False)
    # Leaves: (def levels, rep levels, values, max def, max rep, entries per page).
    id_defs = [0 if v is None else 1 for v in ids]
    id_vals = [v for v in ids if v is not None]
    defs, reps, vals = [], [], []
    for entry in lists:
        if entry is None:
            defs.append(0); reps.append(0)
        elif not entry:
            defs.append(1); reps.append(0)
        else:
            for k, v in enumerate(entry):
                reps.append(0 if k == 0 else 1)
                if v is None:
                    defs.append(2)
                else:
                    defs.append(3); vals.append(v)
    leaves = [(id_defs, [], id_vals, 1, 0, 50), (defs, reps, vals, 3, 1, levels_per_page)]
    fmd = footer.read_footer(path)
    out = bytearray(b"PAR1")
    rg = tc.get(fmd, 4).items[0]
    chunks = tc.get(rg, 1).items
    total = 0
    for cc, (d, r, v, max_def, max_rep, per_page) in zip(chunks, leaves):
        start = len(out)
        value_at = 0
        for at in range(0, len(d), per_page):
            pd, pr = d[at:at + per_page], r[at:at + per_page]
            n = sum(1 for x in pd if x == max_def)
            body = bytearray()
            for levels, maximum in ((pr, max_rep), (pd, max_def)):
                if maximum == 0:
                    continue
                enc = bitpacked_levels(levels, maximum.bit_length())
                body += struct.pack("<I", len(enc)) + enc
            body += b"".join(struct.pack("<q", x) for x in v[value_at:value_at + n])
            value_at += n
            header = tc.encode_struct([
                tc.Field(1, tc.I32, 0), tc.Field(2, tc.I32, len(body)), tc.Field(3, tc.I32, len(body)),
                tc.Field(5, tc.STRUCT, [tc.Field(1, tc.I32, len(pd)), tc.Field(2, tc.I32, 0),
                                        tc.Field(3, tc.I32, 3), tc.Field(4, tc.I32, 3)])])
            out += header + body
        size = len(out) - start
        total += size
        md = tc.get(cc, 3)
        tc.put(md, 2, tc.LIST, tc.TList(tc.I32, [0, 3]))
        tc.put(md, 5, tc.I64, len(d))
        tc.put(md, 6, tc.I64, size)
        tc.put(md, 7, tc.I64, size)
        tc.put(md, 9, tc.I64, start)
        tc.drop(md, 11)
        tc.drop(md, 12)
        tc.drop(md, 13)
        tc.drop(md, 16)
        tc.put(cc, 2, tc.I64, start)
        for fid in (4, 5, 6, 7):
            tc.drop(cc, fid)
    tc.put(rg, 2, tc.I64, total)
    tc.put(rg, 5, tc.I64, 4)
    tc.put(rg, 6, tc.I64, total)
    meta = tc.encode_struct(fmd)
    out += meta + struct.pack("<i", len(meta)) + b"PAR1"
    with open(path, "wb") as f:
        f.write(out)
    record(rel, ["nested", "list", "split", "nulls_10", "tiny_pages", "v1", "records_cross_pages"],
           "list records cut across v1 pages every %d level entries" % levels_per_page)


# --------------------------------------------------------------------------------------
# Example dataset (what `data-designer create` writes), for the README's main command
# --------------------------------------------------------------------------------------

EXAMPLE_CONFIG = {
    "columns": [
        {"name": "id", "column_type": "sampler", "sampler_type": "uuid", "params": {}},
        {"name": "category", "column_type": "sampler", "sampler_type": "category",
         "params": {"values": ["books", "electronics", "garden", "toys", "grocery"]}},
        {"name": "age", "column_type": "sampler", "sampler_type": "uniform",
         "params": {"low": 18, "high": 90}, "convert_to": "int"},
        {"name": "score", "column_type": "sampler", "sampler_type": "gaussian",
         "params": {"mean": 50, "stddev": 15, "decimal_places": 3}},
        {"name": "is_member", "column_type": "sampler", "sampler_type": "bernoulli", "params": {"p": 0.4}},
        {"name": "signup_date", "column_type": "sampler", "sampler_type": "datetime",
         "params": {"start": "2020-01-01", "end": "2024-12-31", "unit": "s"}, "convert_to": "%Y-%m-%d %H:%M:%S"},
        {"name": "last_seen", "column_type": "sampler", "sampler_type": "datetime",
         "params": {"start": "2024-01-01", "end": "2024-12-31", "unit": "s"}},
        {"name": "review", "column_type": "expression", "expr": "{{ category }} review", "dtype": "str"},
        {"name": "referral_code", "column_type": "expression", "expr": "", "dtype": "str"},
    ]
}


def gen_example_dataset() -> None:
    import pandas as pd
    base = os.path.join(HERE, "example-dataset")
    if os.path.isdir(base):
        shutil.rmtree(base)
    os.makedirs(os.path.join(base, "parquet-files"))
    rng = np.random.default_rng(2024)
    cats = ["books", "electronics", "garden", "toys", "grocery"]
    words = ["great", "value", "arrived", "late", "excellent", "quality", "would", "buy", "again", "not",
             "as", "described", "fast", "shipping", "ok", "\"best\"", "café", "naïve", "über", "😀"]
    files = []
    for b in range(3):
        n = 50
        ids = [str(__import__("uuid").UUID(bytes=rng.bytes(16), version=4)) for _ in range(n)]
        cat = [cats[i] for i in rng.integers(0, len(cats), n)]
        age = rng.integers(18, 91, n).astype("int64")
        score = np.round(rng.normal(50, 15, n), 3)
        flag = rng.random(n) < 0.4
        start = 1577836800
        secs = rng.integers(start, 1735603200, n)
        signup = [pd.Timestamp(int(s), unit="s").strftime("%Y-%m-%d %H:%M:%S") for s in secs]
        last_seen = pd.to_datetime(rng.integers(1704067200, 1735603200, n) * 10**9 + rng.integers(0, 10**9, n))
        review = [" ".join(words[j] for j in rng.integers(0, len(words), rng.integers(1, 12))) for _ in range(n)]
        if b == 1:
            # A batch where the mostly-null column is entirely None: pandas writes the
            # untyped "null" Parquet type, and export must unify it with the others.
            referral = [None] * n
        else:
            referral = [f"REF-{int(rng.integers(1000, 9999))}" if rng.random() < 0.1 else None for _ in range(n)]
        df = pd.DataFrame({"id": ids, "category": cat, "age": age, "score": score, "is_member": flag,
                           "signup_date": signup, "last_seen": last_seen, "review": review,
                           "referral_code": pd.Series(referral, dtype=object)})
        rel = f"parquet-files/batch_{b:05d}.parquet"
        df.to_parquet(os.path.join(base, rel), compression="snappy")
        files.append(rel)
    golden = b"".join(render.render_jsonl(os.path.join(base, f)) for f in files)
    with open(os.path.join(base, "example-dataset.jsonl"), "wb") as f:
        f.write(golden)
    # One header, then every batch's rows (the null-typed referral_code batch is all empty).
    csv_golden = render.csv_header(pq.ParquetFile(os.path.join(base, files[0])).schema_arrow.names) + \
        b"".join(render.render_csv(os.path.join(base, f), header=False) for f in files)
    with open(os.path.join(base, "example-dataset.csv"), "wb") as f:
        f.write(csv_golden)
    canonical = json.dumps(EXAMPLE_CONFIG, sort_keys=True, separators=(",", ":")).encode()
    meta = {
        "target_num_records": 150, "original_target_num_records": 150, "actual_num_records": 150,
        "total_num_batches": 3, "num_completed_batches": 3, "buffer_size": 50,
        "dataset_name": "example-dataset", "seed": 2024,
        "file_paths": {"parquet-files": files},
        "config_hash": "sha256:" + hashlib.sha256(canonical).hexdigest(),
        "config_hash_algo": "sha256", "config_hash_version": 1,
    }
    with open(os.path.join(base, "metadata.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    MANIFEST.append({"file": "example-dataset", "golden": "example-dataset/example-dataset.jsonl",
                     "csv_golden": "example-dataset/example-dataset.csv",
                     "features": ["dataset", "pandas", "snappy", "null_type_batch"], "rows": 150,
                     "row_groups": 3, "nested": False, "columns": list(df.columns),
                     "codecs": sorted({c for f in files for c in footer_facts(os.path.join(base, f))["codecs"]}),
                     "encodings": sorted({e for f in files for e in footer_facts(os.path.join(base, f))["encodings"]}),
                     "note": "batch_00001 has referral_code all None (Parquet Null type); unify with STRING"})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conformance", action="store_true", help="also regenerate Fixtures/conformance/")
    ap.add_argument("--parquet-testing", default="/work/shared/parquet-testing",
                    help="apache/parquet-testing checkout (for --conformance)")
    args = ap.parse_args()
    for d in ("flat", "nested", "split"):
        p = os.path.join(HERE, d)
        if os.path.isdir(p):
            shutil.rmtree(p)
    gen_flat()
    gen_nested()
    gen_split()
    gen_example_dataset()
    import drift
    drift.main([os.path.join(HERE, "drift")])
    manifest = {"generator": "scripts/golden/fixtures.py", "pyarrow": pa.__version__, "fixtures": MANIFEST}
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(MANIFEST)} fixtures written")
    if args.conformance:
        import conformance
        conformance.main([args.parquet_testing, os.path.join(HERE, "conformance")])
    return 0


if __name__ == "__main__":
    sys.exit(main())

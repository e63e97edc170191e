#!/usr/bin/env python3
"""Checks the inspection commands' outputs against pyarrow and an independent Thrift decoder.

    swift build --product data-designer
    python3 scripts/golden/check_inspect.py [.build/debug/data-designer] [--corpus DIR] [-v]

For every Fixtures/**/*.parquet and every parquet-testing data/**/*.parquet (and bad_data/):
- `meta --json`: every member equals the footer decoded here with thrift_compact.py and named by
  the tables below (parquet.thrift field names, enum names, base64 binaries); then the facts
  pyarrow's FileMetaData / RowGroupMetaData / ColumnChunkMetaData / Statistics report: created_by,
  num_rows, row groups, key-value metadata, schema paths and physical types, sorting columns, per
  chunk file_offset, path_in_schema, physical type, codec, encodings (as a set), num_values,
  offsets and sizes, bloom filter offset/length, page index presence (has_offset_index /
  has_column_index), statistics null/distinct counts, raw min/max (pyarrow's min_raw/max_raw vs
  the PLAIN-decoded bytes) and the decoded bounds for integer, float and string columns.
- `layout --json`: every page of every chunk equals the raw page headers read here (type,
  offset, header size, sizes, values, nulls/rows for v2, encoding, CRC presence), with
  first_row_index from the raw offset index; row counts and index/bloom flags vs pyarrow.
- `schema --json` (single files pyarrow opens): leaf paths, physical types, repetition, records
  and row groups vs pyarrow.
- `sample`: for three seeds and sizes, the records equal the golden lines (Fixtures/conformance
  or Fixtures/*/*.jsonl) at positions from a Python port of the sampler.
Files the tool refuses must be refused with one `error:` line naming the file, and are listed.
Ends with `N checked, M failed` (exit 1 on any failure).
"""
from __future__ import annotations

import argparse
import base64
import json
import math
import os
import struct
import subprocess
import sys

import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import footer  # noqa: E402
import thrift_compact as tc  # noqa: E402
from inspect_fixtures import DEFAULT_CORPUS, FIXTURES, REPO, sample_positions  # noqa: E402

TYPES = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"]
CONVERTED = ["UTF8", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME_MILLIS", "TIME_MICROS",
             "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16",
             "INT_32", "INT_64", "JSON", "BSON", "INTERVAL"]
REPETITION = ["REQUIRED", "OPTIONAL", "REPEATED"]
ENCODINGS = [footer.ENCODINGS[i] for i in range(10)]
CODECS = [footer.CODECS[i] for i in range(8)]
PAGE_TYPES = ["DATA_PAGE", "INDEX_PAGE", "DICTIONARY_PAGE", "DATA_PAGE_V2"]
EDGES = ["SPHERICAL", "VINCENTY", "THOMAS", "ANDOYER", "KARNEY"]

INTS = (tc.BYTE, tc.I16, tc.I32, tc.I64)

# Struct layouts: field id -> (name, kind). Kinds: "int", "str", "bin", "bool", ("enum", names),
# ("list", kind), ("struct", layout), ("union", members) where members maps id -> (name, layout).
TIME_UNIT = {1: ("MILLIS", {}), 2: ("MICROS", {}), 3: ("NANOS", {})}
LOGICAL = {
    1: ("STRING", {}), 2: ("MAP", {}), 3: ("LIST", {}), 4: ("ENUM", {}),
    5: ("DECIMAL", {1: ("scale", "int"), 2: ("precision", "int")}), 6: ("DATE", {}),
    7: ("TIME", {1: ("isAdjustedToUTC", "bool"), 2: ("unit", ("union", TIME_UNIT))}),
    8: ("TIMESTAMP", {1: ("isAdjustedToUTC", "bool"), 2: ("unit", ("union", TIME_UNIT))}),
    10: ("INTEGER", {1: ("bitWidth", "int"), 2: ("isSigned", "bool")}), 11: ("UNKNOWN", {}),
    12: ("JSON", {}), 13: ("BSON", {}), 14: ("UUID", {}), 15: ("FLOAT16", {}),
    16: ("VARIANT", {1: ("specification_version", "int")}), 17: ("GEOMETRY", {1: ("crs", "str")}),
    18: ("GEOGRAPHY", {1: ("crs", "str"), 2: ("algorithm", ("enum", EDGES))}),
}
KEY_VALUE = {1: ("key", "str"), 2: ("value", "str")}
SCHEMA_ELEMENT = {
    1: ("type", ("enum", TYPES)), 2: ("type_length", "int"), 3: ("repetition_type", ("enum", REPETITION)),
    4: ("name", "str"), 5: ("num_children", "int"), 6: ("converted_type", ("enum", CONVERTED)),
    7: ("scale", "int"), 8: ("precision", "int"), 9: ("field_id", "int"), 10: ("logicalType", ("union", LOGICAL)),
}
STATISTICS = {
    1: ("max", "bin"), 2: ("min", "bin"), 3: ("null_count", "int"), 4: ("distinct_count", "int"),
    5: ("max_value", "bin"), 6: ("min_value", "bin"), 7: ("is_max_value_exact", "bool"), 8: ("is_min_value_exact", "bool"),
    9: ("nan_count", "int"),
}
SIZE_STATISTICS = {1: ("unencoded_byte_array_data_bytes", "int"), 2: ("repetition_level_histogram", ("list", "int")),
                   3: ("definition_level_histogram", ("list", "int"))}
BOUNDING_BOX = {1: ("xmin", "double"), 2: ("xmax", "double"), 3: ("ymin", "double"), 4: ("ymax", "double"),
                5: ("zmin", "double"), 6: ("zmax", "double"), 7: ("mmin", "double"), 8: ("mmax", "double")}
GEOSPATIAL_STATISTICS = {1: ("bbox", ("struct", BOUNDING_BOX)), 2: ("geospatial_types", ("list", "int"))}
ENCODING_STATS = {1: ("page_type", ("enum", PAGE_TYPES)), 2: ("encoding", ("enum", ENCODINGS)), 3: ("count", "int")}
COLUMN_META = {
    1: ("type", ("enum", TYPES)), 2: ("encodings", ("list", ("enum", ENCODINGS))), 3: ("path_in_schema", ("list", "str")),
    4: ("codec", ("enum", CODECS)), 5: ("num_values", "int"), 6: ("total_uncompressed_size", "int"),
    7: ("total_compressed_size", "int"), 8: ("key_value_metadata", ("list", ("struct", KEY_VALUE))),
    9: ("data_page_offset", "int"), 10: ("index_page_offset", "int"), 11: ("dictionary_page_offset", "int"),
    12: ("statistics", ("struct", STATISTICS)), 13: ("encoding_stats", ("list", ("struct", ENCODING_STATS))),
    14: ("bloom_filter_offset", "int"), 15: ("bloom_filter_length", "int"),
    16: ("size_statistics", ("struct", SIZE_STATISTICS)), 17: ("geospatial_statistics", ("struct", GEOSPATIAL_STATISTICS)),
}
COLUMN_CHUNK = {
    1: ("file_path", "str"), 2: ("file_offset", "int"), 3: ("meta_data", ("struct", COLUMN_META)),
    4: ("offset_index_offset", "int"), 5: ("offset_index_length", "int"), 6: ("column_index_offset", "int"),
    7: ("column_index_length", "int"),
}
SORTING = {1: ("column_idx", "int"), 2: ("descending", "bool"), 3: ("nulls_first", "bool")}
ROW_GROUP = {
    1: ("columns", ("list", ("struct", COLUMN_CHUNK))), 2: ("total_byte_size", "int"), 3: ("num_rows", "int"),
    4: ("sorting_columns", ("list", ("struct", SORTING))), 5: ("file_offset", "int"),
    6: ("total_compressed_size", "int"), 7: ("ordinal", "int"),
}
COLUMN_ORDER = {1: ("TYPE_ORDER", {}), 2: ("IEEE_754_TOTAL_ORDER", {}), 3: ("INT96_TIMESTAMP_ORDER", {})}
FILE_META = {
    1: ("version", "int"), 2: ("schema", ("list", ("struct", SCHEMA_ELEMENT))), 3: ("num_rows", "int"),
    4: ("row_groups", ("list", ("struct", ROW_GROUP))), 5: ("key_value_metadata", ("list", ("struct", KEY_VALUE))),
    6: ("created_by", "str"), 7: ("column_orders", ("list", ("union", COLUMN_ORDER))),
}
LAYOUT_NAMES = {id(v): k for k, v in {
    "FileMetaData": FILE_META, "RowGroup": ROW_GROUP, "ColumnChunk": COLUMN_CHUNK, "ColumnMetaData": COLUMN_META,
    "Statistics": STATISTICS, "SchemaElement": SCHEMA_ELEMENT, "KeyValue": KEY_VALUE, "SortingColumn": SORTING,
    "PageEncodingStats": ENCODING_STATS, "SizeStatistics": SIZE_STATISTICS, "BoundingBox": BOUNDING_BOX,
    "GeospatialStatistics": GEOSPATIAL_STATISTICS}.items()}
# Fields the tool reads but leaves out of empty lists (key-value metadata, column orders,
# level histograms).
OMIT_EMPTY = {"key_value_metadata", "column_orders", "repetition_level_histogram", "definition_level_histogram"}

unshown: dict = {}


class Mismatch(Exception):
    pass


def convert(kind, ttype, value):
    """The JSON the tool must print for a raw value, or raise Mismatch when the wire type does
    not fit (the tool skips such fields)."""
    if kind == "int":
        if ttype not in INTS:
            raise Mismatch
        return value
    if kind == "str":
        if ttype != tc.BINARY:
            raise Mismatch
        return value.decode("utf-8", "replace")
    if kind == "double":
        if ttype != tc.DOUBLE:
            raise Mismatch
        return value
    if kind == "bin":
        if ttype != tc.BINARY:
            raise Mismatch
        return base64.b64encode(value).decode()
    if kind == "bool":
        if ttype not in (tc.BOOL_TRUE, tc.BOOL_FALSE):
            raise Mismatch
        return bool(value)
    tag = kind[0]
    if tag == "enum":
        if ttype not in INTS:
            raise Mismatch
        names = kind[1]
        return names[value] if 0 <= value < len(names) else value
    if tag == "list":
        if ttype not in (tc.LIST, tc.SET):
            raise Mismatch
        return [convert(kind[1], value.etype, item) for item in value.items]
    if tag == "struct":
        if ttype != tc.STRUCT:
            raise Mismatch
        return struct_json(value, kind[1])
    if tag == "union":
        if ttype != tc.STRUCT or not value:
            raise Mismatch
        first = value[0]
        name, layout = kind[1].get(first.fid, (str(first.fid), {}))
        return {name: struct_json(first.value, layout) if first.ttype == tc.STRUCT else {}}
    raise ValueError(kind)


def struct_json(fields, layout) -> dict:
    where = LAYOUT_NAMES.get(id(layout), "union member")
    out = {}
    for f in fields:
        if f.fid not in layout:
            unshown[(where, f.fid)] = unshown.get((where, f.fid), 0) + 1
            continue
        name, kind = layout[f.fid]
        try:
            value = convert(kind, f.ttype, f.value)
        except Mismatch:
            key = (where, f"{f.fid} (wrong wire type, skipped)")
            unshown[key] = unshown.get(key, 0) + 1
            continue
        if name in OMIT_EMPTY and value == []:
            continue
        out[name] = value
    return out


def expected_footer(path: str) -> dict:
    fmd = footer.read_footer(path)
    return struct_json(fmd, FILE_META)


def strip_decoded(value):
    if isinstance(value, dict):
        return {k: strip_decoded(v) for k, v in value.items() if k not in ("decoded_min", "decoded_max")}
    if isinstance(value, list):
        return [strip_decoded(v) for v in value]
    return value


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: {'missing in tool output' if k not in a else 'not expected'}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} elements != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


# ---------------------------------------------------------------- pyarrow facts

PA_CODECS = {"UNCOMPRESSED": "UNCOMPRESSED", "SNAPPY": "SNAPPY", "GZIP": "GZIP", "BROTLI": "BROTLI",
             "ZSTD": "ZSTD", "LZ4": "LZ4_RAW", "LZO": "LZO"}


def plain_decode(raw: bytes, physical: str):
    if physical == "INT32":
        return struct.unpack("<i", raw)[0] if len(raw) == 4 else None
    if physical == "INT64":
        return struct.unpack("<q", raw)[0] if len(raw) == 8 else None
    if physical == "FLOAT":
        return struct.unpack("<f", raw)[0] if len(raw) == 4 else None
    if physical == "DOUBLE":
        return struct.unpack("<d", raw)[0] if len(raw) == 8 else None
    if physical == "BOOLEAN":
        return bool(raw[0]) if len(raw) == 1 else None
    return raw


def same_number(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return False
        return (math.isnan(a) and math.isnan(b)) or a == b
    return a == b


def pyarrow_checks(path: str, meta: dict, fails: list) -> int:
    pf = pq.ParquetFile(path)
    m = pf.metadata
    checks = 0

    def check(cond, what):
        nonlocal checks
        checks += 1
        if not cond:
            fails.append(f"{path}: pyarrow: {what}")

    check(meta.get("created_by") == (m.created_by or None), f"created_by {meta.get('created_by')!r} vs {m.created_by!r}")
    check(meta["num_rows"] == m.num_rows, "num_rows")
    check(len(meta["row_groups"]) == m.num_row_groups, "row group count")
    kv = {e["key"].encode(): (e.get("value") or "").encode() for e in meta.get("key_value_metadata", [])}
    check(kv == {k: v for k, v in (m.metadata or {}).items()}, "key_value_metadata")
    leaves = [m.schema.column(i) for i in range(m.num_columns)]
    for g, rg_json in enumerate(meta["row_groups"]):
        rg = m.row_group(g)
        check(rg_json["num_rows"] == rg.num_rows, f"rg {g} num_rows")
        check(rg_json["total_byte_size"] == rg.total_byte_size, f"rg {g} total_byte_size")
        check(len(rg_json["columns"]) == rg.num_columns, f"rg {g} columns")
        sorting = [(s["column_idx"], s["descending"], s["nulls_first"]) for s in rg_json.get("sorting_columns", [])]
        check(sorting == [(s.column_index, s.descending, s.nulls_first) for s in rg.sorting_columns], f"rg {g} sorting_columns")
        for c, cc_json in enumerate(rg_json["columns"]):
            cc = rg.column(c)
            md = cc_json["meta_data"]
            where = f"rg {g} column {c} ({cc.path_in_schema})"
            check(cc_json["file_offset"] == cc.file_offset, f"{where} file_offset")
            check(cc_json.get("file_path", "") == cc.file_path, f"{where} file_path")
            check(".".join(md["path_in_schema"]) == cc.path_in_schema, f"{where} path_in_schema")
            check(md["type"] == cc.physical_type, f"{where} type")
            check(md["num_values"] == cc.num_values, f"{where} num_values")
            if cc.compression in PA_CODECS:
                check(md["codec"] == PA_CODECS[cc.compression], f"{where} codec {md['codec']} vs {cc.compression}")
            check(set(md["encodings"]) == set(cc.encodings), f"{where} encodings {md['encodings']} vs {cc.encodings}")
            check(md["data_page_offset"] == cc.data_page_offset, f"{where} data_page_offset")
            if cc.has_dictionary_page:
                check(md.get("dictionary_page_offset") == cc.dictionary_page_offset, f"{where} dictionary_page_offset")
            check(md["total_compressed_size"] == cc.total_compressed_size, f"{where} total_compressed_size")
            check(md["total_uncompressed_size"] == cc.total_uncompressed_size, f"{where} total_uncompressed_size")
            check(md.get("bloom_filter_offset") == cc.bloom_filter_offset, f"{where} bloom_filter_offset")
            check(md.get("bloom_filter_length") == cc.bloom_filter_length, f"{where} bloom_filter_length")
            check(("offset_index_offset" in cc_json) == cc.has_offset_index, f"{where} has_offset_index")
            check(("column_index_offset" in cc_json) == cc.has_column_index, f"{where} has_column_index")
            stats = md.get("statistics")
            # pyarrow hides statistics it does not trust (old writers); the tool shows the footer.
            check(stats is not None or not cc.is_stats_set, f"{where} is_stats_set")
            if stats is None or not cc.is_stats_set:
                continue
            s = cc.statistics
            check(stats.get("null_count") == (s.null_count if s.has_null_count else None), f"{where} null_count")
            check(stats.get("distinct_count") == (s.distinct_count if s.has_distinct_count else None), f"{where} distinct_count")
            if not s.has_min_max:
                continue
            raw_min = stats.get("min_value", stats.get("min"))
            raw_max = stats.get("max_value", stats.get("max"))
            if raw_min is not None and raw_max is not None:
                lo = plain_decode(base64.b64decode(raw_min), md["type"])
                hi = plain_decode(base64.b64decode(raw_max), md["type"])
                check(same_number(lo, s.min_raw) and same_number(hi, s.max_raw),
                      f"{where} raw min/max {lo!r}/{hi!r} vs {s.min_raw!r}/{s.max_raw!r}")
            leaf = leaves[c]
            logical, converted = leaf.logical_type.type, leaf.converted_type
            if md["type"] == "BYTE_ARRAY":
                comparable = logical == "STRING" or (logical == "NONE" and converted == "UTF8")
            else:
                comparable = md["type"] in ("INT32", "INT64", "FLOAT", "DOUBLE", "BOOLEAN") and (
                    (logical == "NONE" and converted == "NONE") or (logical == "INT" and leaf.logical_type.to_json().find('"isSigned":true') >= 0))
            if comparable and "decoded_min" in stats:
                lo, hi = stats["decoded_min"], stats["decoded_max"]
                if md["type"] == "FLOAT":  # the tool prints the shortest float32 text
                    f32 = lambda x: struct.unpack("<f", struct.pack("<f", x))[0]  # noqa: E731
                    lo, hi = f32(lo), f32(hi)
                check(same_number(lo, s.min) and same_number(hi, s.max),
                      f"{where} decoded {stats['decoded_min']!r}/{stats['decoded_max']!r} vs {s.min!r}/{s.max!r}")
    return checks


# ---------------------------------------------------------------- layout

def round_half_up(x: float) -> float:
    """x to 3 decimals, halves away from zero (Swift's rounded())."""
    v = x * 1000
    n = math.floor(v)
    return (n + (1 if v - n >= 0.5 else 0)) / 1000


def raw_layout(path: str) -> list:
    fmd = footer.read_footer(path)
    with open(path, "rb") as f:
        data = f.read()
    chunks = []
    for rg in tc.get(fmd, 4).items:
        for cc in tc.get(rg, 1).items:
            md = tc.get(cc, 3)
            first_rows = {}
            oi_off, oi_len = tc.get(cc, 4), tc.get(cc, 5)
            if oi_off is not None and oi_len:
                index, _ = tc.decode_struct(data[oi_off:oi_off + oi_len])
                for loc in tc.get(index, 1).items:
                    first_rows[tc.get(loc, 1)] = tc.get(loc, 3)
            pages = []
            size = tc.get(md, 7)
            offsets = [o for o in (tc.get(md, 9), tc.get(md, 11)) if o is not None and o >= 4]
            pos = min(offsets) if size else 0
            end = pos + size
            while pos < end:
                header, hend = tc.decode_struct(data, pos)
                kind = tc.get(header, 1)
                page = {"page_type": PAGE_TYPES[kind] if kind < 4 else kind, "offset": pos, "header_bytes": hend - pos,
                        "compressed_bytes": tc.get(header, 3), "uncompressed_bytes": tc.get(header, 2),
                        "has_crc": tc.get(header, 4) is not None}
                sub = tc.get(header, 5) or tc.get(header, 8) or tc.get(header, 7)
                if sub is not None:
                    page["num_values"] = tc.get(sub, 1)
                    enc = tc.get(sub, 4 if tc.get(header, 8) is not None else 2)
                    page["encoding"] = ENCODINGS[enc] if 0 <= enc < 10 else enc
                if tc.get(header, 8) is not None:
                    v2 = tc.get(header, 8)
                    page["num_nulls"], page["num_rows"] = tc.get(v2, 2), tc.get(v2, 3)
                    page["is_compressed"] = tc.get(v2, 7, True)
                if pos in first_rows:
                    page["first_row_index"] = first_rows[pos]
                if tc.get(header, 7) is not None and tc.get(tc.get(header, 7), 3) is not None:
                    page["is_sorted"] = tc.get(tc.get(header, 7), 3)
                comp = page["compressed_bytes"]
                page["compression_ratio"] = round_half_up(page["uncompressed_bytes"] / comp) if comp > 0 else None
                pages.append(page)
                pos = hend + comp
            chunks.append(pages)
    return chunks


def layout_checks(path: str, layout: dict, fails: list) -> int:
    expected = raw_layout(path)
    got = [col["pages"] for rg in layout["row_groups"] for col in rg["columns"]]
    checks = 1
    if len(got) != len(expected):
        fails.append(f"{path}: layout: {len(got)} chunks vs {len(expected)}")
        return checks
    for i, (a, b) in enumerate(zip(got, expected)):
        checks += 1
        d = first_difference(a, b, f"chunk {i}")
        if d:
            fails.append(f"{path}: layout: {d}")
            break
    try:
        m = pq.ParquetFile(path).metadata
    except Exception:  # noqa: BLE001
        return checks
    for g, rg in enumerate(layout["row_groups"]):
        checks += 1
        if rg["num_rows"] != m.row_group(g).num_rows:
            fails.append(f"{path}: layout: row group {g} num_rows")
        for c, col in enumerate(rg["columns"]):
            cc = m.row_group(g).column(c)
            checks += 1
            if (col["has_offset_index"], col["has_column_index"], col["has_bloom_filter"]) != (
                    cc.has_offset_index, cc.has_column_index, cc.bloom_filter_offset is not None):
                fails.append(f"{path}: layout: rg {g} column {c} index/bloom flags")
    return checks


# ---------------------------------------------------------------- schema and sample

def schema_checks(cli: str, path: str, fails: list) -> int:
    try:
        pf = pq.ParquetFile(path)
    except Exception:  # noqa: BLE001
        return 0
    out = subprocess.run([cli, "schema", "--json", path], capture_output=True, text=True)
    if out.returncode != 0:
        fails.append(f"{path}: schema --json failed: {out.stderr.strip()}")
        return 1
    doc = json.loads(out.stdout)
    leaves = []

    def walk(fields):
        for f in fields:
            if "children" in f:
                walk(f["children"])
            else:
                leaves.append(f)
    walk(doc["fields"])
    m = pf.metadata
    expected = [(m.schema.column(i).path, m.schema.column(i).physical_type) for i in range(m.num_columns)]
    got = [(f["path"], f["physical_type"]) for f in leaves]
    checks = 2
    if got != expected:
        fails.append(f"{path}: schema --json leaves {got[:3]}... vs {expected[:3]}...")
    if doc["files"] != [{"path": path, "records": sum(m.row_group(g).num_rows for g in range(m.num_row_groups)),
                         "row_groups": m.num_row_groups}]:
        fails.append(f"{path}: schema --json files {doc['files']}")
    return checks


def golden_lines(path: str):
    rel = os.path.relpath(path, FIXTURES)
    if not rel.startswith(".."):
        golden = os.path.splitext(path)[0] + ".jsonl"
    else:
        corpus_rel = os.path.relpath(path, os.path.join(ARGS.corpus, "data"))
        golden = os.path.join(FIXTURES, "conformance", corpus_rel.replace("/", "__") + ".jsonl")
    if not os.path.exists(golden):
        return None
    with open(golden, "rb") as f:
        return f.read().splitlines(keepends=True)


def sample_checks(cli: str, path: str, fails: list) -> int:
    lines = golden_lines(path)
    if lines is None:
        return 0
    checks = 0
    for n, seed in ((1, 1), (5, 77), (max(1, len(lines) // 3), 2024)):
        out = subprocess.run([cli, "sample", path, "-n", str(n), "--seed", str(seed)], capture_output=True)
        checks += 1
        if "corrupt-checksum" in os.path.basename(path):
            # A page checksum does not match: sample refuses the file like export.
            if out.returncode != 1 or b"the page checksum does not match" not in out.stderr:
                fails.append(f"{path}: sample -n {n} --seed {seed}: expected a checksum error, rc {out.returncode}")
            continue
        want = b"".join(lines[i] for i in sample_positions(n, len(lines), seed))
        if out.returncode != 0 or out.stdout != want:
            fails.append(f"{path}: sample -n {n} --seed {seed}: rc {out.returncode} {out.stderr.decode()[:200]}")
    return checks


# ---------------------------------------------------------------- main

def files(corpus: str) -> list:
    found = []
    for root in (FIXTURES, os.path.join(corpus, "data"), os.path.join(corpus, "bad_data")):
        for dirpath, _, names in os.walk(root):
            found += [os.path.join(dirpath, n) for n in names if n.endswith(".parquet")]
    return sorted(found)


def main() -> None:
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("cli", nargs="?", default=os.path.join(REPO, ".build/debug/data-designer"))
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("-v", action="store_true")
    ARGS = ap.parse_args()
    cli = os.path.abspath(ARGS.cli)
    fails: list = []
    checks = 0
    refused = []
    per_file = 0
    for path in files(ARGS.corpus):
        before = len(fails)
        meta_run = subprocess.run([cli, "meta", "--json", path], capture_output=True, text=True)
        layout_run = subprocess.run([cli, "layout", "--json", path], capture_output=True, text=True)
        for name, r in (("meta", meta_run), ("layout", layout_run)):
            if r.returncode != 0:
                checks += 1
                lines = r.stderr.strip().split("\n")
                if r.returncode != 1 or len(lines) != 1 or not lines[0].startswith("error: ") or path not in lines[0]:
                    fails.append(f"{path}: {name} failed without one error line naming the file: {r.stderr[:300]}")
                refused.append(f"{name} {os.path.relpath(path, REPO if path.startswith(REPO) else ARGS.corpus)}: {lines[0][:160]}")
        if meta_run.returncode == 0:
            meta = json.loads(meta_run.stdout)
            checks += 1
            d = first_difference(strip_decoded(meta), expected_footer(path))
            if d:
                fails.append(f"{path}: meta --json vs raw footer: {d}")
            try:
                checks += pyarrow_checks(path, meta, fails)
            except Exception as e:  # noqa: BLE001 - pyarrow cannot open some corpus files
                if ARGS.v:
                    print(f"pyarrow cannot open {path}: {e}")
        if layout_run.returncode == 0:
            checks += layout_checks(path, json.loads(layout_run.stdout), fails)
        if meta_run.returncode == 0:
            checks += schema_checks(cli, path, fails)
            checks += sample_checks(cli, path, fails)
        per_file += 1
        if ARGS.v and len(fails) > before:
            print("\n".join(fails[before:]))
    print(f"files: {per_file}")
    print("refused (expected for corrupt or encrypted inputs):")
    for line in refused:
        print("  " + line)
    if unshown:
        print("footer fields the tool does not show (struct, field id: occurrences):")
        for (where, fid), n in sorted(unshown.items(), key=str):
            print(f"  {where} {fid}: {n}")
    for f in fails[:50]:
        print("FAIL " + f)
    print(f"{checks} checked, {len(fails)} failed")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Schema-drift datasets like real generation runs, with their goldens (dev-time only).

    python3 scripts/golden/drift.py [OUT_DIR]        # default Fixtures/drift

Writes OUT_DIR/<case>/parquet-files/batch_0000k.parquet (pandas to_parquet, pyarrow engine,
Snappy, as a generation run leaves them; the decimal case with pyarrow directly) and
OUT_DIR/manifest.json.  Success cases get `<case>/<case>.jsonl` and `<case>/<case>.csv`:
each batch is cast to the unified schema with pyarrow (scripts/golden/unify.py), written to
a temporary Parquet file and rendered by render.py; the CSV has one header.  Error cases
list what the error must say: `error_file` (the batch at fault, relative to the case
folder), `error_column` (or null) and `error_substrings`.  The empty-folder case is not on
disk (git keeps no empty folder): tests create it.  Deterministic (fixed seeds).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import render  # noqa: E402
import unify  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
CASES: list = []


def batch_path(base: str, case: str, k: int) -> str:
    return os.path.join(base, case, "parquet-files", f"batch_{k:05d}.parquet")


def write_batches(base: str, case: str, frames: list, schemas=None) -> list:
    paths = []
    for k, df in enumerate(frames):
        p = batch_path(base, case, k)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if isinstance(df, pa.Table):
            pq.write_table(df, p, compression="snappy")
        elif schemas and schemas[k] is not None:
            df.to_parquet(p, compression="snappy", schema=schemas[k])
        else:
            df.to_parquet(p, compression="snappy")
        paths.append(p)
    return paths


def render_goldens(base: str, case: str, paths: list) -> dict:
    tables = unify.unified_tables(paths)
    jsonl, csv_rows = b"", b""
    with tempfile.TemporaryDirectory() as tmp:
        for k, t in enumerate(tables):
            p = os.path.join(tmp, f"unified_{k}.parquet")
            pq.write_table(t, p)
            jsonl += render.render_jsonl(p)
            csv_rows += render.render_csv(p, header=False)
    csv = render.csv_header(tables[0].schema.names) + csv_rows
    for ext, data in (("jsonl", jsonl), ("csv", csv)):
        with open(os.path.join(base, case, f"{case}.{ext}"), "wb") as f:
            f.write(data)
    return {"jsonl": f"{case}/{case}.jsonl", "csv": f"{case}/{case}.csv",
            "rows": sum(t.num_rows for t in tables),
            "unified_schema": [f"{f.name}: {f.type}{'' if f.nullable else ' not null'}" for f in tables[0].schema]}


def ok_case(base: str, case: str, frames: list, note: str, schemas=None) -> None:
    paths = write_batches(base, case, frames, schemas)
    CASES.append({"case": case, "expect": "ok", "batches": len(paths), "note": note,
                  **render_goldens(base, case, paths)})


def error_case(base: str, case: str, frames: list, note: str, error_file: str, error_column,
               substrings: list, schemas=None) -> list:
    paths = write_batches(base, case, frames, schemas)
    try:
        unify.unified_tables(paths)
        unifies = True
    except (unify.UnifyError, pa.ArrowException):
        unifies = False
    CASES.append({"case": case, "expect": "error", "batches": len(paths), "note": note,
                  "error_file": error_file, "error_column": error_column, "error_substrings": substrings,
                  "reference_unifies": unifies})
    return paths


def base_frame(rng, n: int, start: int) -> dict:
    return {"id": np.arange(start, start + n, dtype="int64"),
            "name": [f"user {i} ü" if i % 5 else f"quote \"{i}\", comma" for i in range(start, start + n)]}


def gen(base: str) -> None:
    rng = np.random.default_rng(4242)
    n = 6

    # int64 in some batches, double in others -> DOUBLE (2^53 + 1 rounds to nearest).
    frames = []
    for k, kind in enumerate(["int", "float", "int"]):
        d = base_frame(rng, n, k * n)
        if kind == "int":
            d["value"] = np.array([0, -1, 42, 2 ** 53 + 1, -(2 ** 62), int(rng.integers(-1000, 1000))], dtype="int64")
        else:
            d["value"] = np.array([0.5, -0.0, 1e16, np.nan, 3.0, 0.1], dtype="float64")
        d["count"] = pd.array([1, None, 3, 4, None, 6], dtype="Int64") if kind == "int" else \
            np.array([1.5, np.nan, 2.25, 1e-7, 5.0, -2.0])
        frames.append(pd.DataFrame(d))
    ok_case(base, "int_to_double", frames, "value/count: int64 in batches 0 and 2, double in batch 1 -> DOUBLE")

    # A column all None in the first batch (Null type) and strings later; one null everywhere.
    frames = []
    for k in range(3):
        d = base_frame(rng, n, k * n)
        d["referral"] = pd.Series([None] * n, dtype=object) if k == 0 else \
            pd.Series(["REF-1", None, "", "a,b", "line\nbreak", "ünï"][: n], dtype=object)
        d["comment"] = pd.Series([None] * n, dtype=object)
        frames.append(pd.DataFrame(d))
    ok_case(base, "null_then_string", frames,
            "referral: Null type in batch 0, STRING later -> STRING; comment: Null type everywhere stays null")

    # List columns with an all-null batch (pandas writes list<null> / null for them).
    frames = []
    for k in range(3):
        d = base_frame(rng, n, k * n)
        if k == 1:
            d["tags"] = pd.Series([None] * n, dtype=object)
            d["scores"] = pd.Series([None] * n, dtype=object)
            d["notes"] = pd.Series([[None], [], None, [None, None], [None], []], dtype=object)
        else:
            d["tags"] = pd.Series([["a", "b"], [], None, ["x,y", "\"q\""], ["é"], []], dtype=object)
            d["scores"] = pd.Series([[1, 2], None, [], [-(2 ** 40)], [0], [7, 8, 9]], dtype=object)
            d["notes"] = pd.Series([["n1", None], None, [], ["", "x"], [None], ["ok"]], dtype=object)
        frames.append(pd.DataFrame(d))
    ok_case(base, "list_null_batch", frames, "tags/scores: lists, all None in batch 1 (Null type) -> LIST; notes: list<null> in batch 1 -> list<string>")

    # Required in one batch, optional in the others.
    req = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string(), nullable=False),
                     pa.field("score", pa.float64(), nullable=False)])
    frames, schemas = [], []
    for k in range(3):
        d = base_frame(rng, n, k * n)
        d["score"] = np.round(rng.normal(50, 15, n), 3)
        if k == 1:
            d["score"][2] = np.nan  # pandas NaN in a float column: a NaN value (-> null), not a null
            d["name"] = [None if i % 2 else s for i, s in enumerate(d["name"])]
        frames.append(pd.DataFrame(d))
        schemas.append(req if k != 1 else None)
    ok_case(base, "required_optional", frames, "batches 0 and 2 REQUIRED, batch 1 OPTIONAL -> OPTIONAL",
            schemas=schemas)

    # Timestamps in milliseconds and microseconds (naive and UTC) -> microseconds.
    frames = []
    for k, unit in enumerate(["ms", "us", "ms"]):
        d = base_frame(rng, n, k * n)
        raw = [0, -1, 1_700_000_000_123, -2_208_988_800_001, 253_402_300_799_999, 951_782_400_000]
        ts = pd.Series(np.array(raw, dtype="datetime64[ms]")).astype(f"datetime64[{unit}]")
        if unit == "us":
            ts = ts + pd.to_timedelta([0, 1, 456, 999, 0, 7], unit="us")
        ts[3 + k] = pd.NaT if 3 + k < n else ts[3 + k]
        d["created"] = ts
        d["created_utc"] = ts.dt.tz_localize("UTC")
        frames.append(pd.DataFrame(d))
    ok_case(base, "timestamp_units", frames, "created (local) and created_utc: MILLIS in batches 0, 2, MICROS in 1 -> MICROS")

    # Decimals of different precision and scale (pyarrow; pandas has no decimal dtype).
    specs = [((7, 2), (30, 5)), ((10, 4), (20, 10)), ((5, 0), (38, 0))]
    vals = [["12.34", "-0.05", "99999.99", None, "0", "-12345.6"],
            ["123456.7891", "-0.0001", None, "1", "0.5", "-999999.9999"],
            ["99999", "-1", "0", None, "42", "-99999"]]
    big = [["1234567890123456789012345.12345", "-0.00001", None, "0", "7", "-1.5"],
           ["1234567890.0123456789", "-0.0000000001", None, "9999999999.9999999999", "0", "3"],
           ["12345678901234567890123456789012345678", "-1", "0", None, "5", "-99999999999999999999999999"]]
    tables = []
    for k, ((p1, s1), (p2, s2)) in enumerate(specs):
        tables.append(pa.table({
            "id": pa.array(range(k * n, k * n + n), pa.int64()),
            "price": pa.array([None if v is None else Decimal(v) for v in vals[k]], pa.decimal128(p1, s1)),
            "amount": pa.array([None if v is None else Decimal(v) for v in big[k]], pa.decimal128(p2, s2)),
        }))
    ok_case(base, "decimal_scales", tables[:2],
            "price DECIMAL(7,2)+(10,4) -> (10,4); amount (30,5)+(20,10) -> (35,10)")
    error_case(base, "decimal_precision_overflow", tables, "amount (35,10) + (38,0) needs 48 digits",
               "parquet-files/batch_00002.parquet", "amount", ["cannot unify", "DECIMAL", "38"])

    # Integer and float widths: int8/int16/int32 -> int32... ; float32 + float64 -> double.
    frames = []
    for k, (it, ft) in enumerate([("int8", "float32"), ("int32", "float64"), ("int16", "float32")]):
        d = base_frame(rng, n, k * n)
        d["small"] = np.array([0, -1, 1, 100, -100, 127 if it == "int8" else 30000], dtype=it)
        d["ratio"] = np.array([0.1, -0.5, 1e-5, 3.4e38 if ft == "float32" else 1e300, 0.0, 2.5], dtype=ft)
        frames.append(pd.DataFrame(d))
    ok_case(base, "numeric_widths", frames, "small int8/int32/int16 -> int32; ratio float32/float64 -> double")

    # ---- errors ----
    frames = []
    for k in range(3):
        d = base_frame(rng, n, k * n)
        d["code"] = np.arange(n, dtype="int64") if k != 1 else [f"C{i}" for i in range(n)]
        frames.append(pd.DataFrame(d))
    error_case(base, "string_vs_int", frames, "code: INT64 in batch 0, STRING in batch 1",
               "parquet-files/batch_00001.parquet", "code", ["cannot unify", "INT64", "STRING",
                                                             "batch_00000.parquet", "batch_00001.parquet"])

    frames = []
    for k in range(3):
        d = base_frame(rng, n, k * n)
        if k != 1:
            d["score"] = np.arange(n, dtype="float64")
        frames.append(pd.DataFrame(d))
    error_case(base, "missing_column", frames, "score missing from batch 1",
               "parquet-files/batch_00001.parquet", "score", ["missing", "batch_00000.parquet", "batch_00001.parquet"])

    frames = []
    for k in range(3):
        d = base_frame(rng, n, k * n)
        if k == 2:
            d["bonus"] = np.arange(n, dtype="int64")
        frames.append(pd.DataFrame(d))
    error_case(base, "extra_column", frames, "bonus only in batch 2",
               "parquet-files/batch_00002.parquet", "bonus", ["batch_00002.parquet", "batch_00000.parquet"])

    # Corrupt batch in the middle: batch 1 cut to half its bytes (its footer is gone).
    frames = [pd.DataFrame({**base_frame(rng, 40, k * 40), "v": np.arange(40, dtype="float64")}) for k in range(3)]
    paths = error_case(base, "corrupt_truncated", frames, "batch 1 truncated to half its bytes",
                       "parquet-files/batch_00001.parquet", None, ["batch_00001.parquet"])
    with open(paths[1], "rb") as f:
        data = f.read()
    with open(paths[1], "wb") as f:
        f.write(data[: len(data) // 2])
    CASES[-1]["reference_unifies"] = False

    # Corrupt batch in the middle with its footer intact: the first data page header of
    # column `v` overwritten, so batch 0 is exported before the failure.
    paths = error_case(base, "corrupt_page", frames, "batch 1: page header of column v garbled (footer intact)",
                       "parquet-files/batch_00001.parquet", "v", ["batch_00001.parquet"])
    meta = pq.ParquetFile(paths[1]).metadata
    cc = meta.row_group(0).column(meta.schema.names.index("v"))
    offset = cc.dictionary_page_offset if cc.has_dictionary_page else cc.data_page_offset
    with open(paths[1], "r+b") as f:
        f.seek(offset)
        f.write(b"\xff" * 12)
    CASES[-1]["reference_unifies"] = True  # the schemas unify; the data does not read

    CASES.append({"case": "empty_folder", "expect": "error", "batches": 0, "on_disk": False,
                  "note": "a dataset folder whose parquet-files/ is empty (created by the tests)",
                  "error_file": "parquet-files", "error_column": None, "error_substrings": ["no Parquet files"],
                  "reference_unifies": False})


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    base = argv[0] if argv else os.path.join(ROOT, "Fixtures", "drift")
    if os.path.isdir(base):
        shutil.rmtree(base)
    os.makedirs(base)
    gen(base)
    with open(os.path.join(base, "manifest.json"), "w") as f:
        json.dump({"generator": "scripts/golden/drift.py", "pyarrow": pa.__version__, "pandas": pd.__version__,
                   "cases": CASES}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(CASES)} drift cases written to {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Cross-check goldens against an independent Parquet reader (polars, Rust).

    python3 scripts/golden/crosscheck.py Fixtures/manifest.json

For every flat fixture column polars can read, compares the golden JSONL values with
polars' values (ints, bools, floats at their width, strings, base64 binary, decimals,
dates, times and timestamps via their integer representation).  Dev-time only.
"""
import base64
import datetime
import json
import math
import os
import sys
from decimal import Decimal

import numpy as np
import polars as pl
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402


class RawNumber(str):
    """A JSON number kept as its exact text."""


def check_file(path, golden):
    rows = [json.loads(line, parse_float=RawNumber, parse_int=RawNumber) for line in open(golden, encoding="utf-8")]
    try:
        df = pl.read_parquet(path)
    except Exception as e:  # noqa: BLE001
        return 0, [f"polars cannot read: {str(e)[:80]}"]
    schema = pq.ParquetFile(path).schema
    checked, problems = 0, []
    for i, name in enumerate(df.columns):
        col = schema.column(i)
        s = df[name]
        dt = s.dtype
        try:
            if dt.is_temporal() and dt != pl.Time and not isinstance(dt, pl.Date):
                vals = s.cast(pl.Int64).to_list()
            elif dt == pl.Time:
                vals = s.cast(pl.Int64).to_list()  # ns since midnight
            elif isinstance(dt, pl.Date):
                vals = s.cast(pl.Int32).to_list()
            else:
                vals = s.to_list()
        except Exception as e:  # noqa: BLE001
            problems.append(f"{name}: polars conversion failed {str(e)[:60]}")
            continue
        lt = col.logical_type.type
        for r, (row, pv) in enumerate(zip(rows, vals)):
            g = row[name]
            exp = expected_text(col, lt, dt, pv)
            if exp is None:
                continue
            got = g if isinstance(g, RawNumber) else json.dumps(g, ensure_ascii=False)
            if exp != got:
                problems.append(f"{name} row {r}: golden {got} polars {exp}")
                break
            checked += 1
    return checked, problems


def expected_text(col, lt, dt, pv):
    """What the golden should say according to polars' value; None = cannot judge."""
    if pv is None:
        return "null"
    phys = col.physical_type
    if isinstance(pv, bool):
        return "true" if pv else "false"
    if lt == "DECIMAL":
        if col.precision > 15:  # polars converts wide decimals through float
            return None
        return render.decimal_text(int(Decimal(pv).scaleb(col.scale)), col.scale) if isinstance(pv, Decimal) else None
    if phys == "FLOAT" or phys == "DOUBLE" or lt == "FLOAT16":
        if math.isnan(pv) or math.isinf(pv):
            return "null"
        return render.float_text(pv, {"FLOAT": 32, "DOUBLE": 64}.get(phys, 16))
    if lt == "DATE":
        return json.dumps(render.date_text(pv))
    if lt == "TIMESTAMP" or phys == "INT96":
        lj = json.loads(col.logical_type.to_json())
        unit = render.JSON_UNIT.get(lj.get("timeUnit"), "ns")
        pol_unit = dt.time_unit
        f = {"ms": 10**3, "us": 10**6, "ns": 10**9}
        v = pv * f[unit] // f[pol_unit]
        return json.dumps(render.timestamp_text(v, unit, bool(lj.get("isAdjustedToUTC"))))
    if lt == "TIME":
        unit = render.JSON_UNIT[json.loads(col.logical_type.to_json())["timeUnit"]]
        return json.dumps(render.time_text(pv // {"ms": 10**6, "us": 10**3, "ns": 1}[unit], unit))
    if isinstance(pv, int):
        return str(pv)
    if isinstance(pv, str):
        return json.dumps(pv, ensure_ascii=False)
    if isinstance(pv, bytes):
        if lt == "UUID":
            return json.dumps(render.uuid_text(pv))
        if lt in ("STRING", "ENUM", "JSON"):
            return json.dumps(pv.decode("utf-8", "replace"), ensure_ascii=False)
        return json.dumps(base64.b64encode(pv).decode())
    return None


def main():
    manifest = sys.argv[1] if len(sys.argv) > 1 else "Fixtures/manifest.json"
    base = os.path.dirname(os.path.abspath(manifest))
    total = 0
    bad = 0
    for e in json.load(open(manifest))["fixtures"]:
        if not e["file"].endswith(".parquet") or "flat" not in e["features"]:
            continue
        n, probs = check_file(os.path.join(base, e["file"]), os.path.join(base, e["golden"]))
        total += n
        if probs:
            bad += 1
            print(e["file"], n, "checked;", "; ".join(probs[:4]))
    print(f"{total} values agree with polars; {bad} files with remarks")


if __name__ == "__main__":
    main()

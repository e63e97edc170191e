#!/usr/bin/env python3
"""Differential test: random flat Parquet files, `data-designer export` vs render.py.

    python3 scripts/golden/differential.py [--count N] [--seed S] [BINARY]

BINARY defaults to .build/release/data-designer.  For each case i (seeded by (S, i)),
writes a random flat table (random column kinds among the flat types, random null
ratio 0..1, dictionary on/off, data page v1/v2, codec none/snappy, random row group
and data page sizes, 0..5000 rows) to a temp dir, runs

    BINARY export <file.parquet> -o <out.jsonl>

and compares the output byte for byte with render.render_jsonl(file).  Prints the first
differing line of each failure and ends with `N passed, M failed`; exit status 1 when
any case failed.  --no-run only generates and renders (to test this script itself);
--keep keeps the temp dir (and with it every failing file) for inspection.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flat_columns as fc  # noqa: E402
import render  # noqa: E402

FLAT_KINDS = [k for k in fc.KINDS]


def random_case(seed: int, i: int):
    """(table, write options, description) for case i; deterministic in (seed, i)."""
    rng = np.random.default_rng([seed, i])
    r = rng.random()
    n = int(rng.integers(0, 21)) if r < 0.15 else int(rng.integers(0, 5001)) if r < 0.55 else int(rng.integers(0, 600))
    k = int(rng.integers(1, 9))
    kinds = [FLAT_KINDS[j] for j in rng.choice(len(FLAT_KINDS), size=k, replace=False)]
    int96 = rng.random() < 0.1
    if int96:
        kinds.append("ts_ns")  # written as INT96 (the flag applies to every timestamp column)
    nr = rng.random()
    null_ratio = 0.0 if nr < 0.2 else 1.0 if nr < 0.3 else float(rng.random())
    required = null_ratio == 0.0 and rng.random() < 0.5
    fields, arrays = [], []
    for j, kind in enumerate(dict.fromkeys(kinds)):
        if required and kind == "null":
            continue
        col_nulls = null_ratio if rng.random() < 0.7 else float(rng.random())
        if required:
            col_nulls = 0.0
        arrays.append(fc.column(kind, rng, n, col_nulls))
        fields.append(pa.field(f"c{j}_{kind}", fc.KINDS[kind], nullable=not required))
    if not arrays:
        arrays.append(fc.column("int64", rng, n, 0.0))
        fields.append(pa.field("c0_int64", pa.int64(), nullable=not required))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    opts = dict(
        use_dictionary=bool(rng.random() < 0.5),
        data_page_version="1.0" if rng.random() < 0.5 else "2.0",
        compression="none" if rng.random() < 0.5 else "snappy",
        row_group_size=max(1, int(rng.integers(1, max(2, n + 1))) if rng.random() < 0.5 else 1 << 20),
        data_page_size=int(rng.choice([64, 100, 512, 4096, 1 << 20])),
        write_batch_size=int(rng.choice([7, 64, 1024])),
        store_decimal_as_integer=bool(rng.random() < 0.5),
        use_deprecated_int96_timestamps=int96,
    )
    desc = (f"rows={n} cols={len(fields)} nulls={null_ratio:.2f} required={required} "
            f"dict={opts['use_dictionary']} page=v{opts['data_page_version'][0]} codec={opts['compression']} "
            f"rg={opts['row_group_size']} page_size={opts['data_page_size']} int96={int96} "
            f"kinds={','.join(f.name for f in fields)}")
    return table, opts, desc


def first_difference(expected: bytes, got: bytes) -> str:
    el = expected.split(b"\n")
    gl = got.split(b"\n")
    for ln, (a, b) in enumerate(zip(el, gl), start=1):
        if a != b:
            col = next((c for c in range(min(len(a), len(b))) if a[c] != b[c]), min(len(a), len(b)))
            lo = max(0, col - 60)
            return (f"line {ln}, byte {col}:\n    expected: ...{a[lo:col + 100].decode('utf-8', 'replace')}\n"
                    f"    got:      ...{b[lo:col + 100].decode('utf-8', 'replace')}")
    return f"line counts differ: expected {len(el) - 1} lines, got {len(gl) - 1}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", nargs="?", default=".build/release/data-designer")
    ap.add_argument("--count", "-n", type=int, default=50)
    ap.add_argument("--seed", "-s", type=int, default=1)
    ap.add_argument("--no-run", action="store_true", help="generate and render only; do not run BINARY")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args(argv)
    if not args.no_run and not os.access(args.binary, os.X_OK):
        print(f"error: binary {args.binary} not found or not executable (build it, or pass --no-run)",
              file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="dd-differential-")
    passed = failed = 0
    try:
        for i in range(args.count):
            table, opts, desc = random_case(args.seed, i)
            path = os.path.join(tmp, f"case_{args.seed}_{i:04d}.parquet")
            pq.write_table(table, path, **opts)
            expected = render.render_jsonl(path)
            if args.no_run:
                print(f"case {i}: {desc} -> {len(expected)} bytes")
                passed += 1
                continue
            out = os.path.join(tmp, f"case_{args.seed}_{i:04d}.jsonl")
            try:
                proc = subprocess.run([args.binary, "export", path, "-o", out], capture_output=True,
                                      timeout=args.timeout)
            except subprocess.TimeoutExpired:
                failed += 1
                print(f"FAIL case {i} (seed {args.seed}): timeout after {args.timeout}s\n  {desc}")
                continue
            if proc.returncode != 0:
                failed += 1
                err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
                print(f"FAIL case {i} (seed {args.seed}): exit {proc.returncode}: {err[-1] if err else ''}\n  {desc}")
                continue
            with open(out, "rb") as f:
                got = f.read()
            if got == expected:
                passed += 1
                os.remove(path)
                os.remove(out)
            else:
                failed += 1
                print(f"FAIL case {i} (seed {args.seed}): output differs at {first_difference(expected, got)}\n"
                      f"  {desc}\n  file: {path}")
    finally:
        if args.keep or failed:
            print(f"temporary files kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

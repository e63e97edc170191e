#!/usr/bin/env python3
"""Row ranges and filters: bytes read and time, against a full export (issue 14 targets).

Writes (once) into DIR (default /tmp/dd-filter-bench):
  range.parquet   2,000,000 rows by pyarrow with write_page_index=True (default row groups)
  groups.parquet  the same rows in 100 row groups of 20,000 (sorted record_index)
Bytes are counted through a CountingSource (a RandomAccessSource wrapper that counts every
read): `filterbench` (Benchmarks/Swift) opens the file through it, runs the same selection
as the CLI command (ParquetFileReader.batches(columns:rows:filter:), then the filter applied
exactly) and reports the bytes of every read, split by what they fall in (footer, column
index, offset index, bloom filter, dictionary pages, data pages). Times are the median wall
time of N runs of the release CLI (JSONL to /dev/null):
  export --rows 1000000:1000010       vs a full export of range.parquet
  export --where one row group of 100 vs the file's pages

Usage: python3 Benchmarks/filter_bench.py [--bin .build/release/data-designer]
         [--filterbench Benchmarks/Swift/.build/debug/filterbench] [--dir DIR] [--runs 5]
(build filterbench with `swift build --product filterbench` in Benchmarks/Swift; the counts
do not depend on the build configuration)
"""
import argparse
import os
import statistics
import subprocess
import time

import pyarrow as pa
import pyarrow.parquet as pq

ROWS = 2_000_000


def table():
    import numpy as np
    rng = np.random.default_rng(14)
    domains = np.array(["Finance", "Retail", "Health", "Energy", "Travel"])
    return pa.table({
        "record_index": pa.array(np.arange(ROWS, dtype=np.int64)),
        "score": pa.array(rng.uniform(0, 100, ROWS)),
        "domain": pa.array(domains[rng.integers(0, 5, ROWS)]),
        "name": pa.array([f"person-{i:08d}" for i in range(ROWS)]),
        "amount": pa.array(rng.integers(0, 1_000_000, ROWS)),
    })


def ensure(folder):
    os.makedirs(folder, exist_ok=True)
    a, b = os.path.join(folder, "range.parquet"), os.path.join(folder, "groups.parquet")
    if not (os.path.exists(a) and os.path.exists(b)):
        t = table()
        pq.write_table(t, a, write_page_index=True)
        pq.write_table(t, b, write_page_index=True, row_group_size=ROWS // 100)
    return a, b


def counted(filterbench, path, *args):
    """The counts filterbench prints for a selection of `path`, as a dict of ints."""
    out = subprocess.run([filterbench, path, *args], capture_output=True, text=True, check=True).stdout
    return {k: int(v) for k, v in (line.split("\t") for line in out.splitlines())}


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default=".build/release/data-designer")
    p.add_argument("--filterbench", default="Benchmarks/Swift/.build/debug/filterbench")
    p.add_argument("--dir", default="/tmp/dd-filter-bench")
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    range_file, groups_file = ensure(a.dir)
    full = [a.bin, "export", range_file, "-o", "-", "-f", "jsonl", "-q"]
    rows = full + ["--rows", "1000000:1000010"]
    full_time, rows_time = timed(full, a.runs), timed(rows, a.runs)
    c = counted(a.filterbench, range_file, "--rows", "1000000:1000010")
    size = c["file bytes"]
    print(f"range.parquet: {size} bytes, {pq.ParquetFile(range_file).metadata.num_row_groups} row groups")
    print(f"full export: {full_time:.3f} s")
    print(f"--rows 1000000:1000010: {c['records read']} records, {c['reads']} reads, {c['bytes read']} bytes read "
          f"({100 * c['bytes read'] / size:.3f} % of the file: footer {c['read: footer']}, column index {c['read: column index']}, "
          f"offset index {c['read: offset index']}, dictionary pages {c['read: dictionary pages']}, data pages {c['read: data pages']}, "
          f"other {c['read: other']}), {rows_time:.3f} s ({rows_time / full_time:.4f} x the full export)")
    group = 37
    lo, hi = group * (ROWS // 100), (group + 1) * (ROWS // 100)
    expr = f"record_index >= {lo} and record_index < {hi}"
    where = [a.bin, "export", groups_file, "-o", "-", "-f", "jsonl", "-q", "--where", expr]
    out = subprocess.run(where, capture_output=True).stdout.count(b"\n")
    c = counted(a.filterbench, groups_file, "--where", expr)
    data, dictionary, read = c["data page bytes"], c["dictionary page bytes"], c["bytes read"]
    print(f"groups.parquet: {c['file bytes']} bytes; column chunks {data + dictionary} bytes: data pages {data}, dictionary pages {dictionary}")
    print(f"--where one row group of 100 ({expr}): {out} records from the CLI, {c['records kept']} kept, "
          f"{c['row groups skipped']} row groups skipped, {c['reads']} reads, {read} bytes read: "
          f"data pages {c['read: data pages']} ({100 * c['read: data pages'] / data:.3f} % of the data pages), "
          f"dictionary pages {c['read: dictionary pages']}, footer {c['read: footer']}, column index {c['read: column index']}, "
          f"offset index {c['read: offset index']}, other {c['read: other']}; all bytes read = "
          f"{100 * read / (data + dictionary):.3f} % of the column chunks, {100 * read / data:.3f} % of the data pages; "
          f"{timed(where, a.runs):.3f} s")


if __name__ == "__main__":
    main()

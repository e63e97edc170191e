#!/usr/bin/env python3
"""Row ranges and filters: bytes read and time, against a full export (issue 14 targets).

Writes (once) into DIR (default /tmp/dd-filter-bench):
  range.parquet   2,000,000 rows by pyarrow with write_page_index=True (default row groups)
  groups.parquet  the same rows in 100 row groups of 20,000 (sorted record_index)
Then runs the release binary and reports, per command, the bytes it read (rchar of
/proc/<shell>/io around the command: the kernel adds a waited child's I/O to its parent)
and the median wall time of N runs:
  export --rows 1000000:1000010      vs a full export of range.parquet (JSONL to /dev/null)
  export --where one row group of 100 vs the data-page bytes of groups.parquet

Usage: python3 Benchmarks/filter_bench.py [--bin .build/release/data-designer] [--dir DIR] [--runs 5]
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


def rchar(cmd):
    """Bytes read by `cmd` (plus a constant of the shell's own, subtracted by the caller)."""
    script = '"$@" >/dev/null 2>&1; grep ^rchar /proc/$$/io'
    out = subprocess.run(["bash", "-c", script, "bash"] + cmd, capture_output=True, text=True).stdout
    return int(out.split()[1])


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def data_page_bytes(path):
    md = pq.ParquetFile(path).metadata
    total = 0
    for g in range(md.num_row_groups):
        for c in range(md.num_columns):
            col = md.row_group(g).column(c)
            start = col.dictionary_page_offset if col.has_dictionary_page else col.data_page_offset
            total += col.total_compressed_size - (col.data_page_offset - start)
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", default=".build/release/data-designer")
    p.add_argument("--dir", default="/tmp/dd-filter-bench")
    p.add_argument("--runs", type=int, default=5)
    a = p.parse_args()
    range_file, groups_file = ensure(a.dir)
    base = rchar(["true"])
    size = os.path.getsize(range_file)
    full = [a.bin, "export", range_file, "-o", "-", "-f", "jsonl", "-q"]
    rows = full + ["--rows", "1000000:1000010"]
    full_bytes, rows_bytes = rchar(full) - base, rchar(rows) - base
    full_time, rows_time = timed(full, a.runs), timed(rows, a.runs)
    print(f"range.parquet: {size} bytes, {pq.ParquetFile(range_file).metadata.num_row_groups} row groups")
    print(f"full export:      read {full_bytes} bytes, {full_time:.3f} s")
    print(f"--rows 1000000:1000010: read {rows_bytes} bytes ({100 * rows_bytes / size:.3f} % of the file), "
          f"{rows_time:.3f} s ({rows_time / full_time:.4f} x the full export)")
    group = 37
    lo, hi = group * (ROWS // 100), (group + 1) * (ROWS // 100)
    where = [a.bin, "export", groups_file, "-o", "-", "-f", "jsonl", "-q", "--where", f"record_index >= {lo} and record_index < {hi}"]
    pages = data_page_bytes(groups_file)
    where_bytes = rchar(where) - base
    out = subprocess.run(where, capture_output=True).stdout.count(b"\n")
    print(f"groups.parquet: {os.path.getsize(groups_file)} bytes, data pages {pages} bytes")
    print(f"--where one row group of 100: {out} records, read {where_bytes} bytes "
          f"({100 * where_bytes / pages:.3f} % of the data-page bytes), {timed(where, a.runs):.3f} s")


if __name__ == "__main__":
    main()

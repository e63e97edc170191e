#!/usr/bin/env python3
"""Writes the row-group-shape benchmark inputs with pyarrow's default settings (Snappy, 1 MiB
pages, dictionary encoding with fallback, page v1 as pyarrow 26 writes them), except for the
row-group size where a shape names one. Each shape is a dataset folder
`<root>/<shape>/parquet-files/batch_00000.parquet`, so the same commands run on every shape.

Shapes (the files other tools write with their defaults, which 5,000-row batches do not show):
  one-group     2,000,000 rows in ONE row group: int64, double, a 3-value string, a 70-char text
  groups-131k   the same rows in 131,072-row groups (close to DuckDB's and polars' defaults)
  wide          2,000 int64 columns x 20,000 rows, one row group (pyarrow's default size)
  long-values   200 values of 1 MB each (one string column, plus an int64 id)
  rg-N          the rows of one-group in row groups of N rows (for memory.py)
  page-index    the rows of one-group with pyarrow's default row groups and the page index
                (write_page_index=True): row-range reads, local and over HTTP (issue 14)

Usage: make_shapes.py ROOT [SHAPE ...]   (default: the first four)
Dev-time requirements: pip install pyarrow numpy
"""
import os, sys
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROWS = 2_000_000
WORDS = np.array(("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron "
                  "pi rho sigma tau upsilon phi chi psi omega data model record value synthetic").split())


def texts(rng, n, length):
    """n strings of exactly `length` characters made of random words."""
    out = []
    picks = rng.integers(0, len(WORDS), size=(n, length // 3 + 2))
    for row in picks:
        s = " ".join(WORDS[row])
        while len(s) < length:
            s += " " + s
        out.append(s[:length])
    return out


def rows_table(rows=ROWS):
    rng = np.random.default_rng(20261201)
    return pa.table({
        "id": pa.array(np.arange(rows, dtype=np.int64)),
        "score": pa.array(rng.normal(50.0, 15.0, size=rows)),
        "category": pa.array(np.array(["red", "green", "blue"])[rng.integers(0, 3, size=rows)]),
        "text": pa.array(texts(rng, rows, 70)),
    })


def wide_table(columns=2000, rows=20_000):
    rng = np.random.default_rng(20261202)
    return pa.table({f"c{i:04d}": pa.array(rng.integers(-10**12, 10**12, size=rows, dtype=np.int64))
                     for i in range(columns)})


def long_values_table(count=200, size=1_000_000):
    rng = np.random.default_rng(20261203)
    alphabet = np.frombuffer(b"abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", dtype=np.uint8)
    values = [alphabet[rng.integers(0, len(alphabet), size=size)].tobytes().decode() for _ in range(count)]
    return pa.table({"id": pa.array(np.arange(count, dtype=np.int64)), "value": pa.array(values)})


def write(root, shape, table, **options):
    folder = os.path.join(root, shape, "parquet-files")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "batch_00000.parquet")
    pq.write_table(table, path, **options)
    meta = pq.ParquetFile(path).metadata
    print(f"{shape}: {meta.num_rows} rows, {meta.num_row_groups} row group(s), {meta.num_columns} columns, "
          f"{os.path.getsize(path) / 2**20:.1f} MiB -> {path}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    shapes = sys.argv[2:] or ["one-group", "groups-131k", "wide", "long-values"]
    rows = None
    for shape in shapes:
        if os.path.exists(os.path.join(root, shape, "parquet-files", "batch_00000.parquet")):
            continue
        if shape == "one-group":
            rows = rows or rows_table()
            write(root, shape, rows, row_group_size=ROWS)
        elif shape == "groups-131k":
            rows = rows or rows_table()
            write(root, shape, rows, row_group_size=131_072)
        elif shape.startswith("rg-"):
            rows = rows or rows_table()
            write(root, shape, rows, row_group_size=int(shape[3:]))
        elif shape == "page-index":
            rows = rows or rows_table()
            write(root, shape, rows, write_page_index=True)
        elif shape == "wide":
            write(root, shape, wide_table())
        elif shape == "long-values":
            write(root, shape, long_values_table())
        else:
            sys.exit(f"unknown shape {shape}")


if __name__ == "__main__":
    main()

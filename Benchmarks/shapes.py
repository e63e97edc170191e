#!/usr/bin/env python3
"""Row-group shapes side by side: data-designer vs the DuckDB CLI and polars on the files
other tools write with their defaults (Benchmarks/make_shapes.py): one 2M-row group,
131,072-row groups, 2,000 int64 columns, 200 values of 1 MB. Interleaved, repeated; median
wall time and peak RSS (wait4) per tool, and data-designer's time as a ratio of DuckDB's.

Usage: shapes.py [--repeats N] [--shapes one-group,...] [--jobs jsonl,csv,parquet] [--binary PATH]
Dev-time requirements: pip install pyarrow numpy polars duckdb-cli
"""
import argparse, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (interleaved_table())

SHAPES = ["one-group", "groups-131k", "wide", "long-values"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(HERE, ".data", "shapes"))
    ap.add_argument("--binary", default=os.path.join(HERE, "..", ".build", "release", "data-designer"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--jobs", default="jsonl,csv,parquet")
    ap.add_argument("--tools", default="data-designer,duckdb,polars")
    args = ap.parse_args()
    shapes, jobs, tools = args.shapes.split(","), args.jobs.split(","), args.tools.split(",")
    subprocess.run([sys.executable, os.path.join(HERE, "make_shapes.py"), args.root] + shapes, check=True)
    bench.interleaved_table("shape", {shape: os.path.join(args.root, shape) for shape in shapes}, jobs, tools, args.binary, args.repeats)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Row-group shapes side by side: data-designer vs the DuckDB CLI and polars on the files
other tools write with their defaults (Benchmarks/make_shapes.py): one 2M-row group,
131,072-row groups, 2,000 int64 columns, 200 values of 1 MB. Interleaved, repeated; median
wall time and peak RSS (wait4) per tool, and data-designer's time as a ratio of DuckDB's.

Usage: shapes.py [--repeats N] [--shapes one-group,...] [--jobs jsonl,csv,parquet] [--binary PATH]
Dev-time requirements: pip install pyarrow numpy polars duckdb-cli
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (run(), commands())

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
    results = {}
    tmp = tempfile.mkdtemp(prefix="dd-shapes-")
    try:
        for _ in range(args.repeats):
            for shape in shapes:
                src = os.path.join(args.root, shape)
                for job in jobs:
                    for tool in tools:  # interleaved: every tool once per round
                        out = os.path.join(tmp, f"out.{job}")
                        results.setdefault((shape, job, tool), []).append(
                            bench.run(bench.commands(tool, job, src, out, args.binary)))
                        if os.path.exists(out):
                            os.remove(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    header = " | ".join(f"{t} s" for t in tools) + " | " + " | ".join(f"{t} MiB" for t in tools)
    print(f"| shape | job | {header} | data-designer / duckdb |")
    print("| --- | --- | " + " | ".join("---" for _ in range(2 * len(tools))) + " | --- |")
    for shape in shapes:
        for job in jobs:
            med = {t: statistics.median(e for e, _ in results[(shape, job, t)]) for t in tools}
            rss = {t: max(m for _, m in results[(shape, job, t)]) for t in tools}
            ratio = f"{med['data-designer'] / med['duckdb']:.2f}" if "duckdb" in med and "data-designer" in med else ""
            print(f"| {shape} | {job} | " + " | ".join(f"{med[t]:.2f}" for t in tools) + " | "
                  + " | ".join(f"{rss[t]:.0f}" for t in tools) + f" | {ratio} |")


if __name__ == "__main__":
    main()

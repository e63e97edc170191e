#!/usr/bin/env python3
"""The standard rows in one pyarrow-written file per codec (ZSTD, GZIP, BROTLI, LZ4; 50,000-row
groups; Benchmarks/make_codec_files.py): data-designer vs the DuckDB CLI (and polars), JSONL
export by default. Interleaved, repeated; median wall time and peak RSS (wait4) per tool, and
data-designer's median as a ratio of DuckDB's. Fails before timing when a peer is missing.

Usage: codecs.py [--repeats N] [--codecs zstd,...] [--jobs jsonl,csv] [--tools ...] [--binary PATH]
Dev-time requirements: pip install pandas pyarrow polars duckdb-cli
"""
import argparse, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (require_peers(), interleaved_table())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default=os.path.join(HERE, ".data", "standard"))
    ap.add_argument("--root", default=os.path.join(HERE, ".data", "codecs"))
    ap.add_argument("--binary", default=os.path.join(HERE, "..", ".build", "release", "data-designer"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--codecs", default="zstd,gzip,brotli,lz4")
    ap.add_argument("--jobs", default="jsonl")
    ap.add_argument("--tools", default="data-designer,duckdb")
    args = ap.parse_args()
    codecs, jobs, tools = args.codecs.split(","), args.jobs.split(","), args.tools.split(",")
    bench.require_peers(tools)
    if "duckdb" not in tools:
        sys.exit("codecs.py: the ratio is to DuckDB; include duckdb in --tools")
    if not os.path.exists(args.binary):
        sys.exit(f"codecs.py: no data-designer binary at {args.binary}")
    if not os.path.isdir(os.path.join(args.dataset, "parquet-files")):
        subprocess.run([sys.executable, os.path.join(HERE, "make_dataset.py"), args.dataset, "100", "5000"], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "make_codec_files.py"), args.dataset, args.root] + codecs, check=True)
    bench.interleaved_table("codec", {codec: os.path.join(args.root, codec) for codec in codecs}, jobs, tools, args.binary, args.repeats)


if __name__ == "__main__":
    main()

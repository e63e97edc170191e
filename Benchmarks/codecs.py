#!/usr/bin/env python3
"""The standard rows in one pyarrow-written file per codec (ZSTD, GZIP, BROTLI, LZ4; 50,000-row
groups; Benchmarks/make_codec_files.py): data-designer vs the DuckDB CLI (and polars), JSONL
export by default. Interleaved, repeated; median wall time and peak RSS (wait4) per tool, and
data-designer's median as a ratio of DuckDB's. Fails before timing when a peer is missing.

Usage: codecs.py [--repeats N] [--codecs zstd,...] [--jobs jsonl,csv] [--tools ...] [--binary PATH]
Dev-time requirements: pip install pandas pyarrow polars duckdb-cli
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (run(), commands(), require_peers())


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
    results = {}
    tmp = tempfile.mkdtemp(prefix="dd-codecs-")
    try:
        for _ in range(args.repeats):
            for codec in codecs:
                src = os.path.join(args.root, codec)
                for job in jobs:
                    for tool in tools:  # interleaved: every tool once per round
                        out = os.path.join(tmp, f"out.{job}")
                        results.setdefault((codec, job, tool), []).append(
                            bench.run(bench.commands(tool, job, src, out, args.binary)))
                        if os.path.exists(out):
                            os.remove(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    header = " | ".join(f"{t} s" for t in tools) + " | " + " | ".join(f"{t} MiB" for t in tools)
    print(f"| codec | job | {header} | data-designer / duckdb |")
    print("| --- | --- | " + " | ".join("---" for _ in range(2 * len(tools))) + " | --- |")
    for codec in codecs:
        for job in jobs:
            med = {t: statistics.median(e for e, _ in results[(codec, job, t)]) for t in tools}
            rss = {t: max(m for _, m in results[(codec, job, t)]) for t in tools}
            print(f"| {codec} | {job} | " + " | ".join(f"{med[t]:.2f}" for t in tools) + " | "
                  + " | ".join(f"{rss[t]:.0f}" for t in tools) + f" | {med['data-designer'] / med['duckdb']:.2f} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side benchmark: data-designer vs DuckDB CLI, polars and a pandas/pyarrow per-batch
reference, on the standard dataset. Interleaved, repeated; wall time (median, min-max) and
peak RSS of each run (wait4 rusage). Prints a Markdown table."""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))

def run(cmd, env=None):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024.0  # MB

PANDAS_REF = r'''
import sys, glob, json
import pyarrow.parquet as pq, pyarrow as pa, pyarrow.csv as pacsv
job, src, out = sys.argv[1:4]
files = sorted(glob.glob(src + "/parquet-files/*.parquet"))
if job == "count":
    print(sum(pq.ParquetFile(f).metadata.num_rows for f in files))
elif job == "jsonl":
    with open(out, "w") as fh:
        for f in files:
            pq.read_table(f).to_pandas().to_json(fh, orient="records", lines=True, date_format="iso")
elif job == "csv":
    first = True
    with open(out, "wb") as fh:
        for f in files:
            df = pq.read_table(f).to_pandas()
            fh.write(df.to_csv(index=False, header=first).encode()); first = False
elif job == "parquet":
    writer = None
    for f in files:
        t = pq.read_table(f)
        writer = writer or pq.ParquetWriter(out, t.schema, compression="snappy")
        writer.write_table(t)
    writer.close()
'''

POLARS = r'''
import sys, polars as pl
job, src, out = sys.argv[1:4]
lf = pl.scan_parquet(src + "/parquet-files/*.parquet")
if job == "count": print(lf.select(pl.len()).collect().item())
elif job == "jsonl": lf.sink_ndjson(out)
elif job == "csv":
    # polars cannot write list columns to CSV: join them (the standard dataset's `tags`).
    lists = [n for n, t in lf.collect_schema().items() if isinstance(t, pl.List)]
    lf.with_columns([pl.col(n).cast(pl.List(pl.String)).list.join(",") for n in lists]).sink_csv(out)
elif job == "parquet": lf.sink_parquet(out, compression="snappy")
'''

def commands(tool, job, src, out, binary):
    glob = f"{src}/parquet-files/batch_*.parquet"
    if tool == "data-designer":
        return [binary, "count", src] if job == "count" else [binary, "export", src, "-o", out, "-q"]
    if tool == "duckdb":
        sql = {"count": f"SELECT count(*) FROM read_parquet('{glob}');",
               "jsonl": f"COPY (SELECT * FROM read_parquet('{glob}')) TO '{out}' (FORMAT json);",
               "csv": f"COPY (SELECT * FROM read_parquet('{glob}')) TO '{out}' (FORMAT csv, HEADER);",
               "parquet": f"COPY (SELECT * FROM read_parquet('{glob}')) TO '{out}' (FORMAT parquet, COMPRESSION snappy);"}[job]
        return ["duckdb", "-c", sql]
    if tool == "polars":
        return [sys.executable, "-c", POLARS, job, src, out]
    if tool == "pandas":
        return [sys.executable, "-c", PANDAS_REF, job, src, out]
    raise ValueError(tool)

def require_peers(tools):
    """Exits with an error before anything is timed when a requested peer cannot run: a ratio
    against a peer that silently did not run would be meaningless."""
    missing = []
    for tool in tools:
        if tool == "duckdb" and shutil.which("duckdb") is None:
            missing.append("duckdb (the DuckDB CLI is not on PATH)")
        elif tool in ("polars", "pandas"):
            module = "polars" if tool == "polars" else "pandas, pyarrow"
            if subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode != 0:
                missing.append(f"{tool} (python3 cannot import {module})")
        elif tool not in ("data-designer", "duckdb"):
            missing.append(f"{tool} (unknown tool)")
    if "data-designer" in tools and not any(t != "data-designer" for t in tools):
        missing.append("every peer (give at least one of duckdb, polars, pandas)")
    if missing:
        sys.exit("bench.py: peer missing: " + "; ".join(missing))


def interleaved_table(label, inputs, jobs, tools, binary, repeats):
    """Runs every tool on every job of every input folder (`inputs`: name -> dataset folder),
    interleaved (every tool once per round), `repeats` rounds; prints a Markdown table of median
    wall time and peak RSS per tool and data-designer's median as a ratio of DuckDB's."""
    results = {}
    tmp = tempfile.mkdtemp(prefix=f"dd-{label}-")
    try:
        for _ in range(repeats):
            for name, src in inputs.items():
                for job in jobs:
                    for tool in tools:
                        out = os.path.join(tmp, f"out.{job}")
                        results.setdefault((name, job, tool), []).append(run(commands(tool, job, src, out, binary)))
                        if os.path.exists(out):
                            os.remove(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    header = " | ".join(f"{t} s" for t in tools) + " | " + " | ".join(f"{t} MiB" for t in tools)
    print(f"| {label} | job | {header} | data-designer / duckdb |")
    print("| --- | --- | " + " | ".join("---" for _ in range(2 * len(tools))) + " | --- |")
    for name in inputs:
        for job in jobs:
            med = {t: statistics.median(e for e, _ in results[(name, job, t)]) for t in tools}
            rss = {t: max(m for _, m in results[(name, job, t)]) for t in tools}
            ratio = f"{med['data-designer'] / med['duckdb']:.2f}" if "duckdb" in med and "data-designer" in med else ""
            print(f"| {name} | {job} | " + " | ".join(f"{med[t]:.2f}" for t in tools) + " | "
                  + " | ".join(f"{rss[t]:.0f}" for t in tools) + f" | {ratio} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default=os.path.join(HERE, ".data", "standard"))
    ap.add_argument("--binary", default=os.path.join(HERE, "..", ".build", "release", "data-designer"))
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--jobs", default="count,jsonl,csv,parquet")
    ap.add_argument("--tools", default="data-designer,duckdb,polars,pandas")
    args = ap.parse_args()
    tools = args.tools.split(",")
    jobs = args.jobs.split(",")
    require_peers(tools)
    if not os.path.exists(args.binary):
        sys.exit(f"bench.py: no data-designer binary at {args.binary}")
    results = {}
    tmp = tempfile.mkdtemp(prefix="dd-bench-")
    try:
        for r in range(args.repeats):
            for job in jobs:
                for tool in tools:  # interleaved: every tool once per round
                    out = os.path.join(tmp, f"out.{job}")
                    elapsed, rss = run(commands(tool, job, args.dataset, out, args.binary))
                    results.setdefault((job, tool), []).append((elapsed, rss))
                    if os.path.exists(out): os.remove(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"| job | tool | median s | min–max s | peak RSS MB | ratio to best peer |")
    print(f"| --- | --- | --- | --- | --- | --- |")
    for job in jobs:
        medians = {t: statistics.median(e for e, _ in results[(job, t)]) for t in tools}
        peers = [medians[t] for t in tools if t != "data-designer"]
        best = min(peers) if peers else None
        for tool in tools:
            runs = results[(job, tool)]
            times = [e for e, _ in runs]
            rss = max(m for _, m in runs)
            ratio = f"{medians[tool] / best:.2f}" if best and tool == "data-designer" else ""
            print(f"| {job} | {tool} | {medians[tool]:.3f} | {min(times):.3f}–{max(times):.3f} | {rss:.0f} | {ratio} |")

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side benchmark: data-designer vs DuckDB CLI, polars and a pandas/pyarrow per-batch
reference, on the standard dataset. Interleaved, repeated; wall time (median, min-max) and
peak RSS of each run (wait4 rusage). Prints a Markdown table. The first round's outputs are
checked (outside the timing): every tool's record count, and a sample of data-designer's values
against pyarrow; a wrong or missing output fails the run."""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))

def run(cmd, env=None, stdout_path=None):
    """Runs `cmd` once; returns (wall seconds, peak RSS MB). Standard output goes to
    `stdout_path` (for the output checks) or is dropped. Raises on a non-zero exit."""
    sink = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        if stdout_path:
            sink.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024.0  # MB


SAMPLE = 50  # records of the first batch file compared value by value (data-designer's output)


def expected_records(src):
    """(record count of every batch file, the first SAMPLE records of the first file as dicts)."""
    import glob
    import pyarrow.parquet as pq
    files = sorted(glob.glob(os.path.join(src, "parquet-files", "*.parquet")))
    if not files:
        raise RuntimeError(f"no batch files under {src}/parquet-files")
    total = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    first = pq.ParquetFile(files[0]).read_row_group(0).slice(0, SAMPLE).to_pylist()
    return total, first


def comparable(value):
    """The sample's values that every output format writes the same way: strings, integers,
    booleans (as JSON/CSV text); None for values the check skips (floats, times, lists)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, str)):
        return value
    return None


def check_output(tool, job, src, out, stdout_path, expected):
    """Fails loudly when a timed run did not do the whole job: the record count of every
    tool's output, and for data-designer a sample of values against pyarrow's reading."""
    import csv
    import json
    total, sample = expected
    if job == "count":
        with open(stdout_path) as f:
            numbers = [int(t.replace(",", "")) for t in re.findall(r"\d[\d,]*", f.read())]
        if total not in numbers:
            raise RuntimeError(f"{tool} count printed {numbers}, expected {total}")
        return
    if not os.path.exists(out):
        raise RuntimeError(f"{tool} {job}: no output at {out}")
    rows = []
    if job == "jsonl":
        count = 0
        with open(out, "rb") as f:
            for line in f:
                if count < SAMPLE:
                    rows.append(json.loads(line))
                count += 1
    elif job == "csv":
        count = 0
        csv.field_size_limit(sys.maxsize)  # the long-values shape has 1 MB fields
        with open(out, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            for record in reader:
                if count < SAMPLE:
                    rows.append(dict(zip(header, record)))
                count += 1
    elif job == "parquet":
        import pyarrow.parquet as pq
        count = pq.ParquetFile(out).metadata.num_rows
        rows = pq.ParquetFile(out).read_row_group(0).slice(0, SAMPLE).to_pylist()
    else:
        raise ValueError(job)
    if count != total:
        raise RuntimeError(f"{tool} {job}: {count} records written, expected {total}")
    if tool != "data-designer":
        return
    if len(rows) < min(SAMPLE, total):
        raise RuntimeError(f"data-designer {job}: only {len(rows)} sample records read back")
    for i, (got, want) in enumerate(zip(rows, sample)):
        for key, value in want.items():
            value = comparable(value)
            if value is None:
                continue
            if job == "csv":
                value = ("true" if value else "false") if isinstance(value, bool) else str(value)
            if got.get(key) != value:
                raise RuntimeError(f"data-designer {job}: record {i} column {key!r} is {got.get(key)!r}, pyarrow reads {value!r}")

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


def checked_in_child(tool, job, src, out, stdout_path):
    """Runs check_output in a child Python: this process must not import pyarrow, or every
    process it forks would start with pyarrow's resident memory in its peak RSS."""
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--check", tool, job, src, out, stdout_path or ""],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"output check failed: {proc.stderr.strip() or proc.stdout.strip()}")


def timed_and_checked(tool, job, src, binary, tmp, check):
    """One timed run of `tool` on `job`; with `check` (the first round), its output is
    checked afterwards (outside the timing). Returns (wall seconds, peak RSS MB)."""
    out = os.path.join(tmp, f"out.{job}")
    stdout_path = os.path.join(tmp, "stdout.txt") if job == "count" else None
    timing = run(commands(tool, job, src, out, binary), stdout_path=stdout_path)
    if check:
        checked_in_child(tool, job, src, out, stdout_path)
    for path in (out, stdout_path):
        if path and os.path.exists(path):
            os.remove(path)
    return timing


def interleaved_table(label, inputs, jobs, tools, binary, repeats):
    """Runs every tool on every job of every input folder (`inputs`: name -> dataset folder),
    interleaved (every tool once per round), `repeats` rounds; prints a Markdown table of median
    wall time and peak RSS per tool and data-designer's median as a ratio of DuckDB's."""
    results = {}
    tmp = tempfile.mkdtemp(prefix=f"dd-{label}-")
    try:
        for round_ in range(repeats):
            for name, src in inputs.items():
                for job in jobs:
                    for tool in tools:
                        results.setdefault((name, job, tool), []).append(
                            timed_and_checked(tool, job, src, binary, tmp, round_ == 0))
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
                    results.setdefault((job, tool), []).append(
                        timed_and_checked(tool, job, args.dataset, args.binary, tmp, r == 0))
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
    if len(sys.argv) == 7 and sys.argv[1] == "--check":  # checked_in_child()
        tool, job, src, out, stdout_path = sys.argv[2:]
        check_output(tool, job, src, out, stdout_path or None, expected_records(src))
    else:
        main()

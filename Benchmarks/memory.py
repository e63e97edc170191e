#!/usr/bin/env python3
"""Peak memory of `data-designer export` as the number of batches and the row-group size grow.

1. Datasets of 2, 10 and 40 batches of the same size (the standard batch: 5,000 rows),
   exported to JSONL, CSV and Parquet.
2. The same 2,000,000 rows (make_shapes.py: int64, double, 3-value string, 70-char text)
   written by pyarrow in row groups of 10 K, 100 K, 1 M and 2 M rows, exported to JSONL,
   CSV, Parquet (row groups copied as stored) and Parquet re-encoded into 131,072-row groups
   (`--compression none --row-group-size 131072`). Peak RSS must stay flat.

Prints the peak RSS of every run (wait4) as two Markdown tables. A run that fails, or a JSONL
output whose line count is not the number of records, is reported and makes the script exit 1.
Usage: memory.py [BINARY] [FORMATS] [--skip-batches]"""
import os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# No pandas import here: a child forked from a big Python process starts with the parent's
# resident set, which would hide the CLI's own peak.

def peak_rss_mb(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(); proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        return None, err.strip()
    return usage.ru_maxrss / 1024.0, ""

FAILURES = []

def measure(cmd, out, records):
    """The table cell for one run; failures are also collected in FAILURES."""
    rss, err = peak_rss_mb(cmd)
    if rss is None:
        FAILURES.append(f"{' '.join(cmd)}: {err}")
        return f"error: {err[:60]}"
    if out.endswith(".jsonl"):
        with open(out, "rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        if lines != records:
            FAILURES.append(f"{' '.join(cmd)}: {lines} lines, expected {records}")
            return f"error: {lines} lines"
    return f"{rss:.1f}"

def row_group_sizes(binary, root):
    sizes = [10_000, 100_000, 1_000_000, 2_000_000]
    shapes = [f"rg-{n}" for n in sizes]
    subprocess.run([sys.executable, os.path.join(HERE, "make_shapes.py"), os.path.join(root, "shapes")] + shapes,
                   check=True, stdout=subprocess.DEVNULL)
    jobs = [("jsonl", "out.jsonl", []), ("csv", "out.csv", []), ("parquet (copied)", "out.parquet", []),
            ("parquet re-encoded, 131,072-row groups", "re.parquet", ["--compression", "none", "--row-group-size", "131072"])]
    print()
    print("| row-group size | rows | " + " | ".join(f"{name} peak RSS MB" for name, _, _ in jobs) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in jobs) + " |")
    for size, shape in zip(sizes, shapes):
        data = os.path.join(root, "shapes", shape)
        cells = []
        with tempfile.TemporaryDirectory() as tmp:
            for _, name, extra in jobs:
                out = os.path.join(tmp, name)
                cells.append(measure([binary, "export", data, "-o", out, "-q"] + extra, out, 2_000_000))
        print(f"| {size:,} | 2,000,000 | " + " | ".join(cells) + " |")


def main():
    positional = [a for a in sys.argv[1:] if not a.startswith("--")]
    binary = positional[0] if positional else os.path.join(HERE, "..", ".build", "release", "data-designer")
    formats = (positional[1] if len(positional) > 1 else "jsonl,csv,parquet").split(",")
    root = os.path.join(HERE, ".data")
    if "--skip-batches" in sys.argv:
        row_group_sizes(binary, root)
        return finish()
    print("| batches | records | " + " | ".join(f"{f} peak RSS MB" for f in formats) + " |")
    print("| --- | --- | " + " | ".join("---" for _ in formats) + " |")
    for batches in (2, 10, 40):
        data = os.path.join(root, f"memory-{batches}")
        if not os.path.isdir(os.path.join(data, "parquet-files")):
            subprocess.run([sys.executable, os.path.join(HERE, "make_dataset.py"), data, str(batches), "5000"], check=True,
                           stdout=subprocess.DEVNULL)
        cells = []
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in formats:
                out = os.path.join(tmp, f"out.{fmt}")
                cells.append(measure([binary, "export", data, "-o", out, "-q"], out, batches * 5000))
        print(f"| {batches} | {batches * 5000} | " + " | ".join(cells) + " |")
    row_group_sizes(binary, root)
    return finish()

def finish():
    if FAILURES:
        print("\nerror: " + str(len(FAILURES)) + " runs failed:\n  " + "\n  ".join(FAILURES), file=sys.stderr)
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())

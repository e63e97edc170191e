#!/usr/bin/env python3
"""Peak memory of `data-designer export` as the number of batches grows.

Writes datasets of 2, 10 and 40 batches of the same size (the standard batch: 5,000 rows),
exports each to JSONL, CSV and Parquet, and prints the peak RSS of every run (wait4)."""
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

def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", ".build", "release", "data-designer")
    formats = (sys.argv[2] if len(sys.argv) > 2 else "jsonl,csv,parquet").split(",")
    root = os.path.join(HERE, ".data")
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
                rss, err = peak_rss_mb([binary, "export", data, "-o", os.path.join(tmp, f"out.{fmt}"), "-q"])
                cells.append(f"{rss:.1f}" if rss is not None else f"error: {err[:60]}")
        print(f"| {batches} | {batches * 5000} | " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()

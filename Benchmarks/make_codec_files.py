#!/usr/bin/env python3
"""The standard rows (Benchmarks/make_dataset.py, 100 x 5,000) written by pyarrow as ONE file
with 50,000-row groups, once per codec: `<root>/<codec>/parquet-files/batch_00000.parquet`
for codec in zstd, gzip, brotli, lz4 (pyarrow's default levels; `lz4` is pyarrow's LZ4, the
Hadoop-framed codec), so the commands of bench.py run on each. Existing files are kept.

Usage: make_codec_files.py <standard-dataset> <root> [codec ...]
Dev-time requirements: pip install pyarrow
"""
import glob, os, sys

import pyarrow as pa
import pyarrow.parquet as pq

CODECS = ["zstd", "gzip", "brotli", "lz4"]
ROW_GROUP = 50_000


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    source, root = sys.argv[1], sys.argv[2]
    codecs = sys.argv[3:] or CODECS
    files = sorted(glob.glob(os.path.join(source, "parquet-files", "*.parquet")))
    if not files:
        sys.exit(f"no parquet files under {source}/parquet-files")
    table = None
    for codec in codecs:
        if codec not in CODECS:
            sys.exit(f"unknown codec {codec} (one of {', '.join(CODECS)})")
        folder = os.path.join(root, codec, "parquet-files")
        path = os.path.join(folder, "batch_00000.parquet")
        if os.path.exists(path):
            continue
        if table is None:
            table = pa.concat_tables(pq.read_table(f) for f in files)
        os.makedirs(folder, exist_ok=True)
        pq.write_table(table, path + ".tmp", compression=codec, row_group_size=ROW_GROUP)
        os.replace(path + ".tmp", path)
        print(f"{path}: {table.num_rows} rows, {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()

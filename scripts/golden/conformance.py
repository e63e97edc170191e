#!/usr/bin/env python3
"""Conformance goldens for apache/parquet-testing (the .parquet files are NOT copied).

    python3 scripts/golden/conformance.py [PARQUET_TESTING_ROOT] [OUT_DIR]

defaults: /work/shared/parquet-testing  Fixtures/conformance

For every data/**/*.parquet (encrypted files are named *.parquet.encrypted and are
skipped) and every shredded_variant/*.parquet, with REL its path relative to data/
(e.g. `geospatial/crs-srid.parquet`) or to the corpus root (`shredded_variant/case-001.parquet`):
  OUT/<REL with / replaced by __>.jsonl          golden (render.py), when <= 2 MB
  OUT/<REL with / replaced by __>.jsonl.sha256   else: 64 lower-case hex chars, no newline
  OUT/<REL with / replaced by __>.geojson.jsonl  for data/geospatial/: rendered with --geometry geojson
  OUT/<REL with / replaced by __>.csv            for the files in CSV_GOLDENS: the CSV rendering
  OUT/pyarrow-unreadable.tsv   REL<TAB>reason     (pyarrow cannot read or render it)
  OUT/info.tsv   REL<TAB>codecs<TAB>encodings<TAB>is_nested<TAB>num_rows   (every file)
codecs / encodings: sorted, comma-separated, from all column chunks of the footer,
named as in parquet.thrift (UNCOMPRESSED, SNAPPY, GZIP, LZ4, LZ4_RAW, ZSTD, BROTLI;
PLAIN, PLAIN_DICTIONARY, RLE, BIT_PACKED, RLE_DICTIONARY, DELTA_*, ...); is_nested:
`true` when the schema has a group below the root or a repeated field.  The footer is
decoded with thrift_compact (not pyarrow); an undecodable footer gives `?` fields.
No header lines.
"""
from __future__ import annotations

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import footer  # noqa: E402
import render  # noqa: E402

MAX_GOLDEN = 2 * 1024 * 1024
# Files pyarrow cannot read whose golden comes from DuckDB's reading instead (JSON lines, which
# for these files is exactly the values.md text): incorrect_map_schema.parquet has a MAP whose
# key_value group is not repeated, which pyarrow refuses and DuckDB reads as the map it means.
DUCKDB_GOLDENS = {"incorrect_map_schema.parquet"}


def duckdb_jsonl(path: str) -> bytes:
    """`path` as DuckDB's JSON lines (one object per record, no spaces)."""
    import tempfile
    import duckdb
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.jsonl")
        duckdb.sql(f"COPY (SELECT * FROM read_parquet('{path}')) TO '{out}' (FORMAT json)")
        with open(out, "rb") as f:
            return f.read()
# Files whose CSV rendering is a golden too (variant JSON text and WKT in CSV fields).
CSV_GOLDENS = {"geospatial/geospatial.parquet", "shredded_variant/case-045.parquet", "shredded_variant/case-083.parquet",
               "shredded_variant/case-126.parquet"}


def one_line(s: str) -> str:
    return " ".join(str(s).replace("\t", " ").split())[:300]


def footer_info(path: str) -> tuple:
    facts = footer.summary(path)
    return (",".join(facts["codecs"]), ",".join(facts["encodings"]), "true" if facts["nested"] else "false",
            str(facts["rows"]))


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = argv[0] if argv else "/work/shared/parquet-testing"
    out = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "Fixtures", "conformance")
    data = os.path.join(root, "data")
    os.makedirs(out, exist_ok=True)
    # Goldens are overwritten, not cleared first: variant.tsv (variant.py) stays.
    files = []
    for d, _, names in os.walk(data):
        for n in names:
            if n.endswith(".parquet"):
                files.append(os.path.relpath(os.path.join(d, n), data).replace(os.sep, "/"))
    shredded = os.path.join(root, "shredded_variant")
    if os.path.isdir(shredded):
        files += ["shredded_variant/" + n for n in os.listdir(shredded) if n.endswith(".parquet")]
    files.sort()
    info, unreadable = [], []
    written = hashed = 0
    total = 0
    for rel in files:
        path = os.path.join(root, rel) if rel.startswith("shredded_variant/") else os.path.join(data, rel)
        try:
            info.append("\t".join((rel,) + footer_info(path)))
        except Exception:  # noqa: BLE001
            info.append("\t".join((rel, "?", "?", "?", "?")))
        try:
            golden = render.render_jsonl(path)
        except Exception as e:  # noqa: BLE001
            unreadable.append(f"{rel}\t{type(e).__name__}: {one_line(e)}")
            if rel not in DUCKDB_GOLDENS:
                continue
            golden = duckdb_jsonl(path)
        name = rel.replace("/", "__") + ".jsonl"
        if rel.startswith("geospatial/"):
            render.GEOMETRY_ENCODING = "geojson"
            try:
                with open(os.path.join(out, rel.replace("/", "__") + ".geojson.jsonl"), "wb") as f:
                    f.write(render.render_jsonl(path))
            finally:
                render.GEOMETRY_ENCODING = "wkt"
        if rel in CSV_GOLDENS:
            with open(os.path.join(out, rel.replace("/", "__") + ".csv"), "wb") as f:
                f.write(render.render_csv(path))
        if len(golden) > MAX_GOLDEN:
            with open(os.path.join(out, name + ".sha256"), "w") as f:
                f.write(hashlib.sha256(golden).hexdigest())
            hashed += 1
            print(f"{rel}: {len(golden)} bytes -> {name}.sha256")
        else:
            with open(os.path.join(out, name), "wb") as f:
                f.write(golden)
            written += 1
            total += len(golden)
    with open(os.path.join(out, "info.tsv"), "w") as f:
        f.write("".join(line + "\n" for line in info))
    with open(os.path.join(out, "pyarrow-unreadable.tsv"), "w") as f:
        f.write("".join(line + "\n" for line in unreadable))
    print(f"{len(files)} files: {written} goldens ({total} bytes), {hashed} sha256 only, "
          f"{len(unreadable)} unreadable")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Read-back check of the Parquet writer: export every readable fixture (and the example
dataset) to Parquet with the CLI, read the result with pyarrow, DuckDB and polars, and compare
with the source as pyarrow reads it. Ends with `N passed, M failed`.

Usage: readback.py [BINARY] [--codec CODEC[:LEVEL] ...]   (default .build/release/data-designer)

Each --codec runs the whole check with `export --compression CODEC [--level LEVEL]` (default: the
CLI's default, snappy); `--codec all` runs none, snappy, gzip, gzip:1, gzip:9, lz4_raw, lz4_raw:9
and lz4_raw:12. With --codec, DuckDB and polars must also read the output exactly as they read
an uncompressed export of the same source (DuckDB: EXCEPT ALL both ways is empty; polars:
DataFrame.equals), so that the codec changes nothing any reader sees.

`--row-group-size N` (repeatable) runs the check again with `export --row-group-size N`: the
output must have row groups of N records (the last one smaller), the same values in pyarrow,
and the same rows in DuckDB (EXCEPT ALL both ways against the source as DuckDB reads it).
"""
import json, math, os, subprocess, sys, tempfile
import duckdb, polars as pl, pyarrow as pa, pyarrow.parquet as pq

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
READABLE = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP", "LZ4", "LZ4_RAW", "BROTLI"}

def norm(v):
    if isinstance(v, float) and math.isnan(v): return "NaN"
    if isinstance(v, dict): return {k: norm(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)): return [norm(x) for x in v]
    return v

class SkipReader(Exception):
    pass

def readable(load):
    try:
        load()
        return True
    except Exception:
        return False

def same_values(a, b):
    """Equal values; NaN equals NaN; temporal values beyond Python's range compared as integers."""
    if a.equals(b):
        return True
    try:
        return norm(a.to_pylist()) == norm(b.to_pylist())
    except (OverflowError, ValueError):
        t = a.type
        if pa.types.is_date32(t) or pa.types.is_time32(t):
            return a.cast(pa.int32()).equals(b.cast(pa.int32()))
        if pa.types.is_timestamp(t) or pa.types.is_date64(t) or pa.types.is_time64(t):
            return a.cast(pa.int64()).equals(b.cast(pa.int64()))
        return False

ALL_CODECS = ["none", "snappy", "gzip", "gzip:1", "gzip:9", "lz4_raw", "lz4_raw:9", "lz4_raw:12"]


def main():
    args = sys.argv[1:]
    codecs = []
    while "--codec" in args:
        i = args.index("--codec")
        codecs += ALL_CODECS if args[i + 1] == "all" else [args[i + 1]]
        del args[i:i + 2]
    sizes = []
    while "--row-group-size" in args:
        i = args.index("--row-group-size")
        sizes.append(int(args[i + 1]))
        del args[i:i + 2]
    binary = args[0] if args else os.path.join(ROOT, ".build/release/data-designer")
    passed = failed = 0
    for spec in codecs or [None]:
        p, f = check(binary, spec)
        passed += p; failed += f
    for size in sizes:
        p, f = check(binary, None, size)
        passed += p; failed += f
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

def duckdb_same_rows(con, src_file, out):
    """Rows of `out` and `src_file` as DuckDB reads them are the same multiset."""
    a, b = f"read_parquet('{src_file}')", f"read_parquet('{out}')"
    return [con.execute(f"SELECT count(*) FROM (SELECT * FROM {x} EXCEPT ALL SELECT * FROM {y})").fetchone()[0]
            for x, y in ((a, b), (b, a))] == [0, 0]

def check(binary, spec, size=None):
    extra = []
    if spec:
        codec, _, level = spec.partition(":")
        extra = ["--compression", codec] + (["--level", level] if level else [])
        print(f"== export {' '.join(extra)}")
    if size:
        print(f"== export --row-group-size {size}")
    manifest = json.load(open(os.path.join(ROOT, "Fixtures/manifest.json")))
    passed = failed = 0
    skipped = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry in manifest["fixtures"]:
            if not set(entry["codecs"]) <= READABLE: continue
            src = os.path.join(ROOT, "Fixtures", entry["file"])
            out = os.path.join(tmp, "out.parquet")
            shape = ["--row-group-size", str(size)] if size else []
            r = subprocess.run([binary, "export", src, "-o", out, "-q"] + extra + shape, capture_output=True)
            plain = os.path.join(tmp, "plain.parquet")
            if spec and r.returncode == 0:
                r = subprocess.run([binary, "export", src, "-o", plain, "-q", "--compression", "none"], capture_output=True)
            if r.returncode != 0:
                print("EXPORT FAIL", entry["file"], r.stderr.decode()); failed += 1; continue
            expected = pq.read_table(src) if os.path.isfile(src) else pq.read_table(src + "/parquet-files")
            got = pq.read_table(out)
            problems = []
            if spec:
                want_codec = {"none": "UNCOMPRESSED", "lz4_raw": "LZ4_RAW"}.get(extra[1], extra[1].upper())
                meta = pq.ParquetFile(out).metadata
                codecs = {meta.row_group(g).column(c).compression
                          for g in range(meta.num_row_groups) for c in range(meta.num_columns)}
                # pyarrow names LZ4_RAW chunks "LZ4".
                if codecs - {want_codec, "LZ4" if want_codec == "LZ4_RAW" else want_codec}:
                    problems.append(f"codecs {codecs}, expected {want_codec}")
            if size:
                meta = pq.ParquetFile(out).metadata
                groups = [meta.row_group(k).num_rows for k in range(meta.num_row_groups)]
                if any(g != size for g in groups[:-1]) or (groups and groups[-1] > size):
                    problems.append(f"row groups {groups[:6]} are not of {size}")
            # pyarrow: same column names and, column by column, the same values.
            if got.column_names != expected.column_names:
                problems.append(f"pyarrow names {got.column_names} != {expected.column_names}")
            else:
                for name in expected.column_names:
                    try:
                        want = expected.column(name).cast(got.schema.field(name).type)
                    except Exception:
                        want = expected.column(name)
                    if not same_values(got.column(name), want):
                        problems.append(f"pyarrow values differ in {name}")
            # DuckDB and polars: row count and per-column non-null counts (skipped for a reader
            # that refuses the source file itself, e.g. invalid UTF-8 or invalid JSON text).
            src_file = src if os.path.isfile(src) else src + "/parquet-files/*.parquet"
            duck_ok = readable(lambda: duckdb.connect().execute(f"SELECT * FROM read_parquet('{src_file}')").fetchall())
            polars_ok = readable(lambda: pl.read_parquet(src_file))
            try:
                if not duck_ok: raise SkipReader()
                con = duckdb.connect()
                n = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
                if n != expected.num_rows: problems.append(f"duckdb rows {n}")
                for name in expected.column_names:
                    c = con.execute(f'SELECT count("{name}") FROM read_parquet(\'{out}\')').fetchone()[0]
                    if c != expected.num_rows - expected.column(name).null_count:
                        problems.append(f"duckdb non-null count of {name}: {c}")
                if size and not duckdb_same_rows(con, src_file, out):
                    problems.append("duckdb reads other rows than from the source")
                if spec:
                    a, b = f"read_parquet('{out}')", f"read_parquet('{plain}')"
                    extra_rows = [con.execute(f"SELECT count(*) FROM (SELECT * FROM {x} EXCEPT ALL SELECT * FROM {y})").fetchone()[0]
                                  for x, y in ((a, b), (b, a))]
                    if extra_rows != [0, 0]:
                        problems.append("duckdb reads other values than from the uncompressed export")
            except SkipReader:
                skipped.append(f"duckdb:{entry['file']}")
            except Exception as e:
                problems.append(f"duckdb: {e}")
            try:
                if not polars_ok: raise SkipReader()
                df = pl.read_parquet(out)
                if df.height != expected.num_rows: problems.append(f"polars rows {df.height}")
                for name in expected.column_names:
                    if df[name].null_count() != expected.column(name).null_count:
                        problems.append(f"polars null count of {name}")
                if spec and not df.equals(pl.read_parquet(plain), null_equal=True):
                    problems.append("polars reads other values than from the uncompressed export")
            except SkipReader:
                skipped.append(f"polars:{entry['file']}")
            except Exception as e:
                problems.append(f"polars: {str(e)[:120]}")
            if problems:
                failed += 1; print("FAIL", entry["file"], "; ".join(problems[:5]))
            else:
                passed += 1
    if skipped:
        print("not checked (the reader refuses the source file too):", ", ".join(skipped))
    print(f"{passed} passed, {failed} failed")
    return passed, failed

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Dev-time check of the Swift Parquet writer against other readers.

Runs the Swift test hook `WriterExportTests` with WRITER_OUT set to a temporary folder (or
uses --dir with files written earlier), then reads every file with pyarrow, DuckDB and polars
and compares the rows with the formulas the hook used (repeated below), plus a few
statistics and predicate-pushdown checks; the flat and nested files are also written (and read
back) in GZIP, ZSTD, LZ4_RAW and BROTLI. Prints one line per check and exits 1 on any failure.

    python3 scripts/verify_writer.py            # build + run the hook, then verify
    python3 scripts/verify_writer.py --dir D    # verify files already in D
"""
import argparse
import datetime as dt
import decimal
import os
import subprocess
import sys
import tempfile
import uuid

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
FLAT_ROWS = 10_000
NESTED_ROWS = 2_000


# --- expected values (mirror Tests/ParquetTests/WriterExportTests.swift) -------------------

def flat_row(i):
    return {
        "id": i,
        "i32": None if i % 5 == 0 else i * 3 - 100,
        "f": (i % 1000) * 0.5,
        "d": None if i % 7 == 0 else i / 4,
        "b": i % 3 == 0,
        "s": None if i % 4 == 3 else f"s{i % 50}-ü",
        "u8": i % 256,
        "date": 18000 + i,
        "ts": 1_700_000_000_000_000 + i * 1_000_001,
        "dec": decimal.Decimal(i * 7 - 500).scaleb(-2),
        "fx": bytes([i % 256, (i // 256) % 256, 0xAB, i % 3]),
        "uuid": bytes((k * 31 + i) % 256 for k in range(16)),
        "bin": None if i % 3 == 2 else bytes((k + i) % 256 for k in range(i % 6)),
        "i96": (i % 10) * 86_400_000_000 + i * 1000,  # microseconds
    }


def nested_row(i):
    if i % 6 == 5:
        tags = None
    else:
        tags = [None if (i + k) % 5 == 0 else i * 10 + k for k in range(i % 4)]
    if i % 7 == 6:
        attrs = None
    else:
        attrs = [(f"k{k}", None if k == 1 else i + k) for k in range(i % 3)]
    if i % 9 == 8:
        s = None
    else:
        y = None if i % 5 == 4 else [f"y{i}-{k}" for k in range(i % 3)]
        s = {"x": None if i % 2 == 1 else i, "y": y}
    return {"id": i, "tags": tags, "attrs": attrs, "s": s}


# --- normalisation of what each reader returns ----------------------------------------------

def norm(v):
    if v is None or isinstance(v, (bool, str, decimal.Decimal)):
        return v
    if hasattr(v, "value") and hasattr(v, "tz_localize"):  # pandas.Timestamp (ns)
        return v.value // 1000
    if isinstance(v, dt.datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=dt.timezone.utc)
        d = v - EPOCH
        return d.days * 86_400_000_000 + d.seconds * 1_000_000 + d.microseconds
    if isinstance(v, dt.date):
        return (v - dt.date(1970, 1, 1)).days
    if isinstance(v, uuid.UUID):
        return v.bytes
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v)
    if isinstance(v, float):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    return v


def norm_map(v):
    """pyarrow: [(k, v)], DuckDB: {k: v}, polars: [{'key', 'value'}] -> [(k, v)]."""
    if v is None:
        return None
    if isinstance(v, dict):
        return [(k, norm(x)) for k, x in v.items()]
    out = []
    for e in v:
        if isinstance(e, dict):
            out.append((e["key"], norm(e["value"])))
        else:
            out.append((e[0], norm(e[1])))
    return out


def norm_row(row):
    return {k: (norm_map(v) if k == "attrs" else norm(v)) for k, v in row.items()}


# --- readers --------------------------------------------------------------------------------

def read_pyarrow(path):
    import pyarrow.parquet as pq
    return pq.read_table(path).to_pylist()


def read_duckdb(path):
    import duckdb
    con = duckdb.connect()
    cur = con.execute(f"SELECT * FROM read_parquet('{path}')")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def read_polars(path):
    import polars as pl
    return pl.read_parquet(path).to_dicts()


READERS = {"pyarrow": read_pyarrow, "duckdb": read_duckdb, "polars": read_polars}


class Report:
    def __init__(self):
        self.failures = 0

    def check(self, name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ': ' + detail}")
        if not ok:
            self.failures += 1


def compare_rows(report, label, got, expected):
    if len(got) != len(expected):
        report.check(label, False, f"{len(got)} rows, expected {len(expected)}")
        return
    for i, (g, e) in enumerate(zip(got, expected)):
        g = norm_row(g)
        e = norm_row(e)
        for key, value in e.items():
            if key not in g:
                report.check(label, False, f"no column {key}")
                return
            if g[key] != value:
                report.check(label, False, f"row {i} column {key}: {g[key]!r} != {value!r}")
                return
    report.check(label, True)


def check_statistics(report, path, rows_per_group):
    import pyarrow.parquet as pq
    meta = pq.ParquetFile(path).metadata
    expected = [flat_row(i) for i in range(FLAT_ROWS)]
    names = [meta.schema.column(j).name for j in range(meta.num_columns)]
    problems = []
    for g in range(meta.num_row_groups):
        rows = expected[g * rows_per_group:(g + 1) * rows_per_group]
        rg = meta.row_group(g)
        for j, name in enumerate(names):
            st = rg.column(j).statistics
            values = [r[name] for r in rows if r[name] is not None]
            nulls = len(rows) - len(values)
            if st is None or st.null_count != nulls:
                problems.append(f"rg {g} {name}: null_count {st and st.null_count} != {nulls}")
                continue
            if name in ("id", "i32", "d", "s", "u8", "b", "f") and values:
                if not st.has_min_max or st.min != min(values) or st.max != max(values):
                    problems.append(f"rg {g} {name}: min/max {st.min!r}/{st.max!r} != {min(values)!r}/{max(values)!r}")
            if name in ("i96", "fx") and st.has_min_max and name == "i96":
                problems.append(f"rg {g} {name}: INT96 should have no min/max")
    report.check(f"pyarrow statistics ({os.path.basename(path)})", not problems, "; ".join(problems[:5]))


def check_pushdown(report, path):
    import duckdb
    import polars as pl
    expected = [flat_row(i) for i in range(FLAT_ROWS)]
    want_s = sum(1 for r in expected if r["s"] == "s49-ü")
    want_id = sum(1 for r in expected if r["id"] >= 9990)
    want_i32 = sum(1 for r in expected if r["i32"] is not None and r["i32"] < -90)
    con = duckdb.connect()
    got = con.execute(f"SELECT count(*) FROM read_parquet('{path}') WHERE s = 's49-ü'").fetchone()[0]
    report.check(f"duckdb filter on s ({os.path.basename(path)})", got == want_s, f"{got} != {want_s}")
    got = con.execute(f"SELECT count(*) FROM read_parquet('{path}') WHERE id >= 9990").fetchone()[0]
    report.check(f"duckdb filter on id ({os.path.basename(path)})", got == want_id, f"{got} != {want_id}")
    stats = con.execute(
        f"SELECT stats_min_value, stats_max_value FROM parquet_metadata('{path}') "
        f"WHERE path_in_schema = 's' AND row_group_id = 0").fetchone()
    report.check("duckdb reads string min/max", stats == ("s0-ü", "s9-ü"), repr(stats))
    got = pl.scan_parquet(path).filter(pl.col("i32") < -90).select(pl.len()).collect().item()
    report.check(f"polars filter on i32 ({os.path.basename(path)})", got == want_i32, f"{got} != {want_i32}")


# Files also written in these codecs (flat_<codec>.parquet, nested_<codec>.parquet).
CODECS = ["gzip", "zstd", "lz4_raw", "brotli"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="verify files already written to this folder")
    args = parser.parse_args()
    folder = args.dir
    if folder is None:
        folder = tempfile.mkdtemp(prefix="writer-verify-")
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = dict(os.environ, WRITER_OUT=folder)
        proc = subprocess.run(["swift", "test", "--filter", "WriterExportTests"], cwd=root, env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stdout[-4000:], proc.stderr[-4000:])
            sys.exit("swift test failed")
    print(f"files in {folder}")
    report = Report()
    flat = [flat_row(i) for i in range(FLAT_ROWS)]
    nested = [nested_row(i) for i in range(NESTED_ROWS)]
    for reader, read in READERS.items():
        files = [("flat", flat), ("flat_plain", flat), ("nested", nested), ("nested_plain", nested)]
        files += [(f"{kind}_{codec}", rows) for codec in CODECS for kind, rows in (("flat", flat), ("nested", nested))]
        for name, expected in files:
            path = os.path.join(folder, name + ".parquet")
            try:
                compare_rows(report, f"{reader} {name}", read(path), expected)
            except Exception as e:  # a reader refusing the file is a failure to report
                report.check(f"{reader} {name}", False, f"{type(e).__name__}: {e}")
        try:
            rows = read(os.path.join(folder, "empty.parquet"))
            report.check(f"{reader} empty", rows == [], repr(rows[:1]))
        except Exception as e:
            report.check(f"{reader} empty", False, f"{type(e).__name__}: {e}")
    check_statistics(report, os.path.join(folder, "flat.parquet"), 3000)
    check_statistics(report, os.path.join(folder, "flat_plain.parquet"), FLAT_ROWS)
    check_pushdown(report, os.path.join(folder, "flat.parquet"))
    print(f"{report.failures} failure(s)")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Differential test: random Parquet files, `data-designer export` vs render.py.

    python3 scripts/golden/differential.py [--kind flat|nested|encodings|spec|all] [--count N]
                                           [--seed S] [--csv] [--codec C] [--writer W] [BINARY]

BINARY defaults to .build/release/data-designer.  --count cases of each selected kind
(default all three):

- flat (case i seeded by (S, i)): a random flat table (random column kinds among the flat
  types, random null ratio 0..1, dictionary on/off, data page v1/v2, codec none/snappy,
  random row group and data page sizes, 0..5000 rows);
- nested (seeded by (S, i, 1)): 1..4 random nested columns (list, large_list, struct, map
  with random key kinds, nested up to 3 levels: list of lists, list of structs, structs of
  lists, map of lists, ...), every level nullable or not, null vs empty lists/maps, null
  structs vs structs of nulls, dictionary on/off, v1/v2, none/snappy, tiny pages and row
  groups;
- encodings (seeded by (S, i, 2)): flat and nested columns written with use_dictionary=False
  and a random valid encoding per leaf (DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY,
  DELTA_BYTE_ARRAY, BYTE_STREAM_SPLIT, RLE for booleans, PLAIN), v1/v2, none/snappy,
  tiny data pages and row groups;
- spec (seeded by (S, i, 5); spec_types.py): the parquet-format 2.11+ types, written only by
  the writers that can: DuckDB (a VARIANT column of random primitives of every type, lists and
  structs to three levels, which DuckDB shreds when the types allow, and a GEOMETRY column of
  random WKB of every type and dimension) and pyarrow (GEOMETRY or GEOGRAPHY through a
  geoarrow.wkb extension type); polars writes neither (skipped).  Besides the JSONL (and CSV)
  comparison, `--geometry geojson` output is compared with render.py's GeoJSON.  `--kind all`
  leaves it out (it keeps the earlier cases); ask for it by name.

--codec none|snappy|gzip|zstd|lz4|brotli|all overrides each case's none/snappy choice ("lz4"
is LZ4_RAW; "all" draws one per case, seeded by (S, i, 3, kind), the same for every writer)
and draws a random compression level.  --writer pyarrow|duckdb|polars|all picks the writer
(writers.py; "all" runs every case with each writer in turn): DuckDB gets the table through
`COPY (SELECT * FROM tbl) TO ... (FORMAT parquet, COMPRESSION .., ROW_GROUP_SIZE ..,
PARQUET_VERSION V1|V2 from the case's page version)`, polars `pl.from_arrow(tbl).write_parquet(
compression=.., row_group_size=.., data_page_size=.., statistics=..)`; types a writer cannot
write are replaced first (writers.restrict).  The expected values always come from pyarrow
reading the written file; where pyarrow cannot, from the source table (for DuckDB/polars
files column by column: what pyarrow reads, else the source column cast to the file's type).
Without --codec and --writer the cases and files are exactly those of earlier versions.

Each file goes to a temp dir; the script runs

    BINARY export <file.parquet> -o <out.jsonl>

and compares the output byte for byte with render.render_jsonl(file).  With --csv it also
runs `BINARY export <file.parquet> -o <out.csv>`, compares it byte for byte with
render.render_csv(file), and parses it with Python's csv module, comparing field by field
with the expected texts (the csv module reads a null and "" alike, so that distinction is
checked by the byte comparison).  Prints the first difference of each failure and ends with
`N passed, M failed` (and a line per kind); exit status 1 when any case failed, when a
writer's package cannot be imported, or when fewer than --min-passed cases passed (default:
90 % of the cases run; skipped cases do not count as passed).  --no-run only generates and
renders (to test this script itself) and reports "N rendered", never "passed"; --keep keeps the temp dir (and
with it every failing file) for inspection.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flat_columns as fc  # noqa: E402
import footer  # noqa: E402
import random_tables as rt  # noqa: E402
import render  # noqa: E402
import spec_types  # noqa: E402
import writers  # noqa: E402

FLAT_KINDS = [k for k in fc.KINDS]


def random_case(seed: int, i: int):
    """(table, write options, description) for case i; deterministic in (seed, i)."""
    rng = np.random.default_rng([seed, i])
    r = rng.random()
    n = int(rng.integers(0, 21)) if r < 0.15 else int(rng.integers(0, 5001)) if r < 0.55 else int(rng.integers(0, 600))
    k = int(rng.integers(1, 9))
    kinds = [FLAT_KINDS[j] for j in rng.choice(len(FLAT_KINDS), size=k, replace=False)]
    int96 = rng.random() < 0.1
    if int96:
        kinds.append("ts_ns")  # written as INT96 (the flag applies to every timestamp column)
    nr = rng.random()
    null_ratio = 0.0 if nr < 0.2 else 1.0 if nr < 0.3 else float(rng.random())
    required = null_ratio == 0.0 and rng.random() < 0.5
    fields, arrays = [], []
    for j, kind in enumerate(dict.fromkeys(kinds)):
        if required and kind == "null":
            continue
        col_nulls = null_ratio if rng.random() < 0.7 else float(rng.random())
        if required:
            col_nulls = 0.0
        arrays.append(fc.column(kind, rng, n, col_nulls))
        fields.append(pa.field(f"c{j}_{kind}", fc.KINDS[kind], nullable=not required))
    if not arrays:
        arrays.append(fc.column("int64", rng, n, 0.0))
        fields.append(pa.field("c0_int64", pa.int64(), nullable=not required))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    opts = dict(
        use_dictionary=bool(rng.random() < 0.5),
        data_page_version="1.0" if rng.random() < 0.5 else "2.0",
        compression="none" if rng.random() < 0.5 else "snappy",
        row_group_size=max(1, int(rng.integers(1, max(2, n + 1))) if rng.random() < 0.5 else 1 << 20),
        data_page_size=int(rng.choice([64, 100, 512, 4096, 1 << 20])),
        write_batch_size=int(rng.choice([7, 64, 1024])),
        store_decimal_as_integer=bool(rng.random() < 0.5),
        use_deprecated_int96_timestamps=int96,
    )
    desc = (f"rows={n} cols={len(fields)} nulls={null_ratio:.2f} required={required} "
            f"dict={opts['use_dictionary']} page=v{opts['data_page_version'][0]} codec={opts['compression']} "
            f"rg={opts['row_group_size']} page_size={opts['data_page_size']} int96={int96} "
            f"kinds={','.join(f.name for f in fields)}")
    return table, opts, desc


def _sizes(rng, n: int) -> dict:
    """Small row groups and data pages so that values cross page and row-group boundaries."""
    return dict(
        row_group_size=max(1, int(rng.integers(1, max(2, n + 1)))) if rng.random() < 0.6 else 1 << 20,
        data_page_size=int(rng.choice([1, 16, 64, 100, 512, 4096, 1 << 20])),
        write_batch_size=int(rng.choice([1, 3, 7, 64, 1024])),
    )


def nested_case(seed: int, i: int):
    """(table, write options, description) of nested case i; deterministic in (seed, i)."""
    rng = np.random.default_rng([seed, i, 1])
    r = rng.random()
    n = int(rng.integers(0, 6)) if r < 0.15 else int(rng.integers(0, 400))
    nr = rng.random()
    null_ratio = 0.0 if nr < 0.2 else 1.0 if nr < 0.25 else float(rng.random() * 0.6)
    table, desc = rt.nested_table(rng, n, null_ratio, int(rng.integers(1, 5)))
    opts = dict(
        use_dictionary=bool(rng.random() < 0.5),
        data_page_version="1.0" if rng.random() < 0.5 else "2.0",
        compression="none" if rng.random() < 0.5 else "snappy",
        store_decimal_as_integer=bool(rng.random() < 0.5),
        **_sizes(rng, n),
    )
    return table, opts, (f"rows={n} nulls={null_ratio:.2f} dict={opts['use_dictionary']} "
                         f"page=v{opts['data_page_version'][0]} codec={opts['compression']} "
                         f"rg={opts['row_group_size']} page_size={opts['data_page_size']} {desc}")


def encodings_case(seed: int, i: int):
    """(table, write options, description) of encodings case i; deterministic in (seed, i)."""
    rng = np.random.default_rng([seed, i, 2])
    r = rng.random()
    n = int(rng.integers(0, 6)) if r < 0.1 else int(rng.integers(0, 3000)) if r < 0.5 else int(rng.integers(0, 400))
    nr = rng.random()
    null_ratio = 0.0 if nr < 0.25 else 1.0 if nr < 0.3 else float(rng.random())
    kinds = [FLAT_KINDS[j] for j in rng.choice(len(FLAT_KINDS), size=int(rng.integers(1, 9)), replace=False)]
    fields, arrays = [], []
    for j, kind in enumerate(kinds):
        nullable = kind == "null" or rng.random() < 0.8
        arrays.append(fc.column(kind, rng, n, null_ratio if nullable else 0.0))
        fields.append(pa.field(f"c{j}_{kind}", fc.KINDS[kind], nullable=nullable))
    nested = ""
    if rng.random() < 0.5:
        t, nested = rt.nested_table(rng, n, min(null_ratio, 0.5), int(rng.integers(1, 3)))
        for f, a in zip(t.schema, t.columns):
            fields.append(pa.field("n_" + f.name, f.type, nullable=f.nullable))
            arrays.append(a.combine_chunks())
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    int96 = bool(rng.random() < 0.1)
    layout = dict(data_page_version="1.0" if rng.random() < 0.5 else "2.0",
                  store_decimal_as_integer=bool(rng.random() < 0.5), use_deprecated_int96_timestamps=int96)
    encoding = rt.random_encodings(rng, table, **layout)
    opts = dict(use_dictionary=False, column_encoding=encoding,
                compression="none" if rng.random() < 0.5 else "snappy", **layout, **_sizes(rng, n))
    enc = ",".join(f"{k}={v}" for k, v in encoding.items())
    return table, opts, (f"rows={n} nulls={null_ratio:.2f} page=v{opts['data_page_version'][0]} "
                         f"codec={opts['compression']} rg={opts['row_group_size']} "
                         f"page_size={opts['data_page_size']} int96={int96} encodings={enc} nested={nested}")


CASES = {"flat": random_case, "nested": nested_case, "encodings": encodings_case}
PYARROW_UNREADABLE: list = []
SKIPPED: list = []  # cases without a reference (pyarrow cannot read them and the source would not cast)
CODECS_WRITTEN: dict = {}  # (writer, footer codec name) -> files


def first_difference(expected: bytes, got: bytes) -> str:
    el = expected.split(b"\n")
    gl = got.split(b"\n")
    for ln, (a, b) in enumerate(zip(el, gl), start=1):
        if a != b:
            col = next((c for c in range(min(len(a), len(b))) if a[c] != b[c]), min(len(a), len(b)))
            lo = max(0, col - 60)
            return (f"line {ln}, byte {col}:\n    expected: ...{a[lo:col + 100].decode('utf-8', 'replace')}\n"
                    f"    got:      ...{b[lo:col + 100].decode('utf-8', 'replace')}")
    return f"line counts differ: expected {len(el) - 1} lines, got {len(gl) - 1}"


def csv_parse_difference(got: bytes, path: str, source=None):
    """Parses `got` with the csv module; the first field differing from render's texts, or None."""
    names, rows = render.csv_values(path, source)
    expected = [names] + [["" if v is None else v for v in row] for row in rows]
    parsed = list(csv.reader(io.StringIO(got.decode("utf-8"), newline="")))
    # A record of one null field is an empty line, which the csv module reads as no field.
    parsed = [[""] if r == [] and len(names) == 1 else r for r in parsed]
    for r, (a, b) in enumerate(zip(expected, parsed)):
        if a != b:
            for c in range(max(len(a), len(b))):
                x = a[c] if c < len(a) else "<missing>"
                y = b[c] if c < len(b) else "<missing>"
                if x != y:
                    return f"record {r} field {c}: expected {x[:120]!r}, parsed {y[:120]!r}"
    if len(expected) != len(parsed):
        return f"expected {len(expected)} records (with the header), parsed {len(parsed)}"
    return None


def run_export(binary: str, path: str, out: str, timeout: float, extra=()):
    """(error text or None, output bytes)."""
    try:
        proc = subprocess.run([binary, "export", path, "-o", out, *extra], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timeout after {timeout}s", b""
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return f"exit {proc.returncode}: {err[-1] if err else ''}", b""
    with open(out, "rb") as f:
        return None, f.read()


def case_codec(args, kind: str, i: int):
    """The codec of case i: --codec, a random one per case with `all` (the same for every
    writer), or None (the case's own none/snappy choice) without --codec."""
    if args.codec is None:
        return None
    if args.codec != "all":
        return args.codec
    rng = np.random.default_rng([args.seed, i, 3, list(CASES).index(kind)])
    return writers.CODECS[int(rng.integers(0, len(writers.CODECS)))]


def run_spec_case(args, tmp: str, i: int, writer: str):
    """The `spec` kind: VARIANT and GEOMETRY columns (see spec_types.py)."""
    stem = os.path.join(tmp, f"{writer}_spec_{args.seed}_{i:04d}")
    path = stem + ".parquet"
    try:
        desc = spec_types.write_case(writer, args.seed, i, path)
    except NotImplementedError as e:
        return f"SKIP: {e}"
    expected = render.render_jsonl(path)
    render.GEOMETRY_ENCODING = "geojson"
    try:
        expected_geojson = render.render_jsonl(path)
    finally:
        render.GEOMETRY_ENCODING = "wkt"
    if args.no_run:
        print(f"{writer} spec case {i}: {desc} -> {len(expected)} bytes")
        os.remove(path)
        return None
    problems = []
    for name, want, extra, out in [("jsonl", expected, (), stem + ".jsonl"),
                                   ("geojson", expected_geojson, ("--geometry", "geojson"), stem + ".geo.jsonl")]:
        err, got = run_export(args.binary, path, out, args.timeout, extra)
        if err:
            problems.append(f"{name} {err}")
        elif got != want:
            problems.append(f"{name} output differs at {first_difference(want, got)}")
    if args.csv:
        want = render.render_csv(path)
        err, got = run_export(args.binary, path, stem + ".csv", args.timeout)
        if err:
            problems.append(f"csv {err}")
        elif got != want:
            problems.append(f"csv output differs at {first_difference(want, got)}")
    if not problems:
        for ext in (".parquet", ".jsonl", ".geo.jsonl", ".csv"):
            if os.path.exists(stem + ext):
                os.remove(stem + ext)
        return None
    return "\n  ".join(problems) + f"\n  {desc}\n  file: {path}"


def run_case(args, tmp: str, kind: str, i: int, writer: str = "pyarrow"):
    """None when case i of `kind` written by `writer` passes, else the failure text."""
    if kind == "spec":
        return run_spec_case(args, tmp, i, writer)
    table, opts, desc = CASES[kind](args.seed, i)
    prefix = "" if writer == "pyarrow" else writer + "_"
    stem = os.path.join(tmp, f"{prefix}{kind}_{args.seed}_{i:04d}")
    path = stem + ".parquet"
    codec = case_codec(args, kind, i)
    rng = np.random.default_rng([args.seed, i, 4, list(CASES).index(kind), writers.WRITERS.index(writer)])
    try:
        wdesc, written = writers.write(writer, table, path, opts, codec, rng)
    except BaseException as e:  # noqa: BLE001  (polars panics are BaseExceptions)
        # A writer's limitation is no verdict on the reader: listed as skipped.
        # A writer that is not installed is an error of the run, never a skip.
        if writer == "pyarrow" or isinstance(e, (KeyboardInterrupt, SystemExit, ImportError)):
            raise
        return f"SKIP: {writer} could not write it ({type(e).__name__}: {str(e)[:200]}); {desc}"
    if codec is not None or writer != "pyarrow":
        codecs = footer.summary(path)["codecs"]
        for c in codecs:
            CODECS_WRITTEN[(writer, c)] = CODECS_WRITTEN.get((writer, c), 0) + 1
        desc += f" [{wdesc} footer_codecs={','.join(codecs)}]"
    source = None
    try:
        back = pq.ParquetFile(path).read()
        if back.num_rows != table.num_rows:
            raise pa.ArrowInvalid(f"read back {back.num_rows} of {table.num_rows} rows")
    except (pa.ArrowException, OSError) as e:
        # pyarrow cannot read the file (a pyarrow reader fault for its own files; for DuckDB's
        # V2 files it rejects some DELTA_BINARY_PACKED pages that DuckDB, polars and the
        # Swift reader read): expect the values of the table it was written from.
        try:
            source = written if writer == "pyarrow" else writers.source_as_written(written, path)
        except (pa.ArrowException, ValueError, OverflowError) as e2:
            return f"SKIP: pyarrow cannot read it ({e}) and no reference could be made ({e2}); file: {path}"
        desc += f" [pyarrow cannot read it back: {e}; expected values from the source table]"
        PYARROW_UNREADABLE.append(f"{prefix}{kind} case {i}")
    expected = render.render_jsonl(path, source)
    expected_csv = render.render_csv(path, table=source) if args.csv else None
    if args.no_run:
        print(f"{prefix}{kind} case {i}: {desc} -> {len(expected)} bytes")
        os.remove(path)
        return None
    problems = []
    err, got = run_export(args.binary, path, stem + ".jsonl", args.timeout)
    if err:
        problems.append(f"jsonl {err}")
    elif got != expected:
        problems.append(f"jsonl output differs at {first_difference(expected, got)}")
    if args.csv:
        err, got = run_export(args.binary, path, stem + ".csv", args.timeout)
        if err:
            problems.append(f"csv {err}")
        else:
            if got != expected_csv:
                problems.append(f"csv output differs at {first_difference(expected_csv, got)}")
            parsed = csv_parse_difference(got, path, source)
            if parsed:
                problems.append(f"csv parsed differently: {parsed}")
    if not problems:
        for ext in (".parquet", ".jsonl", ".csv"):
            if os.path.exists(stem + ext):
                os.remove(stem + ext)
        return None
    return "\n  ".join(problems) + f"\n  {desc}\n  file: {path}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary", nargs="?", default=".build/release/data-designer")
    ap.add_argument("--kind", "-k", choices=["flat", "nested", "encodings", "spec", "all"], default="all")
    ap.add_argument("--count", "-n", type=int, default=50, help="cases per kind")
    ap.add_argument("--first", type=int, default=0, help="index of the first case (to rerun one case)")
    ap.add_argument("--seed", "-s", type=int, default=1)
    ap.add_argument("--codec", "-c", choices=writers.CODECS + ["all"], default=None,
                    help="compression codec (lz4 is LZ4_RAW; all: a random one per case, with a random "
                         "level); default: each case's own none/snappy choice")
    ap.add_argument("--writer", "-w", choices=writers.WRITERS + ["all"], default="pyarrow",
                    help="Parquet writer (all: every case with each writer in turn)")
    ap.add_argument("--csv", action="store_true", help="also check the CSV export")
    ap.add_argument("--no-run", action="store_true", help="generate and render only; do not run BINARY")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--min-passed", type=int, default=None,
                    help="fail unless at least this many cases pass (default: 90%% of the cases run)")
    args = ap.parse_args(argv)
    if not args.no_run and not os.access(args.binary, os.X_OK):
        print(f"error: binary {args.binary} not found or not executable (build it, or pass --no-run)",
              file=sys.stderr)
        return 2
    kinds = list(CASES) if args.kind == "all" else [args.kind]
    writer_list = writers.WRITERS if args.writer == "all" else [args.writer]
    tmp = tempfile.mkdtemp(prefix="dd-differential-")
    totals = {}
    crashed = True
    try:
        for writer in writer_list:
            for kind in kinds:
                passed = failed = 0
                for i in range(args.first, args.first + args.count):
                    failure = run_case(args, tmp, kind, i, writer)
                    if failure is None:
                        passed += 1
                    elif failure.startswith("SKIP"):
                        SKIPPED.append(f"{writer} {kind} case {i}: {failure}")
                    else:
                        failed += 1
                        print(f"FAIL {'' if writer == 'pyarrow' else writer + ' '}{kind} case {i} "
                              f"(seed {args.seed}): {failure}", flush=True)
                totals[(writer, kind)] = (passed, failed)
        crashed = False
    finally:
        failed_any = crashed or any(f for _, f in totals.values())
        if args.keep or failed_any:
            print(f"temporary files kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    plain = writer_list == ["pyarrow"]
    verdict = "rendered" if args.no_run else "passed"
    for (writer, kind), (p, f) in totals.items():
        print(f"{kind if plain else writer + ' ' + kind}: {p} {verdict}, {f} failed")
    if not plain or args.codec is not None:
        for writer in writer_list:
            p = sum(v[0] for (w, _), v in totals.items() if w == writer)
            f = sum(v[1] for (w, _), v in totals.items() if w == writer)
            seen = ", ".join(f"{c} {n}" for (w, c), n in sorted(CODECS_WRITTEN.items()) if w == writer)
            print(f"{writer}: {p} passed, {f} failed (files by footer codec: {seen})")
    if PYARROW_UNREADABLE:
        print(f"pyarrow could not read back {len(PYARROW_UNREADABLE)} of the files (expected values taken "
              f"from the source tables): {', '.join(PYARROW_UNREADABLE)}")
    if SKIPPED:
        print(f"skipped {len(SKIPPED)} cases without a reference:\n  " + "\n  ".join(SKIPPED))
    passed = sum(p for p, _ in totals.values())
    failed = sum(f for _, f in totals.values())
    if args.no_run:
        print(f"{passed} rendered (--no-run: nothing was checked)")
        return 0 if passed else 1
    cases = args.count * len(kinds) * len(writer_list)
    minimum = args.min_passed if args.min_passed is not None else max(1, (cases * 9) // 10)
    print(f"{passed} passed, {failed} failed (minimum {minimum} passed of {cases} cases)")
    if passed < minimum:
        print(f"error: only {passed} cases passed, fewer than the minimum {minimum} "
              f"({len(SKIPPED)} skipped)", file=sys.stderr)
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

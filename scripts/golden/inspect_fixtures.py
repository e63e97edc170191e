#!/usr/bin/env python3
"""Fixtures and goldens for the inspection commands (meta, layout, sample, schema --json).

    python3 scripts/golden/inspect_fixtures.py [--cli .build/debug/data-designer] [--corpus DIR]

Writes (deterministically) into Fixtures/inspect/:
- pyarrow_index_v1.parquet: pyarrow, 3 row groups, v1 pages of at most 64 rows, page index,
  page CRCs, a bloom filter on `name`, sorting columns, Snappy; flat and nested columns.
- pyarrow_index_v2_zstd.parquet: the same table with v2 pages, ZSTD, dictionary off for `score`.
- duckdb_default.parquet: DuckDB COPY defaults (bloom filters on dictionary columns), 2 row groups.
- polars_default.parquet: polars write_parquet defaults (ZSTD, statistics).
- corpus.tsv: for every parquet-testing data/ file, what `meta` and `layout` must do, with the
  page counts read here from the raw page headers (an independent Thrift decoder).
- sample goldens: records chosen by a Python port of the CLI's sampler (xoshiro256** seeded
  with SplitMix64, Floyd's algorithm, Lemire's bounded integers) and rendered by render.py.
With --cli, also the tool's own outputs as goldens (`<case>.meta.txt`, `.meta.json`,
`.layout.txt`, `.layout.json`, `.schema.json`; a `.sha256` instead when over 256 KB), run with
the case's root as working folder so that paths in them are relative. Check them with
check_inspect.py before committing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import decimal
import hashlib
import json
import os
import struct
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import render  # noqa: E402
import thrift_compact as tc  # noqa: E402
import footer  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(REPO, "Fixtures")
OUT = os.path.join(FIXTURES, "inspect")
DEFAULT_CORPUS = os.path.join(os.path.dirname(REPO), "shared", "parquet-testing")
if not os.path.isdir(DEFAULT_CORPUS):
    DEFAULT_CORPUS = "/work/shared/parquet-testing"

GOLDEN_LIMIT = 256 << 10

# Cases whose tool outputs are committed: (case id, root, path relative to the root).
FIXTURE_CASES = ["pyarrow_index_v1", "pyarrow_index_v2_zstd", "duckdb_default", "polars_default"]
CORPUS_CASES = [
    "alltypes_tiny_pages.parquet", "data_index_bloom_encoding_stats.parquet",
    "data_index_bloom_encoding_with_length.parquet", "datapage_v1-snappy-compressed-checksum.parquet",
    "datapage_v2.snappy.parquet", "sort_columns.parquet", "column_chunk_key_value_metadata.parquet",
    "dict-page-offset-zero.parquet", "int32_with_null_pages.parquet", "nested_lists.snappy.parquet",
    "fixed_length_decimal.parquet", "int96_from_spark.parquet",
]
# Sample goldens: (id, root, inputs relative to the root, n, seed).
SAMPLE_CASES = [
    ("example-dataset.sample-n7-seed42", "fixtures", ["example-dataset"], 7, 42),
    ("example-dataset.sample-n150-seed1", "fixtures", ["example-dataset"], 150, 1),
    ("pyarrow_index_v1.sample-n25-seed3", "fixtures", ["inspect/pyarrow_index_v1.parquet"], 25, 3),
    ("pyarrow_index_v2_zstd.sample-n9-seed11", "fixtures", ["inspect/pyarrow_index_v2_zstd.parquet"], 9, 11),
    ("alltypes_tiny_pages.sample-n40-seed5", "corpus", ["data/alltypes_tiny_pages.parquet"], 40, 5),
    ("datapage_v1-snappy-compressed-checksum.sample-n3-seed9", "corpus",
     ["data/datapage_v1-snappy-compressed-checksum.parquet"], 3, 9),
    ("nested_lists.sample-n2-seed4", "corpus", ["data/nested_lists.snappy.parquet"], 2, 4),
]
SCHEMA_CASES = [("example-dataset", "fixtures", ["example-dataset"]),
                ("pyarrow_index_v1", "fixtures", ["inspect/pyarrow_index_v1.parquet"])]


# ---------------------------------------------------------------- fixtures

def table(rows: int = 1200) -> pa.Table:
    ids = list(range(rows))
    names = [f"name_{(i * 7919) % 97:03d}" for i in ids]
    score = [None if i % 11 == 0 else round((i * 37 % 1000) / 7.0, 3) for i in ids]
    tags = [None if i % 13 == 0 else [f"t{j}" for j in range(i % 4)] for i in ids]
    point = [None if i % 17 == 0 else {"x": i % 50, "y": -i} for i in ids]
    base = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    ts = [base + dt.timedelta(seconds=i * 3607) for i in ids]
    dec = [decimal.Decimal(i * 13 - 4000).scaleb(-2) for i in ids]
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "name": pa.array(names, pa.string()),
        "score": pa.array(score, pa.float64()),
        "tags": pa.array(tags, pa.list_(pa.string())),
        "point": pa.array(point, pa.struct([("x", pa.int32()), ("y", pa.int64())])),
        "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
        "dec": pa.array(dec, pa.decimal128(9, 2)),
    })


def write_fixtures() -> None:
    os.makedirs(OUT, exist_ok=True)
    t = table()
    common = dict(row_group_size=400, write_page_index=True, write_page_checksum=True, max_rows_per_page=64,
                  sorting_columns=[pq.SortingColumn(0)], bloom_filter_options={"name": {"ndv": 100, "fpp": 0.05}},
                  store_schema=False)
    pq.write_table(t, os.path.join(OUT, "pyarrow_index_v1.parquet"), compression="snappy", **common)
    pq.write_table(t, os.path.join(OUT, "pyarrow_index_v2_zstd.parquet"), compression="zstd", compression_level=3,
                   data_page_version="2.0", use_dictionary=["name", "tags"], **common)
    import duckdb
    con = duckdb.connect()
    con.register("t", t)
    path = os.path.join(OUT, "duckdb_default.parquet")
    con.execute(f"COPY (SELECT * FROM t ORDER BY id) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 600)")
    con.close()
    import polars as pl
    pl.from_arrow(t).write_parquet(os.path.join(OUT, "polars_default.parquet"))


# ---------------------------------------------------------------- raw page walk (independent)

def page_walk(path: str) -> dict:
    """Pages of every chunk from the raw headers: counts by type, CRCs, bytes."""
    fmd = footer.read_footer(path)
    with open(path, "rb") as f:
        data = f.read()
    pages = crcs = body = 0
    types: dict = {}
    for rg in tc.get(fmd, 4).items:
        for cc in tc.get(rg, 1).items:
            md = tc.get(cc, 3)
            size = tc.get(md, 7)
            if size == 0:
                continue
            offsets = [o for o in (tc.get(md, 9), tc.get(md, 11)) if o is not None and o >= 4]
            pos = min(offsets)
            end = pos + size
            while pos < end:
                header, n = tc.decode_struct(data, pos)
                kind = tc.get(header, 1)
                comp = tc.get(header, 3)
                pages += 1
                types[kind] = types.get(kind, 0) + 1
                crcs += tc.get(header, 4) is not None
                body += comp
                pos = n + comp
    names = {0: "DATA_PAGE", 1: "INDEX_PAGE", 2: "DICTIONARY_PAGE", 3: "DATA_PAGE_V2"}
    return {"pages": pages, "crc": crcs, "body_bytes": body,
            "types": ",".join(f"{names.get(k, k)}={v}" for k, v in sorted(types.items()))}


def corpus_table(corpus: str) -> list:
    rows = []
    data = os.path.join(corpus, "data")
    for root, _, names in os.walk(data):
        for name in sorted(names):
            if not name.endswith(".parquet"):
                continue
            rel = os.path.relpath(os.path.join(root, name), corpus)
            path = os.path.join(corpus, rel)
            try:
                walk = page_walk(path)
                groups = len(tc.get(footer.read_footer(path), 4).items)
                rows.append([rel, "ok", str(groups), str(walk["pages"]), str(walk["crc"]),
                             str(walk["body_bytes"]), walk["types"]])
            except Exception as e:  # noqa: BLE001 - reported as an expected failure
                rows.append([rel, "error", "-", "-", "-", "-", type(e).__name__])
    return sorted(rows)


# ---------------------------------------------------------------- sampler port

MASK = (1 << 64) - 1


def splitmix(state: int):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


class Xoshiro:
    def __init__(self, seed: int):
        g = splitmix(seed)
        self.s = [next(g) for _ in range(4)]
        if not any(self.s):
            self.s[0] = 1

    def next(self) -> int:
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK  # noqa: E731
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, bound: int) -> int:
        product = self.next() * bound
        low = product & MASK
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & MASK
        return product >> 64


def sample_positions(n: int, total: int, seed: int) -> list:
    if n <= 0 or total <= 0:
        return []
    if n >= total:
        return list(range(total))
    g = Xoshiro(seed)
    chosen = set()
    for j in range(total - n, total):
        t = g.below(j + 1)
        chosen.add(j if t in chosen else t)
    return sorted(chosen)


def dataset_files(root: str, inputs: list) -> list:
    files = []
    for item in inputs:
        path = os.path.join(root, item)
        if os.path.isdir(path):
            folder = os.path.join(path, "parquet-files") if os.path.isdir(os.path.join(path, "parquet-files")) else path
            files += [os.path.join(folder, n) for n in sorted(os.listdir(folder), key=lambda s: s.encode())
                      if n.lower().endswith(".parquet") and not n.startswith(".")]
        else:
            files.append(path)
    return files


def expected_sample(root: str, inputs: list, n: int, seed: int) -> bytes:
    """The sample as the CLI must print it, rendered by render.py from pyarrow's reading.

    Several files are rendered one by one; that equals the unified export only when their
    schemas need no conversion (true for the committed cases, checked against the export
    golden for the example dataset)."""
    lines = []
    for path in dataset_files(root, inputs):
        lines += render.render_jsonl(path).decode().splitlines(keepends=True)
    return "".join(lines[i] for i in sample_positions(n, len(lines), seed)).encode()


# ---------------------------------------------------------------- goldens from the CLI

def save(name: str, data: bytes) -> None:
    if len(data) > GOLDEN_LIMIT:
        with open(os.path.join(OUT, name + ".sha256"), "w") as f:
            f.write(hashlib.sha256(data).hexdigest())
        if os.path.exists(os.path.join(OUT, name)):
            os.remove(os.path.join(OUT, name))
    else:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


def run(cli: str, args: list, cwd: str) -> bytes:
    result = subprocess.run([cli] + args, cwd=cwd, capture_output=True, check=True)
    return result.stdout


def cases(corpus: str):
    """(case id, working folder, path) of every meta/layout case."""
    for case in FIXTURE_CASES:
        yield case, FIXTURES, f"inspect/{case}.parquet"
    for name in CORPUS_CASES:
        yield name[: -len(".parquet")], corpus, f"data/{name}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", help="data-designer executable: also write its outputs as goldens")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--no-fixtures", action="store_true", help="keep the .parquet fixtures as they are")
    a = ap.parse_args()
    if not a.no_fixtures:
        write_fixtures()
    with open(os.path.join(OUT, "corpus.tsv"), "w") as f:
        for row in corpus_table(a.corpus):
            f.write("\t".join(row) + "\n")
    roots = {"fixtures": FIXTURES, "corpus": a.corpus}
    manifest = {"meta_layout": [], "sample": [], "schema": []}
    for case, root, rel in cases(a.corpus):
        manifest["meta_layout"].append({"case": case, "root": "fixtures" if root == FIXTURES else "corpus", "path": rel})
    for case, root, inputs, n, seed in SAMPLE_CASES:
        save(case + ".jsonl", expected_sample(roots[root], inputs, n, seed))
        manifest["sample"].append({"case": case, "root": root, "inputs": inputs, "n": n, "seed": seed})
    for case, root, inputs in SCHEMA_CASES:
        manifest["schema"].append({"case": case, "root": root, "inputs": inputs})
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    if a.cli:
        cli = os.path.abspath(a.cli)
        for case, root, rel in cases(a.corpus):
            save(case + ".meta.txt", run(cli, ["meta", rel], root))
            save(case + ".meta.json", run(cli, ["meta", rel, "--json"], root))
            save(case + ".layout.txt", run(cli, ["layout", rel], root))
            save(case + ".layout.json", run(cli, ["layout", rel, "--json"], root))
        for case, root, inputs in SCHEMA_CASES:
            save(case + ".schema.json", run(cli, ["schema", "--json"] + inputs, roots[root]))
            save(case + ".schema-stats.json", run(cli, ["schema", "--json", "--stats"] + inputs, roots[root]))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

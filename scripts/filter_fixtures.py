#!/usr/bin/env python3
"""Fixtures for the page index, bloom filters and RowGroupFilter (Fixtures/filter/).

- bloom.parquet (pyarrow, bloom filters on every column, page index, small pages) and
  bloom.json: per column, values that are in the chunk; our reader must report each as
  possibly present.
- duckdb-bloom.parquet: DuckDB's bloom filters (dictionary-encoded columns).
- remote.parquet (pyarrow, 2 row groups of 9,000 rows, uncompressed, small pages, page
  index): every column chunk is longer than 64 KiB (but the dictionary-encoded category), so
  the pages of one row range lie far apart and an HTTP read of them takes one multi-range
  request (RemoteReaderTests).
- random-*.parquet + random.json: random tables (several row groups, small pages, page index,
  nulls, NaN) and random predicates with the record positions pyarrow's filtering keeps.
  The Swift tests check that every such row survives row-group/page/dictionary/bloom
  skipping, and that exact evaluation keeps exactly those rows (column `idx` is the position).

Run from the repository root: python3 scripts/filter_fixtures.py
"""
import json
import random
import math
import os

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

OUT = "Fixtures/filter"


def bloom_fixture():
    n = 3000
    rng = random.Random(7)
    ints = [rng.randrange(-10**6, 10**6) for _ in range(n)]
    t = pa.table({
        "i32": pa.array(ints, pa.int32()),
        "i64": pa.array([v * 1_000_003 for v in ints], pa.int64()),
        "f32": pa.array([v / 8 for v in ints], pa.float32()),
        "f64": pa.array([v / 3 for v in ints], pa.float64()),
        "s": pa.array([f"name-{v}" for v in ints], pa.string()),
        "b": pa.array([f"b{v}".encode() for v in ints], pa.binary()),
        "fl": pa.array([v.to_bytes(4, "big", signed=True) for v in ints], pa.binary(4)),
    })
    pq.write_table(t, f"{OUT}/bloom.parquet", row_group_size=1000, data_page_size=2048,
                   write_page_index=True, use_dictionary=False,
                   bloom_filter_options={c: True for c in t.column_names})
    present = {
        "i32": ints[:50], "i64": [v * 1_000_003 for v in ints[:50]],
        "f32": [v / 8 for v in ints[:50]], "f64": [v / 3 for v in ints[:50]],
        "s": [f"name-{v}" for v in ints[:50]],
        "b": [f"b{v}".encode().hex() for v in ints[:50]],
        "fl": [v.to_bytes(4, "big", signed=True).hex() for v in ints[:50]],
    }
    json.dump({"present_in_row_group_0": present}, open(f"{OUT}/bloom.json", "w"), indent=1)


def duckdb_fixture():
    import duckdb
    con = duckdb.connect()
    con.execute(f"""COPY (SELECT (i % 40)::INTEGER AS k, 'v' || (i % 30)::VARCHAR AS s, (i % 25)::BIGINT * 7 AS big
                 FROM range(5000) t(i)) TO '{OUT}/duckdb-bloom.parquet' (FORMAT parquet, ROW_GROUP_SIZE 5000)""")


def remote_fixture():
    n = 18_000
    rng = random.Random(14)
    t = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "score": pa.array([rng.random() * 100 for _ in range(n)], pa.float64()),
        "category": pa.array([rng.choice(["Finance", "Retail", "Health", "Energy"]) for _ in range(n)], pa.string()),
        "text": pa.array(["".join(rng.choice("abcdefghij") for _ in range(4)) for _ in range(n)], pa.string()),
    })
    pq.write_table(t, f"{OUT}/remote.parquet", row_group_size=9000, data_page_size=4096, write_batch_size=512,
                   write_page_index=True, compression="NONE", use_dictionary=["category"])


def random_tables():
    rng = random.Random(14)
    cases = []
    for t_index in range(6):
        n = rng.randrange(200, 1500)
        sorted_ints = t_index % 2 == 0

        def maybe_null(v, p=0.1):
            return None if rng.random() < p else v
        ints = [rng.randrange(-50, 50) for _ in range(n)]
        if sorted_ints:
            ints.sort()
        cols = {
            "idx": pa.array(range(n), pa.int64()),
            "a": pa.array([maybe_null(v) for v in ints], pa.int64()),
            "b": pa.array([maybe_null(rng.randrange(0, 20)) for _ in range(n)], pa.int32()),
            "u": pa.array([rng.randrange(0, 2**32) for _ in range(n)], pa.uint32()),
            "x": pa.array([maybe_null(float("nan") if rng.random() < 0.05 else rng.uniform(-10, 10)) for _ in range(n)], pa.float64()),
            "s": pa.array([maybe_null(rng.choice(["Finance", "Retail", "Health", "", "Zeta", "alpha", "Ünïcode", "a\x00b"])) for _ in range(n)], pa.string()),
            "flag": pa.array([maybe_null(rng.random() < 0.3) for _ in range(n)], pa.bool_()),
            "d": pa.array([maybe_null(rng.randrange(-100000, 100000)) for _ in range(n)], pa.int64()).cast(pa.int64()),
            "st": pa.array([maybe_null({"k": maybe_null(rng.randrange(0, 10)), "name": rng.choice(["p", "q", "r"])}) for _ in range(n)],
                           pa.struct([("k", pa.int32()), ("name", pa.string())])),
            "all_null": pa.array([None] * n, pa.int32()),
        }
        # A decimal column (INT32-backed in pyarrow when precision <= 9? pyarrow stores FLBA).
        cols["dec"] = pa.array([None if v is None else __import__("decimal").Decimal(v) / 100 for v in cols["d"].to_pylist()], pa.decimal128(9, 2))
        del cols["d"]
        table = pa.table(cols)
        name = f"random-{t_index}.parquet"
        pq.write_table(table, f"{OUT}/{name}", row_group_size=rng.choice([64, 100, 250, 400]),
                       data_page_size=rng.choice([256, 512, 1024]), write_page_index=True, write_batch_size=16,
                       use_dictionary=rng.random() < 0.5, write_statistics=True,
                       bloom_filter_options={"b": True, "s": True} if t_index % 3 == 0 else None)
        predicates = []
        for _ in range(40):
            predicates.append(random_predicate(rng, 0))
        for text, expr in predicates:
            kept = table.filter(expr).column("idx").to_pylist()
            cases.append({"file": name, "where": text, "rows": kept})
    json.dump(cases, open(f"{OUT}/random.json", "w"), indent=0)


def literal(rng, column):
    if column in ("a",):
        return str(rng.randrange(-60, 60)), rng.randrange(-60, 60)
    raise AssertionError


def random_predicate(rng, depth):
    """A (where-text, pyarrow expression) pair."""
    r = rng.random()
    if depth < 2 and r < 0.3:
        lt, le = random_predicate(rng, depth + 1)
        rt, re = random_predicate(rng, depth + 1)
        if rng.random() < 0.5:
            return f"({lt} and {rt})", le & re
        return f"({lt} or {rt})", le | re
    if depth < 2 and r < 0.38:
        t, e = random_predicate(rng, depth + 1)
        return f"not ({t})", ~e
    column = rng.choice(["a", "a", "b", "u", "x", "s", "flag", "st.k", "st.name", "all_null", "dec"])
    field = pc.field(*column.split("."))
    kind = rng.random()
    if kind < 0.12:
        return f"{column} is null", field.is_null()
    if kind < 0.2:
        return f"{column} is not null", field.is_valid()
    ops = ["==", "!=", "<", "<=", ">", ">="]
    if column in ("a", "b", "st.k", "all_null"):
        values = [rng.randrange(-60, 60) for _ in range(rng.randrange(1, 4))]
        texts = [str(v) for v in values]
    elif column == "u":
        values = [rng.choice([0, 2**31 - 1, 2**31, 2**31 + 5, 2**32 - 1, rng.randrange(0, 2**32)]) for _ in range(rng.randrange(1, 3))]
        texts = [str(v) for v in values]
    elif column == "x":
        values = [round(rng.uniform(-11, 11), 2) for _ in range(rng.randrange(1, 3))]
        texts = [repr(v) for v in values]
    elif column == "dec":
        import decimal
        values = [decimal.Decimal(rng.randrange(-110000, 110000)) / 100 for _ in range(rng.randrange(1, 3))]
        texts = [str(v) for v in values]
    elif column == "flag":
        values = [rng.random() < 0.5]
        texts = ["true" if values[0] else "false"]
    else:
        values = [rng.choice(["Finance", "Retail", "Health", "", "Zeta", "alpha", "Ünïcode", "Fin", "p", "q", "z"]) for _ in range(rng.randrange(1, 4))]
        texts = ["'" + v.replace("'", "''") + "'" for v in values]
    if rng.random() < 0.25 and column != "flag":
        if column == "dec":
            import decimal
            scalar = pa.array(values, pa.decimal128(9, 2))
        elif column == "u":
            scalar = pa.array(values, pa.uint32())
        else:
            scalar = values
        return f"{column} in ({', '.join(texts)})", field.isin(scalar)
    op = rng.choice(ops)
    v = values[0]
    if column == "dec":
        v = pa.scalar(v, pa.decimal128(9, 2))
    e = {"==": field == v, "!=": field != v, "<": field < v, "<=": field <= v, ">": field > v, ">=": field >= v}[op]
    return f"{column} {op} {texts[0]}", e


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    bloom_fixture()
    duckdb_fixture()
    remote_fixture()
    random_tables()

"""Parquet writers for differential.py: pyarrow, DuckDB and polars, with every codec.

    write(writer, table, path, opts, codec, rng) -> description of what was written

`opts` are the pyarrow write options of a case (differential.py's case generators); the
other writers take what they have an equivalent for (row group size, data page size, data
page version) and the codec.  `codec` is one of CODECS or None (keep opts["compression"]).
A random compression level is drawn from `rng` for the codecs that have levels.

Types a writer cannot write are replaced before writing (`restrict`), never failed on:
DuckDB has no half floats (float16 → float32, also inside lists/structs/maps).  Types a writer
writes differently (polars: maps as lists of key/value structs, UUID as plain binary, times
as nanoseconds; DuckDB: timestamps in microseconds, fixed binary as binary) need no
change: the expected values come from pyarrow reading the written file.
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pyarrow.parquet as pq

# Codec names of the command line (pyarrow's; "lz4" is LZ4_RAW for all three writers).
CODECS = ["none", "snappy", "gzip", "zstd", "lz4", "brotli"]
WRITERS = ["pyarrow", "duckdb", "polars"]

_DUCKDB_CODEC = {"none": "uncompressed", "snappy": "snappy", "gzip": "gzip", "zstd": "zstd",
                 "lz4": "lz4", "brotli": "brotli"}
_POLARS_CODEC = {"none": "uncompressed", "snappy": "snappy", "gzip": "gzip", "zstd": "zstd",
                 "lz4": "lz4", "brotli": "brotli"}
# Compression level ranges (inclusive) per writer and codec; None: the writer has no level.
_LEVELS = {
    "pyarrow": {"gzip": (1, 9), "zstd": (-5, 19), "brotli": (0, 11)},
    "polars": {"gzip": (0, 9), "zstd": (1, 22), "brotli": (0, 11)},
    "duckdb": {"zstd": (1, 22)},
}


def _restrict_type(t: pa.DataType, writer: str) -> pa.DataType:
    """`t` with every type `writer` cannot write replaced by the nearest one it can."""
    if writer == "duckdb" and pa.types.is_float16(t):
        return pa.float32()
    if writer == "duckdb" and pa.types.is_fixed_size_binary(t) and not isinstance(t, pa.ExtensionType):
        # DuckDB writes it as BYTE_ARRAY anyway, and imports it wrongly inside structs
        # (duckdb 2.0.1: other bytes than it was given, seen in differential nested case 65).
        return pa.binary()
    if writer == "polars" and isinstance(t, pa.JsonType):
        return pa.string()  # polars writes JSON as STRING anyway, and panics on it inside lists
    if writer == "polars" and isinstance(t, pa.MapType):
        # polars has no map type (it reads maps as lists of key/value structs) and fails to
        # write a map's required key under a null struct inside a list: give it the list.
        entry = pa.struct([pa.field("key", _restrict_type(t.key_type, writer)),
                           t.item_field.with_type(_restrict_type(t.item_type, writer))])
        return pa.list_(pa.field("entries", entry))
    if isinstance(t, pa.MapType):
        k, v = t.key_field, t.item_field
        return pa.map_(k.with_type(_restrict_type(k.type, writer)), v.with_type(_restrict_type(v.type, writer)))
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_restrict_type(t.value_type, writer)))
    if pa.types.is_large_list(t):
        return pa.large_list(t.value_field.with_type(_restrict_type(t.value_type, writer)))
    if pa.types.is_struct(t):
        return pa.struct([t.field(j).with_type(_restrict_type(t.field(j).type, writer))
                          for j in range(t.num_fields)])
    return t


def _has_map(t: pa.DataType) -> bool:
    if isinstance(t, pa.MapType):
        return True
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return _has_map(t.value_type)
    if pa.types.is_struct(t):
        return any(_has_map(t.field(j).type) for j in range(t.num_fields))
    return False


def _validity(arr: pa.Array):
    return arr.is_null() if arr.null_count else None


def _key_values(keys: pa.Array) -> list:
    """Hashable Python values of map keys, equal exactly when the keys are (raw integers for
    temporal types: Python's datetime cannot hold every date32/timestamp)."""
    if isinstance(keys.type, pa.ExtensionType):
        keys = keys.storage
    t = keys.type
    if pa.types.is_temporal(t):
        keys = keys.view(pa.int32() if t.bit_width == 32 else pa.int64())
    return keys.to_pylist()


def dedupe_map_keys(arr: pa.Array) -> pa.Array:
    """`arr` with only the first entry of each key in every map (DuckDB rejects duplicates)."""
    t = arr.type
    if not _has_map(t):
        return arr
    if isinstance(t, pa.MapType):
        offsets = arr.offsets.to_pylist()
        keys, items = arr.keys, dedupe_map_keys(arr.items)
        key_list = _key_values(keys)
        keep, new_offsets = [], [0]
        for e in range(len(arr)):
            seen = set()
            for k in range(offsets[e], offsets[e + 1]):
                v = key_list[k]
                keep.append(v not in seen)
                seen.add(v)
            new_offsets.append(new_offsets[-1] + len(seen))
        mask = pa.array(keep, pa.bool_())
        # offsets may not start at 0 when arr is a slice: keep/offsets cover keys[offsets[0]:]
        start, stop = offsets[0], offsets[-1]
        kept_keys = keys.slice(start, stop - start).filter(mask)
        kept_items = items.slice(start, stop - start).filter(mask)
        return pa.MapArray.from_arrays(pa.array(new_offsets, pa.int32()), kept_keys, kept_items,
                                       type=t, mask=_validity(arr))
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        offsets = arr.offsets
        start = offsets[0].as_py()
        stop = offsets[-1].as_py()
        values = dedupe_map_keys(arr.values.slice(start, stop - start))
        rebased = pa.compute.subtract(offsets, pa.scalar(start, offsets.type))
        cls = pa.LargeListArray if pa.types.is_large_list(t) else pa.ListArray
        return cls.from_arrays(rebased, values, type=t, mask=_validity(arr))
    if pa.types.is_struct(t):
        children = [dedupe_map_keys(arr.field(j)) for j in range(t.num_fields)]
        return pa.StructArray.from_arrays(children, fields=[t.field(j) for j in range(t.num_fields)],
                                          mask=_validity(arr))
    return arr


def restrict(table: pa.Table, writer: str) -> pa.Table:
    """`table` made writable by `writer` (the table itself when nothing changes): unsupported
    types cast to the nearest supported ones, and for DuckDB duplicate map keys dropped."""
    schema = pa.schema([f.with_type(_restrict_type(f.type, writer)) for f in table.schema])
    if not schema.equals(table.schema):
        # Column by column, and only the changed ones (Table.cast mishandles large_list<null>).
        cols = [_cast_column(c, f.type) for f, c in zip(schema, table.columns)]
        table = pa.Table.from_arrays(cols, schema=schema)
    if writer == "duckdb" and any(_has_map(f.type) for f in table.schema):
        cols = [pa.chunked_array([dedupe_map_keys(chunk) for chunk in c.chunks], type=c.type)
                if _has_map(c.type) else c for c in table.columns]
        table = pa.Table.from_arrays(cols, schema=table.schema)
    return table


def _level(writer: str, codec: str, rng):
    lo_hi = _LEVELS.get(writer, {}).get(codec)
    if lo_hi is None or rng.random() < 0.3:
        return None  # the writer's default level
    return int(rng.integers(lo_hi[0], lo_hi[1] + 1))


def write(writer: str, table: pa.Table, path: str, opts: dict, codec, rng):
    """Writes `table` to `path` with `writer`: (short description of the settings, the table
    as given to the writer, after `restrict`).  `codec` None keeps opts["compression"] and
    the writer's default compression level."""
    level = None
    if codec is None:
        codec = opts.get("compression", "none")
    else:
        level = _level(writer, codec, rng)
    if writer == "pyarrow":
        o = dict(opts, compression=codec)
        if level is not None:
            o["compression_level"] = level
        pq.write_table(table, path, **o)
        return f"writer=pyarrow codec={codec} level={level}", table
    table = restrict(table, writer)
    rg = int(opts.get("row_group_size", 1 << 20))
    if writer == "duckdb":
        import duckdb
        version = "V2" if opts.get("data_page_version") == "2.0" else "V1"
        extra = f", COMPRESSION_LEVEL {level}" if level is not None else ""
        con = duckdb.connect()
        try:
            con.execute("SET threads = 1")  # deterministic row groups, and the machine is shared
            con.register("tbl", table)
            con.execute(f"COPY (SELECT * FROM tbl) TO '{path}' (FORMAT parquet, "
                        f"COMPRESSION {_DUCKDB_CODEC[codec]}{extra}, ROW_GROUP_SIZE {rg}, "
                        f"PARQUET_VERSION {version})")
        finally:
            con.close()
        return f"writer=duckdb codec={codec} level={level} version={version} rg={rg}", table
    if writer == "polars":
        import polars as pl
        stats = [True, False, "full"][int(rng.integers(0, 3))]
        page = int(opts.get("data_page_size", 1 << 20))
        pl.from_arrow(table).write_parquet(path, compression=_POLARS_CODEC[codec], compression_level=level,
                                           statistics=stats, row_group_size=rg, data_page_size=page)
        return f"writer=polars codec={codec} level={level} stats={stats} rg={rg} page_size={page}", table
    raise ValueError(f"unknown writer {writer}")


def _cast_column(col: pa.ChunkedArray, t: pa.DataType) -> pa.ChunkedArray:
    """`col` as type `t`: Arrow's cast, else (when the cast fails or yields an invalid array, as
    with renamed fields around null-typed children) rebuilt from Python values."""
    if col.type.equals(t):
        return col
    if isinstance(col.type, pa.ExtensionType) and not isinstance(t, pa.ExtensionType):
        col = pa.chunked_array([c.storage for c in col.chunks], type=col.type.storage_type)
    try:
        out = col.cast(t)
        out.validate(full=True)
        return out
    except (pa.ArrowException, ValueError):
        return pa.chunked_array([pa.array(col.to_pylist(), type=t)], type=t)


def source_as_written(table: pa.Table, path: str) -> pa.Table:
    """Expected values of a file another writer wrote that pyarrow cannot read: column by
    column, what pyarrow reads, else the column the writer was given cast to the Arrow type
    pyarrow reads it as (DuckDB's timestamps in microseconds, polars' large strings, ...)."""
    pf = pq.ParquetFile(path)
    schema = pf.schema_arrow
    cols = []
    for f in schema:
        try:
            col = pf.read(columns=[f.name]).column(0)
        except (pa.ArrowException, OSError):
            col = _cast_column(table.column(f.name), f.type)
        cols.append(col)
    out = pa.Table.from_arrays(cols, schema=schema)
    out.validate(full=True)
    return out

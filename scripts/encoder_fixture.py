#!/usr/bin/env python3
"""pyarrow's read-back of the ParquetEncoder fixture (Fixtures/encoder/).

Fixtures/encoder/records.parquet is written by our ParquetEncoder, not by this script:
ParquetEncoderTests.testOutputIsTheCommittedFixture checks that the encoder still writes
exactly those bytes, and rewrites the file when run with PARQUET_WRITE_ENCODER_FIXTURE=1:

    PARQUET_WRITE_ENCODER_FIXTURE=1 swift test --filter ParquetEncoderTests/testOutputIsTheCommittedFixture
    python3 scripts/encoder_fixture.py

This script reads the file with pyarrow and writes Fixtures/encoder/readback.json: the Arrow
schema pyarrow infers (one "name: type" line per field) and every row, rendered so that
ParquetEncoderTests.testPyarrowReadsTheValuesWeWrote can compare it with what our reader
decodes: timestamps as integer microseconds since 1970, decimals as normalized plain text,
UUIDs and binary as lowercase hex, UINT64 as text, maps as [key, value] pairs in file order.

Run from the repository root: python3 scripts/encoder_fixture.py
"""
import datetime
import decimal
import json
import uuid

import pyarrow as pa
import pyarrow.parquet as pq

FOLDER = "Fixtures/encoder"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def render(value, type_):
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return value.bytes.hex()
    if pa.types.is_timestamp(type_):
        return (value - EPOCH) // datetime.timedelta(microseconds=1)
    if pa.types.is_decimal(type_):
        return format(value.normalize(), "f")
    if pa.types.is_uint64(type_):
        return str(value)
    if pa.types.is_fixed_size_binary(type_):
        return bytes(value).hex()
    if pa.types.is_binary(type_) or pa.types.is_large_binary(type_):
        return bytes(value).hex()
    if pa.types.is_map(type_):
        return [[render(k, type_.key_type), render(v, type_.item_type)] for k, v in value]
    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        return [render(v, type_.value_type) for v in value]
    if pa.types.is_struct(type_):
        return {type_.field(i).name: render(value[type_.field(i).name], type_.field(i).type) for i in range(type_.num_fields)}
    return value


def main():
    table = pq.read_table(f"{FOLDER}/records.parquet")
    schema = [f"{field.name}: {field.type}{'' if field.nullable else ' not null'}" for field in table.schema]
    rows = []
    for record in table.to_pylist(maps_as_pydicts=None):
        rows.append({field.name: render(record[field.name], field.type) for field in table.schema})
    with open(f"{FOLDER}/readback.json", "w") as out:
        json.dump({"pyarrow": pa.__version__, "schema": schema, "rows": rows}, out, indent=1, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    decimal.getcontext().prec = 60
    main()

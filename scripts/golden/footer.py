"""Footer facts read with the raw Thrift codec (exact parquet.thrift enum names).

pyarrow's ColumnChunkMetaData.compression reports LZ4_RAW as "LZ4" and Hadoop LZ4 as
"UNKNOWN"; this module names codecs and encodings as parquet.thrift does.
"""
from __future__ import annotations

import struct

import thrift_compact as tc

CODECS = {0: "UNCOMPRESSED", 1: "SNAPPY", 2: "GZIP", 3: "LZO", 4: "BROTLI", 5: "LZ4", 6: "ZSTD", 7: "LZ4_RAW"}
ENCODINGS = {0: "PLAIN", 1: "GROUP_VAR_INT", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED",
             5: "DELTA_BINARY_PACKED", 6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY",
             8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT"}


def read_footer(path: str) -> list:
    with open(path, "rb") as f:
        f.seek(-8, 2)
        tail = f.read(8)
        if tail[4:] != b"PAR1":
            raise ValueError("not a plaintext-footer Parquet file")
        n = struct.unpack("<i", tail[:4])[0]
        f.seek(-8 - n, 2)
        buf = f.read(n)
    fmd, _ = tc.decode_struct(buf)
    return fmd


def summary(path: str) -> dict:
    """{"rows", "row_groups", "codecs", "encodings" (sorted enum names), "nested"}."""
    fmd = read_footer(path)
    codecs, encodings = set(), set()
    rgs = tc.get(fmd, 4)
    for rg in (rgs.items if rgs else []):
        for cc in tc.get(rg, 1).items:
            md = tc.get(cc, 3)
            if md is None:
                continue
            codecs.add(CODECS.get(tc.get(md, 4), f"CODEC_{tc.get(md, 4)}"))
            encs = tc.get(md, 2)
            for e in (encs.items if encs else []):
                encodings.add(ENCODINGS.get(e, f"ENCODING_{e}"))
    schema = tc.get(fmd, 2).items
    # nested: any group below the root, or any repeated field.
    nested = any(tc.get(el, 5) is not None or tc.get(el, 3) == 2 for el in schema[1:])
    return {"rows": tc.get(fmd, 3), "row_groups": len(rgs.items) if rgs else 0,
            "codecs": sorted(codecs), "encodings": sorted(encodings), "nested": nested}

#!/usr/bin/env python3
"""Writes the hand-made regression fixtures of Fixtures/regressions/ (see its README.md).

Each is a small fixture with one page header made to lie, re-encoded with the rest of the
file kept consistent (later offsets and the chunk size fixed up, as mutate.py does):

  lying_size_<codec>.parquet  the first data page's uncompressed_page_size is 2^31 - 1:
                              before the codecs bounded their output by what the input can
                              produce, the reader allocated 2 GiB for a page of a few bytes,
                              and under a 1 GiB address-space limit the allocation trapped.
Usage: regressions.py (run from anywhere; needs no third-party module)
"""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts", "golden"))
import thrift_compact as tc  # noqa: E402
from mutate import split_footer, chunk_metas, page_headers, join_footer  # noqa: E402

SOURCES = {
    "snappy": "Fixtures/flat/legacy_converted_types_v1_snappy.parquet",
    "gzip": "Fixtures/nested/maps_v1_gzip.parquet",
    "zstd": "Fixtures/flat/mixed_required_v1_zstd.parquet",
    "brotli": "Fixtures/nested/structs_v2_brotli.parquet",
    "lz4_hadoop": "Fixtures/nested/structs_v1_lz4.parquet",
}


def set_first_data_page(data: bytes, fid: int, value: int) -> bytes:
    fields, start = split_footer(data)
    metas = chunk_metas(fields)
    md = metas[0]
    for pos, length, header in page_headers(data, md):
        if tc.get(header, 1) in (0, 3):  # DATA_PAGE or DATA_PAGE_V2
            break
    else:
        raise SystemExit("no data page")
    tc.put(header, fid, tc.I32, value)
    new = tc.encode_struct(header)
    delta = len(new) - length
    body = data[:pos] + new + data[pos + length:start]
    if delta:
        for other in metas:
            for k in (9, 10, 11):
                v = tc.get(other, k)
                if isinstance(v, int) and v > pos:
                    tc.put(other, k, tc.I64, v + delta)
        tc.put(md, 7, tc.I64, tc.get(md, 7) + delta)
    return join_footer(body, fields)


def main():
    out = os.path.join(ROOT, "Fixtures", "regressions")
    os.makedirs(out, exist_ok=True)
    for codec, source in SOURCES.items():
        path = os.path.join(ROOT, source)
        if not os.path.exists(path):
            # Fixture paths may move; find the file by name.
            name = os.path.basename(source)
            for folder, _, files in os.walk(os.path.join(ROOT, "Fixtures")):
                if name in files:
                    path = os.path.join(folder, name)
        data = open(path, "rb").read()
        patched = set_first_data_page(data, 2, (1 << 31) - 1)
        target = os.path.join(out, f"lying_size_{codec}.parquet")
        open(target, "wb").write(patched)
        print(target, len(patched))


if __name__ == "__main__":
    main()

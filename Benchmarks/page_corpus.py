#!/usr/bin/env python3
"""Extracts the page bodies of an UNCOMPRESSED Parquet file (data and dictionary pages, as our
writer produces them) into a corpus file: for each page a 4-byte little-endian length, then
the bytes. Codec benchmarks compress exactly these bytes, one call per page, as a Parquet
writer does.

    python3 Benchmarks/page_corpus.py FILE.parquet OUT.pages

Dev-time requirement: pyarrow (for the footer); page headers are parsed here (Thrift compact).
"""
import struct
import sys

import pyarrow.parquet as pq


def varint(buf, pos):
    shift = value = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def zigzag(v):
    return (v >> 1) ^ -(v & 1)


def skip(buf, pos, kind):
    """Skips one compact-protocol value of `kind`; returns the next position."""
    if kind in (1, 2):
        return pos
    if kind == 3:
        return pos + 1
    if kind in (4, 5, 6):
        return varint(buf, pos)[1]
    if kind == 7:
        return pos + 8
    if kind == 8:
        n, pos = varint(buf, pos)
        return pos + n
    if kind in (9, 10):
        head = buf[pos]
        pos += 1
        n, elem = head >> 4, head & 0x0F
        if n == 15:
            n, pos = varint(buf, pos)
        for _ in range(n):
            pos = skip(buf, pos, elem)
        return pos
    if kind == 11:
        n, pos = varint(buf, pos)
        if n:
            kinds = buf[pos]
            pos += 1
            for _ in range(n):
                pos = skip(buf, pos, kinds >> 4)
                pos = skip(buf, pos, kinds & 0x0F)
        return pos
    if kind == 12:
        return struct_fields(buf, pos, {})[1]
    raise ValueError(f"unknown thrift type {kind}")


def struct_fields(buf, pos, wanted):
    """Reads a struct; returns ({field id: int value} for i32/i64 fields in `wanted`, end)."""
    out = {}
    last = 0
    while True:
        head = buf[pos]
        pos += 1
        if head == 0:
            return out, pos
        kind = head & 0x0F
        delta = head >> 4
        if delta:
            fid = last + delta
        else:
            v, pos = varint(buf, pos)
            fid = zigzag(v)
        last = fid
        if fid in wanted and kind in (5, 6):
            v, pos = varint(buf, pos)
            out[fid] = zigzag(v)
        else:
            pos = skip(buf, pos, kind)


def pages(path):
    meta = pq.ParquetFile(path).metadata
    with open(path, "rb") as f:
        data = f.read()
    for g in range(meta.num_row_groups):
        rg = meta.row_group(g)
        for c in range(rg.num_columns):
            col = rg.column(c)
            if col.compression != "UNCOMPRESSED":
                raise SystemExit(f"{path}: column chunk compressed with {col.compression}; export with --compression none")
            start = col.data_page_offset
            if col.has_dictionary_page and col.dictionary_page_offset is not None:
                start = min(start, col.dictionary_page_offset)
            end = start + col.total_compressed_size
            pos = start
            while pos < end:
                header, body = struct_fields(data, pos, {1, 2, 3})
                size = header[3]
                yield data[body:body + size]
                pos = body + size


def write_corpus(path, bodies):
    """Writes `bodies` in the corpus framing (4-byte little-endian length, then the bytes)."""
    with open(path, "wb") as out:
        for body in bodies:
            out.write(struct.pack("<I", len(body)))
            out.write(body)


def read_corpus(path):
    """The byte strings of a file in the corpus framing (also codec-bench's --out files)."""
    data = open(path, "rb").read()
    out, at = [], 0
    while at < len(data):
        (n,) = struct.unpack_from("<I", data, at)
        out.append(data[at + 4:at + 4 + n])
        at += 4 + n
    return out


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    bodies = list(pages(sys.argv[1]))
    write_corpus(sys.argv[2], bodies)
    print(f"{len(bodies)} pages, {sum(map(len, bodies))} bytes -> {sys.argv[2]}")


if __name__ == "__main__":
    main()

"""Read a flat INT96 column's raw 12-byte values (dev-time helper for render.py).

pyarrow converts INT96 to int64 nanoseconds and silently wraps for dates outside
1677..2262.  The value contract wants the exact instant when it fits 64-bit nanoseconds
and otherwise the instant Spark reads, so render.py reads the raw values here and
computes, with Python integers,

    ns = (julian_day - 2440588) * 86_400_000_000_000 + nanos_of_day
    outside int64: us = wrap64((julian_day - 2440588) * 86_400_000_000 + nanos_of_day / 1000)

(julian_day: the signed int32 in bytes 8..11; nanos_of_day: the signed int64 in
bytes 0..7, both little-endian; the division truncates as Java's does).  Only top-level (non-repeated) columns, PLAIN or
dictionary encoded, v1 or v2 data pages.
"""
from __future__ import annotations

import struct
import zlib

import cramjam
import pyarrow.parquet as pq

import thrift_compact as tc

JULIAN_EPOCH = 2440588
NS_PER_DAY = 86_400_000_000_000


def decompress(codec: str, data: bytes, size: int) -> bytes:
    if codec == "UNCOMPRESSED":
        return data
    if codec == "SNAPPY":
        return bytes(cramjam.snappy.decompress_raw(data))
    if codec == "GZIP":
        return zlib.decompress(data, 47)
    if codec == "ZSTD":
        return bytes(cramjam.zstd.decompress(data))
    if codec == "BROTLI":
        return bytes(cramjam.brotli.decompress(data))
    if codec == "LZ4_RAW":
        return bytes(cramjam.lz4.decompress_block(data, output_len=size))
    if codec == "LZ4":
        # Hadoop framing (BE sizes + raw blocks), else LZ4 frame, else raw block.
        try:
            out = bytearray()
            pos = 0
            while pos < len(data):
                total = struct.unpack_from(">I", data, pos)[0]
                pos += 4
                produced = 0
                while produced < total:
                    clen = struct.unpack_from(">I", data, pos)[0]
                    pos += 4
                    blk = bytes(cramjam.lz4.decompress_block(data[pos:pos + clen], output_len=total - produced))
                    pos += clen
                    produced += len(blk)
                    out += blk
            if len(out) == size:
                return bytes(out)
        except Exception:
            pass
        try:
            return bytes(cramjam.lz4.decompress(data))
        except Exception:
            return bytes(cramjam.lz4.decompress_block(data, output_len=size))
    raise ValueError(f"codec {codec} not supported by int96_raw")


def rle_hybrid(buf: bytes, pos: int, end: int, bit_width: int, count: int) -> list:
    out = []
    byte_w = (bit_width + 7) // 8
    mask = (1 << bit_width) - 1
    while len(out) < count and pos < end:
        h = 0
        shift = 0
        while True:
            b = buf[pos]
            pos += 1
            h |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if h & 1:
            n = (h >> 1) * 8
            nbytes = (h >> 1) * bit_width
            bits = int.from_bytes(buf[pos:pos + nbytes], "little")
            pos += nbytes
            for i in range(n):
                out.append((bits >> (i * bit_width)) & mask)
        else:
            v = int.from_bytes(buf[pos:pos + byte_w], "little")
            pos += byte_w
            out.extend([v] * (h >> 1))
    return out[:count]


def wrap64(v: int) -> int:
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


def spark_instant(day: int, nanos: int) -> tuple:
    """("ns", exact nanoseconds) when they fit int64, else ("us", micros) computed as Spark
    does: (day - 2440588) * 86400000000 + nanos / 1000 (Java division, toward zero) in
    wrapping 64-bit arithmetic."""
    exact = (day - JULIAN_EPOCH) * NS_PER_DAY + nanos
    if -(1 << 63) <= exact < (1 << 63):
        return ("ns", exact)
    q = abs(nanos) // 1000 * (1 if nanos >= 0 else -1)
    return ("us", wrap64((day - JULIAN_EPOCH) * 86_400_000_000 + q))


def plain_int96(buf: bytes, pos: int, n: int) -> list:
    out = []
    for i in range(n):
        nanos, day = struct.unpack_from("<qi", buf, pos + 12 * i)
        out.append(spark_instant(day, nanos))
    return out


def read_int96_column(path, leaf_index: int) -> list:
    """Instants (None for null) of top-level INT96 leaf `leaf_index`: ("ns", exact
    nanoseconds) or, outside int64 nanoseconds, Spark's ("us", micros) (see spark_instant)."""
    pf = pq.ParquetFile(path)
    col = pf.schema.column(leaf_index)
    max_def = col.max_definition_level
    if col.max_repetition_level != 0:
        raise ValueError("repeated INT96 not supported")
    def_width = max_def.bit_length()
    with open(path, "rb") as f:
        data = f.read()
    out: list = []
    md = pf.metadata
    for rg in range(md.num_row_groups):
        cc = md.row_group(rg).column(leaf_index)
        start = cc.data_page_offset
        if cc.has_dictionary_page and cc.dictionary_page_offset and 0 < cc.dictionary_page_offset < start:
            start = cc.dictionary_page_offset
        pos = start
        remaining = cc.num_values
        dictionary = None
        while remaining > 0:
            ph, body = tc.decode_struct(data, pos)
            ptype = tc.get(ph, 1)
            usize = tc.get(ph, 2)
            csize = tc.get(ph, 3)
            page = data[body:body + csize]
            pos = body + csize
            if ptype == 2:  # dictionary
                dh = tc.get(ph, 7)
                dictionary = plain_int96(decompress(cc.compression, page, usize), 0, tc.get(dh, 1))
                continue
            if ptype == 0:
                dh = tc.get(ph, 5)
                nvals, enc = tc.get(dh, 1), tc.get(dh, 2)
                raw = decompress(cc.compression, page, usize)
                p = 0
                if max_def > 0:
                    ln = struct.unpack_from("<i", raw, 0)[0]
                    levels = rle_hybrid(raw, 4, 4 + ln, def_width, nvals)
                    p = 4 + ln
                else:
                    levels = [0] * nvals
            elif ptype == 3:
                dh = tc.get(ph, 8)
                nvals, enc = tc.get(dh, 1), tc.get(dh, 4)
                dl, rl = tc.get(dh, 5, 0), tc.get(dh, 6, 0)
                compressed = tc.get(dh, 7, True)
                lv = page[:rl + dl]
                rest = page[rl + dl:]
                if compressed and cc.compression != "UNCOMPRESSED" and rest:
                    rest = decompress(cc.compression, rest, usize - rl - dl)
                raw = bytes(lv) + bytes(rest)
                levels = rle_hybrid(raw, rl, rl + dl, def_width, nvals) if max_def > 0 else [0] * nvals
                p = rl + dl
            else:
                continue
            present = sum(1 for lvl in levels if lvl == max_def)
            if enc == 0:
                vals = plain_int96(raw, p, present)
            elif enc in (2, 8):
                bw = raw[p]
                idx = rle_hybrid(raw, p + 1, len(raw), bw, present)
                vals = [dictionary[i] for i in idx]
            else:
                raise ValueError(f"INT96 encoding {enc} not supported")
            it = iter(vals)
            out.extend(next(it) if lvl == max_def else None for lvl in levels)
            remaining -= nvals
    return out

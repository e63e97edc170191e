#!/usr/bin/env python3
"""Writes every page body of a Parquet file, still compressed, as records [u32 uncompressed size]
[u32 compressed size][body] (little-endian) for Benchmarks/pagebench. Standard library + pyarrow.

Usage: extract_pages.py <file.parquet> <out.pages>
"""
import sys, struct, pyarrow.parquet as pq

def varint(b, i):
    r = s = 0
    while True:
        c = b[i]; i += 1
        r |= (c & 0x7f) << s; s += 7
        if c < 0x80: return r, i

def zz(n): return (n >> 1) ^ -(n & 1)

def skip(b, i, t):
    if t in (1, 2): return i
    if t == 3: return i + 1
    if t in (4, 5, 6): return varint(b, i)[1]
    if t == 7: return i + 8
    if t == 8:
        n, i = varint(b, i); return i + n
    if t in (9, 10):
        h = b[i]; i += 1; n = h >> 4; et = h & 15
        if n == 15: n, i = varint(b, i)
        for _ in range(n): i = skip(b, i, et)
        return i
    if t == 12:
        return struct_(b, i)[1]
    raise ValueError(t)

def struct_(b, i):
    fid = 0; out = {}
    while True:
        h = b[i]; i += 1
        if h == 0: return out, i
        t = h & 15; d = h >> 4
        fid = fid + d if d else zz(varint(b, i)[0])
        if d == 0: i = varint(b, i)[1]
        if t == 5 and fid in (1, 2, 3):
            v, i = varint(b, i); out[fid] = zz(v)
        else:
            i = skip(b, i, t)

path, outp = sys.argv[1], sys.argv[2]
md = pq.ParquetFile(path).metadata
data = open(path, 'rb').read()
with open(outp, 'wb') as f:
    n = 0
    for r in range(md.num_row_groups):
        for c in range(md.num_columns):
            cc = md.row_group(r).column(c)
            start = cc.dictionary_page_offset if cc.has_dictionary_page and cc.dictionary_page_offset else cc.data_page_offset
            end = start + cc.total_compressed_size
            i = start
            while i < end:
                h, j = struct_(data, i)
                body = data[j:j + h[3]]
                f.write(struct.pack('<II', h[2], h[3])); f.write(body); n += 1
                i = j + h[3]
    print(n, 'pages')

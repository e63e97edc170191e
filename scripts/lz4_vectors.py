#!/usr/bin/env python3
"""Dev-time generator for the LZ4 test vectors (needs `pip install lz4`).

Writes Fixtures/codecs/lz4.json (raw LZ4 blocks: python-lz4's block API, plus a hand-made block
reaching the maximum offset 65535) and Fixtures/codecs/lz4_hadoop.json (Hadoop-framed pages) for
inputs the Swift tests regenerate from recipes (see CodecTestInputs.part). Shares TEXT with
gzip_vectors.py (the fixtures take the text from gzip.json).

    python3 scripts/lz4_vectors.py            # regenerate the fixtures
    python3 scripts/lz4_vectors.py --dump DIR # also write <name>.bin / <name>.lz4 files
"""
import os
import struct
import sys

import lz4
import lz4.block

from common import ROOT, dump_files, fixture_file, mutated_repeat, random_bytes, runs
from gzip_vectors import TEXT


def block(data, **kw):
    out = lz4.block.compress(data, store_size=False, **kw)
    assert lz4.block.decompress(out, uncompressed_size=len(data)) == data
    return out


def hadoop(data, chunk, **kw):
    """Hadoop BlockCompressorStream framing: per chunk [BE raw size][BE compressed size][block]."""
    out = b""
    for i in range(0, max(len(data), 1), chunk):
        part = data[i:i + chunk]
        comp = block(part, **kw)
        out += struct.pack(">II", len(part), len(comp)) + comp
    return out


def length_bytes(n):
    out = b""
    while n >= 255:
        out += b"\xff"
        n -= 255
    return out + bytes([n])


def max_offset():
    """Hand-made block: 256 literals 0...255, matches of offset 256 up to 65535 bytes, a
    16-byte match at offset 65535, then 5 literals."""
    out = bytearray()
    # One sequence: 256 literals, then a match of 65535 - 256 bytes at offset 256.
    out += bytes([0xFF]) + length_bytes(256 - 15) + bytes(range(256))
    out += struct.pack("<H", 256) + length_bytes(65535 - 256 - 4 - 15)
    out += bytes([0x0C]) + struct.pack("<H", 65535)  # 12 + 4 = 16 bytes at offset 65535
    out += bytes([0x50]) + b"tail!"
    expected = (bytes(range(256)) * 256)[:65535]
    expected += expected[:16] + b"tail!"
    assert lz4.block.decompress(bytes(out), uncompressed_size=len(expected)) == expected
    return bytes(out), expected


def main():
    dump = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--dump" else None
    text = TEXT.encode()
    rnd = random_bytes(5000, 7)
    big = mutated_repeat(200_000, 1024, 11)
    run = runs()
    zeros = bytes(100_000)
    mo, mo_expected = max_offset()
    entries = [
        ("empty", [], block(b""), b""),
        ("oneByte", ["bytes 41"], block(b"A"), b"A"),
        ("text", ["text"], block(text), text),
        ("textHC", ["text"], block(text, mode="high_compression", compression=12), text),
        ("longLiterals", ["randomBytes 5000 7"], block(rnd), rnd),
        ("longMatch", ["repeating 100000 0"], block(zeros), zeros),
        ("overlapping", ["runs"], block(run), run),
        ("large", ["mutatedRepeat 200000 1024 11"], block(big), big),
        ("largeFast", ["mutatedRepeat 200000 1024 11"],
         block(big, mode="fast", acceleration=8), big),
        ("maxOffset", ["lz4MaxOffset"], mo, mo_expected),
    ]
    hadoop_entries = [
        ("hadoopText", ["text"], hadoop(text, 1 << 18), text),
        ("hadoopMulti", ["text"], hadoop(text, 500), text),
        ("hadoopLarge", ["mutatedRepeat 200000 1024 11"], hadoop(big, 65536), big),
        ("hadoopEmpty", [], hadoop(b"", 1 << 18), b""),
        # A bare block under the LZ4 codec (parquet-testing non_hadoop_lz4_compressed.parquet).
        ("bareBlock", ["text"], block(text), text),
    ]
    for name, _, comp, data in entries + hadoop_entries:
        dump_files(dump, name, data, comp, "lz4")
    generator = "scripts/lz4_vectors.py with python-lz4 " + lz4.__version__
    folder = os.path.join(ROOT, "Fixtures", "codecs")
    fixture_file(os.path.join(folder, "lz4.json"), generator, None,
                 [(n, e, c) for n, e, c, _ in entries], text_from="gzip.json")
    fixture_file(os.path.join(folder, "lz4_hadoop.json"), generator, None,
                 [(n, e, c) for n, e, c, _ in hadoop_entries], text_from="gzip.json")


if __name__ == "__main__":
    main()

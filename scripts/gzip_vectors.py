#!/usr/bin/env python3
"""Dev-time generator for the GZIP/DEFLATE test vectors (python's own zlib/gzip only).

Writes Fixtures/codecs/gzip.json: for inputs that the Swift tests regenerate deterministically
(each input a recipe such as ["windowEdge"], evaluated by CodecTestInputs.part, which mirrors the
generators below), the compressed streams, base64-encoded. Its TEXT is shared with
lz4_vectors.py, brotli_vectors.py and encoder_vectors.py (their fixtures take the text from
gzip.json); common.py has the other shared helpers.

    python3 scripts/gzip_vectors.py            # regenerate the fixture
    python3 scripts/gzip_vectors.py --dump DIR # also write <name>.bin / <name>.gz files
"""
import os
import struct
import sys
import zlib

from common import ROOT, BitWriter, dump_files, fixture_file, letters, mutated_repeat, random_bytes

TEXT = (
    "Parquet pages are compressed one by one. GZIP wraps DEFLATE, which mixes LZ77 "
    "back-references with Huffman codes; the quick brown fox jumps over the lazy dog. "
    "Repeated column values compress well, random ones do not. "
) * 7 + "Fin."


def window_edge():
    """32 KiB of ACGT letters, then its first 3000 bytes again: a match at distance 32768."""
    r = letters(32768, 21)
    return r + r[:3000]


def raw_deflate(data, level=6, strategy=zlib.Z_DEFAULT_STRATEGY):
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    return c.compress(data) + c.flush()


def gzip_member(data, level=6, flags=0, extra=b"", name=b"", comment=b"", strategy=zlib.Z_DEFAULT_STRATEGY):
    header = bytearray(b"\x1f\x8b\x08" + bytes([flags]) + struct.pack("<I", 1700000000) + b"\x00\x03")
    if flags & 0x04:
        header += struct.pack("<H", len(extra)) + extra
    if flags & 0x08:
        header += name + b"\x00"
    if flags & 0x10:
        header += comment + b"\x00"
    if flags & 0x02:
        header += struct.pack("<H", zlib.crc32(bytes(header)) & 0xFFFF)
    body = raw_deflate(data, level, strategy)
    return bytes(header) + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def flushed(data, chunk):
    """Raw deflate with a sync flush (an empty stored block) after every `chunk` bytes."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    out = b""
    for i in range(0, len(data), chunk):
        out += c.compress(data[i:i + chunk]) + c.flush(zlib.Z_SYNC_FLUSH)
    return out + c.flush()


def wrap_gzip(data, body):
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + body + struct.pack("<II", zlib.crc32(data), len(data))


def fixed_lit(w, sym):
    if sym < 144:
        w.code(0x30 + sym, 8)
    elif sym < 256:
        w.code(0x190 + sym - 144, 9)
    elif sym < 280:
        w.code(sym - 256, 7)
    else:
        w.code(0xC0 + sym - 280, 8)


def window_max():
    """Hand-made raw DEFLATE: a stored block of bytes 0...255, then a fixed block repeating it
    (127 matches of length 256, distance 256) and a match of length 10 at distance 32768."""
    w = BitWriter()
    w.bits(0, 1)
    w.bits(0, 2)
    w.align()
    w.bits(256, 16)
    w.bits(0xFFFF ^ 256, 16)
    w.out += bytes(range(256))
    w.bits(1, 1)
    w.bits(1, 2)
    for _ in range(127):
        fixed_lit(w, 284)      # length base 227, 5 extra bits
        w.bits(256 - 227, 5)
        w.code(15, 5)          # distance code 15: base 193, 6 extra bits
        w.bits(256 - 193, 6)
    fixed_lit(w, 264)          # length 10
    w.code(29, 5)              # distance base 24577, 13 extra bits
    w.bits(32768 - 24577, 13)
    fixed_lit(w, 256)
    data = w.data()
    expected = bytes(range(256)) * 128
    expected = expected[:32768] + expected[:10]
    assert zlib.decompress(data, -15) == expected
    return data


def main():
    dump = sys.argv[2] if len(sys.argv) == 3 and sys.argv[1] == "--dump" else None
    text = TEXT.encode()
    big = mutated_repeat(200_000, 1024, 11)
    edge = window_edge()
    rnd = random_bytes(1000, 7)
    runs = b"a" * 100_000
    half = len(text) // 2
    entries = [
        ("empty", [], gzip_member(b"")),
        ("oneByte", ["bytes 41"], gzip_member(b"A")),
        ("textDynamic", ["text"], gzip_member(text, 9)),
        ("textFixed", ["text"], gzip_member(text, 6, strategy=zlib.Z_FIXED)),
        ("textLevel1", ["text"], gzip_member(text, 1)),
        ("randomStored", ["randomBytes 1000 7"], gzip_member(rnd, 6)),
        ("textLevel0", ["text"], gzip_member(text, 0)),
        ("syncFlushed", ["text"], wrap_gzip(text, flushed(text, 97))),
        ("longRun", ["repeating 100000 97"], gzip_member(runs, 9)),
        ("windowEdge", ["windowEdge"], gzip_member(edge, 9)),
        ("large", ["mutatedRepeat 200000 1024 11"], gzip_member(big, 6)),
        ("headerFlags", ["text"],
         gzip_member(text, 6, flags=0x1F, extra=b"XY\x04\x00abcd", name=b"page.bin", comment=b"a comment")),
        ("multiMember", ["text"],
         gzip_member(text[:half], 6) + gzip_member(b"", 6) + gzip_member(text[half:], 9, flags=0x08, name=b"b")),
        ("zlib", ["text"], zlib.compress(text, 9)),
        ("zlibEmpty", [], zlib.compress(b"")),
        ("rawDeflate", ["text"], raw_deflate(text, 6)),
        ("rawFixedOneByte", ["bytes 41"], raw_deflate(b"A", 6, zlib.Z_FIXED)),
        ("windowMax", ["windowMax"], window_max()),
    ]
    inputs = {
        "": b"", "bytes 41": b"A", "text": text, "randomBytes 1000 7": rnd, "repeating 100000 97": runs,
        "windowEdge": edge, "mutatedRepeat 200000 1024 11": big,
        "windowMax": (bytes(range(256)) * 128) + bytes(range(10)),
    }
    for name, expr, comp in entries:
        dump_files(dump, name, inputs["".join(expr)], comp, "gz")
    generator = "scripts/gzip_vectors.py with python zlib " + zlib.ZLIB_RUNTIME_VERSION
    fixture_file(os.path.join(ROOT, "Fixtures", "codecs", "gzip.json"), generator, TEXT, entries)


if __name__ == "__main__":
    main()

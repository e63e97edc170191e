#!/usr/bin/env python3
"""Dev-time generator of the encoder reference vectors: our GZIP, LZ4_RAW, ZSTD (with and
without content checksum) and BROTLI output, as the C libraries decode it.

For fixed inputs (regenerated in Swift by EncoderReferenceTests: the same SplitMix64-based
generators as gzip_vectors.py) and levels, compresses each input with the Swift encoder
(`compressbench encode`, Benchmarks/Swift), decodes the result with Python's zlib (C zlib),
python-lz4 (C liblz4), python-zstandard (libzstd) or the brotli module (libbrotli), checks that the decode equals the input, and records the length and
CRC-32 of our compressed bytes and of the C library's decode (small streams also in full).
Writes Fixtures/codecs/encoder.json (each input a recipe evaluated by CodecTestInputs.part, the text
taken from gzip.json; each vector's "encoded" field holds codec, level and the lengths and CRC-32s,
"compressed" the stream in full when small, else ""). `swift test` then checks that the
encoder still produces exactly those bytes, so every stream it is tested with is one the
reference decoder accepted. Rerun after any change to the encoders:

    python3 scripts/encoder_vectors.py [--no-build]

Requires: pip install lz4 zstandard brotli (zlib is Python's own).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import zlib

import brotli
import lz4.block
import zstandard

from common import ROOT, fixture_file, letters, mutated_repeat, random_bytes
from gzip_vectors import TEXT

PKG = os.path.join(ROOT, "Benchmarks", "Swift")
OUT = os.path.join(ROOT, "Fixtures", "codecs", "encoder.json")

# name -> (the recipe the Swift tests regenerate the input from, Python bytes)
INPUTS = [
    ("empty", [], b""),
    ("oneByte", ["bytes 61"], b"a"),
    ("thirteen", ["bytes " + b"abcdabcdabcda".hex()], b"abcdabcdabcda"),
    ("text", ["text"], TEXT.encode()),
    ("random4k", ["randomBytes 4096 7"], random_bytes(4096, 7)),
    ("zeros70k", ["repeating 70000 0"], bytes(70_000)),
    ("letters200k", ["letters 200000 3"], letters(200_000, 3)),
    ("repeat1200k", ["mutatedRepeat 1200000 5000 11"], mutated_repeat(1_200_000, 5000, 11)),
]
LEVELS = {"gzip": [1, 4, 6, 9], "lz4_raw": [1, 3, 9, 12], "zstd": [1, 3, 9, 19], "zstd_checksum": [3],
          "brotli": [0, 5, 8, 11]}
FULL_LIMIT = 400  # streams up to this size are committed in full


def c_decode(codec, comp, n):
    if codec == "gzip":
        return zlib.decompress(comp, 31)
    if codec in ("zstd", "zstd_checksum"):  # libzstd verifies the content checksum too
        return zstandard.ZstdDecompressor().decompress(comp, max_output_size=max(n, 1))
    if codec == "brotli":
        return brotli.decompress(comp)
    return lz4.block.decompress(comp, uncompressed_size=n) if n else (b"" if comp == b"\x00" else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--package-path", PKG], check=True, stdout=sys.stderr)
    exe = os.path.join(PKG, ".build", "release", "compressbench")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        for name, expr, data in INPUTS:
            with open(src, "wb") as f:
                f.write(data)
            for codec, levels in LEVELS.items():
                for level in levels:
                    subprocess.run([exe, "encode", codec, str(level), src, dst], check=True)
                    comp = open(dst, "rb").read()
                    back = c_decode(codec, comp, len(data))
                    if back != data:
                        raise SystemExit(f"C {codec} does not decode our {name} level {level} to the input")
                    rows.append((name, expr, codec, level, len(comp), zlib.crc32(comp), len(back), zlib.crc32(back),
                                 comp if len(comp) <= FULL_LIMIT else b""))
    write_fixture(rows)


def write_fixture(rows):
    """Writes OUT from (name, recipe, codec, level, stream length, stream CRC-32, decoded length,
    decoded CRC-32, the stream when small else b"") rows."""
    generator = ("scripts/encoder_vectors.py (C zlib " + zlib.ZLIB_RUNTIME_VERSION
                 + ", liblz4 " + lz4.library_version_string() + ", libzstd " + ".".join(map(str, zstandard.ZSTD_VERSION))
                 + ", libbrotli via brotli " + brotli.__version__ + ")")
    entries = []
    for name, recipe, codec, level, n, crc, dn, dcrc, full in rows:
        encoded = {"codec": codec, "level": level, "length": n, "crc32": crc, "decodedLength": dn, "decodedCRC32": dcrc}
        entries.append((name, recipe, full, {"encoded": encoded}))
    fixture_file(OUT, generator, None, entries, text_from="gzip.json")


if __name__ == "__main__":
    main()

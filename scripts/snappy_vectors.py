#!/usr/bin/env python3
"""Dev-time generator for the Snappy test vectors (needs `pip install cramjam`).

Writes Fixtures/codecs/snappy.json: inputs that the tests regenerate deterministically (SplitMix64,
mirrored in SnappyTestSupport and CodecTestInputs.part in the Swift tests; each input is a recipe
such as ["randomBytes 1000 7"]) together with the raw Snappy blocks cramjam produces for them,
base64-encoded.

    python3 scripts/snappy_vectors.py            # regenerate the fixture
    python3 scripts/snappy_vectors.py --dump DIR # also write <name>.bin / <name>.snappy files
"""
import os
import sys

import cramjam

from common import ROOT, dump_files, fixture_file, mutated_repeat, random_bytes, runs

TEXT = (
    "Parquet is a columnar storage format. Snappy compresses each page independently; "
    "the quick brown fox jumps over the lazy dog, and the lazy dog sleeps. "
    "Columns of repeated values compress well, columns of random values do not. "
) * 5 + "The end."


VECTORS = [
    ("empty", b"", []),
    ("oneByte", b"A", ["bytes 41"]),
    ("text", TEXT.encode(), ["text"]),
    ("random", random_bytes(1000, 7), ["randomBytes 1000 7"]),
    ("runs", runs(), ["runs"]),
    ("large", mutated_repeat(200_000, 1024, 11), ["mutatedRepeat 200000 1024 11"]),
]


def main():
    dump = None
    if len(sys.argv) == 3 and sys.argv[1] == "--dump":
        dump = sys.argv[2]
        os.makedirs(dump, exist_ok=True)
    generator = "scripts/snappy_vectors.py with cramjam " + cramjam.__version__
    entries = []
    for name, data, expr in VECTORS:
        comp = bytes(cramjam.snappy.compress_raw(data))
        assert bytes(cramjam.snappy.decompress_raw(comp)) == data
        entries.append((name, expr, comp))
        dump_files(dump, name, data, comp, "snappy")
        print(f"{name}: {len(data)} -> {len(comp)} bytes", file=sys.stderr)
    fixture_file(os.path.join(ROOT, "Fixtures", "codecs", "snappy.json"), generator, TEXT, entries)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Dev-time generator for the Zstandard test vectors (needs `pip install zstandard`).

Writes Fixtures/codecs/zstd.json: inputs that the tests regenerate deterministically (SplitMix64
and simple record/run builders, mirrored in ZstdTestData in Tests/ParquetCodecsTests/ZstdVectorTests.swift;
each input is a recipe such as ["text", "randomBytes 300 9"]) together with the frames
python-zstandard (libzstd) produces for them, base64-encoded.

    python3 scripts/zstd_vectors.py            # regenerate the fixture
    python3 scripts/zstd_vectors.py --dump DIR # also write <name>.bin / <name>.zst files
    python3 scripts/zstd_vectors.py --bench DIR
        # write a ~50 MB mixed buffer (mixed.bin) and its frames at levels 1, 3 and 19
        # (mixed-<level>.zst) to DIR and print python-zstandard's decode speed; time the Swift
        # decoder on the same files with a throwaway release-built executable.
"""
import base64
import os
import random
import sys
import time

import zstandard

from common import ROOT, dump_files, fixture_file, random_bytes, splitmix64

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
TEXT = (
    "Parquet stores data column by column. Each column chunk is split into pages, and each page "
    "may be compressed with ZSTD, which combines LZ77-style matches with Huffman-coded literals "
    "and FSE-coded sequences. The quick brown fox jumps over the lazy dog; the lazy dog sleeps. "
) * 8 + "The end."


def records(n, seed):
    """CSV-like lines `id,word,value,price` with low-entropy random fields, cut to n bytes."""
    out = bytearray()
    gen = splitmix64(seed)
    i = 0
    while len(out) < n:
        r = next(gen)
        out += b"%d,%s,%d,%d.99\n" % (i % 1000, WORDS[r % 8].encode(), (r >> 8) % 10 * 100, (r >> 20) % 4 * 5)
        i += 1
    return bytes(out[:n])


def runs():
    """Long single-byte runs (RLE blocks), then a short mixed tail."""
    return b"a" * 140_000 + b"\x00" * 140_000 + b"xyz" * 100


def periodic(period, count, seed):
    """A random block of `period` bytes repeated `count` times (matches at the window edge)."""
    return random_bytes(period, seed) * count


def small_alphabet(n, modulus, seed):
    """Bytes below `modulus`, skewed towards small values (Huffman weights stored directly)."""
    gen = splitmix64(seed)
    return bytes(min(next(gen) % modulus, next(gen) % modulus) for _ in range(n))


def z_inserted(n, every, seed):
    """Random bytes, then the same bytes with a 'Z' after every `every` (RLE literals)."""
    base = random_bytes(n, seed)
    out = bytearray()
    for i in range(0, n, every):
        out += base[i:i + every] + b"Z"
    return base, bytes(out)


def flushed(chunks, level, checksum=False):
    """One frame, with a block flushed after each chunk (repeat modes, treeless literals)."""
    cctx = zstandard.ZstdCompressor(level=level, write_checksum=checksum)
    obj = cctx.compressobj(size=sum(map(len, chunks)))
    out = b""
    for chunk in chunks:
        out += obj.compress(chunk) + obj.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
    return out + obj.flush()


def frame(data, level=3, checksum=False, content_size=True, window_log=None):
    if window_log is None:
        return zstandard.ZstdCompressor(level=level, write_checksum=checksum, write_content_size=content_size).compress(data)
    params = zstandard.ZstdCompressionParameters.from_level(
        level, window_log=window_log, write_checksum=checksum, write_content_size=content_size)
    return zstandard.ZstdCompressor(compression_params=params).compress(data)


def skippable(magic_low, payload):
    return (0x184D2A50 + magic_low).to_bytes(4, "little") + len(payload).to_bytes(4, "little") + payload


TEXT_B = TEXT.encode()
MIXED = records(16_000, 1)
LARGE = records(150_000, 2)
FLUSHED = records(24_000, 3)
Z_BASE, Z_MORE = z_inserted(2000, 12, 4)

# (name, input bytes, the recipe the Swift tests regenerate them from, compressed frames)
VECTORS = [
    ("empty", b"", [], frame(b"")),
    ("emptyNoContentSize", b"", [], frame(b"", content_size=False)),
    ("emptyChecksum", b"", [], frame(b"", checksum=True)),
    ("oneByte", b"A", ["bytes 41"], frame(b"A")),
    ("text", TEXT_B, ["text"], frame(TEXT_B)),
    ("textChecksumNoSize", TEXT_B, ["text"], frame(TEXT_B, level=19, checksum=True, content_size=False)),
    ("random", random_bytes(3000, 7), ["randomBytes 3000 7"], frame(random_bytes(3000, 7))),
    ("runs", runs(), ["runs"], frame(runs(), checksum=True)),
    ("mixedLevel1", MIXED, ["records 16000 1"], frame(MIXED, level=1)),
    ("mixedLevel3", MIXED, ["records 16000 1"], frame(MIXED, level=3, checksum=True)),
    ("mixedLevel9", MIXED, ["records 16000 1"], frame(MIXED, level=9)),
    ("mixedLevel19", MIXED, ["records 16000 1"], frame(MIXED, level=19, checksum=True)),
    ("mixedLevel22", MIXED, ["records 16000 1"], frame(MIXED, level=22, content_size=False)),
    ("largeLevel3", LARGE, ["records 150000 2"], frame(LARGE, level=3, checksum=True)),
    ("largeLevel19NoSize", LARGE, ["records 150000 2"],
     frame(LARGE, level=19, checksum=True, content_size=False)),
    ("window1K", periodic(1024, 24, 5), ["periodic 1024 24 5"],
     frame(periodic(1024, 24, 5), level=19, checksum=True, window_log=10)),
    ("flushedLevel19", FLUSHED, ["records 24000 3"],
     flushed([FLUSHED[i:i + 2000] for i in range(0, len(FLUSHED), 2000)], 19, checksum=True)),
    ("flushedLevel9", FLUSHED, ["records 24000 3"],
     flushed([FLUSHED[i:i + 2000] for i in range(0, len(FLUSHED), 2000)], 9)),
    ("directWeights", small_alphabet(1000, 16, 8), ["smallAlphabet 1000 16 8"],
     frame(small_alphabet(1000, 16, 8))),
    ("rleLiterals", Z_BASE + Z_MORE, ["zInserted 2000 12 4"],
     flushed([Z_BASE, Z_MORE], 19)),
    ("concatenated", TEXT_B + random_bytes(300, 9), ["text", "randomBytes 300 9"],
     frame(TEXT_B, checksum=True) + frame(random_bytes(300, 9), content_size=False)),
    ("skippable", b"A" + TEXT_B, ["bytes 41", "text"],
     skippable(0, b"") + frame(b"A") + skippable(15, b"user metadata") + frame(TEXT_B, level=9)),
]


def mixed_buffer(size, seed=42):
    """CSV-like text, little-endian integers, short-period runs and random bytes."""
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        kind = rng.randrange(4)
        if kind == 0:
            for _ in range(rng.randint(50, 400)):
                out += b"%d,%s,%d.%02d\n" % (rng.randint(0, 10**6), rng.choice(WORDS).encode(),
                                             rng.randint(0, 999), rng.randint(0, 99))
        elif kind == 1:
            base = rng.randint(0, 1 << 40)
            for i in range(rng.randint(500, 4000)):
                out += (base + i * rng.randint(1, 3)).to_bytes(8, "little")
        elif kind == 2:
            out += rng.randbytes(rng.randint(1, 8)) * rng.randint(10, 2000)
        else:
            out += rng.randbytes(rng.randint(100, 20000))
    return bytes(out[:size])


def bench(outdir):
    os.makedirs(outdir, exist_ok=True)
    data = mixed_buffer(50 * 1000 * 1000)
    with open(os.path.join(outdir, "mixed.bin"), "wb") as f:
        f.write(data)
    dctx = zstandard.ZstdDecompressor()
    for level in (1, 3, 19):
        comp = zstandard.ZstdCompressor(level=level, threads=2).compress(data)
        with open(os.path.join(outdir, f"mixed-{level}.zst"), "wb") as f:
            f.write(comp)
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            dctx.decompress(comp, max_output_size=len(data))
            best = min(best, time.perf_counter() - t0)
        print(f"python-zstandard {zstandard.__version__} level {level}: {len(data)} -> {len(comp)} bytes, "
              f"decode {len(data) / best / 1e6:.0f} MB/s")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        bench(sys.argv[2])
        return
    dump = None
    if len(sys.argv) == 3 and sys.argv[1] == "--dump":
        dump = sys.argv[2]
        os.makedirs(dump, exist_ok=True)
    generator = ("scripts/zstd_vectors.py with python-zstandard " + zstandard.__version__
                 + " (libzstd " + ".".join(map(str, zstandard.ZSTD_VERSION)) + ")")
    entries = []
    for name, data, expr, comp in VECTORS:
        dctx = zstandard.ZstdDecompressor()
        # Verify with the reference decoder (multi-frame aware).
        reader = dctx.stream_reader(comp, read_across_frames=True)
        out = reader.read(len(data) + 1)
        while True:
            more = reader.read(1 << 20)
            if not more:
                break
            out += more
        assert out == data, name
        entries.append((name, expr, comp))
        dump_files(dump, name, data, comp, "zst")
        print(f"{name}: {len(data)} -> {len(comp)} bytes", file=sys.stderr)
    fixture_file(os.path.join(ROOT, "Fixtures", "codecs", "zstd.json"), generator, TEXT, entries)


if __name__ == "__main__":
    main()

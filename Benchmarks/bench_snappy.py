#!/usr/bin/env python3
"""Dev-time Snappy decode benchmark against cramjam (`pip install cramjam`).

Builds a deterministic ~50 MB mixed buffer (CSV-like text, little-endian integers, runs,
random bytes), compresses it with cramjam into one raw block and into 1 MiB page-sized blocks,
writes them to OUTDIR, and prints cramjam's best-of-N decode speed. Time the Swift decoder on
the same files with a throwaway release-built executable that calls Snappy.decompress.

    python3 Benchmarks/bench_snappy.py [OUTDIR]     # default /tmp/snappy-bench
"""
import os
import random
import sys
import time

import cramjam


def mixed_buffer(size, seed=42):
    rng = random.Random(seed)
    words = [b"alpha", b"beta", b"gamma", b"delta", b"epsilon", b"true", b"false", b"NULL"]
    out = bytearray()
    while len(out) < size:
        kind = rng.randrange(4)
        if kind == 0:  # CSV-ish lines
            for i in range(rng.randint(50, 400)):
                out += b"%d,%s,%d.%02d\n" % (rng.randint(0, 10**6), rng.choice(words), rng.randint(0, 999), rng.randint(0, 99))
        elif kind == 1:  # slowly increasing little-endian int64s
            base = rng.randint(0, 1 << 40)
            for i in range(rng.randint(500, 4000)):
                out += (base + i * rng.randint(1, 3)).to_bytes(8, "little")
        elif kind == 2:  # short-period runs
            pattern = rng.randbytes(rng.randint(1, 8))
            out += pattern * rng.randint(10, 2000)
        else:  # incompressible
            out += rng.randbytes(rng.randint(100, 20000))
    return bytes(out[:size])


def best_of(fn, n=5):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "/tmp/snappy-bench"
    os.makedirs(outdir, exist_ok=True)
    data = mixed_buffer(50 * 1000 * 1000)
    whole = bytes(cramjam.snappy.compress_raw(data))
    with open(os.path.join(outdir, "mixed.snappy"), "wb") as f:
        f.write(whole)
    t = best_of(lambda: cramjam.snappy.decompress_raw(whole))
    print(f"cramjam {cramjam.__version__} one block: {len(data)} -> {len(whole)} bytes, decode {len(data) / t / 1e6:.0f} MB/s")
    out = bytearray(len(data))
    t = best_of(lambda: cramjam.snappy.decompress_raw_into(whole, out))
    print(f"cramjam decompress_raw_into (no allocation): {len(data) / t / 1e6:.0f} MB/s")
    page = 1 << 20
    pages = [bytes(cramjam.snappy.compress_raw(data[i:i + page])) for i in range(0, len(data), page)]
    with open(os.path.join(outdir, "pages.snappy"), "wb") as f:
        for p in pages:
            f.write(len(p).to_bytes(4, "little"))
            f.write(p)
    t = best_of(lambda: [cramjam.snappy.decompress_raw(p) for p in pages])
    print(f"cramjam 1 MiB pages: {len(pages)} blocks, decode {len(data) / t / 1e6:.0f} MB/s")
    with open(os.path.join(outdir, "mixed.bin"), "wb") as f:
        f.write(data)
    t = best_of(lambda: cramjam.snappy.compress_raw(data), 3)
    print(f"cramjam compress: {len(data) / t / 1e6:.0f} MB/s")


if __name__ == "__main__":
    main()

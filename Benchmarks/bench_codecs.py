#!/usr/bin/env python3
"""Decode speed of the Swift codecs vs the C/Rust decoders Python exposes, on the same bytes.

    python3 Benchmarks/bench_codecs.py [--size-mb 32] [--runs 3] [--rounds 3] [--work /tmp/codecbench]
                                    [--codecs snappy,gzip,zstd,lz4_raw,lz4_hadoop,brotli]
                                    [--no-swift] [--no-build]

1. Makes two deterministic buffers of --size-mb MiB: `text` (CSV-like rows of words, numbers,
   dates) and `mixed` (64 KiB chunks of text, incompressible bytes, little-endian integer
   columns with small steps, float64 noise and runs, interleaved at random), and compresses each
   with every codec: Snappy (raw block), GZIP (gzip member, zlib level 6), ZSTD (level 3),
   LZ4_RAW (one LZ4 block), LZ4 Hadoop framing (256 KiB blocks, as Parquet's old LZ4 codec)
   and Brotli (quality 8).  Buffers go to WORK/data/ and are reused when present.
2. Times the Python-exposed decoders: cramjam (Rust bindings: snappy, gzip,
   zstd, lz4 block, brotli) and, where installed, zlib (C zlib), zstandard (C libzstd),
   lz4.block (C liblz4) and brotli (C libbrotli); every result is checked against the original.
3. Copies the Swift template Benchmarks/codecbench/ to WORK/pkg, points it at this project
   (`.package(path:)`), builds it with `swift build -c release` and runs it on the same files
   (Snappy/Gzip/Zstd/LZ4Raw/LZ4Hadoop/Brotli.decompress into a fresh [UInt8]).
   Steps 2 and 3 alternate case by case for --rounds rounds of --runs runs each (the Swift
   bench is started once per case and round); the best time of all is kept.
4. Prints a Markdown table: MB/s (decompressed MB = 10^6 bytes per second) per decoder and the
   Swift speed relative to each (Swift / other; > 1 means Swift is faster).

Unless --fresh-pages, the script re-executes itself (and so the Swift bench, its child) with
glibc's MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ at 1 GiB: every decoder allocates a new
output buffer per run, and above glibc's mmap threshold (at most 32 MiB) each one would be
freshly mapped memory, so the page faults of first touch would weigh as much as decoding.
With the thresholds raised the output memory is reused, as with the page-sized buffers of a
real Parquet read.

Nothing is added to the project's package; WORK holds everything generated.
"""
from __future__ import annotations

import argparse
import importlib
import os
import random
import shutil
import struct
import subprocess
import sys
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE = os.path.join(ROOT, "Benchmarks", "codecbench")
CODECS = ["snappy", "gzip", "zstd", "lz4_raw", "lz4_hadoop", "brotli"]
HADOOP_BLOCK = 256 * 1024


def _opt(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


cramjam = _opt("cramjam")
zstandard = _opt("zstandard")
lz4block = _opt("lz4.block")
brotli = _opt("brotli")

# --------------------------------------------------------------------------------------
# Buffers
# --------------------------------------------------------------------------------------

WORDS = ("alpha beta gamma delta epsilon zeta theta kappa lambda omega north south east west "
         "red green blue yellow black white small large medium order customer product invoice "
         "shipped pending cancelled returned Berlin Paris Tokyo Lagos Lima Oslo Quito Hanoi "
         "über café naïve 東京 données").split()


def text_buffer(size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    out, total = [], 0
    row = 0
    while total < size:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
        line = (f"{row},{rng.choice(WORDS)},{rng.randint(0, 10**rng.randint(1, 9))},"
                f"{rng.uniform(-1e4, 1e4):.2f},20{rng.randint(10, 25):02d}-{rng.randint(1, 12):02d}-"
                f"{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z,"
                f"\"{words}\",{rng.choice(['true', 'false', ''])}\n").encode()
        out.append(line)
        total += len(line)
        row += 1
    return b"".join(out)[:size]


def mixed_buffer(size: int, seed: int) -> bytes:
    rng = random.Random(seed)
    chunk = 64 * 1024
    text = text_buffer(min(size, 4 << 20), seed + 1)
    parts, total = [], 0
    while total < size:
        r = rng.random()
        if r < 0.25:  # text
            at = rng.randrange(0, len(text) - chunk)
            part = text[at:at + chunk]
        elif r < 0.40:  # incompressible
            part = rng.randbytes(chunk)
        elif r < 0.65:  # integer column with small steps (PLAIN INT32/INT64 page)
            width = rng.choice([4, 8])
            v, step, vals = rng.randint(0, 1 << 30), rng.randint(1, 50), []
            for _ in range(chunk // width):
                v += rng.randint(0, step)
                vals.append(v & ((1 << (8 * width)) - 1))
            part = struct.pack(f"<{len(vals)}{'I' if width == 4 else 'Q'}", *vals)
        elif r < 0.80:  # float64 noise (high bytes repeat, low bytes random)
            part = struct.pack(f"<{chunk // 8}d", *(rng.gauss(100.0, 15.0) for _ in range(chunk // 8)))
        else:  # runs of a few bytes and short repeats (definition levels, dictionary indices)
            pat = rng.randbytes(rng.randint(1, 12))
            part = (pat * (chunk // len(pat) + 1))[:chunk]
        parts.append(part)
        total += len(part)
    return b"".join(parts)[:size]


def hadoop_lz4(data: bytes) -> bytes:
    out = []
    for at in range(0, len(data), HADOOP_BLOCK):
        block = data[at:at + HADOOP_BLOCK]
        comp = compress_lz4_block(block)
        out.append(struct.pack(">II", len(block), len(comp)) + comp)
    return b"".join(out)


def compress_lz4_block(data: bytes) -> bytes:
    if lz4block is not None:
        return lz4block.compress(data, store_size=False)
    return bytes(cramjam.lz4.compress_block(data, store_size=False))


def compress(codec: str, data: bytes) -> bytes:
    if codec == "snappy":
        return bytes(cramjam.snappy.compress_raw(data))
    if codec == "gzip":
        c = zlib.compressobj(6, zlib.DEFLATED, 31)
        return c.compress(data) + c.flush()
    if codec == "zstd":
        if zstandard is not None:
            return zstandard.ZstdCompressor(level=3).compress(data)
        return bytes(cramjam.zstd.compress(data, level=3))
    if codec == "lz4_raw":
        return compress_lz4_block(data)
    if codec == "lz4_hadoop":
        return hadoop_lz4(data)
    if codec == "brotli":
        if brotli is not None:
            return brotli.compress(data, quality=8)
        return bytes(cramjam.brotli.compress(data, level=8))
    raise ValueError(codec)


# --------------------------------------------------------------------------------------
# Python decoders: name -> {codec: fn(compressed, n) -> bytes-like}
# --------------------------------------------------------------------------------------


def _hadoop_frames(comp: bytes, block_fn):
    out, at = [], 0
    while at < len(comp):
        n, c = struct.unpack_from(">II", comp, at)
        out.append(block_fn(comp[at + 8:at + 8 + c], n))
        at += 8 + c
    return b"".join(out)


def python_decoders() -> dict:
    d = {}
    if cramjam is not None:
        d["cramjam"] = {
            "snappy": lambda b, n: cramjam.snappy.decompress_raw(b),
            "gzip": lambda b, n: cramjam.gzip.decompress(b, output_len=n),
            "zstd": lambda b, n: cramjam.zstd.decompress(b, output_len=n),
            "lz4_raw": lambda b, n: cramjam.lz4.decompress_block(b, output_len=n),
            "lz4_hadoop": lambda b, n: _hadoop_frames(
                b, lambda blk, m: bytes(cramjam.lz4.decompress_block(blk, output_len=m))),
            "brotli": lambda b, n: cramjam.brotli.decompress(b, output_len=n),
        }
    native = {"gzip": lambda b, n: zlib.decompress(b, 31)}
    if zstandard is not None:
        native["zstd"] = lambda b, n: zstandard.ZstdDecompressor().decompress(b, max_output_size=n)
    if lz4block is not None:
        native["lz4_raw"] = lambda b, n: lz4block.decompress(b, uncompressed_size=n)
        native["lz4_hadoop"] = lambda b, n: _hadoop_frames(
            b, lambda blk, m: lz4block.decompress(blk, uncompressed_size=m))
    if brotli is not None:
        native["brotli"] = lambda b, n: brotli.decompress(b)
    d["C lib"] = native  # zlib / zstandard / lz4 / brotli modules (C libraries)
    return d


def best_of(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


# --------------------------------------------------------------------------------------
# Swift
# --------------------------------------------------------------------------------------


def build_swift(work: str, build: bool) -> str:
    """Path of the Swift bench executable, built from the template in WORK/pkg."""
    pkg = os.path.join(work, "pkg")
    exe = os.path.join(pkg, ".build", "release", "codecbench")
    if build or not os.path.exists(exe):
        os.makedirs(os.path.join(pkg, "Sources", "codecbench"), exist_ok=True)
        with open(os.path.join(TEMPLATE, "Package.swift")) as f:
            text = f.read().replace("@PROJECT_ROOT@", ROOT).replace(
                "@PROJECT_IDENTITY@", os.path.basename(ROOT).lower())
        with open(os.path.join(pkg, "Package.swift"), "w") as f:
            f.write(text)
        shutil.copy(os.path.join(TEMPLATE, "Sources", "codecbench", "main.swift"),
                    os.path.join(pkg, "Sources", "codecbench", "main.swift"))
        print(f"building the Swift bench in {pkg} (swift build -c release) ...", file=sys.stderr, flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--package-path", pkg], check=True,
                       stdout=sys.stderr)
    return exe


def run_swift(exe: str, manifest: str, runs: int) -> dict:
    """{(name, codec): best seconds} of the Swift bench on the cases of `manifest`."""
    proc = subprocess.run([exe, manifest, str(runs)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"Swift bench failed: {proc.stderr.strip()}")
    res = {}
    for line in proc.stdout.splitlines():
        name, codec, secs, _ = line.split("\t")
        res[(name, codec)] = float(secs)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=int, default=32, help="MiB per buffer (default 32)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per decoder and round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds over all cases; best time of all kept")
    ap.add_argument("--work", default="/tmp/codecbench", help="scratch directory")
    ap.add_argument("--codecs", default=",".join(CODECS))
    ap.add_argument("--no-swift", action="store_true", help="time the Python decoders only")
    ap.add_argument("--no-build", action="store_true", help="reuse WORK/pkg's binary when present")
    ap.add_argument("--fresh-pages", action="store_true",
                    help="keep glibc's default mmap threshold (fresh, faulting output memory every run)")
    args = ap.parse_args(argv)
    if not args.fresh_pages and os.environ.get("MALLOC_MMAP_THRESHOLD_") is None and argv is None:
        env = dict(os.environ, MALLOC_MMAP_THRESHOLD_=str(1 << 30), MALLOC_TRIM_THRESHOLD_=str(1 << 30))
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)
    if cramjam is None:
        print("error: cramjam is needed to make the buffers (pip install cramjam)", file=sys.stderr)
        return 2
    codecs = [c for c in args.codecs.split(",") if c]
    unknown = set(codecs) - set(CODECS)
    if unknown:
        print(f"error: unknown codecs {sorted(unknown)}", file=sys.stderr)
        return 2
    size = args.size_mb << 20
    data_dir = os.path.join(args.work, "data")
    os.makedirs(data_dir, exist_ok=True)
    originals = {}
    manifest_lines = []
    sizes = {}
    for name, make in (("text", text_buffer), ("mixed", mixed_buffer)):
        path = os.path.join(data_dir, f"{name}-{args.size_mb}m.bin")
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(make(size, 20240501))
        with open(path, "rb") as f:
            originals[name] = f.read()
        for codec in codecs:
            cpath = os.path.join(data_dir, f"{name}-{args.size_mb}m.{codec}")
            if not os.path.exists(cpath):
                print(f"compressing {name} with {codec} ...", file=sys.stderr, flush=True)
                with open(cpath, "wb") as f:
                    f.write(compress(codec, originals[name]))
            sizes[(name, codec)] = os.path.getsize(cpath)
            manifest_lines.append(f"{name}\t{codec}\t{cpath}\t{path}")
    manifest = os.path.join(args.work, "manifest.tsv")
    with open(manifest, "w") as f:
        f.write("\n".join(manifest_lines) + "\n")

    # Rounds: each decoder in turn on one case, then the next case; the best time of all rounds
    # is kept, so that load from other processes weighs alike on every decoder.
    results = {}  # (name, codec) -> {decoder: seconds}
    decoders = python_decoders()
    exe = None if args.no_swift else build_swift(args.work, not args.no_build)
    compressed = {}
    for line in manifest_lines:
        name, codec, cpath, _ = line.split("\t")
        with open(cpath, "rb") as f:
            compressed[(name, codec)] = f.read()
        one = os.path.join(args.work, f"manifest-{name}-{codec}.tsv")
        with open(one, "w") as f:
            f.write(line + "\n")
    for rnd in range(args.rounds):
        for line in manifest_lines:
            name, codec, _, _ = line.split("\t")
            key, comp, original = (name, codec), compressed[(name, codec)], originals[name]
            n = len(original)
            by = results.setdefault(key, {})
            for dname, table in decoders.items():
                fn = table.get(codec)
                if fn is None:
                    continue
                if rnd == 0 and bytes(fn(comp, n)) != original:
                    raise RuntimeError(f"{dname} {codec} decodes {name} wrongly")
                t = best_of(lambda: fn(comp, n), args.runs)
                by[dname] = min(by.get(dname, t), t)
            if exe is not None:
                t = run_swift(exe, os.path.join(args.work, f"manifest-{name}-{codec}.tsv"), args.runs)[key]
                by["Swift"] = min(by.get("Swift", t), t)

    names = ["Swift"] + list(decoders)
    mbps = lambda key, d: len(originals[key[0]]) / results[key][d] / 1e6  # noqa: E731
    head = "| buffer | codec | ratio | " + " | ".join(f"{d} MB/s" for d in names) + " | " + \
        " | ".join(f"Swift / {d}" for d in names[1:]) + " |"
    print(head)
    print("|" + " --- |" * (3 + 2 * len(names) - 1))
    for (name, codec), by in results.items():
        ratio = len(originals[name]) / sizes[(name, codec)]
        cells = [f"{mbps((name, codec), d):.0f}" if d in by else "–" for d in names]
        # Swift speed / other speed = other time / Swift time.
        rel = [f"{by[d] / by['Swift']:.2f}×" if "Swift" in by and d in by else "–" for d in names[1:]]
        print(f"| {name} {args.size_mb} MiB | {codec} | {ratio:.2f} | " + " | ".join(cells) + " | " +
              " | ".join(rel) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compression of Parquet page bodies: the Swift encoders (ParquetCodecs) vs the C libraries
through Python, on the same bytes.

    python3 Benchmarks/compression.py [--files 20] [--rounds 3] [--runs 2]
                                      [--codecs gzip,lz4_raw] [--levels gzip=1,6,9 ...]
                                      [--work /tmp/compression-bench] [--no-build]

1. The standard dataset (Benchmarks/.data/standard, made with make_dataset.py when missing):
   its first --files batch files are exported with `data-designer export --compression none`,
   so the pages are the ones our Parquet writer makes (dictionary pages, RLE_DICTIONARY and
   PLAIN data pages).
2. Every page body of that file goes to WORK/pages.bin (back to back) and WORK/pages.lengths.
3. Benchmarks/Swift (package `benchmarks`, executable `compressbench`) is built in release mode
   and compresses every page separately, as the writer does; the C library does the same
   through Python (zlib.compress with wbits 31: a gzip member like ours; lz4.block.compress
   without size prefix: LZ4_compress_default at levels 1-2, LZ4_compress_HC above).
   Swift's output is decoded by the C library and compared with the pages.
4. Rounds alternate Swift and C per codec and level; the best time of all is kept. Prints a
   Markdown table: sizes, size ratio Swift / C, MB/s (10^6 input bytes per second) and speed
   ratio Swift / C, with the issue's targets (size <= 1.10x, speed >= 0.5x) at the marked levels.

A codec is one entry of CODECS: levels to run, target levels, a compress and a decompress
function of the reference library. compressbench must know the codec name too (its `codecs`
table in Benchmarks/Swift/Sources/compressbench/main.swift).
Dev-time requirements: pyarrow, lz4 (pip install pyarrow lz4); zlib is Python's own.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass, field
from typing import Callable

import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts", "golden"))
import thrift_compact  # noqa: E402


@dataclass
class Codec:
    reference: str
    levels: list[int]
    targets: dict[int, str]
    compress: Callable[[int], Callable[[bytes], bytes]]  # level -> page -> compressed
    decompress: Callable[[bytes, int], bytes]             # (compressed, size) -> page
    notes: list[str] = field(default_factory=list)


def _lz4():
    import lz4
    import lz4.block

    def compress(level):
        if level < 3:
            return lambda b: lz4.block.compress(b, mode="default", store_size=False)
        return lambda b: lz4.block.compress(b, mode="high_compression", compression=level, store_size=False)

    return Codec(
        reference=f"liblz4 {lz4.library_version_string()} (python-lz4 {lz4.__version__})",
        levels=[1, 3, 9, 12], targets={1: "pyarrow default and ours"},
        compress=compress,
        decompress=lambda b, n: lz4.block.decompress(b, uncompressed_size=n))


CODECS: dict[str, Callable[[], Codec]] = {
    # pyarrow's Parquet writer: GZIP level 9 (Arrow kGZipDefaultCompressionLevel), memLevel 8.
    "gzip": lambda: Codec(
        reference=f"zlib {zlib.ZLIB_RUNTIME_VERSION}",
        levels=[1, 6, 9], targets={9: "pyarrow default", 6: "our default"},
        compress=lambda level: (lambda b: zlib.compress(b, level, 31)),
        decompress=lambda b, n: zlib.decompress(b, 31)),
    # pyarrow: LZ4_RAW level 1 (kLz4DefaultCompressionLevel), i.e. LZ4_compress_default.
    "lz4_raw": _lz4,
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def dataset(path: str) -> str:
    if not os.path.isdir(os.path.join(path, "parquet-files")):
        run([sys.executable, os.path.join(HERE, "make_dataset.py"), path, "100", "5000"])
    return os.path.join(path, "parquet-files")


def page_bodies(parquet: str) -> list[bytes]:
    """Every page body of every column chunk (the file is uncompressed)."""
    meta = pq.ParquetFile(parquet).metadata
    data = open(parquet, "rb").read()
    bodies = []
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            col = meta.row_group(g).column(c)
            start = col.data_page_offset
            if col.has_dictionary_page and col.dictionary_page_offset is not None:
                start = min(start, col.dictionary_page_offset)
            end = start + col.total_compressed_size
            at = start
            while at < end:
                header, body_at = thrift_compact.decode_struct(data, at)
                size = thrift_compact.get(header, 3)
                bodies.append(data[body_at:body_at + size])
                at = body_at + size
    return bodies


def swift_bench(exe, pages, lengths, codec, level, runs, out=None):
    cmd = [exe, "bench", pages, lengths, codec, str(level), str(runs)] + ([out] if out else [])
    line = run(cmd, capture_output=True, text=True).stdout.strip().split("\t")
    return int(line[4]), float(line[5])


def c_bench(fn, bodies, runs):
    best, size = float("inf"), 0
    for _ in range(runs):
        t = time.perf_counter()
        outs = [fn(b) for b in bodies]
        best = min(best, time.perf_counter() - t)
        size = sum(len(o) for o in outs)
    return size, best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", default=os.path.join(HERE, ".data", "standard"))
    ap.add_argument("--files", type=int, default=20, help="batch files to re-encode (default 20 of 100)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=2, help="timed runs per round and side")
    ap.add_argument("--codecs", default=",".join(CODECS))
    ap.add_argument("--levels", nargs="*", default=[], help="CODEC=L1,L2 overrides, e.g. gzip=6,9")
    ap.add_argument("--work", default="/tmp/compression-bench")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "data-designer"))
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args(argv)
    os.makedirs(args.work, exist_ok=True)
    codecs = {name: CODECS[name]() for name in args.codecs.split(",") if name}
    for spec in args.levels:
        name, _, levels = spec.partition("=")
        codecs[name].levels = [int(x) for x in levels.split(",")]

    files = sorted(os.listdir(dataset(args.dataset)))[:args.files]
    inputs = [os.path.join(args.dataset, "parquet-files", f) for f in files]
    if not args.no_build:
        run(["swift", "build", "-c", "release", "--product", "data-designer", "--package-path", ROOT],
            stdout=sys.stderr)
    reencoded = os.path.join(args.work, "reencoded.parquet")
    run([args.binary, "export", *inputs, "-o", reencoded, "--compression", "none", "-q"])
    bodies = page_bodies(reencoded)
    pages, lengths = os.path.join(args.work, "pages.bin"), os.path.join(args.work, "pages.lengths")
    with open(pages, "wb") as f:
        f.write(b"".join(bodies))
    with open(lengths, "w") as f:
        f.write("".join(f"{len(b)}\n" for b in bodies))
    total = sum(len(b) for b in bodies)
    print(f"{len(bodies)} pages, {total / 1e6:.1f} MB, from {len(files)} batch files", file=sys.stderr)

    pkg = os.path.join(HERE, "Swift")
    if not args.no_build:
        run(["swift", "build", "-c", "release", "--package-path", pkg], stdout=sys.stderr)
    exe = os.path.join(pkg, ".build", "release", "compressbench")

    rows = []
    for name, codec in codecs.items():
        for level in codec.levels:
            fn = codec.compress(level)
            out = os.path.join(args.work, f"swift.{name}.{level}")
            best_s, best_c, size_s, size_c = float("inf"), float("inf"), 0, 0
            for rnd in range(args.rounds):
                size_s, t = swift_bench(exe, pages, lengths, name, level, args.runs, out if rnd == 0 else None)
                best_s = min(best_s, t)
                size_c, t = c_bench(fn, bodies, args.runs)
                best_c = min(best_c, t)
                if rnd == 0:  # the C library must decode every Swift page to the original
                    comp = open(out, "rb").read()
                    at = 0
                    for body, n in zip(bodies, map(int, open(out + ".lengths").read().split())):
                        if codec.decompress(comp[at:at + n], len(body)) != body:
                            raise SystemExit(f"{codec.reference} decodes a Swift {name} level {level} page wrongly")
                        at += n
            rows.append((name, level, codec, size_s, size_c, best_s, best_c))
            print(f"{name} {level}: {size_s / size_c:.3f}x size, {best_c / best_s:.2f}x speed", file=sys.stderr)

    print(f"{len(bodies)} pages, {total / 1e6:.1f} MB (page bodies of `data-designer export --compression none` "
          f"of {len(files)} standard batch files); best of {args.rounds} rounds x {args.runs} runs\n")
    print("| codec | level | Swift bytes | C bytes | size Swift / C | Swift MB/s | C MB/s | speed Swift / C | target |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, level, codec, size_s, size_c, t_s, t_c in rows:
        target = ""
        if level in codec.targets:
            ok = size_s <= 1.10 * size_c and t_c / t_s >= 0.5
            target = f"{codec.targets[level]}: {'met' if ok else 'NOT met'}"
        print(f"| {name} | {level} | {size_s:,} | {size_c:,} | {size_s / size_c:.3f} | {total / t_s / 1e6:.1f} | "
              f"{total / t_c / 1e6:.1f} | {t_c / t_s:.2f} | {target} |")
    print()
    for codec in codecs.values():
        print(f"- C reference: {codec.reference}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

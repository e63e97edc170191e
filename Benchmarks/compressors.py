#!/usr/bin/env python3
"""ZSTD and BROTLI compression of Parquet page bodies: the Swift compressors (ParquetCodecs) vs
the C libraries through Python (python-zstandard's libzstd, the brotli module's libbrotli), on
the same bytes.

    python3 Benchmarks/compressors.py [--files 100] [--rounds 3] [--runs 1]
                                      [--levels zstd=1,3,9 brotli=1,5,8] [--work DIR] [--no-build]

1. The standard dataset (Benchmarks/.data/standard, made with make_dataset.py when missing): its
   first --files batch files are exported with `data-designer export --compression none`, so
   the pages are the ones our Parquet writer makes; Benchmarks/page_corpus.py extracts every
   page body into WORK/pages.
2. Benchmarks/Swift (executable codec-bench) compresses every page separately, as the writer
   does; the C library does the same from Python (ZstdCompressor(level).compress: content size,
   no checksum, like ours; brotli.compress(quality=level), window 22). The C library decodes
   every Swift page and must get the page back.
3. Rounds alternate Swift and C; the best of all is kept, as wall-clock time and as process CPU
   time (on a shared machine the CPU time is the steadier measure; the table's speeds use it).
   Prints a Markdown table with the issue's targets (size <= 1.10x, speed >= 0.5x) at the levels
   pyarrow's Parquet writer uses (ZSTD 1, BROTLI 8: Arrow's kZSTDDefaultCompressionLevel and
   kBrotliDefaultCompressionLevel) and at our defaults (ZSTD 3, BROTLI 8).

Dev-time requirements: pyarrow, zstandard, brotli (pip install pyarrow zstandard brotli).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import brotli
import zstandard

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from page_corpus import pages as page_bodies, read_corpus, write_corpus  # noqa: E402

CODECS = {
    "zstd": dict(
        reference=f"libzstd {'.'.join(map(str, zstandard.ZSTD_VERSION))} (python-zstandard {zstandard.__version__})",
        levels=[1, 3, 9], targets={1: "pyarrow default", 3: "our default"},
        compress=lambda level: zstandard.ZstdCompressor(level=level).compress,
        decompress=lambda b, n: zstandard.ZstdDecompressor().decompress(b, max_output_size=max(n, 1))),
    "brotli": dict(
        reference=f"libbrotli (brotli {brotli.__version__})",
        levels=[1, 5, 8], targets={8: "pyarrow default and ours"},
        compress=lambda level: (lambda b: brotli.compress(b, quality=level)),
        decompress=lambda b, n: brotli.decompress(b)),
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def c_bench(fn, bodies, runs):
    wall = cpu = float("inf")
    size = 0
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        outs = [fn(b) for b in bodies]
        wall = min(wall, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
        size = sum(len(o) for o in outs)
    return size, wall, cpu


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", default=os.path.join(HERE, ".data", "standard"))
    ap.add_argument("--files", type=int, default=100, help="batch files to re-encode (default all 100)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=1, help="timed runs per round and side")
    ap.add_argument("--levels", nargs="*", default=[], help="CODEC=L1,L2 overrides, e.g. zstd=1,3")
    ap.add_argument("--codecs", default="zstd,brotli")
    ap.add_argument("--work", default="/tmp/compressors-bench")
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args(argv)
    os.makedirs(args.work, exist_ok=True)
    codecs = {name: CODECS[name] for name in args.codecs.split(",") if name}
    for spec in args.levels:
        name, _, levels = spec.partition("=")
        codecs[name]["levels"] = [int(x) for x in levels.split(",")]

    folder = os.path.join(args.dataset, "parquet-files")
    if not os.path.isdir(folder):
        run([sys.executable, os.path.join(HERE, "make_dataset.py"), args.dataset, "100", "5000"])
    inputs = [os.path.join(folder, f) for f in sorted(os.listdir(folder))[:args.files]]
    pkg = os.path.join(HERE, "Swift")
    if not args.no_build:
        run(["swift", "build", "-c", "release", "--product", "data-designer", "--package-path", ROOT], stdout=sys.stderr)
        run(["swift", "build", "-c", "release", "--package-path", pkg], stdout=sys.stderr)
    binary = os.path.join(ROOT, ".build", "release", "data-designer")
    exe = os.path.join(pkg, ".build", "release", "codec-bench")
    reencoded = os.path.join(args.work, "reencoded.parquet")
    run([binary, "export", *inputs, "-o", reencoded, "-f", "parquet", "--compression", "none", "-q"])
    bodies = list(page_bodies(reencoded))
    corpus = os.path.join(args.work, "pages")
    write_corpus(corpus, bodies)
    total = sum(len(b) for b in bodies)
    print(f"{len(bodies)} pages, {total / 1e6:.1f} MB, from {len(inputs)} batch files", file=sys.stderr)

    rows = []
    for name, codec in codecs.items():
        for level in codec["levels"]:
            fn = codec["compress"](level)
            out = os.path.join(args.work, f"swift.{name}.{level}")
            s_wall = s_cpu = c_wall = c_cpu = float("inf")
            for rnd in range(args.rounds):
                cmd = [exe, corpus, "--codec", name, "--level", str(level), "--rounds", str(args.runs)]
                line = json.loads(run(cmd + (["--out", out] if rnd == 0 else []), capture_output=True, text=True).stdout)
                size_s = line["output"]
                s_wall, s_cpu = min(s_wall, line["seconds"]), min(s_cpu, line["cpu_seconds"])
                size_c, wall, cpu = c_bench(fn, bodies, args.runs)
                c_wall, c_cpu = min(c_wall, wall), min(c_cpu, cpu)
                if rnd == 0:  # the C library must decode every Swift page to the original
                    for body, comp in zip(bodies, read_corpus(out)):
                        if codec["decompress"](comp, len(body)) != body:
                            raise SystemExit(f"{codec['reference']} decodes a Swift {name} level {level} page wrongly")
            rows.append((name, level, codec, size_s, size_c, s_wall, s_cpu, c_wall, c_cpu))
            print(f"{name} {level}: {size_s / size_c:.3f}x size, {c_cpu / s_cpu:.2f}x speed (CPU), "
                  f"{c_wall / s_wall:.2f}x (wall)", file=sys.stderr)

    print(f"{len(bodies)} pages, {total / 1e6:.1f} MB (page bodies of `data-designer export --compression none` "
          f"of {len(inputs)} standard batch files), each compressed separately; best of {args.rounds} rounds x "
          f"{args.runs} runs; MB/s = 10^6 input bytes per CPU second (wall-clock ratio in the last column)\n")
    print("| codec | level | Swift bytes | C bytes | size Swift / C | Swift MB/s | C MB/s | speed Swift / C | "
          "wall Swift / C | target |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, level, codec, size_s, size_c, s_wall, s_cpu, c_wall, c_cpu in rows:
        target = ""
        if level in codec["targets"]:
            ok = size_s <= 1.10 * size_c and c_cpu / s_cpu >= 0.5
            target = f"{codec['targets'][level]}: {'met' if ok else 'NOT met'}"
        print(f"| {name} | {level} | {size_s:,} | {size_c:,} | {size_s / size_c:.3f} | {total / s_cpu / 1e6:.1f} | "
              f"{total / c_cpu / 1e6:.1f} | {c_cpu / s_cpu:.2f} | {c_wall / s_wall:.2f} | {target} |")
    print()
    for codec in codecs.values():
        print(f"- C reference: {codec['reference']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

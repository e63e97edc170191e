#!/usr/bin/env python3
"""Mutation check: run the CLI on corrupted copies of the fixtures.

Every case must end with exit 0, or exit 1 with one `error:` line: no signal, no hang,
no silent failure. Usage: mutate.py [--cases N] [--seed S] [--timeout T] [BINARY]
"""
import argparse, glob, os, random, resource, struct, subprocess, sys, tempfile

def corrupt(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    kind = rng.choice(["flip", "flips", "truncate", "zero", "footer_len", "huge", "splice", "tail"])
    if kind == "flip":
        i = rng.randrange(len(b)); b[i] ^= 1 << rng.randrange(8)
    elif kind == "flips":
        for _ in range(rng.randint(2, 40)):
            i = rng.randrange(len(b)); b[i] = rng.randrange(256)
    elif kind == "truncate":
        b = b[: rng.randrange(len(b))]
    elif kind == "zero":
        i = rng.randrange(len(b)); n = rng.randint(1, 64); b[i:i + n] = bytes(min(n, len(b) - i))
    elif kind == "footer_len" and len(b) > 8:
        b[-8:-4] = struct.pack("<I", rng.choice([0, 1, len(b), len(b) - 8, 0xFFFFFFFF, rng.randrange(len(b))]))
    elif kind == "huge":
        # Overwrite 4-5 bytes with a large varint-ish or int value somewhere in the footer area.
        start = max(0, len(b) - 2000)
        i = rng.randrange(start, len(b))
        val = rng.choice([b"\xff\xff\xff\xff\x0f", b"\xff\xff\xff\x7f", b"\x80\x80\x80\x80\x08", b"\xfe\xff\xff\xff"])
        b[i:i + len(val)] = val
    elif kind == "splice":
        i = rng.randrange(len(b)); j = rng.randrange(len(b)); n = rng.randint(1, 200)
        b[i:i + n] = b[j:j + n]
    else:  # corrupt the footer region
        start = max(0, len(b) - 600)
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(start, len(b)); b[i] = rng.randrange(256)
    return bytes(b)

def limit():
    gb = 1 << 30
    resource.setrlimit(resource.RLIMIT_AS, (2 * gb, 2 * gb))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default=".build/release/data-designer")
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    seeds = sorted(glob.glob(os.path.join(root, "Fixtures", "**", "*.parquet"), recursive=True))
    extra = os.path.join(os.path.dirname(root), "shared", "parquet-testing", "data")
    seeds += sorted(glob.glob(os.path.join(extra, "*.parquet")))
    seeds = [s for s in seeds if os.path.getsize(s) < 2_000_000]
    rng = random.Random(args.seed)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(args.cases):
            src = rng.choice(seeds)
            data = corrupt(open(src, "rb").read(), rng)
            path = os.path.join(tmp, "case.parquet")
            open(path, "wb").write(data)
            for cmd in (["count", path], ["export", path, "-o", "-", "-f", "jsonl", "-q"]):
                try:
                    r = subprocess.run([args.binary] + cmd, capture_output=True, timeout=args.timeout, preexec_fn=limit)
                except subprocess.TimeoutExpired:
                    print(f"HANG case {case} {os.path.basename(src)} {cmd[0]}"); failed += 1
                    open(os.path.join(root, f"crash-{case}.parquet"), "wb").write(data)
                    continue
                err = r.stderr.decode("utf8", "replace")
                ok = r.returncode == 0 or (r.returncode == 1 and err.startswith("error: ") and err.count("\n") == 1)
                if ok:
                    passed += 1
                else:
                    failed += 1
                    keep = os.path.join(tmp, "..", f"dd-crash-{args.seed}-{case}.parquet")
                    open(keep, "wb").write(data)
                    print(f"FAIL case {case} from {os.path.basename(src)} {cmd[0]}: rc={r.returncode} {err[-300:]!r} kept {os.path.abspath(keep)}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
